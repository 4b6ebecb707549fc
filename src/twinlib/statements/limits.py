"""Bounds on an intake workbook, checked before anything is parsed, and on every value in it.

An .xlsx is a zip of XML: a 415 KB file can hold a 400 MB string (deflate packs a repeated
character about 1000:1), and openpyxl would build all of it in memory. So the archive's own
directory (sizes and ratios as stored, nothing extracted) is checked first, rows are counted while
streaming, and every cell and number has a stated range. A real filled workbook for the
municipality with the most relations (35) is about 15 KB with sheets of a few KB, so every limit
leaves a margin of 100x or more.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from twinlib.errors import InputError

MAX_FILE_BYTES = 10 * 1024 * 1024
"""The .xlsx file itself: 10 MB, several hundred times a filled template."""
MAX_ENTRIES = 500
"""Parts in the zip: a template has about 12; thousands only make the directory expensive."""
MAX_ENTRY_BYTES = 20 * 1024 * 1024
"""One part unpacked (a sheet, the shared strings): 20 MB, a thousand times a real sheet."""
MAX_TOTAL_BYTES = 50 * 1024 * 1024
"""All parts unpacked together: bounds what openpyxl can be asked to hold."""
MAX_RATIO = 100
"""Unpacked/packed per part. Sheet XML packs 5-20:1; a zip bomb packs ~1000:1."""
RATIO_FLOOR = 1024 * 1024
"""Parts smaller than this (1 MB unpacked) are not ratio-checked: tiny parts of repeated XML may pack well."""
MAX_ROWS = 5000
"""Rows per sheet, counted while streaming: 35 relations at most, one travel row per relation and year."""
MAX_CELL_CHARS = 1000
"""Characters in one cell: place names are under 100, a funding note a few sources."""
MAX_COST_DKK = 10_000_000
"""Travel cost of one row (relation and year): 10 million kr. is far above any municipality's budget."""
MAX_TRIPS = 1000
"""Trips per relation and year."""
MAX_PARTICIPANTS = 10_000
"""Participants per relation and year (a large festival exchange has a few hundred)."""
FIRST_YEAR = 1900
"""Earliest year: the oldest Danish twinnings date from the 1940s."""


def last_year() -> int:
    """Latest accepted year: next year (an agreement or a trip already decided)."""
    return dt.date.today().year + 1


def check_archive(path: Path) -> None:
    """Refuse a file whose size or zip directory exceeds the limits, before openpyxl reads any of it."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(path, f"file is {size:,} bytes; an intake workbook may be at most {MAX_FILE_BYTES:,}")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputError(path, "not a valid .xlsx workbook (not a zip archive)") from None
    if len(infos) > MAX_ENTRIES:
        raise InputError(path, f"not a valid .xlsx workbook ({len(infos)} parts, at most {MAX_ENTRIES})")
    for info in infos:
        _check_entry(path, info)
    total = sum(i.file_size for i in infos)
    if total > MAX_TOTAL_BYTES:
        raise InputError(path, f"workbook unpacks to {total:,} bytes; at most {MAX_TOTAL_BYTES:,} are read")


def _check_entry(path: Path, info: zipfile.ZipInfo) -> None:
    if info.file_size > MAX_ENTRY_BYTES:
        raise InputError(path, f"part {info.filename!r} unpacks to {info.file_size:,} bytes; "
                               f"at most {MAX_ENTRY_BYTES:,} are read")
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise InputError(path, f"part {info.filename!r} is compressed {info.file_size // max(info.compress_size, 1)}"
                               f":1 (at most {MAX_RATIO}:1); refusing a possible zip bomb")
