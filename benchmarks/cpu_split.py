"""Where a batch worker's CPU goes, per report: the worker process (notebook I/O, Typst, writes) and
its kernel (the template's cells), measured the way a worker runs reports, after one warm-up report.

    .venv/bin/python benchmarks/cpu_split.py [N]      # N reports (default 20), prints one table

Together with the core count this is the floor of a batch's wall time: 98 reports need
98 x (kernel + worker) CPU seconds, shared by the cores, before any start-up.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a process, from /proc (no psutil needed)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    from twinlib import paths
    from twinlib.batch import batch, render, worker

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    template = Path(paths.notebook_template())
    with tempfile.TemporaryDirectory(prefix="twinlib-cpu-") as out:
        tasks, _ = batch.plan(None, Path(out), None, "da", True, template)
        tasks = [batch.with_notebook(t, template) for t in tasks[: n + 1]]
        kernel, exporters = worker.start_worker()
        try:
            render.render(tasks[0], kernel, exporters, str(template))  # warm-up, as a worker's first report
            kpid = kernel.km.provisioner.process.pid
            t0, w0, k0 = time.perf_counter(), _cpu(os.getpid()), _cpu(kpid)
            failed = [o.code for o in (render.render(t, kernel, exporters, str(template)) for t in tasks[1:])
                      if o.status != "ok"]
            wall, w1, k1 = time.perf_counter() - t0, _cpu(os.getpid()), _cpu(kpid)
        finally:
            kernel.shutdown()
    reports = len(tasks) - 1
    kcpu, wcpu = (k1 - k0) / reports, (w1 - w0) / reports
    print(f"{reports} reports, one worker and its kernel, one after another (failed: {failed or 'none'})")
    print(f"wall per report     {wall / reports:6.3f} s")
    print(f"kernel CPU/report   {kcpu:6.3f} s   (the template's cells: data, figures, sections)")
    print(f"worker CPU/report   {wcpu:6.3f} s   (notebook I/O, HTML edition, Typst PDF, writes)")
    cores = os.cpu_count() or 1
    print(f"floor for 98 on {cores} cores: {98 * (kcpu + wcpu) / cores:5.1f} s before start-up")


if __name__ == "__main__":
    main()
