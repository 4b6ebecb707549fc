"""The consultant's intake workbook: a pre-filled .xlsx per municipality, and its safe import.

`template` writes the municipality's known relations with columns for the 2017 survey's activity
categories, years active, funding and a travel ledger. `import_workbook` validates a filled
workbook cell by cell (sheet, row, column in every error), rejects formulas and markup instead
of evaluating them, and stores plain CSV under data/intake/<code>.csv (+ <code>-travel.csv).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pandas as pd

from . import __version__, data, paths, vocab
from .errors import InputError, ValidationError
from .files import atomic_write

ACTIVITIES = [("political", "Politisk/administrativt"), ("culture", "Kultur"),
              ("pupil_exchange", "Elevudveksling"), ("sport", "Sport og idræt"),
              ("urban_development", "Byudvikling"), ("business", "Erhvervsudvikling"),
              ("good_governance", "God regeringsførelse"), ("projects", "Projekter")]
REL_HEADER = (["relation_id", "Venskabsby", "Land", "Aktiv fra (år)", "Aktiv til (år)",
               "Seneste aktivitet (år)"] + [label for _, label in ACTIVITIES]
              + ["Finansiering", "Status", "Bekræftet af (rolle)", "Bekræftet (dato)"])
# the municipality's own word on a relation: its status, and who (a role, never a name) said so when
STATUS_WORDS = {"aktiv": vocab.ACTIVE, "ophørt": vocab.ENDED, "suspenderet": vocab.SUSPENDED,
                "udløbet": vocab.LAPSED, "ukendt": None}
STATUS_LABEL = {vocab.ACTIVE: "aktiv", vocab.ENDED: "ophørt", vocab.SUSPENDED: "suspenderet",
                vocab.LAPSED: "udløbet", vocab.UNVERIFIED: "ukendt"}
ROLES = ["borgmester", "kommunaldirektør", "direktør", "chef", "international koordinator", "sekretariatet",
         "borgmesterkontoret", "kommunikation", "medarbejder"]
TRAVEL_HEADER = ["relation_id", "År", "Antal rejser", "Deltagere", "Udgift (kr.)"]
YES = {"x", "ja", "yes", "1"}
MARKUP = re.compile(r"[<>]|\$\\|javascript:|\{\{|\\input", re.IGNORECASE)


def intake_dir() -> Path:
    """data/intake, or $TWINLIB_INTAKE (so a test or a consultant can keep client data elsewhere)."""
    import os

    return Path(os.environ.get("TWINLIB_INTAKE") or paths.DATA_DIR / "intake")


def template(kommune: str, out: Path | None = None, data_dir=None) -> Path:
    """Write the pre-filled workbook; returns its path (default intake_<code>-<slug>.xlsx here)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from . import summary

    t = data.load(data_dir)
    m = summary.find_municipality(t.municipalities, kommune)
    rel = t.relations[(t.relations["municipality_code"] == m["code"]) & (t.relations["status"] != "ended")]
    wb = Workbook()
    info = wb.active
    info.title = "Vejledning"
    for row in [["twinlib indtastningsark", ""], ["Kommune", f"{m['name']} ({m['code']})"],
                ["Dannet", dt.date.today().isoformat()], ["twinlib", __version__], ["", ""],
                ["Sådan udfyldes arket", ""],
                ["1", "Arket 'Relationer': sæt x i de aktiviteter, der har fundet sted i relationen."],
                ["2", "Angiv år som tal (fx 2019). Finansiering: kilder adskilt med semikolon."],
                ["3", "Arket 'Rejser': én linje pr. år og relation (antal rejser, deltagere, udgift i kr.)."],
                ["4", "Skriv kun tal og tekst: formler og HTML afvises ved indlæsning."],
                ["5", "Nye relationer: tilføj en linje med tom relation_id, by og land (ISO-kode, fx SE)."],
                ["6", "Status: vælg aktiv, ophørt, suspenderet, udløbet eller ukendt. Udfyld 'Bekræftet af "
                      "(rolle)' og 'Bekræftet (dato)' (ÅÅÅÅ-MM-DD), når kommunen selv bekræfter status. "
                      "Skriv en rolle, aldrig et navn."]]:
        info.append(row)
    info["A1"].font = Font(bold=True, size=14)
    ws = wb.create_sheet("Relationer")
    ws.append(REL_HEADER)
    for r in rel.sort_values("partner_name").itertuples(index=False):
        ws.append([r.relation_id, r.partner_name, r.partner_country,
                   None if pd.isna(r.established_year) else int(r.established_year), None, None]
                  + [None] * len(ACTIVITIES) + [None, STATUS_LABEL.get(r.status, "ukendt"), None, None])
    yesno = DataValidation(type="list", formula1='"x"', allow_blank=True)
    ws.add_data_validation(yesno)
    first, last = 7, 6 + len(ACTIVITIES)
    yesno.add(f"{ws.cell(2, first).coordinate}:{ws.cell(500, last).coordinate}")
    for col, choices in ((last + 2, list(STATUS_WORDS)), (last + 3, ROLES)):
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{ws.cell(2, col).coordinate}:{ws.cell(500, col).coordinate}")
    tr = wb.create_sheet("Rejser")
    tr.append(TRAVEL_HEADER)
    for sheet in (ws, tr):
        for c in sheet[1]:
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = PatternFill("solid", fgColor="1F5F7A")
        for col in sheet.columns:
            sheet.column_dimensions[col[0].column_letter].width = 18
    target = Path(out) if out else Path.cwd() / f"intake_{m['code']}-{m['slug']}.xlsx"
    tmp = target.with_name(f".{target.name}.tmp")
    wb.save(tmp)
    tmp.replace(target)
    return target


