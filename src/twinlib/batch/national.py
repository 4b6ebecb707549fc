"""`twinlib report --national`: the national template through the same engine as the municipal reports.

One task run inline (render.render: a shell in this process, the same HTML and Typst editions, atomic writes),
written to <out>/national/national.pdf (+ .html, .ipynb; national.en.* for the English edition).
The template takes only `data_dir` and `lang`, so the notebook is parameterised here as papermill would.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from twinlib import paths
from twinlib.batch.batch import ReportError, ReportResult
from twinlib.batch.cache import code_fingerprint, data_fingerprint, input_hash
from twinlib.batch.render import Task, task_notebook
from twinlib.batch.worker import run_inline
from twinlib.i18n import Messages
from twinlib.tables import data

TEMPLATE = "notebooks/templates/national_report.ipynb"
NAME = "national"  # the folder under the output root and the file stem


def national_task(out_root: Path, data_dir, lang: str, template: Path) -> Task:
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    tables = data.load(data_dir)  # loaded and verified once; the report gets the absolute path
    nb = parameterize_notebook(load_notebook_node(str(template)),
                               {"data_dir": str(Path(data_dir).absolute()) if data_dir else None, "lang": lang})
    if tables.modified:
        nb.metadata.setdefault("twinlib", {})["modified_data"] = list(tables.modified)
    title = Messages(lang)("nat.cover.title", year=dt.date.today().year)
    fingerprint = data_fingerprint(tables)
    digest = input_hash(NAME, lang, template, code_fingerprint(), fingerprint)
    return Task(NAME, title, NAME, str(out_root / NAME), digest, lang=lang, modified=tuple(tables.modified),
                fingerprint=fingerprint, notebook=task_notebook(nb))


def make_national(out_root: Path | None = None, data_dir=None, lang: str = "da",
                  template: Path | None = None) -> ReportResult:
    """The national report, always rebuilt, run in this process."""
    out_root = Path(out_root or paths.reports_dir())
    template = Path(template or paths.shipped(TEMPLATE))
    t0 = time.perf_counter()
    out = run_inline([national_task(out_root, data_dir, lang, template)], template)[0]
    if out.status != "ok":
        raise ReportError(f"{out.name}: report failed in cell {out.cell}: {out.error}")
    pdf = Path(out.pdf)
    return ReportResult(out.code, out.name, pdf, pdf.with_suffix(".html"), pdf.with_suffix(".ipynb"),
                        time.perf_counter() - t0)
