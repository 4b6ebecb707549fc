"""The report cache: a report is rebuilt only when one of its inputs changed.

Inputs: the template, the parameters, the processed-data manifest, twinlib's version and code,
and the municipality's intake files. The digest is stored beside the PDF.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import __version__, paths

HASH_FILE = ".inputs.sha256"


def code_fingerprint() -> str:
    """Hash of the package files that shape a report (so a code change invalidates the cache)."""
    h = hashlib.sha256()
    for p in sorted(paths.PACKAGE_DIR.rglob("*")):
        if p.suffix in {".py", ".css", ".j2", ".json", ".yml"} and not {"__pycache__", paths.BUNDLE} & set(p.parts):
            h.update(p.relative_to(paths.PACKAGE_DIR).as_posix().encode())
            h.update(p.read_bytes())
    for p in sorted(paths.reference_dir().glob("*.yml")):
        h.update(p.read_bytes())
    return h.hexdigest()


def input_hash(code: str, lang: str, template: Path, data_dir, code_fp: str) -> str:
    """Template + parameters + processed-data manifest + twinlib version and code."""
    h = hashlib.sha256()
    h.update(Path(template).read_bytes())
    h.update(json.dumps({"kommune": code, "lang": lang}, sort_keys=True).encode())
    h.update((paths.processed_dir(data_dir) / "manifest.json").read_bytes())
    h.update(__version__.encode())
    h.update(code_fp.encode())
    from .. import intake

    for p in (intake.intake_dir() / f"{code}.csv", intake.intake_dir() / f"{code}-travel.csv"):
        if p.exists():  # a consultant's intake changes the report
            h.update(p.read_bytes())
    return h.hexdigest()


def hash_file(stem: str) -> str:
    """.inputs.sha256 for the Danish edition, .inputs.kolding.en.sha256 style for others."""
    return HASH_FILE if "." not in stem else f".inputs.{stem}.sha256"


def is_cached(folder: Path, stem: str, digest: str) -> bool:
    stamp = folder / hash_file(stem)
    return (folder / f"{stem}.pdf").is_file() and stamp.is_file() and stamp.read_text().strip() == digest
