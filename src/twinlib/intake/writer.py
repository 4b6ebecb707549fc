"""The pre-filled intake workbook for one municipality: its known relations, and what its previous
import said about them, so a workbook made after an import carries the municipality's word forward."""

from __future__ import annotations

import datetime as dt
import io
import logging
from pathlib import Path

import pandas as pd

from twinlib import __version__, outpaths, paths, vocab
from twinlib.errors import InputError
from twinlib.files import atomic_write
from twinlib.statements.stored import load_intake
from twinlib.statements.workbook import ACTIVITIES, REL_HEADER, ROLES, STATUS_LABEL, STATUS_WORDS, TRAVEL_HEADER
from twinlib.tables import data

log = logging.getLogger("twinlib")

GUIDE = ["Sådan udfyldes arket", "",
         "1", "Arket 'Relationer': sæt x i de aktiviteter, der har fundet sted i relationen.",
         "2", "Angiv år som tal (fx 2019). Finansiering: kilder adskilt med semikolon.",
         "3", "Arket 'Rejser': én linje pr. år og relation (antal rejser, deltagere, udgift i kr.). Skriv tal som "
              "tal, eller som tekst med decimalkomma og højst to decimaler (12,5 eller 1.234,5); 12.5 afvises.",
         "4", "Skriv kun tal og tekst: formler og HTML afvises ved indlæsning.",
         "5", "Nye relationer: tilføj en linje med tom relation_id, by og land (ISO-kode, fx SE). Med status og "
              "bekræftelse (punkt 6) kommer den med i kommunens rapport.",
         "6", "Status: vælg aktiv, ophørt, suspenderet, udløbet eller ukendt. Udfyld 'Bekræftet af (rolle)' og "
              "'Bekræftet (dato)' (ÅÅÅÅ-MM-DD), når kommunen selv bekræfter status. Skriv en rolle, aldrig et navn. "
              "Bekræftet status, start- og slutår gælder straks i kommunens rapport som kommunens oplysning."]


def _guide_sheet(wb, m) -> None:
    from openpyxl.styles import Font

    info = wb.active
    info.title = "Vejledning"
    for row in [["twinlib indtastningsark", ""], ["Kommune", f"{m['name']} ({m['code']})"],
                ["Dannet", dt.date.today().isoformat()], ["twinlib", __version__], ["", ""]]:
        info.append(row)
    for i in range(0, len(GUIDE), 2):
        info.append(GUIDE[i:i + 2])
    info["A1"].font = Font(bold=True, size=14)


def _relations_sheet(wb, rel: pd.DataFrame, previous: pd.DataFrame | None):
    """One row per known relation, pre-filled with what the municipality's previous import said (and
    a row for each town it added that the data do not hold); drop-downs for activities, status and role."""
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet("Relationer")
    ws.append(REL_HEADER)
    said = {} if previous is None else {r["relation_id"]: r for r in previous.to_dict("records")}
    for r in rel.sort_values("partner_name").itertuples(index=False):
        p = said.pop(r.relation_id, {})
        ws.append(_row(r.relation_id, r.partner_name, r.partner_country, r.established_year,
                       STATUS_LABEL.get(r.status, "ukendt"), p))
    for rid, p in said.items():  # towns added without a confirmation: kept for the next import
        ws.append(_row(rid, p["partner_name"], p["partner_country"], None, "ukendt", p))
    first, last = 7, 6 + len(ACTIVITIES)
    for cols, choices in (((first, last), ["x"]), ((last + 2, last + 2), list(STATUS_WORDS)),
                          ((last + 3, last + 3), ROLES)):
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{ws.cell(2, cols[0]).coordinate}:{ws.cell(500, cols[1]).coordinate}")
    return ws


def _row(rid: str, town: str, land: str, since, status_word: str, p: dict) -> list:
    """A 'Relationer' row: the data's values, with the previous import's where it gave them."""
    def given(key):
        v = p.get(key)
        return None if v is None or pd.isna(v) or v == "" else v

    def year(v):
        return None if v is None or pd.isna(v) else int(v)

    status = STATUS_LABEL.get(given("status"), status_word) if given("status") else status_word
    return ([rid, town, land, year(given("active_from") if given("active_from") is not None else since),
             year(given("active_to")), year(given("last_activity"))]
            + ["x" if given(key) in (True, "True", "true") else None for key, _ in ACTIVITIES]
            + [given("funding"), status, given("confirmed_role"), given("confirmed_on")])


def _plain(v):
    """A stored value as the workbook shows it: empty, a whole number as an int, else the number."""
    if pd.isna(v):
        return None
    return int(v) if float(v).is_integer() else float(v)


def _style_headers(*sheets) -> None:
    from openpyxl.styles import Font, PatternFill

    for sheet in sheets:
        for c in sheet[1]:
            c.font = Font(bold=True, color="FFFFFF")
            c.fill = PatternFill("solid", fgColor="1F5F7A")
        for col in sheet.columns:
            sheet.column_dimensions[col[0].column_letter].width = 18


def template(kommune: str, out: Path | None = None, data_dir=None) -> Path:
    """Write the pre-filled workbook; returns its path (default intake_<code>-<slug>.xlsx here)."""
    wb, m = filled_workbook(kommune, data_dir)
    name = f"intake_{m['code']}-{m['slug']}.xlsx"
    target = outpaths.file_in(out, name, reads=(paths.processed_dir(data_dir),))
    save_atomic(wb, target)
    return target


def filled_workbook(kommune: str, data_dir=None):
    """The pre-filled workbook (openpyxl, not saved) and the municipality's row: what `template` writes,
    and what the survey kit extends with its own sheets (so there is one intake writer)."""
    from openpyxl import Workbook

    from twinlib.research import summary

    t = data.load(data_dir)
    m = summary.find_municipality(t.municipalities, kommune)
    own_word = t.relations["evidence_note"].fillna("").str.startswith(vocab.MUNICIPALITY_STATEMENT)
    # ended links are left out, except those the municipality itself ended: the next import keeps its word
    rel = t.relations[(t.relations["municipality_code"] == m["code"])
                      & ((t.relations["status"] != vocab.ENDED) | own_word)]
    try:
        previous, travel = load_intake(m["code"])
    except InputError as exc:  # a damaged import: a template without it, said once
        log.warning("intake: the template leaves out the stored import (%s)", exc)
        previous, travel = None, None
    wb = Workbook()
    _guide_sheet(wb, m)
    ws = _relations_sheet(wb, rel, previous)
    tr = wb.create_sheet("Rejser")
    tr.append(TRAVEL_HEADER)
    for r in ([] if travel is None else travel.itertuples(index=False)):
        tr.append([r.relation_id] + [_plain(v) for v in (r.year, r.trips, r.participants, r.cost_dkk)])
    _style_headers(ws, tr)
    return wb, m


def save_atomic(wb, target: Path) -> None:
    """Save through atomic_write (umask-aware mode, no temp file left); an unwritable place is one clear error."""
    buf = io.BytesIO()
    wb.save(buf)
    try:
        atomic_write(target, buf.getvalue())
    except OSError as exc:
        raise InputError(target, f"cannot write the workbook here ({exc.strerror or exc})") from None
