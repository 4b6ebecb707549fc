"""CPU per report of the report's own computation, part by part: the context, each section and
show.bundle (the MIME bundles), in one warm process, no kernel, no notebook, no Typst.

    PYTHONPATH=src .venv/bin/python benchmarks/section_times.py [N] [R]   # N reports (20), R rounds (3)

The first municipality (by code) is a warm-up; the next N are measured, R times over, and the round
with the least CPU in all is printed (other processes on a shared machine slow a round down, never
speed it up). Prints milliseconds of CPU per report for each part and the total: what a report
kernel spends on content before publishing.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict

import pandas as pd


def main() -> None:
    from twinlib import paths
    from twinlib.publish import show
    from twinlib.report import sections
    from twinlib.report.context import context

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    codes = sorted(pd.read_csv(paths.processed_dir(None) / "municipalities.csv", dtype=str)["code"])[: n + 1]
    best = min((measure(codes, context, sections, show) for _ in range(rounds)), key=lambda t: sum(t.values()))
    reports = len(codes) - 1
    print(f"{reports} reports, ms CPU per report (warm process, best of {rounds} rounds)")
    for key, value in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"{key:16s} {1000 * value / reports:7.1f}")
    print(f"{'total':16s} {1000 * sum(best.values()) / reports:7.1f}")


def measure(codes, context, sections, show) -> dict[str, float]:
    """CPU seconds per part over codes[1:] (codes[0] a warm-up)."""
    totals: dict[str, float] = defaultdict(float)
    for i, code in enumerate(codes):
        parts: dict[str, float] = {}
        t = time.process_time()
        ctx = context(code, fingerprint="bench")
        parts["context"] = time.process_time() - t
        bundle = 0.0
        for name in sections.ORDER:
            t = time.process_time()
            section = getattr(sections, name)(ctx)
            parts[name] = time.process_time() - t
            t = time.process_time()
            show.bundle(section)
            bundle += time.process_time() - t
        parts["bundle"] = bundle
        if i:  # the first report is the warm-up
            for key, value in parts.items():
                totals[key] += value
    return totals


if __name__ == "__main__":
    main()