def _cell_problem(sheet: str, row: int, col: str, msg: str, path) -> InputError:
    return InputError(path, f"sheet '{sheet}': {msg}", row=row, column=col)


def _read_sheet(wb, name: str, header: list[str], path) -> list[tuple[int, dict]]:
    if name not in wb.sheetnames:
        raise InputError(path, f"sheet '{name}' is missing; use a workbook from `twinlib intake template`")
    ws = wb[name]
    rows = list(ws.iter_rows())
    got = [c.value for c in rows[0]] if rows else []
    if [str(v).strip() if v is not None else "" for v in got[: len(header)]] != header:
        raise InputError(path, f"sheet '{name}': header must be {header}, found {got[: len(header)]}", row=1)
    out, problems = [], []
    for cells in rows[1:]:
        values = {}
        for col, cell in zip(header, cells, strict=False):
            v = cell.value
            if cell.data_type == "f" or (isinstance(v, str) and v.lstrip().startswith(("=", "+", "-", "@"))
                                         and len(v.strip()) > 1 and not _is_number(v)):
                problems.append(_cell_problem(name, cell.row, col, f"formula or formula-like text rejected "
                                              f"({str(v)[:40]!r}); type the value itself", path))
                v = None
            elif isinstance(v, str) and MARKUP.search(v):
                problems.append(_cell_problem(name, cell.row, col, f"markup rejected ({v[:40]!r})", path))
                v = None
            values[col] = v.strip() if isinstance(v, str) else v
        if any(v not in (None, "") for v in values.values()):
            out.append((cells[0].row, values))
    if problems:
        raise ValidationError(problems)
    return out


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False


def _year(v, sheet, row, col, path, problems):
    if v in (None, ""):
        return None
    try:
        y = int(float(str(v).replace(",", ".")))
    except ValueError:
        problems.append(_cell_problem(sheet, row, col, f"expected a year, found {v!r}", path))
        return None
    if not 1900 <= y <= dt.date.today().year:
        problems.append(_cell_problem(sheet, row, col, f"year {y} outside 1900–{dt.date.today().year}", path))
        return None
    return y


def _confirmation(v: dict, row: int, path, problems: list) -> dict:
    """Status and who confirmed it (a role from ROLES, never a person's name) on which date."""
    sheet = "Relationer"
    word = str(v.get("Status") or "").strip().lower()
    if word and word not in STATUS_WORDS:
        problems.append(_cell_problem(sheet, row, "Status", f"choose one of {', '.join(STATUS_WORDS)}, "
                                      f"found {word!r}", path))
    role = str(v.get("Bekræftet af (rolle)") or "").strip().lower()
    if role and role not in ROLES:
        problems.append(_cell_problem(sheet, row, "Bekræftet af (rolle)", f"choose a role ({', '.join(ROLES)}); "
                                      "names of persons are not stored", path))
    when = _date(v.get("Bekræftet (dato)"), row, path, problems)
    if bool(role) != bool(when):
        problems.append(_cell_problem(sheet, row, "Bekræftet af (rolle)" if when else "Bekræftet (dato)",
                                      "a confirmation needs both a role and a date", path))
    return {"status": STATUS_WORDS.get(word) or "", "confirmed_role": role, "confirmed_on": when or ""}


