"""`twinlib report`: one municipality or all of them, fast, cached, resumable, fault tolerant.

Speed comes from reuse, not shortcuts: N worker processes each keep one warm IPython shell (the
libraries imported once; batch/shell.py) and one set of exporters; the shell's user namespace is
reset between municipalities. A single report is a batch of one run in this process. A report is skipped when
the hash of its inputs matches the one stored beside its PDF. A failing municipality never stops
the batch; a dead worker is replaced.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from twinlib import paths
from twinlib.batch.cache import code_fingerprint, data_fingerprint, input_hash, is_cached
from twinlib.batch.index import index_file, key_figures, write_index
from twinlib.batch.pool import WorkerPool
from twinlib.batch.render import Outcome, Task, file_stem, output_dir, parameterize, task_notebook
from twinlib.batch.stop import Interrupted
from twinlib.batch.worker import run_inline, worker_main
from twinlib.tables import data

# --- the batch --------------------------------------------------------------------------------

def choose(municipalities: pd.DataFrame, only: list[str] | None) -> pd.DataFrame:
    """The municipalities named in `only` (names or codes, resolved once here), default all."""
    from twinlib.research import summary

    if not only:
        return municipalities
    return pd.DataFrame([summary.find_municipality(municipalities, q) for q in only]).drop_duplicates("code")


def plan(only: list[str] | None, out_root: Path, data_dir, lang: str, force: bool, template: Path,
         tables: data.Tables | None = None, chosen: pd.DataFrame | None = None,
         identity: dict | None = None) -> tuple[list[Task], list[Outcome]]:
    """Tasks to run and outcomes already known (skipped by cache), from the tables loaded once
    (loaded here when not given) and the municipalities `chosen` (else resolved from `only`)."""
    tables = tables or data.load(data_dir)
    munis = chosen if chosen is not None else choose(tables.municipalities, only)
    fp, data_fp = code_fingerprint(), data_fingerprint(tables)
    tasks, skipped = [], []
    for m in largest_first(munis, tables.relations).itertuples(index=False):
        folder = output_dir(m.code, m.slug, out_root)
        digest = input_hash(m.code, lang, template, fp, data_fp, identity)
        stem = file_stem(m.slug, lang)
        if not force and is_cached(folder, stem, digest):
            skipped.append(Outcome(m.code, m.name, m.slug, "skipped", pdf=str(folder / f"{stem}.pdf")))
            continue
        tasks.append(Task(m.code, m.name, m.slug, str(folder), digest, lang=lang,
                          data_dir=str(data_dir) if data_dir else None, modified=tuple(tables.modified),
                          fingerprint=data_fp, identity=identity))
    return tasks, skipped


def largest_first(munis: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """The municipalities with the most relations first (then by code): the batch's last reports are
    then its shortest, and the workers finish close together instead of one waiting for the other."""
    size = munis["code"].map(relations.groupby("municipality_code").size()).fillna(0)
    return munis.assign(_size=-size).sort_values(["_size", "code"]).drop(columns="_size")


def run_batch(only: list[str] | None = None, jobs: int = 2, force: bool = False, out_root: Path | None = None,
              data_dir=None, lang: str = "da", template: Path | None = None, progress: bool = True,
              task_timeout: float = 600, inline: bool = False, tables: data.Tables | None = None,
              chosen: pd.DataFrame | None = None, kernel=None,
              identity: dict | None = None) -> list[Outcome]:
    """Every chosen municipality (default all 98); `inline` runs in this process (a batch of one),
    in `kernel` when the caller has one (a warm shell or kernel; else worker.executor chooses). The
    tables are loaded and verified once, here or by the caller, and serve the plan and the index alike.
    `identity`: the consultant's (publish/identity.py), for the covers."""
    out_root = Path(out_root or paths.reports_dir())
    template = Path(template or paths.notebook_template())
    tables = tables or data.load(data_dir)
    tasks, outcomes = plan(only, out_root, data_dir, lang, force, template, tables, chosen, identity)
    figures = key_figures(tables.municipalities, tables.relations)  # for the index, at the end or on a stop
    try:
        if tasks and inline:
            outcomes += run_inline(tasks, template, kernel)
        elif tasks:
            outcomes += _run_pool(tasks, max(1, min(jobs, len(tasks))), template, progress, task_timeout)
        write_index(outcomes, out_root, data_dir, lang, tables=tables, figures=figures)
    except Interrupted as exc:  # workers are stopped (or were done): index what finished, then say so
        done = outcomes + exc.outcomes
        made = sum(o.status == "ok" for o in done)
        try:
            write_index(done, out_root, data_dir, lang, tables=tables, figures=figures)
            where = f"index: {index_file(out_root, lang)}"
        except OSError as err:  # the one line must still come, not a traceback
            where = f"index not written: {err}"
        exc.summary = f"{made} of {len(tasks)} reports made; {where}"
        raise
    return sorted(outcomes, key=lambda o: o.code)


def with_notebook(task: Task, template: Path) -> Task:
    """The task with its parameterised notebook, made here as papermill makes it, while the workers
    boot (they then only read it). Plain JSON: the executed notebook is validated when it is written."""
    nb = parameterize(str(template), task.code, task.data_dir, task.lang, task.modified, task.fingerprint,
                      task.identity)
    return dataclasses.replace(task, notebook=task_notebook(nb))


def _run_pool(tasks: list[Task], jobs: int, template: Path, progress: bool, task_timeout: float) -> list[Outcome]:
    pool = WorkerPool(tasks, jobs, worker_main, (str(template),), progress, task_timeout,
                      prepare=lambda t: with_notebook(t, template))
    return pool.run()


class ReportError(RuntimeError):
    """A single report failed: which cell, which error."""


@dataclass
class ReportResult:
    code: str
    name: str
    pdf: Path
    html: Path
    notebook: Path
    seconds: float


def make_report(kommune: str, out_root: Path | None = None, data_dir=None, lang: str = "da",
                template: Path | None = None, kernel=None, identity: dict | None = None,
                tables: data.Tables | None = None, chosen: pd.DataFrame | None = None) -> ReportResult:
    """`twinlib report K`: a batch of one, always rebuilt, run in this process (in the caller's
    `kernel` if given, else in a shell here; see worker.executor). `chosen`: K's row, when the caller
    has resolved the name already (the command line does, to check the report's size)."""
    t0 = time.perf_counter()
    try:
        tables = tables or data.load(data_dir)
        out = run_batch(jobs=1, force=True, out_root=out_root, data_dir=data_dir, lang=lang, template=template,
                        progress=False, inline=True, tables=tables,
                        chosen=chosen if chosen is not None else choose(tables.municipalities, [kommune]),
                        kernel=kernel, identity=identity)[0]
    except BaseException:
        if kernel is not None:
            kernel.kill()
        raise
    if out.status != "ok":
        raise ReportError(f"{out.name}: report failed in cell {out.cell}: {out.error}")
    pdf = Path(out.pdf)
    return ReportResult(out.code, out.name, pdf, pdf.with_suffix(".html"), pdf.with_suffix(".ipynb"),
                        time.perf_counter() - t0)
