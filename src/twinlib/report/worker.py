"""A batch worker process: one warm kernel and the editions, then one report after another.

Kept free of pandas and nbconvert: a worker is spawned fresh, and whatever its module imports, it
holds for the whole batch (the kernel does the data work).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import traceback
from dataclasses import asdict
from pathlib import Path

from .kernel import WarmKernel
from .render import Exporters, Outcome, render


def start_worker() -> tuple[WarmKernel, Exporters]:
    """A warm kernel and the exporters, built side by side: the kernel boots in its own process
    while this one imports and builds the exporters (a second saved at every start)."""
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


def worker_main(tasks: mp.Queue, results: mp.Queue, template_path: str):
    """Worker loop: a warm kernel and built exporters, then one task after another."""
    kernel, exporters = start_worker()
    try:
        while True:
            task = tasks.get()
            if task is None:
                break
            results.put(("start", (os.getpid(), task["code"])))
            try:
                outcome = render(task, kernel, exporters, template_path)
            except Exception as exc:  # noqa: BLE001
                outcome = Outcome(task["code"], task["name"], task["slug"], "failed", cell="-",
                                  error=f"{type(exc).__name__}: {exc}"[:300])
                traceback.print_exc()
            results.put(("done", asdict(outcome)))
    finally:
        kernel.shutdown()
