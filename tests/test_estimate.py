"""The national estimate on a small EXAMPLE table: confirmed stays a floor, unverified adds a share."""

from __future__ import annotations

import pandas as pd

from twinlib import vocab
from twinlib.analysis import estimate

BOTH = "wikidata-2017;wikipedia-en-dk;curated"


def _rel() -> pd.DataFrame:
    """Municipality 1 has a full list; 2 does not. EXAMPLE rows for tests only."""
    rows = [  # code, source_ids, status, grade
        ("1", BOTH, "active", "A"), ("1", BOTH, "active", "A"), ("1", BOTH, "ended", "A"),
        ("1", "curated", "active", "A"),                       # on the list, in no public list
        ("2", BOTH, "active", "B"), ("2", BOTH, "active", "C"),
        ("2", "wikidata-2017", "unverified", "D"), ("2", "wikidata-2017;wikipedia-en-dk", "unverified", "D"),
        ("2", "wikidata-2017;curated", "ended", "C"),
    ]
    df = pd.DataFrame(rows, columns=["municipality_code", "source_ids", "status", "evidence_grade"])
    return df.assign(relation_id=[f"r{i}" for i in range(len(df))], local_place=pd.NA)


COV = pd.DataFrame({"municipality_code": ["1", "2"], "outcome": ["official list found", "none found"]})


def test_shares_per_stratum_count_only_resolved_public_links():
    s = estimate.resolved_shares(_rel()).set_index("stratum")
    assert s.loc["both lists", ["resolved", "current", "unresolved"]].tolist() == [5, 4, 1]
    assert s.loc["Wikidata 2017 only", ["resolved", "current", "unresolved"]].tolist() == [1, 0, 1]


def test_estimate_never_goes_below_the_confirmed_count_and_is_reproducible():
    rel = _rel()
    e = estimate.national_estimate(rel, COV, draws=4000)
    assert e["confirmed"] == int(vocab.is_current(rel).sum()) == 5
    assert e["unverified"] == 2
    assert e["confirmed"] <= e["low"] <= e["estimate"] <= e["high"]
    assert 0 <= e["unverified_current"] <= 2  # at most the two unverified links
    again = estimate.national_estimate(rel, COV, draws=4000)
    assert (e["estimate"], e["low"], e["high"]) == (again["estimate"], again["low"], again["high"])
    assert e["unlisted_share"] == (1, 3)


def test_learning_from_a_subset_changes_the_shares():
    rel = _rel()
    only_2 = rel["municipality_code"] == "2"
    s = estimate.national_estimate(rel, COV, learn=only_2, draws=2000)["strata"].set_index("stratum")
    assert s.loc["both lists", ["resolved", "current"]].tolist() == [2, 2]


def test_holdout_check_compares_prediction_with_the_list():
    rel = pd.concat([_rel(), _rel().assign(municipality_code=lambda d: d["municipality_code"].map(
        {"1": "3", "2": "4"}))], ignore_index=True)
    cov = pd.DataFrame({"municipality_code": ["1", "2", "3", "4"],
                        "outcome": ["official list found", "none found", "official list found", "none found"]})
    h = estimate.holdout_check(rel, cov, folds=2)
    assert h["hidden_links"].tolist() == [3, 3] and h["true_current"].tolist() == [2, 2]
    assert h["predicted_current"].between(0, 3).all()
