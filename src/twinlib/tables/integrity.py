"""Are the processed tables the ones the build wrote? sha256 and row counts against manifest.json.

A table cut mid-row or edited by hand still parses, and a report made from it looks confident and
is wrong; so every reader checks first and refuses with one line naming the file. Researchers who
edit on purpose pass --allow-modified (or set TWINLIB_ALLOW_MODIFIED=1, which is how the flag
reaches the report workers); then the changed files are returned so a report can say so on every page.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from pathlib import Path, PurePosixPath

from twinlib import paths
from twinlib.errors import InputError

MANIFEST = "manifest.json"
ALLOW_ENV = paths.ALLOW_ENV
HINT = "run `twinlib build` to restore it, or pass --allow-modified to use it anyway"
SHA256 = re.compile(r"[0-9a-f]{64}")


def allowed(allow_modified: bool | None = None) -> bool:
    """An explicit argument wins; otherwise the environment (set by the command for its workers)."""
    return allow_modified if allow_modified is not None else os.environ.get(ALLOW_ENV) == "1"


MAX_MANIFEST_BYTES = 1_000_000  # today's is 6 kB; a bigger one is not a build's
GEO_FILES = ("geo/kommuner.geojson", "geo/world.geojson")  # read by the maps, so checked like the tables
# The columns every reader may rely on: a table without one is refused with its name (not a KeyError).
COLUMNS = {
    "municipalities": ("code", "name", "slug", "region", "population", "population_year", "area_km2", "lat", "lon",
                       "predecessors"),
    "relations": ("relation_id", "municipality_code", "local_place", "partner_name", "partner_country",
                  "partner_country_name", "world_region", "partner_lat", "partner_lon", "kind", "status",
                  "established_year", "ended_year", "evidence_grade", "evidence_date", "evidence_note", "source_ids",
                  "source_url", "source_class", "checked", "partner_today", "coord_source", "quality_flags"),
    "memberships": ("municipality_code", "network", "source_ids", "url"),
    "sources": ("source_id", "title", "url", "publisher", "licence", "retrieved"),
    "strategies": ("municipality_code", "title", "adopted", "expires", "focus_areas", "url"),
    "coverage": ("municipality_code", "municipality_name", "outcome", "urls_checked", "checked_on", "note"),
    "policies": ("municipality_code", "outcome", "title", "adopted", "expires", "url", "stance", "priority_partners",
                 "goals", "networks", "note", "searches_tried", "checked"),
    "estimate_sample": ("sample_no", "relation_id", "finding", "evidence_grade", "source_class", "evidence_date",
                        "source_url"),
}


def expected_files() -> tuple[str, ...]:
    """Every file the manifest must vouch for: each table the loader reads, and the map geometry.
    An entry missing or extra is a finding, so deleting a line cannot switch the check off."""
    return tuple(f"{name}.csv" for name in COLUMNS) + GEO_FILES


def require_columns(path: Path, columns) -> None:
    """Refuse a processed table that lacks a column readers rely on, naming the file and the column."""
    name = Path(path).stem
    missing = [c for c in COLUMNS.get(name, ()) if c not in set(columns)]
    if missing:
        more = f" (+{len(missing) - 1} more: {', '.join(missing[1:])})" if len(missing) > 1 else ""
        raise InputError(path, f"missing column{more}; run `twinlib build` to restore the table", column=missing[0])


def _parse(path: Path) -> object:
    """The manifest's JSON; every way it can be malformed (not UTF-8, not JSON, nested beyond the
    parser's depth, a number too long to convert, too big) is one InputError naming the file."""
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise InputError(path, f"malformed (larger than {MAX_MANIFEST_BYTES:,} bytes): " + HINT)
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"malformed ({exc}): " + HINT) from None
    except RecursionError:
        raise InputError(path, "malformed (nested too deeply to be a manifest): " + HINT) from None
    except ValueError as exc:  # e.g. a 5,000-digit number exceeds int conversion's limit
        raise InputError(path, f"malformed ({str(exc).splitlines()[0][:80]}): " + HINT) from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc}): " + HINT) from None


