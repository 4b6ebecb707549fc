"""A batch worker process: one warm kernel and the editions, then one report after another.

Kept free of pandas and nbconvert: a worker is spawned fresh, and whatever its module imports, it
holds for the whole batch (the kernel does the data work).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import asdict
from pathlib import Path

from twinlib.batch import stop
from twinlib.batch.kernel import WarmKernel, kill_all
from twinlib.batch.render import Exporters, Outcome, Task, execute, finish, render


def start_worker(kernel: WarmKernel | None = None) -> tuple[WarmKernel, Exporters]:
    """A warm kernel and the exporters, built side by side: the kernel boots in its own process
    (launched from this thread, which outlives it) while this one builds the exporters (a second
    saved at every start). `kernel`: one the caller launched already."""
    kernel = kernel or WarmKernel(wait=False)
    exporters = Exporters()
    return kernel.ready(), exporters


def run_inline(tasks: list[Task], template: Path, kernel: WarmKernel | None = None) -> list[Outcome]:
    """The tasks one after another in this process, with one kernel: a single report's path.

    Interrupted, the kernel is killed at once and the outcomes so far travel with the exception.
    Done, it is killed too: a polite shutdown would only make the caller wait for it."""
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
    try:
        return fn(task, *args)
    except Exception as exc:  # noqa: BLE001 - an unexpected error fails this report only
        traceback.print_exc()
        return Outcome(task.code, task.name, task.slug, "failed", cell="-",
                       error=f"{type(exc).__name__}: {exc}"[:300])


class _Exit:
    """What a stopped worker removes before it goes: its kernels, its scratch directory (kernel
    sockets and connection file, Typst's temp files) and the half-written files of its reports."""

    def __init__(self, scratch: str):
        self.scratch, self.folders = scratch, {}

    def __call__(self, signum, frame):
        kill_all()
        stop.remove_partial_writes(self.folders.values())
        shutil.rmtree(self.scratch, ignore_errors=True)
        os._exit(128 + signum)


def _guard(scratch: str) -> _Exit:
    """Ctrl-C is the main process's to handle; SIGTERM (from it, or from Linux when it dies) ends
    this worker at once, cleaning up first."""
    stop.ignore_sigint()
    on_exit = _Exit(scratch)
    signal.signal(signal.SIGTERM, on_exit)
    stop.die_with_parent(mp.parent_process().pid)
    tempfile.tempdir = scratch
    return on_exit


M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)


def _without_pyarrow() -> None:
    """papermill (the engine's bookkeeping) imports pyarrow, and with it numpy, only to offer its
    optional hdfs:// handler; a worker reads no such path and keeps no table (the kernel does the
    data work), so pyarrow is marked absent here, as papermill allows. Measured per worker (imports and
    exporters): 110 -> 67 MiB RSS, 49 -> 38 MiB private, 0.40 -> 0.29 s CPU. Must run before the first
    papermill import."""
    sys.modules.setdefault("pyarrow", None)  # type: ignore[arg-type]


def _lean_threads() -> None:
    """Fewer threads and malloc arenas in a worker: the cores are already busy with the other workers
    and the kernels, so Typst's own thread pool adds no speed, and every thread that allocates keeps a
    glibc arena of its own. Measured on the 98-report batch: ≈ 20 MiB less per worker, same time.
    Called before any thread starts; glibc only (elsewhere nothing changes)."""
    os.environ.setdefault("RAYON_NUM_THREADS", "1")
    mallopt = getattr(stop.libc(), "mallopt", None)
    if mallopt is not None:
        mallopt(M_ARENA_MAX, 2)


def worker_main(tasks: mp.Queue, results: mp.Queue, template_path: str, scratch: str):
    """Worker loop, pipelined: while the kernel runs report N+1, a thread exports and writes report N
    (Typst and the file writes overlap with the kernel's work instead of waiting for it)."""
    from concurrent.futures import ThreadPoolExecutor

    _lean_threads()
    _without_pyarrow()
    in_flight = _guard(scratch).folders
    kernel, exporters = start_worker()
    results.put(("kernel", (os.getpid(), kernel.pgid)))
    pending = None  # (task, future of its Outcome, started)
    with ThreadPoolExecutor(max_workers=1) as exporter_thread:
        try:
            while True:
                task = _next_task(tasks, pending is not None)
                if task is _EMPTY:  # nothing queued: finish the pending report before waiting
                    _report(results, *pending)
                    pending = None
                    continue
                if task is None:
                    break
                results.put(("start", (os.getpid(), task.code)))
                in_flight[task.code] = task.folder
                started = time.perf_counter()
                nb, failed = _execute(task, kernel, template_path)
                if pending is not None:
                    _report(results, *pending)
                    pending = None
                if failed is not None:
                    failed.seconds = time.perf_counter() - started
                    results.put(("done", asdict(failed)))
                else:
                    pending = (task, exporter_thread.submit(_safely, finish, task, nb, exporters), started)
            if pending is not None:
                _report(results, *pending)
        finally:
            kernel.shutdown()


_EMPTY = object()


def _next_task(tasks: mp.Queue, have_pending: bool):
    """The next task; with a report still pending, do not block on an empty queue (it may be the last)."""
    if not have_pending:
        return tasks.get()
    try:
        return tasks.get(timeout=0.05)
    except queue.Empty:
        return _EMPTY


def _execute(task: Task, kernel, template: str):
    try:
        return execute(task, kernel, template)
    except Exception as exc:  # noqa: BLE001
        traceback.print_exc()
        return None, Outcome(task.code, task.name, task.slug, "failed", cell="-",
                             error=f"{type(exc).__name__}: {exc}"[:300])


def _report(results: mp.Queue, task: Task, future, started: float) -> None:
    outcome = future.result()
    outcome.seconds = time.perf_counter() - started
    results.put(("done", asdict(outcome)))
