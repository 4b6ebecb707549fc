"""`twinlib report`: execute the template for one municipality and export it to PDF.

Output paths come from the municipality's code and slug in the processed table, never from the
text a user typed. Files are written to temporary names and renamed, so a killed run leaves no
half-written PDF.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import data, paths, summary


@dataclass
class ReportResult:
    code: str
    name: str
    pdf: Path
    html: Path
    notebook: Path
    seconds: float


def output_dir(code: str, slug: str, out_root: Path | None = None) -> Path:
    return Path(out_root or paths.REPORTS_DIR) / f"{code}-{slug}"


def atomic_write(target: Path, payload: bytes | str) -> None:
    """Write beside the target and rename: readers see the old file or the new one, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload.encode("utf-8") if isinstance(payload, str) else payload)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def execute_notebook(kommune: str, data_dir=None, lang: str = "da", template: Path | None = None):
    """Run the template with papermill (a fresh kernel) and return the executed notebook node."""
    import papermill as pm

    template = Path(template or paths.NOTEBOOK_TEMPLATE)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "executed.ipynb"
        pm.execute_notebook(str(template), str(out), progress_bar=False, log_output=False,
                            parameters={"kommune": kommune,
                                        "data_dir": str(data_dir) if data_dir else None, "lang": lang},
                            cwd=str(paths.PROJECT_ROOT))
        return nbformat.read(out, as_version=4)


def export(nb, title: str, lang: str = "da") -> tuple[str, bytes]:
    """HTML and PDF of an executed notebook through the twinlib print exporter."""
    from .exporter import TwinHTMLExporter, html_to_pdf

    exporter = TwinHTMLExporter(report_title=title, language_code=lang)
    html, _ = exporter.from_notebook_node(nb)
    return html, html_to_pdf(html)


def file_stem(slug: str, lang: str) -> str:
    """kolding (Danish, the default edition) or kolding.en (English edition) beside it."""
    return slug if lang == "da" else f"{slug}.{lang}"


def make_report(kommune: str, out_root: Path | None = None, data_dir=None, lang: str = "da") -> ReportResult:
    t0 = time.perf_counter()
    muni = summary.find_municipality(data.load(data_dir).municipalities, kommune)
    code, slug, name = str(muni["code"]), str(muni["slug"]), str(muni["name"])
    from .i18n import Messages

    nb = execute_notebook(code, data_dir=data_dir, lang=lang)
    html, pdf = export(nb, Messages(lang)("kommune", name=name), lang)
    folder = output_dir(code, slug, out_root)
    stem = file_stem(slug, lang)
    files = {folder / f"{stem}.ipynb": nbformat.writes(nb), folder / f"{stem}.html": html,
             folder / f"{stem}.pdf": pdf}
    for target, payload in files.items():
        atomic_write(target, payload)
    return ReportResult(code, name, folder / f"{stem}.pdf", folder / f"{stem}.html",
                        folder / f"{stem}.ipynb", time.perf_counter() - t0)