def _well_formed(man) -> bool:
    """An object with a {file: sha256 hex} map and a {table: non-negative row count} map."""
    if not isinstance(man, dict):
        return False
    hashes, counts = man.get("tables_sha256"), man.get("row_counts")
    return (isinstance(hashes, dict) and bool(hashes) and isinstance(counts, dict)
            and all(isinstance(k, str) and isinstance(v, str) and SHA256.fullmatch(v) for k, v in hashes.items())
            and all(isinstance(k, str) and type(v) is int and v >= 0 for k, v in counts.items()))


def read_manifest(directory: Path) -> dict:
    """The manifest, or a clear InputError when it is missing or malformed (never a traceback)."""
    path = Path(directory) / MANIFEST
    if not Path(directory).is_dir():
        raise InputError(directory, "processed data directory not found; run `twinlib build` or pass the "
                                    "directory that holds it")
    if not path.is_file():
        raise InputError(path, "missing, so the processed tables cannot be checked: " + HINT)
    man = _parse(path)
    if not _well_formed(man):
        raise InputError(path, "malformed (no valid 'tables_sha256' and 'row_counts'): " + HINT)
    return man


def row_count(payload: bytes) -> int | None:
    """Data rows of a CSV (header excluded), or None when it does not even parse."""
    try:
        return max(sum(1 for _ in csv.reader(io.StringIO(payload.decode("utf-8")))) - 1, 0)
    except (UnicodeDecodeError, csv.Error):
        return None


def _finding(directory: Path, rel: str, man: dict) -> str | None:
    """What is wrong with one expected file, or None when it is exactly what the build wrote."""
    want = man["tables_sha256"].get(rel)
    path = Path(directory) / rel
    stem = PurePosixPath(rel).stem
    expected = man["row_counts"].get(stem) if rel.endswith(".csv") else None
    if want is None:
        return "not listed in manifest.json, so never checked"
    if rel.endswith(".csv") and expected is None:
        return "has no row count in manifest.json"
    if not path.is_file():
        return "missing although the build wrote it"
    payload = path.read_bytes()
    rows = row_count(payload) if rel.endswith(".csv") else None
    if hashlib.sha256(payload).hexdigest() != want:
        shown = f"{rows} rows, manifest: {expected}; " if expected is not None else ""
        return f"changed since the build ({shown}sha256 differs)"
    if expected is not None and rows != expected:
        return f"{rows} rows but manifest.json says {expected}"
    return None


def changed_files(directory: Path) -> list[tuple[str, str]]:
    """(file, what is wrong) for every file the manifest must vouch for and does not, and for every
    manifest entry that is not such a file (an extra entry is a manifest edited by hand)."""
    man = read_manifest(directory)
    want = expected_files()
    found = [(rel, what) for rel in want if (what := _finding(directory, rel, man))]
    extra = sorted(set(man["tables_sha256"]) - set(want)) + sorted(set(man["row_counts"]) - set(COLUMNS))
    return found + [(MANIFEST, f"lists {rel!r}, which is not a table twinlib reads") for rel in extra]


def verify(data_dir=None, allow_modified: bool | None = None) -> tuple[str, ...]:
    """Check the processed directory; returns the changed files (only when allowed), else raises."""
    directory = paths.processed_dir(data_dir)
    try:
        found = changed_files(directory)
    except InputError as exc:
        if not allowed(allow_modified):
            raise
        return (MANIFEST,) if exc.path and exc.path.endswith(MANIFEST) else ()
    if found and not allowed(allow_modified):
        rel, what = found[0]
        more = f" (+{len(found) - 1} more changed: {', '.join(r for r, _ in found[1:])})" if len(found) > 1 else ""
        raise InputError(directory / rel, f"{what}{more}: {HINT}")
    return tuple(rel for rel, _ in found)
