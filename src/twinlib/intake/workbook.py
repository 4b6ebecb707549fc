"""The consultant's intake workbook: its sheets and columns, and the pre-filled template."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd

from twinlib import __version__, outpaths, paths, vocab
from twinlib.files import atomic_write
from twinlib.tables import data

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
    """$TWINLIB_INTAKE, else the checkout's data/intake, else ./twinlib-intake (see paths.intake_dir)."""
    return paths.intake_dir()


GUIDE = ["Sådan udfyldes arket", "",
         "1", "Arket 'Relationer': sæt x i de aktiviteter, der har fundet sted i relationen.",
         "2", "Angiv år som tal (fx 2019). Finansiering: kilder adskilt med semikolon.",
         "3", "Arket 'Rejser': én linje pr. år og relation (antal rejser, deltagere, udgift i kr.).",
         "4", "Skriv kun tal og tekst: formler og HTML afvises ved indlæsning.",
         "5", "Nye relationer: tilføj en linje med tom relation_id, by og land (ISO-kode, fx SE).",
         "6", "Status: vælg aktiv, ophørt, suspenderet, udløbet eller ukendt. Udfyld 'Bekræftet af (rolle)' og "
              "'Bekræftet (dato)' (ÅÅÅÅ-MM-DD), når kommunen selv bekræfter status. Skriv en rolle, aldrig et navn."]


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


def _relations_sheet(wb, rel: pd.DataFrame):
    """One row per known relation, pre-filled; drop-down lists for activities, status and role."""
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet("Relationer")
    ws.append(REL_HEADER)
    for r in rel.sort_values("partner_name").itertuples(index=False):
        ws.append([r.relation_id, r.partner_name, r.partner_country,
                   None if pd.isna(r.established_year) else int(r.established_year), None, None]
                  + [None] * len(ACTIVITIES) + [None, STATUS_LABEL.get(r.status, "ukendt"), None, None])
    first, last = 7, 6 + len(ACTIVITIES)
    for cols, choices in (((first, last), ["x"]), ((last + 2, last + 2), list(STATUS_WORDS)),
                          ((last + 3, last + 3), ROLES)):
        dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        ws.add_data_validation(dv)
        dv.add(f"{ws.cell(2, cols[0]).coordinate}:{ws.cell(500, cols[1]).coordinate}")
    return ws


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
    from openpyxl import Workbook

    from twinlib.research import summary

    t = data.load(data_dir)
    m = summary.find_municipality(t.municipalities, kommune)
    rel = t.relations[(t.relations["municipality_code"] == m["code"]) & (t.relations["status"] != vocab.ENDED)]
    wb = Workbook()
    _guide_sheet(wb, m)
    ws = _relations_sheet(wb, rel)
    tr = wb.create_sheet("Rejser")
    tr.append(TRAVEL_HEADER)
    _style_headers(ws, tr)
    name = f"intake_{m['code']}-{m['slug']}.xlsx"
    target = outpaths.file_in(out, name, reads=(paths.processed_dir(data_dir),))
    save_atomic(wb, target)
    return target


def save_atomic(wb, target: Path) -> None:
    """Save through atomic_write (umask-aware mode, no temp file left); an unwritable place is one clear error."""
    from twinlib.errors import InputError

    buf = io.BytesIO()
    wb.save(buf)
    try:
        atomic_write(target, buf.getvalue())
    except OSError as exc:
        raise InputError(target, f"cannot write the workbook here ({exc.strerror or exc})") from None
