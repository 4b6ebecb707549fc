"""Importing a filled workbook: validate every cell, then store plain CSV (all or nothing)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from .. import data
from ..errors import InputError, ValidationError
from ..files import atomic_write
from .cells import cell_problem, confirmation, number, read_sheet, year
from .workbook import ACTIVITIES, REL_HEADER, TRAVEL_HEADER, YES, intake_dir

TRAVEL_COLS = ["municipality_code", "relation_id", "year", "trips", "participants", "cost_dkk"]


def open_workbook(path: Path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.is_file():
        raise InputError(path, "file not found")
    try:
        return load_workbook(path, data_only=False, read_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(path, f"not a readable .xlsx workbook ({type(exc).__name__})") from None


def municipality_code(wb, path: Path, codes: set[str]) -> str:
    """The code in the guide sheet's B2 ('Name (code)'), which must be one of today's 98."""
    info = {str(r[0]).strip(): r[1] for r in wb["Vejledning"].iter_rows(values_only=True) if r and r[0]} \
        if "Vejledning" in wb.sheetnames else {}
    m = re.search(r"\((\d{3})\)\s*$", str(info.get("Kommune", "")))
    if not m:
        raise InputError(path, "sheet 'Vejledning': cell B2 must name the municipality as 'Name (code)'",
                         row=2, column="B")
    if m.group(1) not in codes:
        raise InputError(path, f"sheet 'Vejledning': unknown municipality code {m.group(1)}", row=2, column="B")
    return m.group(1)


def relation_record(code: str, row: int, v: dict, known: set[str], path: Path, problems: list) -> dict:
    """One row of 'Relationer' as a record; problems are collected, not raised."""
    sheet, rid = "Relationer", v["relation_id"]
    if rid and rid not in known:
        problems.append(cell_problem(sheet, row, "relation_id", f"{rid!r} is not a relation of municipality {code}",
                                     path))
    if not rid and not (v["Venskabsby"] and v["Land"]):
        problems.append(cell_problem(sheet, row, "Venskabsby", "a new relation needs a town and a country", path))
    rec = {"municipality_code": code, "relation_id": rid or "", "partner_name": v["Venskabsby"] or "",
           "partner_country": v["Land"] or ""}
    for col, key in [("Aktiv fra (år)", "active_from"), ("Aktiv til (år)", "active_to"),
                     ("Seneste aktivitet (år)", "last_activity")]:
        rec[key] = year(v[col], sheet, row, col, path, problems)
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
            "trips": number(v["Antal rejser"], sheet, row, "Antal rejser", path, problems),
            "participants": number(v["Deltagere"], sheet, row, "Deltagere", path, problems),
            "cost_dkk": number(v["Udgift (kr.)"], sheet, row, "Udgift (kr.)", path, problems)}


def import_workbook(path: Path, data_dir=None, out_dir: Path | None = None) -> tuple[Path, Path]:
    """Validate a filled workbook and store it as CSV; nothing is written if anything is wrong."""
    path = Path(path)
    wb = open_workbook(path)
    t = data.load(data_dir)
    code = municipality_code(wb, path, set(t.municipalities["code"]))
    known = set(t.relations.loc[t.relations["municipality_code"] == code, "relation_id"])
    problems: list[InputError] = []
    records = [relation_record(code, row, v, known, path, problems)
               for row, v in read_sheet(wb, "Relationer", REL_HEADER, path)]
    travel = [travel_record(code, row, v, known, path, problems)
              for row, v in read_sheet(wb, "Rejser", TRAVEL_HEADER, path)]
    if problems:
        raise ValidationError(problems)
    out = Path(out_dir or intake_dir())
    acts = pd.DataFrame(records).astype({"active_from": "Int64", "active_to": "Int64", "last_activity": "Int64"})
    trav = pd.DataFrame(travel, columns=TRAVEL_COLS).astype({"year": "Int64"})
    a_path, t_path = out / f"{code}.csv", out / f"{code}-travel.csv"
    atomic_write(a_path, acts.to_csv(index=False, lineterminator="\n"))
    atomic_write(t_path, trav.to_csv(index=False, lineterminator="\n"))
    return a_path, t_path
