"""`twinlib release --out DIR`: the dataset as one versioned, checksummed zip for archives and citation.

DIR/twinlib-venskabsbyer-<version>.zip holds, under a folder of the same name, the data package
(datapackage.json and every table and map it describes), manifest.json, build_report.md, CHANGES.md,
a README made from the data package, LICENSE-DATA, LICENSE, CITATION.cff and SHA256SUMS for the files
inside; DIR/SHA256SUMS holds the zip's own sum. The version is the data package's (YYYY.MM).

Nothing is released that differs from its data package (every file's sha256 is checked first), and
nothing is half-written: the release is made in a temporary folder beside DIR and renamed at the end.
The zip is reproducible: sorted entries, fixed dates and modes, so the same data gives the same sum.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from twinlib import outpaths, paths
from twinlib.errors import InputError
from twinlib.files import dir_mode, file_mode
from twinlib.outpaths import writable_dir

PACKAGE = paths.DATA_PACKAGE
NAME = "twinlib-venskabsbyer"
BUILD_FILES = ["manifest.json", "build_report.md", "CHANGES.md"]  # written by the build beside the tables
TOP_FILES = ["LICENSE-DATA", "LICENSE", "CITATION.cff"]  # from the checkout's top level


@dataclass(frozen=True)
class Release:
    zip_path: Path
    sha256: str
    files: int


def _out_dir(path: str | Path, data_dir=None) -> Path:
    """The one place the release's output folder is checked, by the shared output guard (outpaths):
    new or empty (never a device or a file), not in the data it reads, its parent writable."""
    out = outpaths.check_dir(path, outpaths.FRESH, reads=(paths.processed_dir(data_dir), paths.reference_dir()))
    writable_dir(out.parent)
    return out


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_package(processed: Path) -> dict:
    """The data package descriptor, refusing a missing or unreadable one with its path."""
    path = processed / PACKAGE
    if not path.is_file():
        raise InputError(path, "no data package here; run `twinlib build` (or give --data-dir)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not a readable data package ({exc})") from None


def collect(processed: Path, package: dict, top: Path) -> dict[str, bytes]:
    """Every file of the release by name, each resource checked against its sha256 in the package."""
    found = {PACKAGE: (processed / PACKAGE).read_bytes()}
    for res in package["resources"]:
        path = processed / res["path"]
        if not path.is_file():
            raise InputError(path, f"missing: the data package lists resource {res['name']!r}")
        data = path.read_bytes()
        if res.get("hash") != f"sha256:{_sha256(data)}":
            raise InputError(path, "differs from its sha256 in datapackage.json; rebuild with `twinlib build`")
        found[res["path"]] = data
    for name in BUILD_FILES:
        if not (processed / name).is_file():
            raise InputError(processed / name, "missing; run `twinlib build`")
        found[name] = (processed / name).read_bytes()
    for name in TOP_FILES:
        if not (top / name).is_file():
            raise InputError(top / name, "missing; `twinlib release` runs in a source checkout")
        found[name] = (top / name).read_bytes()
    found["README.md"] = readme(package).encode("utf-8")
    return found


def readme(package: dict) -> str:
    """What the zip holds and under which terms, in words made from the data package itself."""
    lines = [f"# {package['title']}", "", f"Version {package['version']}. {package['description']}", "",
             "## Files", "",
             f"- `{PACKAGE}`: Frictionless data package (schemas, keys, licences, sources); "
             f"check it with `frictionless validate {PACKAGE}`"]
    for res in package["resources"]:
        terms = ", ".join(lic["name"] for lic in res["licenses"])
        lines.append(f"- `{res['path']}`: {res['title']} ({terms})")
    lines += ["- `manifest.json`, `build_report.md`: what the build read and did with every row",
              "- `CHANGES.md`: how the relations changed in the last build",
              "- `LICENSE-DATA`: each table's terms and the attribution to give; `LICENSE`: the code's (MIT)",
              "- `CITATION.cff`: how to cite the dataset and the software",
              "- `SHA256SUMS`: `sha256sum -c SHA256SUMS` checks every file", ""]
    return "\n".join(lines)


def sums(files: dict[str, bytes]) -> str:
    """SHA256SUMS text in the format `sha256sum -c` reads."""
    return "".join(f"{_sha256(data)}  {name}\n" for name, data in sorted(files.items()))


def zip_bytes(folder: str, files: dict[str, bytes], version: str) -> bytes:
    """A reproducible zip: sorted entries dated the first of the version's month, mode 0644."""
    year, month = (int(p) for p in version.split("."))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(year, month, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return buf.getvalue()


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    path.chmod(file_mode())


def release(out: str | Path, data_dir: str | Path | None = None, top: Path | None = None) -> Release:
    """Write the release into `out` (new or empty): the zip and SHA256SUMS, whole or not at all."""
    top = top or paths.checkout_root()
    if top is None:
        raise InputError(Path("LICENSE-DATA"), "not shipped with the package: `twinlib release` runs in a "
                                               "source checkout")
    processed = paths.processed_dir(data_dir)
    package = read_package(processed)
    version = str(package.get("version", ""))
    if not re.fullmatch(r"\d{4}\.\d{2}", version):
        raise InputError(processed / PACKAGE, f"version {version!r} is not a dataset version YYYY.MM")
    folder = f"{NAME}-{version}"
    files = collect(processed, package, top)
    files["SHA256SUMS"] = sums(files).encode("utf-8")
    archive = zip_bytes(folder, files, version)
    digest = _sha256(archive)
    out = _out_dir(out, data_dir)  # after the inputs are read, so a refused release makes no folder at all
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        tmp.chmod(dir_mode())
        _write(tmp / f"{folder}.zip", archive)
        _write(tmp / "SHA256SUMS", f"{digest}  {folder}.zip\n".encode())
        os.replace(tmp, out)  # renames over an empty folder too (checked above)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Release(out / f"{folder}.zip", digest, len(files))
