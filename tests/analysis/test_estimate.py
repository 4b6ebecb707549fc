"""The national estimate from the random sample (research round 4). EXAMPLE frames, not real data."""

from __future__ import annotations

import pandas as pd

from twinlib.analysis import estimate


def _rel(n_current: int, n_unverified: int) -> pd.DataFrame:
    rows = [{"relation_id": f"c{i}", "status": "active", "evidence_grade": "A", "kind": "twinning",
             "evidence_date": "2024", "checked": "2026-11-25"} for i in range(n_current)]
    rows += [{"relation_id": f"u{i}", "status": "unverified", "evidence_grade": "D", "kind": "twinning",
              "evidence_date": None, "checked": None} for i in range(n_unverified)]
    rows += [{"relation_id": "a0", "status": "active", "evidence_grade": "B", "kind": "association",
              "evidence_date": "2024", "checked": "2026-11-25"}]
    return pd.DataFrame(rows)


def _sample(live: int, ended: int, no_trace: int) -> pd.DataFrame:
    findings = ["active"] * live + ["ended"] * ended + ["no_trace"] * no_trace
    return pd.DataFrame({"relation_id": [f"u{i}" for i in range(len(findings))], "finding": findings})


def test_the_estimate_adds_the_sampled_live_share_to_the_links_outside_the_sample():
    rel, sample = _rel(100, 200), _sample(live=10, ended=10, no_trace=20)
    e = estimate.national_estimate(rel, sample, draws=4000)
    assert e["confirmed"] == 100  # the association-run link is never counted
    assert e["outside_sample"] == 160 and e["live_share"] == 0.25
    assert 100 + 0.15 * 160 < e["estimate"] < 100 + 0.35 * 160
    assert e["low"] <= e["estimate"] <= e["high"]
    # sensitivity: no-trace links live at the traced share (10 of 20) gives the upper bound
    assert e["low_assumption"] == 100 + 160 * 10 / 40
    assert e["high_assumption"] == 100 + 160 * (10 + 20 * 0.5) / 40


def test_the_estimate_is_reproducible_and_never_below_the_confirmed_count():
    rel, sample = _rel(50, 80), _sample(live=0, ended=5, no_trace=35)
    a, b = estimate.national_estimate(rel, sample, draws=2000), estimate.national_estimate(rel, sample, draws=2000)
    assert a["estimate"] == b["estimate"] and a["low"] >= 50


def test_sample_counts_group_the_findings():
    c = estimate.sample_counts(pd.DataFrame({"finding": ["active", "association", "old_only", "no_trace"]}))
    assert (c["n"], c["live"], c["traced"], c["unknown"]) == (4, 1, 2, 2)
