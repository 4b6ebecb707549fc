"""Importing a filled workbook: validate every cell, then store plain CSV (all or nothing)."""

from __future__ import annotations

import re
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from twinlib.errors import InputError, ValidationError
from twinlib.intake.cells import cell_problem, confirmation, number, read_sheet, sheet_rows, year
from twinlib.statements import limits, overlay
from twinlib.statements.staging import write_together
from twinlib.statements.stored import load_intake
from twinlib.statements.workbook import ACTIVITIES, REL_HEADER, TRAVEL_HEADER, YES, intake_dir, new_relation_id
from twinlib.tables import data

TRAVEL_COLS = ["municipality_code", "relation_id", "year", "trips", "participants", "cost_dkk"]
# what a damaged archive or XML part raises inside openpyxl (SyntaxError covers both XML parsers' ParseError)
_BROKEN = (zipfile.BadZipFile, zlib.error, KeyError, IndexError, TypeError, AttributeError, ValueError,
           OSError, EOFError, SyntaxError)


@contextmanager
def open_workbook(path: Path):
    """The workbook, streamed (read_only) after the size limits passed; any damage is one clear error."""
    from openpyxl import load_workbook

    if not path.is_file():
        raise InputError(path, "file not found")
    limits.check_archive(path)
    wb = None
    try:
        wb = load_workbook(path, data_only=False, read_only=True)
        yield wb
    except InputError:
        raise
    except _BROKEN as exc:
        raise InputError(path, f"not a valid .xlsx workbook ({type(exc).__name__})") from None
    finally:
        if wb is not None:
            wb.close()


def municipality_code(wb, path: Path, codes: set[str]) -> str:
    """The code in the guide sheet's B2 ('Name (code)'), which must be one of today's 98."""
    rows = sheet_rows(wb, "Vejledning", 2, path) if "Vejledning" in wb.sheetnames else []
    info = {str(c[0].value).strip(): c[1].value for _, c in rows if c and c[0].value}
    m = re.search(r"\((\d{3})\)\s*$", str(info.get("Kommune", "")))
    if not m:
        raise InputError(path, "sheet 'Vejledning': cell B2 must name the municipality as 'Name (code)'",
                         row=2, column="B")
    if m.group(1) not in codes:
        raise InputError(path, f"sheet 'Vejledning': unknown municipality code {m.group(1)}", row=2, column="B")
    return m.group(1)


def relation_record(code: str, row: int, v: dict, known: set[str], path: Path, problems: list) -> dict:
    """One row of 'Relationer' as a record; problems are collected, not raised.

    A town added in the workbook (empty relation_id) gets the stable id the build would give it
    (new_relation_id); an id the data do not know is accepted only where it is that id, as
    when a workbook made after an earlier import carries a town added then."""
    sheet, rid = "Relationer", v["relation_id"]
    town, land = v["Venskabsby"] or "", str(v["Land"] or "").strip().upper()
    if (not rid or rid not in known) and not (town and land):
        problems.append(cell_problem(sheet, row, "Venskabsby", "a new relation needs a town and a country", path))
    elif not rid or rid not in known:
        from twinlib.pipeline.schema import ISO2  # here: the build's schema loads pandera, which reports never need

        if land not in ISO2:
            problems.append(cell_problem(sheet, row, "Land", f"{v['Land']!r} is not an ISO country code "
                                         "(two letters, e.g. SE)", path))
        elif rid and rid != new_relation_id(code, town, land):
            problems.append(cell_problem(sheet, row, "relation_id",
                                         f"{rid!r} is not a relation of municipality {code}", path))
        rid = new_relation_id(code, town, land)
    rec = {"municipality_code": code, "relation_id": rid or "", "partner_name": town, "partner_country": land}
    for col, key in [("Aktiv fra (år)", "active_from"), ("Aktiv til (år)", "active_to"),
                     ("Seneste aktivitet (år)", "last_activity")]:
        rec[key] = year(v[col], sheet, row, col, path, problems)
    if rec["active_from"] and rec["active_to"] and rec["active_to"] < rec["active_from"]:
        problems.append(cell_problem(sheet, row, "Aktiv til (år)", f"ends ({rec['active_to']}) before it starts "
                                     f"({rec['active_from']})", path))
    for key, label in ACTIVITIES:
        x = v[label]
        if x not in (None, "") and str(x).strip().lower() not in YES:
            problems.append(cell_problem(sheet, row, label, f"use x or leave empty, found {x!r}", path))
        rec[key] = x not in (None, "") and str(x).strip().lower() in YES
    rec["funding"] = v["Finansiering"] or ""
    return rec | confirmation(v, row, path, problems)


def travel_record(code: str, row: int, v: dict, known: set[str], path: Path, problems: list) -> dict:
    sheet = "Rejser"
    if v["relation_id"] not in known:
        problems.append(cell_problem(sheet, row, "relation_id",
                                     f"{v['relation_id']!r} is not a relation of municipality {code}", path))
    return {"municipality_code": code, "relation_id": v["relation_id"],
            "year": year(v["År"], sheet, row, "År", path, problems),
            "trips": number(v["Antal rejser"], sheet, row, "Antal rejser", path, problems, limits.MAX_TRIPS, True),
            "participants": number(v["Deltagere"], sheet, row, "Deltagere", path, problems,
                                   limits.MAX_PARTICIPANTS, True),
            "cost_dkk": number(v["Udgift (kr.)"], sheet, row, "Udgift (kr.)", path, problems, limits.MAX_COST_DKK)}


