"""A batch worker process: one warm shell and the editions, then one report after another.

The worker runs the reports' cells itself, in an IPython shell of its own (shell.py): the libraries
are imported once, at start, and the namespace is reset between municipalities.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import tempfile
import traceback
from dataclasses import asdict
from pathlib import Path

from twinlib.batch import stop
from twinlib.batch.kernel import kill_all
from twinlib.batch.render import Exporters, Outcome, Task, render


def executor(kernel=None):
    """The caller's warm shell or kernel, else a shell in this process (a Jupyter kernel when the
    process runs an IPython shell already: a notebook calling make_report)."""
    from twinlib.batch.kernel import WarmKernel
    from twinlib.batch.shell import WarmShell, can_run_here

    return kernel or (WarmShell() if can_run_here() else WarmKernel(wait=False))


def warm_up() -> None:
    """What every report imports and reads, done before the first one (a worker's start-up)."""
    import twinlib.figures.maps
    import twinlib.figures.plots  # noqa: F401
    import twinlib.publish.show  # noqa: F401
    import twinlib.report.sections  # noqa: F401

    twinlib.figures.maps.warm_up()


def start_worker(kernel=None) -> tuple:
    """A warm executor (shell.WarmShell, or the caller's) and the exporters (Typst's fonts read once)."""
    kernel = executor(kernel)
    exporters = Exporters()
    return kernel.ready(), exporters


def run_inline(tasks: list[Task], template: Path, kernel=None) -> list[Outcome]:
    """The tasks one after another in this process: a single report's path.

    Interrupted, a kernel (if one runs) is killed at once and the outcomes so far travel with the
    exception. Done, it is killed too: a polite shutdown would only make the caller wait for it."""
    outcomes: list[Outcome] = []
    try:
        kernel, exporters = start_worker(kernel)
        for t in tasks:
            outcomes.append(render(t, kernel, exporters, str(template)))
    except BaseException as exc:
        kill_all()
        if not isinstance(exc, KeyboardInterrupt):
            raise
        interrupted = stop.Interrupted.of(exc)
        interrupted.outcomes = outcomes
        raise interrupted from None
    kernel.kill()
    return outcomes


def _safely(fn, task: Task, *args) -> Outcome:
    """fn's Outcome; an unexpected error fails this report only, with its traceback on stderr."""
    try:
        return fn(task, *args)
    except Exception as exc:  # noqa: BLE001 - an unexpected error fails this report only
        traceback.print_exc()
        return Outcome(task.code, task.name, task.slug, "failed", cell="-",
                       error=f"{type(exc).__name__}: {exc}"[:300])


class _Exit:
    """What a stopped worker removes before it goes: its scratch directory (Typst's temp files) and
    the half-written files of its reports."""

    def __init__(self, scratch: str):
        self.scratch, self.folders = scratch, {}

    def __call__(self, signum, frame):
        stop.remove_partial_writes(self.folders.values())
        shutil.rmtree(self.scratch, ignore_errors=True)
        os._exit(128 + signum)


def _guard(scratch: str) -> _Exit:
    """Ctrl-C is the main process's to handle; SIGTERM (from it, or from Linux when it dies) ends
    this worker at once, cleaning up first."""
    on_exit = _Exit(scratch)
    stop.worker_signals(on_exit)
    stop.die_with_parent(mp.parent_process().pid)
    tempfile.tempdir = scratch
    return on_exit


M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)


def _lean_threads() -> None:
    """Fewer threads and malloc arenas in a worker: the cores are already busy with the other workers,
    so Typst's own thread pool adds no speed, and every thread that allocates keeps a
    glibc arena of its own. Measured on the 98-report batch: ≈ 20 MiB less per worker, same time.
    Called before any thread starts; glibc only (elsewhere nothing changes)."""
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    mallopt = getattr(stop.libc(), "mallopt", None)
    if mallopt is not None:
        mallopt(M_ARENA_MAX, 2)


def worker_main(tasks: mp.Queue, results: mp.SimpleQueue, template_path: str, scratch: str):
    """Worker loop: one report after another, each executed and exported before the next starts.
    A report's cells run in this process, so a cell that ends it takes only that report along."""
    _lean_threads()
    in_flight = _guard(scratch).folders
    shell, exporters = start_worker()
    warm_up()
    while (task := tasks.get()) is not None:
        results.put(("start", (os.getpid(), task.code)))
        in_flight[task.code] = task.folder
        results.put(("done", asdict(_safely(render, task, shell, exporters, template_path))))
    stop.leave(0)  # every file is written and every outcome sent: the results queue writes synchronously
