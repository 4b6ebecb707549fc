"""Benchmark: the naive loop of CLI calls against `twinlib report --all`, in one run, same PDFs.

(a) naive: for each municipality, `papermill TEMPLATE out.ipynb -p kommune CODE` then
    `jupyter nbconvert --to twinpdf out.ipynb` (a fresh process and kernel every time);
(b) twinlib: `twinlib report --only CODES --force --jobs N` (warm worker pool);
(c) the no-change rerun of (b) (every report cached);
(d) one cold `twinlib report CODE` (a batch of one, in-process: what a consultant waits for).
(b), (c) and (d) run --repeat times (default 3) and count by their median; every run is kept in the
JSON. Why: a 12-second run samples the machine's speed at one moment (on this machine it moves by a
tenth or more from minute to minute), while the naive loop's ten minutes average over it.
Prints a table (seconds, seconds per report, speed-up, peak RSS and PSS of the whole process tree) and
writes it to benchmarks/results/<date>.json. Not a timed test: the suite only checks it runs.

Times come from runs without the memory sampler, memory from a second run of the same command with
it: the sampler reads /proc ten times a second (smaps_rollup walks every page table of the tree),
and on two busy cores that cost the measured batch about as much as it cost the sampler. The naive
loop's memory is sampled over its first MEMORY_SAMPLE municipalities (each is the same process
pair, so its peak is one pair's).

    .venv/bin/python benchmarks/bench_reports.py            # 10 municipalities
    .venv/bin/python benchmarks/bench_reports.py --all      # all 98
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DEFAULT_10 = ["101", "151", "370", "461", "621", "661", "751", "825", "851", "860"]
MEMORY_SAMPLE = 3
CHECK_LOOPS = 6_000_000  # the machine check's fixed work per core (about 0.4 s of CPU on this machine)


def _spin(_=None) -> float:
    """CPU seconds of a fixed pure-Python loop."""
    t0, total = time.process_time(), 0
    for i in range(CHECK_LOOPS):
        total += i * i % 7
    return time.process_time() - t0


def machine_check(cores: int = 2) -> float:
    """CPU seconds the same fixed loop takes when `cores` processes run it at once (the slowest).

    Why: this machine's two cores are not independent: with both busy, each ran the loop 10-25 %
    slower than alone, and by how much moved from minute to minute. Recorded before every timed
    batch, it tells a slow batch of slow code from a batch on a slow moment."""
    import multiprocessing as mp

    with mp.get_context("spawn").Pool(cores) as pool:
        return max(pool.map(_spin, range(cores)))


def _pss_kb(pid: int) -> int:
    """Proportional set size: shared pages divided among the processes that share them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith("Pss:")), 0)
    except (OSError, ValueError):
        return 0


def _tree_mem_kb(root_pid: int) -> tuple[int, int]:
    """Summed VmRSS and summed PSS of a process and all its descendants, from /proc.

    RSS counts a library shared by four processes four times; PSS counts it once in all, so the sum
    of PSS is what the run really holds. Both are reported.
    """
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{d}/status") as fh:
                kb = next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d))
        rss[int(d)] = kb
    total_rss = total_pss = 0
    stack = [root_pid]
    while stack:
        pid = stack.pop()
        total_rss += rss.get(pid, 0)
        total_pss += _pss_kb(pid)
        stack.extend(children.get(pid, []))
    return total_rss, total_pss


