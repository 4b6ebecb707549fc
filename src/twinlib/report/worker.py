"""A batch worker process: one warm kernel and the editions, then one report after another.

Kept free of pandas and nbconvert: a worker is spawned fresh, and whatever its module imports, it
holds for the whole batch (the kernel does the data work).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import threading
import time
import traceback
from dataclasses import asdict
from pathlib import Path

from .kernel import WarmKernel
from .render import Exporters, Outcome, execute, finish, render


def start_worker() -> tuple[WarmKernel, Exporters]:
    """A warm kernel and the exporters, built side by side: the kernel boots in its own process
    while this one imports and builds the exporters (a second saved at every start). jupyter_client
    is imported first, here: imported from both threads at once it fails as a circular import."""
    import jupyter_client  # noqa: F401

    box: dict = {}
    thread = threading.Thread(target=lambda: box.setdefault("exporters", Exporters()), daemon=True)
    thread.start()
    kernel = WarmKernel()
    thread.join()
    return kernel, box["exporters"]


def run_inline(tasks: list[dict], template: Path) -> list[Outcome]:
    """The tasks one after another in this process, with one kernel: a single report's path."""
    kernel, exporters = start_worker()
    try:
        return [render(t, kernel, exporters, str(template)) for t in tasks]
    finally:
        kernel.shutdown()


def _safely(fn, task: dict, *args) -> Outcome:
    try:
        return fn(task, *args)
    except Exception as exc:  # noqa: BLE001 - an unexpected error fails this report only
        traceback.print_exc()
        return Outcome(task["code"], task["name"], task["slug"], "failed", cell="-",
                       error=f"{type(exc).__name__}: {exc}"[:300])


def worker_main(tasks: mp.Queue, results: mp.Queue, template_path: str):
    """Worker loop, pipelined: while the kernel runs report N+1, a thread exports and writes report N
    (Typst and the file writes overlap with the kernel's work instead of waiting for it)."""
    from concurrent.futures import ThreadPoolExecutor

    kernel, exporters = start_worker()
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
                results.put(("start", (os.getpid(), task["code"])))
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


def _execute(task: dict, kernel, template: str):
    try:
        return execute(task, kernel, template)
    except Exception as exc:  # noqa: BLE001
        traceback.print_exc()
        return None, Outcome(task["code"], task["name"], task["slug"], "failed", cell="-",
                             error=f"{type(exc).__name__}: {exc}"[:300])


def _report(results: mp.Queue, task: dict, future, started: float) -> None:
    outcome = future.result()
    outcome.seconds = time.perf_counter() - started
    results.put(("done", asdict(outcome)))
