"""Reading and checking the workbook's cells: every problem names sheet, row and column.

Formulas and markup are rejected, never evaluated; numbers and years are bounded.
"""

from __future__ import annotations

import datetime as dt

from ..errors import InputError, ValidationError
from .workbook import MARKUP, ROLES, STATUS_WORDS


def cell_problem(sheet: str, row: int, col: str, msg: str, path) -> InputError:
    return InputError(path, f"sheet '{sheet}': {msg}", row=row, column=col)


def read_sheet(wb, name: str, header: list[str], path) -> list[tuple[int, dict]]:
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
                problems.append(cell_problem(name, cell.row, col, f"formula or formula-like text rejected "
                                              f"({str(v)[:40]!r}); type the value itself", path))
                v = None
            elif isinstance(v, str) and MARKUP.search(v):
                problems.append(cell_problem(name, cell.row, col, f"markup rejected ({v[:40]!r})", path))
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


def year(v, sheet, row, col, path, problems):
    if v in (None, ""):
        return None
    try:
        y = int(float(str(v).replace(",", ".")))
    except ValueError:
        problems.append(cell_problem(sheet, row, col, f"expected a year, found {v!r}", path))
        return None
    if not 1900 <= y <= dt.date.today().year:
        problems.append(cell_problem(sheet, row, col, f"year {y} outside 1900–{dt.date.today().year}", path))
        return None
    return y


def confirmation(v: dict, row: int, path, problems: list) -> dict:
    """Status and who confirmed it (a role from ROLES, never a person's name) on which date."""
    sheet = "Relationer"
    word = str(v.get("Status") or "").strip().lower()
    if word and word not in STATUS_WORDS:
        problems.append(cell_problem(sheet, row, "Status", f"choose one of {', '.join(STATUS_WORDS)}, "
                                      f"found {word!r}", path))
    role = str(v.get("Bekræftet af (rolle)") or "").strip().lower()
    if role and role not in ROLES:
        problems.append(cell_problem(sheet, row, "Bekræftet af (rolle)", f"choose a role ({', '.join(ROLES)}); "
                                      "names of persons are not stored", path))
    when = date_value(v.get("Bekræftet (dato)"), row, path, problems)
    if bool(role) != bool(when):
        problems.append(cell_problem(sheet, row, "Bekræftet af (rolle)" if when else "Bekræftet (dato)",
                                      "a confirmation needs both a role and a date", path))
    return {"status": STATUS_WORDS.get(word) or "", "confirmed_role": role, "confirmed_on": when or ""}


def date_value(v, row, path, problems) -> str | None:
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        v = v.date()
    if not isinstance(v, dt.date):
        try:
            v = dt.date.fromisoformat(str(v).strip())
        except ValueError:
            problems.append(cell_problem("Relationer", row, "Bekræftet (dato)", f"expected a date YYYY-MM-DD, "
                                          f"found {v!r}", path))
            return None
    if not dt.date(2000, 1, 1) <= v <= dt.date.today():
        problems.append(cell_problem("Relationer", row, "Bekræftet (dato)", f"date {v} outside 2000–today", path))
        return None
    return v.isoformat()


def number(v, sheet, row, col, path, problems):
    if v in (None, ""):
        return None
    try:
        x = float(str(v).replace(" ", "").replace(".", "").replace(",", ".")) if isinstance(v, str) else float(v)
    except ValueError:
        problems.append(cell_problem(sheet, row, col, f"expected a number, found {v!r}", path))
        return None
    if x < 0:
        problems.append(cell_problem(sheet, row, col, f"must not be negative ({x})", path))
        return None
    return x
