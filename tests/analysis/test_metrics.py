"""Metrics and peers on a small EXAMPLE table of five municipalities."""

from __future__ import annotations

import pandas as pd

from twinlib.analysis import metrics, peers

MUNIS = pd.DataFrame({"code": ["001", "002", "003", "004", "005"],
                      "name": ["A", "B", "C", "D", "E"],
                      "region": ["R1", "R1", "R1", "R2", "R2"],
                      "population": [10_000, 20_000, 100_000, 21_000, 5_000]})
# 001: two current (A, C), one unverified, one ended; 002: unverified only; 003: one current (B) and
# one suspended; 004: 'active' on public lists alone (grade D), which must not count
REL = pd.DataFrame({
    "municipality_code": ["001", "001", "001", "001", "002", "003", "003", "004"],
    "status": ["active", "active", "unverified", "ended", "unverified", "active", "suspended", "active"],
    "evidence_grade": ["A", "C", "D", "A", "D", "B", "C", "D"],
    "world_region": ["Norden", "Asien", "Norden", "Norden", "Norden", "Øvrige Europa", "Norden", "Afrika"],
    "partner_country": ["SE", "CN", "FI", "NO", "SE", "DE", "NO", "GH"],
    "established_year": pd.array([1950, None, None, 1960, None, 2000, None, None], dtype="Int64"),
})


def test_counts_only_current_relations_and_rank_with_ties():
    per = metrics.relations_per_municipality(MUNIS, REL)
    assert per.set_index("code")["relations"].to_dict() == {"001": 2, "002": 0, "003": 1, "004": 0, "005": 0}
    assert per.set_index("code")["rank_national"].to_dict() == {"001": 1, "002": 3, "003": 2, "004": 3,
                                                               "005": 3}
    assert per.set_index("code")["rank_region"].to_dict()["004"] == 1
    assert round(per.set_index("code").loc["001", "per_10k"], 6) == 2.0


def test_distribution_gives_nation_and_regions():
    dist = metrics.distribution(metrics.relations_per_municipality(MUNIS, REL)).set_index("scope")
    assert dist.loc["Hele landet", "median"] == 0
    assert dist.loc["Region R1", "max"] == 2
    assert dist.loc["Region R2", "n"] == 2 and dist.loc["Region R2", "max"] == 0


def test_world_region_mix_against_nation():
    mix = metrics.world_region_mix(REL, "001").set_index("world_region")
    assert mix.loc["Asien", "count"] == 1 and mix.loc["Asien", "share"] == 0.5
    assert mix.loc["Norden", "national_count"] == 1 and mix.loc["Afrika", "national_count"] == 0
    assert abs(mix["national_share"].sum() - 1) < 1e-9


def test_profile_for_one_municipality():
    p = metrics.municipality_profile(MUNIS, REL, "001")
    assert p["relations"] == 2 and p["relations_all"] == 4 and p["ended"] == 1 and p["unverified"] == 1
    assert p["outside_europe"] == 1 and p["official"] == 2 and p["with_year"] == 1
    assert abs(p["share_official"] - 2 / 4) < 1e-9


def test_peers_over_the_whole_country_by_population_ratio():
    per = metrics.relations_per_municipality(MUNIS, REL)  # no area_km2 here: density is left out
    got = peers.nearest_peers(per, "002", k=3)["code"].tolist()
    # the whole country, nearest in population first: 004 (other region, 21,000), 001, then 005
    assert got == ["004", "001", "005"]


def test_metrics_do_not_mutate_inputs():
    before_m, before_r = MUNIS.copy(), REL.copy()
    metrics.municipality_profile(MUNIS, REL, "003")
    pd.testing.assert_frame_equal(MUNIS, before_m)
    pd.testing.assert_frame_equal(REL, before_r)