def _date(v, row, path, problems) -> str | None:
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        v = v.date()
    if not isinstance(v, dt.date):
        try:
            v = dt.date.fromisoformat(str(v).strip())
        except ValueError:
            problems.append(_cell_problem("Relationer", row, "Bekræftet (dato)", f"expected a date YYYY-MM-DD, "
                                          f"found {v!r}", path))
            return None
    if not dt.date(2000, 1, 1) <= v <= dt.date.today():
        problems.append(_cell_problem("Relationer", row, "Bekræftet (dato)", f"date {v} outside 2000–today", path))
        return None
    return v.isoformat()


def _number(v, sheet, row, col, path, problems):
    if v in (None, ""):
        return None
    try:
        x = float(str(v).replace(" ", "").replace(".", "").replace(",", ".")) if isinstance(v, str) else float(v)
    except ValueError:
        problems.append(_cell_problem(sheet, row, col, f"expected a number, found {v!r}", path))
        return None
    if x < 0:
        problems.append(_cell_problem(sheet, row, col, f"must not be negative ({x})", path))
        return None
    return x


def import_workbook(path: Path, data_dir=None, out_dir: Path | None = None) -> tuple[Path, Path]:
    """Validate a filled workbook and store it as CSV; nothing is written if anything is wrong."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    try:
        wb = load_workbook(path, data_only=False, read_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(path, f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    info = {str(r[0]).strip(): r[1] for r in wb["Vejledning"].iter_rows(values_only=True) if r and r[0]} \
        if "Vejledning" in wb.sheetnames else {}
    m = re.search(r"\((\d{3})\)\s*$", str(info.get("Kommune", "")))
    if not m:
        raise InputError(path, "sheet 'Vejledning': cell B2 must name the municipality as 'Name (code)'",
                         row=2, column="B")
    code = m.group(1)
    t = data.load(data_dir)
    if code not in set(t.municipalities["code"]):
        raise InputError(path, f"sheet 'Vejledning': unknown municipality code {code}", row=2, column="B")
    known = set(t.relations.loc[t.relations["municipality_code"] == code, "relation_id"])
    problems: list[InputError] = []
    rel_rows = _read_sheet(wb, "Relationer", REL_HEADER, path)
    travel_rows = _read_sheet(wb, "Rejser", TRAVEL_HEADER, path)
    records = []
    for row, v in rel_rows:
        rid = v["relation_id"]
        if rid and rid not in known:
            problems.append(_cell_problem("Relationer", row, "relation_id",
                                          f"{rid!r} is not a relation of municipality {code}", path))
        if not rid and not (v["Venskabsby"] and v["Land"]):
            problems.append(_cell_problem("Relationer", row, "Venskabsby", "a new relation needs a town and "
                                          "a country", path))
        rec = {"municipality_code": code, "relation_id": rid or "", "partner_name": v["Venskabsby"] or "",
               "partner_country": (v["Land"] or "")}
        for col, key in [("Aktiv fra (år)", "active_from"), ("Aktiv til (år)", "active_to"),
                         ("Seneste aktivitet (år)", "last_activity")]:
            rec[key] = _year(v[col], "Relationer", row, col, path, problems)
        for key, label in ACTIVITIES:
            x = v[label]
            if x not in (None, "") and str(x).strip().lower() not in YES:
                problems.append(_cell_problem("Relationer", row, label, f"use x or leave empty, found {x!r}", path))
            rec[key] = x not in (None, "") and str(x).strip().lower() in YES
        rec["funding"] = v["Finansiering"] or ""
        rec.update(_confirmation(v, row, path, problems))
        records.append(rec)
    travel = []
    for row, v in travel_rows:
        if v["relation_id"] not in known:
            problems.append(_cell_problem("Rejser", row, "relation_id",
                                          f"{v['relation_id']!r} is not a relation of municipality {code}", path))
        travel.append({"municipality_code": code, "relation_id": v["relation_id"],
                       "year": _year(v["År"], "Rejser", row, "År", path, problems),
                       "trips": _number(v["Antal rejser"], "Rejser", row, "Antal rejser", path, problems),
                       "participants": _number(v["Deltagere"], "Rejser", row, "Deltagere", path, problems),
                       "cost_dkk": _number(v["Udgift (kr.)"], "Rejser", row, "Udgift (kr.)", path, problems)})
    if problems:
        raise ValidationError(problems)
    out = Path(out_dir or intake_dir())
    acts = pd.DataFrame(records).astype({"active_from": "Int64", "active_to": "Int64", "last_activity": "Int64"})
    trav = pd.DataFrame(travel, columns=["municipality_code", "relation_id", "year", "trips", "participants",
                                         "cost_dkk"]).astype({"year": "Int64"})
    a_path, t_path = out / f"{code}.csv", out / f"{code}-travel.csv"
    atomic_write(a_path, acts.to_csv(index=False, lineterminator="\n"))
    atomic_write(t_path, trav.to_csv(index=False, lineterminator="\n"))
    return a_path, t_path


def load_intake(code: str, intake_path: Path | None = None) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The stored intake for a municipality, or (None, None) when none was imported."""
    base = Path(intake_path or intake_dir())
    a, t = base / f"{code}.csv", base / f"{code}-travel.csv"
    if not a.exists():
        return None, None
    acts = pd.read_csv(a, dtype={"municipality_code": str, "relation_id": str})
    trav = pd.read_csv(t, dtype={"municipality_code": str, "relation_id": str}) if t.exists() else None
    return acts, trav


