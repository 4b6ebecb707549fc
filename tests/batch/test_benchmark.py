"""The benchmark script runs end to end on 2 municipalities (timings are not asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from twinlib import paths


def test_benchmark_runs_on_two_municipalities(tmp_path):
    script = paths.checkout_root() / "benchmarks" / "bench_reports.py"
    res = subprocess.run([sys.executable, str(script), "--only", "825,621", "--jobs", "1", "--out", str(tmp_path),
                          "--repeat", "2"],
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "speed-up" in res.stdout and "naive loop" in res.stdout
    result = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert [r["reports"] for r in result["results"]] == [2, 2, 2, 1]
    assert all(r["seconds"] > 0 and r["peak_rss_mib"] > 0 for r in result["results"])
    # twinlib's rows count by the median of their runs, each run kept
    for r in result["results"][1:]:
        assert len(r["runs"]) == 2 and r["seconds"] == pytest.approx(sum(r["runs"]) / 2)  # the median of two
    checks = result["results"][1]["machine_check_s"]  # the machine's speed before each batch run
    assert len(checks) == 2 and all(c > 0 for c in checks)


def test_cpu_split_measures_the_cells_and_the_export():
    script = paths.checkout_root() / "benchmarks" / "cpu_split.py"
    res = subprocess.run([sys.executable, str(script), "1"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "failed: none" in res.stdout
    values = {line.split()[0]: float(line.split()[2]) for line in res.stdout.splitlines() if "CPU/report" in line}
    assert set(values) == {"cells", "export"} and all(v > 0 for v in values.values()), res.stdout


def test_a_second_result_on_the_same_day_keeps_the_first(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", paths.checkout_root() / "benchmarks" / "bench_reports.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    first = bench.result_path(tmp_path, "2026-12-06-all")
    first.write_text("{}")
    second = bench.result_path(tmp_path, "2026-12-06-all")
    second.write_text("{}")
    assert (first.name, second.name) == ("2026-12-06-all.json", "2026-12-06-all-run2.json")
    assert bench.result_path(tmp_path, "2026-12-06-all").name == "2026-12-06-all-run3.json"