def timed(cmds: list[list[str]], cwd: Path, sample: bool = True) -> tuple[float, int, int]:
    """Run commands one after another; wall seconds, and with `sample` the peak tree RSS and peak tree
    PSS (MiB), sampled every 0.1 s (0 without)."""
    peak = peak_pss = 0
    t0 = time.perf_counter()
    for cmd in cmds:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        done = threading.Event()

        def sampler(p=proc, ev=done):
            nonlocal peak, peak_pss
            while not ev.is_set():
                r, q = _tree_mem_kb(p.pid)
                peak, peak_pss = max(peak, r), max(peak_pss, q)
                time.sleep(0.1)

        th = threading.Thread(target=sampler, daemon=True)
        if sample:
            th.start()
        _, err = proc.communicate()
        done.set()
        if sample:
            th.join()
        if proc.returncode != 0:
            raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return time.perf_counter() - t0, peak // 1024, peak_pss // 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--all", action="store_true", help="all 98 municipalities")
    ap.add_argument("--only", help="comma-separated municipality codes (default: 10 of them)")
    ap.add_argument("--jobs", type=int, default=2, help="workers for twinlib (default 2)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results", help="results folder")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of (b), (c) and (d); the median counts")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    if args.all:
        import pandas as pd

        codes = pd.read_csv(ROOT / "data" / "processed" / "municipalities.csv", dtype=str)["code"].tolist()
    else:
        codes = args.only.split(",") if args.only else DEFAULT_10
    template = ROOT / "notebooks" / "templates" / "kommune_report.ipynb"
    with tempfile.TemporaryDirectory(prefix="twinbench-") as tmp:
        tmp = Path(tmp)
        naive_dir, fast_dir = tmp / "naive", tmp / "twinlib"
        naive_dir.mkdir()
        naive_cmds = []
        for c in codes:
            nb = naive_dir / f"{c}.ipynb"
            naive_cmds.append([str(BIN / "papermill"), str(template), str(nb), "-p", "kommune", c,
                               "--no-progress-bar", "--cwd", str(ROOT)])
            naive_cmds.append([str(BIN / "jupyter"), "nbconvert", "--to", "twinpdf", str(nb)])
        t_naive = timed(naive_cmds, ROOT, sample=False)[0]
        _, rss_naive, pss_naive = timed(naive_cmds[: 2 * MEMORY_SAMPLE], ROOT)
        fast = [str(BIN / "twinlib"), "report", "--only", ",".join(codes), "--jobs", str(args.jobs),
                "--out", str(fast_dir), "--quiet"]
        checks, fast_runs = [], []
        for _ in range(args.repeat):
            checks.append(machine_check(args.jobs))
            fast_runs.append(timed([fast + ["--force"]], ROOT, sample=False)[0])
        n_fast = len(list(fast_dir.glob("*/*.pdf")))
        _, rss_fast, pss_fast = timed([fast + ["--force"]], ROOT)
        rerun_runs = [timed([fast], ROOT, sample=False)[0] for _ in range(args.repeat)]
        _, rss_rerun, pss_rerun = timed([fast], ROOT)
        single = [str(BIN / "twinlib"), "report", codes[0], "--out", str(tmp / "single")]
        # one cold report: a batch of one, in-process
        single_runs = [timed([single], ROOT, sample=False)[0] for _ in range(args.repeat)]
        _, rss_single, pss_single = timed([single], ROOT)
        n_naive = len(list(naive_dir.glob("*.pdf")))
    n = len(codes)
    t_fast, t_rerun, t_single = (statistics.median(r) for r in (fast_runs, rerun_runs, single_runs))
    rows = [
        {"method": "naive loop (papermill + nbconvert per report)", "seconds": t_naive, "reports": n_naive,
         "peak_rss_mib": rss_naive, "peak_pss_mib": pss_naive},
        {"method": f"twinlib report --jobs {args.jobs}", "seconds": t_fast, "reports": n_fast,
         "peak_rss_mib": rss_fast, "peak_pss_mib": pss_fast, "runs": fast_runs, "machine_check_s": checks},
        {"method": "twinlib no-change rerun (cached)", "seconds": t_rerun, "reports": n, "peak_rss_mib": rss_rerun,
         "peak_pss_mib": pss_rerun, "runs": rerun_runs},
        {"method": f"twinlib report {codes[0]} (one, cold)", "seconds": t_single, "reports": 1,
         "peak_rss_mib": rss_single, "peak_pss_mib": pss_single, "runs": single_runs},
    ]
    for r in rows:
        r["seconds_per_report"] = r["seconds"] / r["reports"] if r["reports"] else None
        r["speedup_vs_naive"] = (t_naive / n) / r["seconds_per_report"]
    print(f"{n} municipalities, {os.cpu_count()} cores, {dt.date.today().isoformat()}; machine check before "
          f"each batch run: {', '.join(f'{c:.2f}' for c in checks)} s (lower is faster)")
    print(f"{'method':<48} {'seconds':>8} {'s/report':>9} {'speed-up':>9} {'peak RSS MiB':>13} {'peak PSS MiB':>13}")
    for r in rows:
        runs = f"  (runs: {', '.join(f'{t:.1f}' for t in r['runs'])})" if len(r.get("runs", ())) > 1 else ""
        print(f"{r['method']:<48} {r['seconds']:>8.1f} {r['seconds_per_report']:>9.2f} "
              f"{r['speedup_vs_naive']:>8.1f}x {r['peak_rss_mib']:>13} {r['peak_pss_mib']:>13}{runs}")
    if n_naive != n or n_fast != n:
        print(f"warning: expected {n} PDFs each, got naive {n_naive}, twinlib {n_fast}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    path = result_path(args.out, dt.date.today().isoformat() + ("-all" if args.all else ""))
    timing = (f"median of {args.repeat} runs for twinlib (each run in `runs`), one run of the naive loop; "
              f"machine_check_s: before each batch run, CPU seconds of a fixed loop run on {args.jobs} cores at once")
    memory = (f"peak of a second run with the sampler (every 0.1 s); the naive loop's over its first "
              f"{MEMORY_SAMPLE} municipalities; times from runs without it")
    result = {"date": dt.date.today().isoformat(), "cores": os.cpu_count(), "codes": codes, "jobs": args.jobs,
              "timing": timing, "memory": memory, "results": rows}
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


def result_path(folder: Path, stem: str) -> Path:
    """<stem>.json, or <stem>-run2.json, -run3 … when the day already has a result: a second run on
    the same day must not overwrite the first (runs differ by the machine's own spread).

    >>> import tempfile; d = Path(tempfile.mkdtemp()); (d / "x.json").touch()
    >>> result_path(d, "x").name, result_path(d, "y").name
    ('x-run2.json', 'y.json')
    """
    path, n = folder / f"{stem}.json", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-run{n}.json"
    return path


if __name__ == "__main__":
    sys.exit(main())