def duplicates(sheet: str, rows: list[int], records: list, keys, path: Path, problems: list) -> None:
    """A relation or a trip given twice would be counted twice (14 relations for 13): name both rows.

    keys(record) gives (column, key) pairs; a row repeating any earlier row's key is a duplicate.
    """
    seen: dict[tuple, int] = {}
    for row, rec in zip(rows, records, strict=True):
        for col, key in keys(rec):
            if key is None:
                continue
            if (col, key) in seen:
                problems.append(cell_problem(sheet, row, col, f"duplicate of row {seen[(col, key)]} "
                                             f"({', '.join(map(str, key))}); give each once", path))
                break
            seen[(col, key)] = row


def _relation_keys(item: tuple[dict, bool]):
    """A row repeats another by id or by town; a row whose id was derived from its town is named by
    the town the user typed."""
    rec, typed = item
    rid = str(rec["relation_id"]).strip()
    town = (str(rec["partner_name"]).strip().casefold(), str(rec["partner_country"]).strip().upper())
    keys = [("relation_id", (rid,) if rid else None), ("Venskabsby", town if all(town) else None)]
    return keys if typed else keys[::-1]


def _travel_keys(rec: dict):
    return [("År", (str(rec["relation_id"]), rec["year"]) if rec["year"] is not None else None)]


class Workbook(NamedTuple):
    """A filled workbook, validated: the municipality, its relations' rows and its travel rows."""
    code: str
    acts: pd.DataFrame
    travel: pd.DataFrame


class Imported(NamedTuple):
    """What `import_workbook` stored, and what the import changes in the municipality's report
    (overlay.changes)."""
    acts_path: Path
    travel_path: Path
    changes: list[str]


def read_workbook(path: Path, data_dir=None, allow_empty: bool = False) -> Workbook:
    """Validate every cell of a filled workbook; nothing is written (ValidationError lists all problems).

    allow_empty: a workbook without relations or travel is valid (empty frames): a survey return from a
    municipality that has no relation still carries its answers."""
    path = Path(path)
    t = data.load(data_dir)
    with open_workbook(path) as wb:
        code = municipality_code(wb, path, set(t.municipalities["code"]))
        rel_rows = read_sheet(wb, "Relationer", REL_HEADER, path)
        trav_rows = read_sheet(wb, "Rejser", TRAVEL_HEADER, path)
    if not rel_rows and (trav_rows or not allow_empty):
        raise InputError(path, "sheet 'Relationer' has a header but no relations; nothing to import "
                               "(a previous import is kept)", row=2)
    if not rel_rows:
        return Workbook(code, pd.DataFrame(), pd.DataFrame(columns=TRAVEL_COLS))
    base = base_relations(data_dir)
    known = set(base.loc[base["municipality_code"] == code, "relation_id"])
    problems: list[InputError] = []
    records = [relation_record(code, row, v, known, path, problems) for row, v in rel_rows]
    known |= {r["relation_id"] for r in records if r["relation_id"]}  # travel may name a town added here
    travel = [travel_record(code, row, v, known, path, problems) for row, v in trav_rows]
    duplicates("Relationer", [r for r, _ in rel_rows], list(zip(records, [bool(v["relation_id"]) for _, v in rel_rows],
                                                                strict=True)), _relation_keys, path, problems)
    duplicates("Rejser", [r for r, _ in trav_rows], travel, _travel_keys, path, problems)
    if problems:
        raise ValidationError(problems)
    acts = pd.DataFrame(records).astype({"active_from": "Int64", "active_to": "Int64", "last_activity": "Int64"})
    trav = pd.DataFrame(travel, columns=TRAVEL_COLS).astype(
        {"year": "Int64", "trips": "Int64", "participants": "Int64"})
    return Workbook(code, acts, trav)


def base_relations(data_dir=None) -> pd.DataFrame:
    """The processed relations as built, without any stored import on top: what an import is checked
    and compared against (data.load has verified them against the manifest)."""
    return data.read_processed("relations", data_dir)


def _previous(code: str, out: Path) -> pd.DataFrame | None:
    """The import this one replaces, to say which of its statements are withdrawn; a damaged one
    (which this import repairs) has nothing to compare."""
    try:
        return load_intake(code, out)[0]
    except (InputError, ValueError, OSError):
        return None


def import_workbook(path: Path, data_dir=None, out_dir: Path | None = None) -> Imported:
    """Validate a filled workbook and store it as CSV; nothing is written if anything is wrong."""
    return store_workbook(read_workbook(path, data_dir), data_dir, out_dir)


def store_workbook(book: Workbook, data_dir=None, out_dir: Path | None = None,
                   extra: dict[str, bytes] | None = None) -> Imported:
    """Store a validated workbook's CSVs, and `extra` files (name -> bytes, beside them), all or none:
    the survey import stores its answers in the same swap as the relations they come with."""
    out = Path(out_dir or intake_dir())
    a_path, t_path = out / f"{book.code}.csv", out / f"{book.code}-travel.csv"
    previous = _previous(book.code, out)
    write_together({a_path: book.acts.to_csv(index=False, lineterminator="\n").encode("utf-8"),
                    t_path: book.travel.to_csv(index=False, lineterminator="\n").encode("utf-8")}
                   | {out / name: payload for name, payload in (extra or {}).items()})
    return Imported(a_path, t_path, overlay.changes(base_relations(data_dir), book.acts, previous))
