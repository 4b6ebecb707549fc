"""Where a batch worker's CPU goes, per report: the template's cells (run in the worker's warm shell)
and the export (HTML edition, Typst PDF, writes), measured the way a worker runs reports, after one
warm-up report.

    .venv/bin/python benchmarks/cpu_split.py [N]      # N reports spread over all 98 (default 20), prints one table

Together with the core count this is the floor of a batch's wall time: 98 reports need
98 x (cells + export) CPU seconds, shared by the cores, before any start-up.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def _cpu() -> float:
    """User + system CPU seconds of this process, every thread (Typst's too)."""
    t = os.times()
    return t.user + t.system


def main() -> None:
    from twinlib import paths
    from twinlib.batch import batch, render, worker

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    template = Path(paths.notebook_template())
    with tempfile.TemporaryDirectory(prefix="twinlib-cpu-") as out:
        tasks, _ = batch.plan(None, Path(out), None, "da", True, template)
        tasks = [batch.with_notebook(t, template) for t in spread(tasks, n + 1)]
        shell, exporters = worker.start_worker()
        worker.warm_up()
        render.render(tasks[0], shell, exporters, str(template))  # warm-up, as a worker's first report
        cells = export = 0.0
        failed = []
        t0 = time.perf_counter()
        for t in tasks[1:]:
            c0 = _cpu()
            nb, bad = render.execute(t, shell, str(template))
            c1 = _cpu()
            outcome = bad or render.finish(t, nb, exporters)
            cells, export = cells + c1 - c0, export + _cpu() - c1
            if outcome.status != "ok":
                failed.append(t.code)
        wall = time.perf_counter() - t0
        shell.shutdown()
    reports = len(tasks) - 1
    print(f"{reports} reports, one worker, one after another (failed: {failed or 'none'})")
    print(f"wall per report     {wall / reports:6.3f} s")
    print(f"cells CPU/report    {cells / reports:6.3f} s   (the template's cells: data, figures, sections)")
    print(f"export CPU/report   {export / reports:6.3f} s   (HTML edition, Typst PDF, notebook, writes)")
    cores = os.cpu_count() or 1
    print(f"floor for 98 on {cores} cores: {98 * (cells + export) / reports / cores:5.1f} s before start-up")


def spread(tasks: list, n: int) -> list:
    """n tasks evenly over the plan: the plan puts the largest municipalities first, so its first n
    would measure the longest reports, not the batch's average one.

    >>> spread(list(range(10)), 3), spread(list(range(3)), 5)
    ([0, 3, 6], [0, 1, 2])
    """
    step = max(1, len(tasks) // n)
    return tasks[::step][:n]


if __name__ == "__main__":
    main()
