"""Are the processed tables the ones the build wrote? sha256 and row counts against manifest.json.

A table cut mid-row or edited by hand still parses, and a report made from it looks confident and
is wrong; so every reader checks first and refuses with one line naming the file. Researchers who
edit on purpose pass --allow-modified (or set TWINLIB_ALLOW_MODIFIED=1, which is how the flag
reaches the report kernels); then the changed files are returned so a report can say so on every page.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path, PurePosixPath

from twinlib import paths
from twinlib.errors import InputError

MANIFEST = "manifest.json"
ALLOW_ENV = "TWINLIB_ALLOW_MODIFIED"
HINT = "run `twinlib build` to restore it, or pass --allow-modified to use it anyway"


def allowed(allow_modified: bool | None = None) -> bool:
    """An explicit argument wins; otherwise the environment (set by the command for its kernels)."""
    return allow_modified if allow_modified is not None else os.environ.get(ALLOW_ENV) == "1"


def _safe_name(rel) -> bool:
    p = PurePosixPath(str(rel))
    return isinstance(rel, str) and not p.is_absolute() and ".." not in p.parts and rel != ""


def read_manifest(directory: Path) -> dict:
    """The manifest, or a clear InputError when it is missing or malformed (never a traceback)."""
    path = Path(directory) / MANIFEST
    if not Path(directory).is_dir():
        raise InputError(directory, "processed data directory not found; run `twinlib build` or pass the "
                                    "directory that holds it")
    if not path.is_file():
        raise InputError(path, "missing, so the processed tables cannot be checked: " + HINT)
    try:
        man = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"malformed ({exc}): " + HINT) from None
    hashes = man.get("tables_sha256") if isinstance(man, dict) else None
    counts = man.get("row_counts") if isinstance(man, dict) else None
    if not (isinstance(hashes, dict) and hashes and isinstance(counts, dict)
            and all(_safe_name(k) and isinstance(v, str) for k, v in hashes.items())):
        raise InputError(path, "malformed (no valid 'tables_sha256' and 'row_counts'): " + HINT)
    return man


def row_count(payload: bytes) -> int | None:
    """Data rows of a CSV (header excluded), or None when it does not even parse."""
    try:
        return max(sum(1 for _ in csv.reader(io.StringIO(payload.decode("utf-8")))) - 1, 0)
    except (UnicodeDecodeError, csv.Error):
        return None


def changed_files(directory: Path) -> list[tuple[str, str]]:
    """(file, what is wrong) for every processed file whose sha256 is not the manifest's."""
    man = read_manifest(directory)
    found = []
    for rel, want in man["tables_sha256"].items():
        path = Path(directory) / rel
        if not path.is_file():
            found.append((rel, "missing although the build wrote it"))
            continue
        payload = path.read_bytes()
        if hashlib.sha256(payload).hexdigest() == want:
            continue
        expected = man["row_counts"].get(PurePosixPath(rel).stem) if rel.endswith(".csv") else None
        rows = f"{row_count(payload)} rows, manifest: {expected}; " if expected is not None else ""
        found.append((rel, f"changed since the build ({rows}sha256 differs)"))
    return found


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
