"""Bad intake workbooks for the corpus: Kolding's template, edited as a hostile or careless user would.

Each recipe edits the workbook (openpyxl) and may then edit its zip parts as raw bytes (what
openpyxl cannot write, such as broken XML). Only small files are made here; the zip bomb and the million-row sheet
are generated at test time (tests/test_intake_limits.py) so they are never committed.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path


def _cell(sheet: str, coord: str, value):
    def edit(wb):
        wb[sheet][coord] = value
    return edit


def _trip(*rows):
    """Travel rows (relation index in 'Relationer', year, trips, participants, cost)."""
    def edit(wb):
        ids = [r[0].value for r in wb["Relationer"].iter_rows(min_row=2)]
        for i, *values in rows:
            wb["Rejser"].append([ids[i], *values])
    return edit


def _copy_row(wb):
    ws = wb["Relationer"]
    ws.append([c.value for c in ws[2]])


def _header_only(wb):
    ws = wb["Relationer"]
    ws.delete_rows(2, ws.max_row)


def _both(*edits):
    def edit(wb):
        for e in edits:
            e(wb)
    return edit


def _cell_row(row: int, values: dict):
    """Cells of one 'Relationer' row by header name."""
    def edit(wb):
        ws = wb["Relationer"]
        col = {c.value: c.column for c in ws[1]}
        for name, value in values.items():
            ws.cell(row, col[name]).value = value
    return edit


def _new_town(row: int, town: str, land: str):
    """A town added with an empty relation_id and the municipality's confirmation (EXAMPLE role/date)."""
    return _cell_row(row, {"Venskabsby": town, "Land": land, "Status": "aktiv",
                           "Bekræftet af (rolle)": "international koordinator", "Bekræftet (dato)": "2026-11-02"})


def _ended(town: str, until: int):
    """The municipality says a known link ended (EXAMPLE confirmation)."""
    def edit(wb):
        ws = wb["Relationer"]
        row = next(c.row for c in ws["B"] if c.value == town)
        _cell_row(row, {"Status": "ophørt", "Aktiv til (år)": until, "Bekræftet af (rolle)": "borgmester",
                        "Bekræftet (dato)": "2026-11-02"})(wb)
    return edit


