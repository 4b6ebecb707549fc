"""The files a visitor can take away: the dataset (CSV, XLSX, Parquet, the data package) and the reports.

The tables are written by `twinlib export` (research/export.py: sources table, `current` column,
spreadsheet-safe cells), never by a second writer here. The data package and LICENSE-DATA belong to
issue 25's open-data work; the site only packs and links them where they exist.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from twinlib import fmt, paths
from twinlib.batch.render import file_stem, output_dir
from twinlib.outpaths import inside
from twinlib.publish.release import PACKAGE, read_package
from twinlib.research import export

DATA = "data"
REPORTS = "reports"
DATA_PACKAGE = PACKAGE  # written by `twinlib build` beside the processed tables
DATA_LICENCE = "LICENSE-DATA"  # the data's terms per table, at the checkout's root (issue 25, item 1)


def export_tables(site: Path, data_dir=None) -> dict[str, list[Path]]:
    """data/csv/*.csv, data/twinlib.xlsx and data/parquet/*.parquet: the whole dataset in each format."""
    root = site / DATA
    return {"csv": export.export("csv", root / "csv", data_dir=data_dir),
            "xlsx": export.export("xlsx", root / "twinlib.xlsx", data_dir=data_dir),
            "parquet": export.export("parquet", root / "parquet", data_dir=data_dir)}


def data_licence() -> Path | None:
    """LICENSE-DATA of the checkout, where the open-data work has written it."""
    root = paths.checkout_root()
    found = root / DATA_LICENCE if root else None
    return found if found and found.is_file() else None


def package(data_dir=None) -> dict:
    """The processed data's data package (publish/release.read_package: a missing or unreadable one is
    refused with its path), as a site without it would be an edition nobody can cite or check."""
    return read_package(paths.processed_dir(data_dir))


def data_package_zip(site: Path, data_dir=None) -> Path:
    """data/twinlib-datapackage.zip: datapackage.json, every resource it names (paths relative to the
    processed folder) and LICENSE-DATA."""
    processed = paths.processed_dir(data_dir)
    descriptor = processed / DATA_PACKAGE
    resources = package(data_dir).get("resources", [])
    target = site / DATA / "twinlib-datapackage.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(descriptor, DATA_PACKAGE)
        for res in resources:
            for rel in ([res["path"]] if isinstance(res.get("path"), str) else res.get("path", [])):
                z.write(inside(processed, processed / rel), rel)
        if data_licence():
            z.write(data_licence(), DATA_LICENCE)
    return target


def copy_reports(site: Path, reports_root: Path, municipalities, languages) -> dict[tuple[str, str], dict]:
    """Each existing report edition (PDF and HTML) copied to reports/<code>-<slug>/ in the site;
    returns {(code, lang): {"pdf": path, "html": path}} with the paths relative to the site."""
    found = {}
    for r in municipalities.itertuples(index=False):
        src, dst = output_dir(r.code, r.slug, reports_root), output_dir(r.code, r.slug, site / REPORTS)
        for lang in languages:
            edition = {}
            for ext in ("pdf", "html"):
                name = f"{file_stem(r.slug, lang)}.{ext}"
                if (src / name).is_file():
                    dst.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(src / name, dst / name)
                    edition[ext] = (dst / name).relative_to(site).as_posix()
            if edition:
                found[(r.code, lang)] = edition
    return found


def size_text(n_bytes: int, locale: str = "en") -> str:
    """A file or site size for people: '812 kB', '3.4 MB' (decimal units, as file managers show them).

    >>> size_text(812_300), size_text(3_400_000), size_text(3_400_000, "da"), size_text(512)
    ('812 kB', '3.4 MB', '3,4 MB', '512 B')
    """
    if n_bytes < 1000:
        return f"{n_bytes} B"
    if n_bytes < 1_000_000:
        return f"{fmt.num(n_bytes / 1000, locale=locale)} kB"
    return f"{fmt.num(n_bytes / 1_000_000, 1, locale=locale)} MB"


def tree_size(root: Path) -> tuple[int, int]:
    """(files, bytes) under root."""
    files = [p for p in Path(root).rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)
