"""One render engine: parameterise the template, execute it in a warm shell, export, write.

`render()` makes one report in a given shell (or kernel); the batch calls it in its workers and
`make_report` (`twinlib report K`) is a batch of one. The execution itself is the papermill
engine `twinlib` (engine.py), the same class `papermill --engine twinlib` runs. Output paths come
from the municipality's code and slug in the data, never from the text a user typed; every file is
written to a temp name and renamed, so a killed run leaves whole files or none.
"""

from __future__ import annotations

import copy
import json
import os
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nbformat

from twinlib import paths
from twinlib.files import atomic_write
from twinlib.outpaths import inside, safe_name


@dataclass(frozen=True)
class Task:
    """One report to make: who, where, in which language, from which verified data.

    Pickled to the worker processes; `notebook` is the parameterised notebook (JSON), made in the
    main process while the workers boot, so they only read it."""
    code: str
    name: str
    slug: str
    folder: str
    digest: str  # the cache key of every input (batch/cache.py)
    lang: str = "da"
    data_dir: str | None = None
    modified: tuple[str, ...] = ()  # processed files changed since the build (--allow-modified)
    fingerprint: str | None = None  # of the data this process verified; the report keys its tables on it
    identity: dict | None = None  # the consultant's (publish/identity.py)
    notebook: str | None = None


@dataclass
class Outcome:
    code: str
    name: str
    slug: str
    status: str  # ok | failed | skipped
    seconds: float = 0.0
    cell: str = ""
    error: str = ""
    pdf: str = ""


def output_dir(code: str, slug: str, out_root: Path | None = None) -> Path:
    """<root>/<code>-<slug>, checked to be a plain name that stays under the root."""
    root = Path(out_root or paths.reports_dir())
    return inside(root, root / f"{safe_name(code, 'code')}-{safe_name(slug, 'slug')}")


def file_stem(slug: str, lang: str) -> str:
    """kolding (Danish, the default edition) or kolding.en (English edition) beside it."""
    return slug if lang == "da" else f"{slug}.{lang}"


def parameterize(template_path: str, code: str, data_dir, lang: str, modified=(), fingerprint: str | None = None,
                 identity: dict | None = None):
    """The same loading and parameter injection papermill does, so outputs match a papermill run.

    The data directory is handed over absolute (a kernel runs in a directory of its own), and
    with it the fingerprint of the data this process has verified, so the report keys its cached
    tables on it instead of stamping the files for every report. Processed files used although
    changed since the build (--allow-modified) are recorded in the notebook's metadata; the PDF
    edition prints them in every page's footer. So is the consultant's identity (--identity), which
    the PDF edition puts on the cover and in its metadata."""
    from papermill.parameterize import parameterize_notebook

    params = {"kommune": code, "data_dir": str(Path(data_dir).absolute()) if data_dir else None, "lang": lang,
              "data_fingerprint": fingerprint}
    nb = parameterize_notebook(copy.deepcopy(template_node(str(template_path))), params)
    if modified:
        nb.metadata.setdefault("twinlib", {})["modified_data"] = list(modified)
    if identity:
        nb.metadata.setdefault("twinlib", {})["identity"] = dict(identity)
    return nb


def template_node(path: str):
    """The template as papermill loads it (read, validated, its metadata completed), once per
    version of the file: a batch parameterises it 98 times, and loading was 3 ms of the 5 each took.
    Callers change a copy (papermill's parameterising changes the notebook it is given)."""
    st = os.stat(path)
    return _loaded_template(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _loaded_template(path: str, mtime_ns: int, size: int):
    from papermill.iorw import load_notebook_node

    return load_notebook_node(path)


class Exporters:
    """The HTML and PDF editions, prepared once per worker (Typst's fonts read once)."""

    def __init__(self):
        from twinlib.batch import engine  # noqa: F401 - papermill's engine machinery, imported at a worker's start
        from twinlib.publish.pdf import compiler

        compiler()

    def export(self, nb, fallback_title: str, lang: str) -> tuple[str, bytes]:
        """Both editions, titled as the cover is (the one source of the title: the report's context),
        as the nbconvert exporters title them."""
        from twinlib.publish.editions import html_edition, pdf_edition, report_title

        title = report_title(nb, fallback_title)
        return html_edition(nb, title, lang), pdf_edition(nb, title, lang)


def task_notebook(nb) -> str:
    """A parameterised notebook as a Task carries it to a worker: plain JSON, read back by `execute`
    without validation (the executed notebook is validated when it is written)."""
    return json.dumps(nb, ensure_ascii=False)


def notebook_text(nb) -> str:
    """The executed notebook as nbformat writes it (validated, keys sorted), without indentation:
    indented, Python's json leaves its C encoder for the pure-Python one, and over the sections'
    nested JSON that made writing the notebook the largest cost after Typst (9 ms a report, now 1).
    Jupyter reads it the same and indents it again when it saves."""
    nbformat.validate(nb)
    return json.dumps(nb, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def first_error(nb) -> tuple[str, str] | None:
    """(cell index, 'Name: message') of the first cell that ended in an error, or None."""
    for i, c in enumerate(nb.cells):
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            if o.get("output_type") == "error":
                return str(i), f"{o.get('ename')}: {o.get('evalue')}"[:300]
    return None


def execute(task: Task, kernel, template: str):
    """Run the task's notebook in the shell (or kernel) through the papermill engine `twinlib`:
    (executed notebook, None) or (None, failed Outcome)."""
    from twinlib.batch.engine import TwinlibEngine
    from twinlib.batch.kernel import KernelDied

    out = Outcome(task.code, task.name, task.slug, "failed")
    nb = (nbformat.v4.reads(task.notebook) if task.notebook  # read, not validated: we made it
          else parameterize(template, task.code, task.data_dir, task.lang, task.modified, task.fingerprint,
                            task.identity))
    try:
        kernel.reset()
        nb = TwinlibEngine.execute_notebook(nb, "python3", kernel=kernel, progress_bar=False, autosave_cell_every=0)
        error = first_error(nb)
        if error is None:
            return nb, None
        out.cell, out.error = error
    except KernelDied:
        out.cell, out.error = "-", "kernel died; restarted"
        kernel.start()
    return None, out


def finish(task: Task, nb, exporters: Exporters) -> Outcome:
    """Export both editions and write every file atomically; errors become an Outcome."""
    from twinlib.batch.cache import hash_file, stamp_text

    out = Outcome(task.code, task.name, task.slug, "failed")
    try:
        html, pdf = exporters.export(nb, task.name, task.lang)
        folder, stem = Path(task.folder), file_stem(task.slug, task.lang)
        atomic_write(folder / f"{stem}.ipynb", notebook_text(nb))
        atomic_write(folder / f"{stem}.html", html)
        atomic_write(folder / f"{stem}.pdf", pdf)
        atomic_write(folder / hash_file(stem), stamp_text(task.digest, pdf))
        out.status, out.pdf = "ok", str(folder / f"{stem}.pdf")
    except Exception as exc:  # noqa: BLE001 - one failing export must not stop the batch
        out.cell, out.error = "export", f"{type(exc).__name__}: {exc}"[:300]
    return out


def render(task: Task, kernel, exporters: Exporters, template: str) -> Outcome:
    """Execute, export and write one report; errors become an Outcome, never an exception."""
    t0 = time.perf_counter()
    nb, failed = execute(task, kernel, template)
    out = failed or finish(task, nb, exporters)
    out.seconds = time.perf_counter() - t0
    return out