def _truncate_sheet(data: dict[str, bytes]) -> None:
    name = "xl/worksheets/sheet2.xml"
    data[name] = data[name][: len(data[name]) // 2]


# (case, expect, workbook edit, zip edit or None, fragment)
INTAKE_CASES = [
    ("intake_cost_1e300", "error", _trip((0, 2025, 1, 2, 1e300)), None,
     "row 2, column 'Udgift (kr.)': sheet 'Rejser': 1e+300 is above the limit"),
    ("intake_cost_inf", "error", _trip((0, 2025, 1, 2, "inf")), None,
     "row 2, column 'Udgift (kr.)': sheet 'Rejser': expected a number, found 'inf'"),
    ("intake_cost_nan", "error", _trip((0, 2025, 1, 2, "nan")), None,
     "row 2, column 'Udgift (kr.)': sheet 'Rejser': expected a number, found 'nan'"),
    ("intake_year_inf", "error", _cell("Relationer", "F2", "inf"), None,
     "row 2, column 'Seneste aktivitet (år)': sheet 'Relationer': expected a year, found 'inf'"),
    ("intake_trip_year_inf", "error", _trip((0, "inf", 1, 2, 100)), None,
     "row 2, column 'År': sheet 'Rejser': expected a year"),
    ("intake_participants_fraction", "error", _trip((0, 2025, 1, 2.5, 100)), None,
     "row 2, column 'Deltagere': sheet 'Rejser': expected a whole number"),
    ("intake_trips_huge", "error", _trip((0, 2025, 10**9, 2, 100)), None,
     "row 2, column 'Antal rejser': sheet 'Rejser': 1e+09 is above the limit"),
    ("intake_end_before_start", "error", _both(_cell("Relationer", "D2", 2010), _cell("Relationer", "E2", 2000)),
     None, "row 2, column 'Aktiv til (år)': sheet 'Relationer': ends (2000) before it starts (2010)"),
    ("intake_duplicate_relation", "error", _copy_row, None,
     "column 'relation_id': sheet 'Relationer': duplicate of row 2"),
    ("intake_duplicate_new_town", "error",
     _both(_cell("Relationer", "A20", None), _cell("Relationer", "B20", "Örebro"), _cell("Relationer", "C20", "se")),
     None,
     "row 20, column 'Venskabsby': sheet 'Relationer': duplicate of row"),
    ("intake_duplicate_trip", "error", _trip((0, 2025, 1, 2, 100), (0, 2025, 3, 4, 200)), None,
     "row 3, column 'År': sheet 'Rejser': duplicate of row 2"),
    ("intake_bidi_override_name", "error", _cell("Relationer", "B2", "Öre\u202ebro"), None,
     "row 2, column 'Venskabsby': sheet 'Relationer': invisible or control character U+202E"),
    ("intake_bidi_isolate_name", "error", _cell("Relationer", "B2", "\u2067Örebro"), None,
     "invisible or control character U+2067"),
    ("intake_zero_width_name", "error", _cell("Relationer", "B2", "Öre\u200bbro"), None,
     "row 2, column 'Venskabsby': sheet 'Relationer': invisible or control character U+200B"),
    ("intake_bom_in_name", "error", _cell("Relationer", "C2", "S\ufeffE"), None,
     "column 'Land': sheet 'Relationer': invisible or control character U+FEFF"),
    ("intake_tab_in_funding", "error", _cell("Relationer", "O2", "EU\tInterreg"), None,
     "row 2, column 'Finansiering': sheet 'Relationer': invisible or control character U+0009"),
    ("intake_c1_control_in_name", "error", _cell("Relationer", "B2", "Öre\x85bro"), None,
     "row 2, column 'Venskabsby': sheet 'Relationer': invisible or control character U+0085"),
    ("intake_newline_in_name", "error", _cell("Relationer", "B2", "Örebro\nKolding"), None,
     "row 2, column 'Venskabsby': sheet 'Relationer': invisible or control character U+000A"),
    ("intake_long_cell", "error", _cell("Relationer", "O2", "Interreg " * 500), None,
     "row 2, column 'Finansiering': sheet 'Relationer': text of 4,500 characters; at most 1000"),
    ("intake_header_only", "error", _header_only, None, "sheet 'Relationer' has a header but no relations"),
    ("intake_truncated_sheet_xml", "error", None, _truncate_sheet, "not a valid .xlsx workbook"),
    # issue 24.4: text numbers by one Danish rule, never misread (old main stored 125, 5, 1.23456, 25, 1.234)
    ("intake_cost_text_dot_decimal", "error", _trip((0, 2025, 1, 2, "12.5")), None,
     "row 2, column 'Udgift (kr.)': sheet 'Rejser': cannot read '12.5' safely"),
    ("intake_cost_text_zero_point_five", "error", _trip((0, 2025, 1, 2, "0.5")), None,
     "row 2, column 'Udgift (kr.)': sheet 'Rejser': cannot read '0.5' safely"),
    ("intake_cost_text_english_thousands", "error", _trip((0, 2025, 1, 2, "1,234.56")), None,
     "row 2, column 'Udgift (kr.)': sheet 'Rejser': cannot read '1,234.56' safely"),
    ("intake_cost_text_comma_thousands", "error", _trip((0, 2025, 1, 2, "1,234")), None,
     "row 2, column 'Udgift (kr.)': sheet 'Rejser': cannot read '1,234' safely"),
    ("intake_trips_text_dot_decimal", "error", _trip((0, 2025, "2.5", 2, 100)), None,
     "row 2, column 'Antal rejser': sheet 'Rejser': cannot read '2.5' safely"),
    ("intake_cost_text_danish", "safe", _trip((0, 2025, 1, 2, "1.234,5"), (1, 2025, 1, 2, "12,5")), None,
     "1234.5"),
    # issue 24.4 / 23.1: new towns get stable ids (two used to break the report's summary), a town added
    # needs an ISO country, and the municipality's confirmed word changes the report at once
    ("intake_two_new_relations", "safe", _both(_new_town(14, "Tartu", "EE"), _new_town(15, "Lund", "SE")), None,
     "new          Lund (SE): active [kommunens oplysning (international koordinator"),
    ("intake_new_town_country_name", "error", _new_town(14, "Tartu", "Estland"), None,
     "row 14, column 'Land': sheet 'Relationer': 'Estland' is not an ISO country code"),
    ("intake_ends_a_link", "safe", _ended("Örebro", 2025), None,
     "status       Örebro (SE): status active → ended; ended_year – → 2025"),
    ("intake_unconfirmed_new_town", "safe", _cell_row(14, {"Venskabsby": "Tartu", "Land": "EE"}), None,
     "not applied  Tartu (EE): a new relation without a confirmation (role and date)"),
]


def write_workbook(target: Path, edit, zip_edit) -> None:
    """Kolding's template with `edit` applied (and `zip_edit` on the saved parts), written to target."""
    from openpyxl import load_workbook

    from twinlib import intake

    intake.template("Kolding", out=target)
    wb = load_workbook(target)
    if edit:
        edit(wb)
    wb.save(target)
    if zip_edit:
        with zipfile.ZipFile(target) as zf:
            data = {i.filename: zf.read(i) for i in zf.infolist()}
        zip_edit(data)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, payload in data.items():
                zf.writestr(name, payload)
        target.write_bytes(buf.getvalue())
