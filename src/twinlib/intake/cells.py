"""Reading and checking the workbook's cells: every problem names sheet, row and column.

Formulas and markup are rejected, never evaluated; text is bounded and free of invisible or
direction-changing characters; numbers are finite and bounded (limits.py).
"""

from __future__ import annotations

import datetime as dt
import math
import re

from twinlib.errors import InputError, ValidationError
from twinlib.statements import limits
from twinlib.statements.workbook import MARKUP, ROLES, STATUS_WORDS

# Control characters, bidi embeddings/overrides/isolates (and the LRM/RLM marks) and zero-width
# characters: invisible in Excel and in the report, they can make a name look like another one
# ("Trojan source") or break the CSV and the typesetting.
HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def cell_problem(sheet: str, row: int, col: str, msg: str, path) -> InputError:
    return InputError(path, f"sheet '{sheet}': {msg}", row=row, column=col)


def sheet_rows(wb, name: str, width: int, path):
    """(row number, cells) of a sheet, streamed; stops with an error past limits.MAX_ROWS.

    The sheet's own <dimension> is not trusted (it may hide rows or claim a million), so it is
    reset and rows are counted as they are read.
    """
    if name not in wb.sheetnames:
        raise InputError(path, f"sheet '{name}' is missing; use a workbook from `twinlib intake template`")
    ws = wb[name]
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    for number, cells in enumerate(ws.iter_rows(max_col=width), start=1):
        if number > limits.MAX_ROWS:
            raise InputError(path, f"sheet '{name}' has more than {limits.MAX_ROWS} rows", row=number)
        yield number, cells


def read_sheet(wb, name: str, header: list[str], path) -> list[tuple[int, dict]]:
    rows = sheet_rows(wb, name, len(header), path)
    first = next(rows, (1, ()))[1]
    got = [c.value for c in first]
    if [str(v).strip() if v is not None else "" for v in got] != header:
        raise InputError(path, f"sheet '{name}': header must be {header}, found {got}", row=1)
    out, problems = [], []
    for number, cells in rows:
        values = {col: cell_value(name, number, col, cell, path, problems)
                  for col, cell in zip(header, cells, strict=False)}
        if any(v not in (None, "") for v in values.values()):
            out.append((number, values))
    if problems:
        raise ValidationError(problems)
    return out


def cell_value(sheet: str, row: int, col: str, cell, path, problems: list):
    """The cell's value, or None with a problem noted: formulas, markup, over-long or hidden-character text."""
    v = cell.value
    if isinstance(v, str) and len(v) > limits.MAX_CELL_CHARS:
        problems.append(cell_problem(sheet, row, col, f"text of {len(v):,} characters; at most "
                                     f"{limits.MAX_CELL_CHARS}", path))
        return None
    if getattr(cell, "data_type", None) == "f" or (isinstance(v, str) and v.lstrip().startswith(("=", "+", "-", "@"))
                                                   and len(v.strip()) > 1 and not _is_number(v)):
        problems.append(cell_problem(sheet, row, col, f"formula or formula-like text rejected "
                                     f"({str(v)[:40]!r}); type the value itself", path))
        return None
    if isinstance(v, str) and MARKUP.search(v):
        problems.append(cell_problem(sheet, row, col, f"markup rejected ({v[:40]!r})", path))
        return None
    if isinstance(v, str) and (bad := HIDDEN.search(v)):
        problems.append(cell_problem(sheet, row, col, f"invisible or control character U+{ord(bad.group()):04X} "
                                     f"rejected ({v[:40]!r}); retype the text", path))
        return None
    return v.strip() if isinstance(v, str) else v


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False


def year(v, sheet, row, col, path, problems):
    """A whole year within limits.FIRST_YEAR..next year; 'inf', 'nan', 2019.5 and text are refused."""
    if v in (None, ""):
        return None
    x = _finite(v if not isinstance(v, str) else v.strip().replace(",", "."))
    first, last = limits.FIRST_YEAR, limits.last_year()
    if x is None or x != int(x) or isinstance(v, bool):
        problems.append(cell_problem(sheet, row, col, f"expected a year, found {v!r}", path))
        return None
    if not first <= x <= last:
        problems.append(cell_problem(sheet, row, col, f"year {int(x)} outside {first}–{last}", path))
        return None
    return int(x)


def _finite(v) -> float | None:
    """A finite float, or None for text, 'inf', 'nan', 1e999 and the like."""
    try:
        x = float(v)
    except (TypeError, ValueError, OverflowError):
        return None
    return x if math.isfinite(x) else None


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


def date_value(v, row, path, problems, sheet: str = "Relationer", col: str = "Bekræftet (dato)") -> str | None:
    """An ISO date from 2000 to today (a date cell or YYYY-MM-DD text), with a problem noted otherwise."""
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        v = v.date()
    if not isinstance(v, dt.date):
        try:
            v = dt.date.fromisoformat(str(v).strip())
        except ValueError:
            problems.append(cell_problem(sheet, row, col, f"expected a date YYYY-MM-DD, "
                                          f"found {v!r}", path))
            return None
    if not dt.date(2000, 1, 1) <= v <= dt.date.today():
        problems.append(cell_problem(sheet, row, col, f"date {v} outside 2000–today", path))
        return None
    return v.isoformat()


# Text amounts follow ONE rule, Danish notation: "." only as a thousands separator between groups of
# three digits, "," before at most two decimals (kroner and øre). "12,5", "1.234,5" and "12.500" are
# read; "12.5", "0.5", "2.5" and "1,234.56" are refused with a hint instead of guessed (read with the
# Danish rule they would become 125, 5, 25 and 1.23456). Numbers typed as numbers are read as they are:
# the workbook's number format only changes how Excel shows them.
DANISH_NUMBER = re.compile(r"-?(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?")


def text_number(text: str) -> float | None:
    """A number written as text in Danish notation, or None when the text is not one.

    >>> [text_number(t) for t in ["12,5", "1.234,5", "12.500", "1 234", "12.5", "0.5", "1,234.56", "1,234"]]
    [12.5, 1234.5, 12500.0, 1234.0, None, None, None, None]
    """
    compact = text.replace(" ", "").replace("\u00a0", "")
    if not DANISH_NUMBER.fullmatch(compact):
        return None
    return float(compact.replace(".", "").replace(",", "."))


def number(v, sheet, row, col, path, problems, most: float, whole: bool = False):
    """A finite number in 0..most (text by the Danish rule above); whole=True for counts."""
    if v in (None, ""):
        return None
    x = None if isinstance(v, bool) else text_number(v) if isinstance(v, str) else _finite(v)
    if x is None and isinstance(v, str) and _finite(v.replace(",", "")) is not None:
        problems.append(cell_problem(sheet, row, col, f"cannot read {v!r} safely: write the number as a number, "
                                     "or as text with a decimal comma and at most two decimals "
                                     "(12,5 or 1.234,5)", path))
        return None
    if x is None:
        problems.append(cell_problem(sheet, row, col, f"expected a number, found {v!r}", path))
    elif x < 0:
        problems.append(cell_problem(sheet, row, col, f"must not be negative ({x:g})", path))
    elif x > most:
        problems.append(cell_problem(sheet, row, col, f"{x:g} is above the limit of {most:,}", path))
    elif whole and x != int(x):
        problems.append(cell_problem(sheet, row, col, f"expected a whole number, found {v!r}", path))
    else:
        return int(x) if whole else x
    return None