def activity_mix(acts: pd.DataFrame) -> pd.DataFrame:
    """Share of relations with each activity, for comparison with the 2017 national shares."""
    n = max(len(acts), 1)
    return pd.DataFrame({"key": [k for k, _ in ACTIVITIES], "label": [lbl for _, lbl in ACTIVITIES],
                         "relations": [int(acts[k].astype(bool).sum()) for k, _ in ACTIVITIES],
                         "share": [float(acts[k].astype(bool).sum()) / n for k, _ in ACTIVITIES]})


def contributions(acts: pd.DataFrame, relations: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """Curated rows (data/curated/relations.csv shape) from the municipality's confirmed statuses.

    Only rows with a status, a role and a date become evidence: grade A, dated by the confirmation,
    source "kommunens oplysning" with the role — never a person's name. Years come from the
    workbook's 'Aktiv fra/til'. Pure: returns a new frame for a maintainer to review and merge.
    """
    from .build.curated_files import RELATION_COLS

    today = today or dt.date.today()
    done = acts[(acts["status"].fillna("") != "") & (acts["confirmed_on"].fillna("") != "")]
    known = relations.set_index("relation_id")
    rows = []
    for a in done.itertuples(index=False):
        rel = known.loc[a.relation_id] if a.relation_id in known.index else None
        rows.append({
            "municipality_code": a.municipality_code,
            "partner_name": rel["partner_name"] if rel is not None else a.partner_name,
            "partner_country": rel["partner_country"] if rel is not None else a.partner_country,
            "status": a.status,
            "established_year": a.active_from, "ended_year": a.active_to if a.status != vocab.ACTIVE else pd.NA,
            "kind": rel["kind"] if rel is not None else "twinning",
            "evidence_grade": "A", "evidence_date": a.confirmed_on, "source_url": pd.NA,
            "note": f"{vocab.MUNICIPALITY_STATEMENT} ({a.confirmed_role}), {a.confirmed_on}",
            "checked_on": today.isoformat()})
    return pd.DataFrame(rows, columns=RELATION_COLS).astype({"established_year": "Int64", "ended_year": "Int64"})


def contribute(path: Path, out: Path | None = None, data_dir=None) -> tuple[Path, int]:
    """Validate a filled workbook and write its confirmations as curated rows (a CSV for review)."""
    a_path, _ = import_workbook(path, data_dir=data_dir)
    acts = pd.read_csv(a_path, dtype={"municipality_code": str, "relation_id": str}, keep_default_na=False)
    acts = acts.replace("", pd.NA).astype({"active_from": "Int64", "active_to": "Int64"})
    rows = contributions(acts.fillna({"status": "", "confirmed_on": ""}), data.load(data_dir).relations)
    code = str(acts["municipality_code"].iloc[0]) if len(acts) else "000"
    target = Path(out) if out else Path.cwd() / f"curated_{code}.csv"
    atomic_write(target, rows.to_csv(index=False, lineterminator="\n"))
    return target, len(rows)
