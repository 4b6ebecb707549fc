"""The report cache: a report is rebuilt only when one of its inputs changed.

Inputs: the template, the parameters, every processed file (tables, maps, manifest) and every
reference file, twinlib's version and code, and the municipality's intake files. The digest is
stored beside the PDF together with the PDF's own sha256, so an emptied, truncated or replaced
PDF is made again instead of counting as cached.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from twinlib import __version__, files, paths

HASH_FILE = ".inputs.sha256"


def code_fingerprint() -> str:
    """Hash of the package files that shape a report (so a code change invalidates the cache).

    The reference files (recommendation rules etc.) are in data_fingerprint, with every other data file."""
    h = hashlib.sha256()
    for p in sorted(paths.PACKAGE_DIR.rglob("*")):
        if p.suffix in {".py", ".css", ".j2", ".json", ".yml"} and not {"__pycache__", paths.BUNDLE} & set(p.parts):
            h.update(p.relative_to(paths.PACKAGE_DIR).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def data_fingerprint(tables) -> str:
    """Hash of every file a report reads besides the code: the processed directory (tables, maps,
    manifest) and data/reference; a table edited under an unchanged manifest changes it.

    Called on tables just loaded and verified (data.load): a file the manifest lists and the check
    did not find changed is represented by its manifest hash, which the check has just proven, so
    the tables are not read and hashed a second time; every other file is hashed."""
    vouched = _vouched_hashes(tables)
    h = hashlib.sha256()
    for label, base in (("processed", Path(tables.directory)), ("reference", paths.reference_dir())):
        for p in sorted(Path(base).rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                rel = p.relative_to(base).as_posix()
                h.update(f"{label}/{rel}\0".encode())
                h.update(((vouched.get(rel) if label == "processed" else None) or files.sha256(p)).encode())
    return h.hexdigest()


def _vouched_hashes(tables) -> dict[str, str]:
    """rel -> sha256 of the processed files the manifest check passed (none without a manifest)."""
    from twinlib.errors import InputError
    from twinlib.tables import integrity

    try:
        listed = integrity.read_manifest(Path(tables.directory))["tables_sha256"]
    except InputError:  # allowed to run without one (--allow-modified): hash every file
        return {}
    return {rel: digest for rel, digest in listed.items() if rel not in set(tables.modified)}


def input_hash(code: str, lang: str, template: Path, code_fp: str, data_fp: str,
               identity: dict | None = None) -> str:
    """Template + parameters + every input data file + twinlib version and code + intake + the
    consultant's identity (its texts and the logo's bytes: a new logo under the same name counts)."""
    h = hashlib.sha256()
    h.update(Path(template).read_bytes())
    h.update(json.dumps({"kommune": code, "lang": lang}, sort_keys=True).encode())
    h.update(data_fp.encode())
    h.update(__version__.encode())
    h.update(code_fp.encode())
    if identity:
        h.update(json.dumps(identity, sort_keys=True).encode())
        if identity.get("logo"):
            h.update(Path(identity["logo"]).read_bytes())
    from twinlib import intake

    base = intake.intake_dir()  # a consultant's intake changes its report, and through the overlay the
    for p in sorted(base.glob("*.csv")) if base.is_dir() else []:  # national figures in every report
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def hash_file(stem: str) -> str:
    """.inputs.sha256 for the Danish edition, .inputs.kolding.en.sha256 style for others."""
    return HASH_FILE if "." not in stem else f".inputs.{stem}.sha256"


def stamp_text(digest: str, pdf: bytes) -> str:
    """What is stored beside a PDF: the inputs' digest, then the PDF's own sha256."""
    return f"{digest}\n{hashlib.sha256(pdf).hexdigest()}\n"


def is_cached(folder: Path, stem: str, digest: str) -> bool:
    """Same inputs, and the PDF on disk is the very one made from them (a PDF, not empty, not edited)."""
    pdf, stamp = folder / f"{stem}.pdf", folder / hash_file(stem)
    if not (pdf.is_file() and stamp.is_file()):
        return False
    try:
        recorded = stamp.read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        return False
    if len(recorded) != 2 or recorded[0] != digest:
        return False
    payload = pdf.read_bytes()
    return payload.startswith(b"%PDF") and hashlib.sha256(payload).hexdigest() == recorded[1]
