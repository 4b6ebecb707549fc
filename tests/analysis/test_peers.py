"""Peers over the whole country (size, density, relation band) and shared ranks ("delt nr. 91")."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from twinlib import vocab
from twinlib.analysis import metrics, peers
from twinlib.i18n import Messages
from twinlib.report.context import context
from twinlib.report.sections import compare
from twinlib.tables import data

DA, EN = Messages("da"), Messages("en")

# EXAMPLE: two suburbs and two rural towns of about the same size, and a small island; one current
# link each for s1, s2, r1 (a three-way tie), none for r2, an unverified one for i1 (never counted).
MUNIS = pd.DataFrame({"code": ["s1", "s2", "r1", "r2", "i1"], "name": ["S1", "S2", "R1", "R2", "I1"],
                      "region": ["A", "A", "B", "B", "B"],
                      "population": [50_000, 52_000, 51_000, 50_500, 2_000],
                      "area_km2": [30.0, 25.0, 800.0, 700.0, 100.0]})
REL = pd.DataFrame({"municipality_code": ["s1", "s2", "r1", "i1"], "status": ["active"] * 3 + ["unverified"],
                    "evidence_grade": ["A", "B", "C", "D"], "world_region": ["Norden"] * 4,
                    "partner_country": ["SE"] * 4})


@pytest.fixture(scope="module")
def per_real() -> pd.DataFrame:
    t = data.load()
    return metrics.relations_per_municipality(t.municipalities, t.relations)


def _peer_names(per: pd.DataFrame, name: str) -> list[str]:
    code = per.loc[per["name"] == name, "code"].item()
    return peers.nearest_peers(per, code)["name"].tolist()


def test_koebenhavn_is_compared_with_the_large_municipalities(per_real):
    got = peers.nearest_peers(per_real, "101")
    assert len(got) == 5 and (got["population"] >= 100_000).all()
    assert {"Aarhus", "Odense", "Aalborg"} <= set(got["name"]) and "Gentofte" not in set(got["name"])


def test_laesoe_is_compared_with_the_small_islands(per_real):
    got = peers.nearest_peers(per_real, "825")
    # the three nearest are the only other municipalities under 10,000: Samsø, Fanø, Ærø
    assert set(got["name"][:3]) == {"Samsø", "Fanø", "Ærø"} and (got["population"][:3] < 10_000).all()
    assert (got["population"] < 15_000).all()  # the old rule gave 11-21 times Læsø's size
    assert "Langeland" in set(got["name"])


def test_density_separates_suburbs_from_rural_towns_of_the_same_size(per_real):
    per = metrics.relations_per_municipality(MUNIS, REL)
    assert peers.nearest_peers(per, "s1", k=1)["code"].item() == "s2"
    assert peers.nearest_peers(per, "r2", k=1)["code"].item() == "r1"
    ballerup = _peer_names(per_real, "Ballerup")
    assert "Hvidovre" in ballerup and "Rødovre" in ballerup  # suburbs, not provincial towns


def test_no_municipality_is_its_own_peer_and_peers_are_distinct(per_real):
    for code in per_real["code"]:
        got = peers.nearest_peers(per_real, code)
        assert code not in set(got["code"]) and got["code"].is_unique and len(got) == 5
        assert got["distance"].is_monotonic_increasing


def test_peers_do_not_mutate_input(per_real):
    before = per_real.copy()
    peers.nearest_peers(per_real, "621")
    pd.testing.assert_frame_equal(per_real, before)


def test_relation_bands():
    assert [metrics.relation_band(n) for n in (0, 1, 2, 3, 5, 6, 10, 11, 40)] == [0, 1, 1, 2, 2, 3, 3, 4, 4]


def test_why_is_written_from_the_features():
    per = metrics.relations_per_municipality(MUNIS, REL)
    s2 = peers.nearest_peers(per, "s1", k=1).iloc[0]  # 4 % larger, similar density, same count
    assert peers.why_text(s2, DA) == "samme størrelse og tæthed, samme antal venskabsbyer"
    assert peers.why_text(s2, EN) == "same size and density, same number of twin towns"
    island = peers.nearest_peers(per, "i1").set_index("code")
    assert peers.why_text(island.loc["r1"], DA) == "over dobbelt så stor, tættere befolket, flere venskabsbyer"
    assert peers.why_text(island.loc["r2"], DA).endswith(", samme antal venskabsbyer")  # unverified not counted


def test_ties_are_counted_and_said_as_shared():
    per = metrics.relations_per_municipality(MUNIS, REL).set_index("code")
    assert per["rank_national"].to_dict() == {"s1": 1, "s2": 1, "r1": 1, "r2": 4, "i1": 4}
    assert per["tied_national"].to_dict() == {"s1": 3, "s2": 3, "r1": 3, "r2": 2, "i1": 2}
    assert per.loc["r1", "tied_region"] == 1 and per.loc["r1", "rank_region"] == 1
    text = [metrics.rank_text(r, t, DA) for r, t in zip(per["rank_national"], per["tied_national"], strict=True)]
    assert text == ["delt nr. 1"] * 3 + ["delt nr. 4"] * 2
    assert metrics.rank_text(per.loc["r1", "rank_region"], per.loc["r1", "tied_region"], DA) == "nr. 1"
    assert per.loc["i1", "band"] == 0  # the unverified link does not count


def test_shared_rank_in_danish_and_english():
    assert metrics.rank_text(91, 3, DA) == "delt nr. 91" and metrics.rank_text(91, 3, EN) == "joint no. 91"
    assert metrics.rank_text(5, 1, DA) == "nr. 5" and metrics.rank_text(5, 1, EN) == "no. 5"
    assert DA("peers.rank.of", rank=metrics.rank_text(3, 2, DA), size=22) == "delt nr. 3 af 22"


@pytest.mark.parametrize("lang, shared, why", [("da", "delt nr. {}", "Hvorfor"), ("en", "joint no. {}", "Why")])
def test_comparison_states_rule_shared_rank_and_why(lang, shared, why):
    ctx = context("København", lang=lang)
    assert ctx.profile["tied_national"] > 1  # København shares its rank with the others without relations
    # the shared rank is one below every municipality with a current relation
    with_relations = vocab.current(ctx.tables.relations)["municipality_code"].nunique()
    sec = compare.comparison(ctx)
    text = next(b["text"] for b in sec["blocks"] if b["type"] == "p")
    rank = ctx.profile["rank_national"]
    assert rank == with_relations + 1
    assert f"{shared.format(rank)} af 98" in text if lang == "da" else f"{shared.format(rank)} of 98" in text
    table = next(b for b in sec["blocks"] if b["type"] == "table")
    assert table["columns"][-1] == why and len(table["rows"]) == 5
    assert all(row[-1] for row in table["rows"])
    bars = next(b for b in sec["blocks"] if b["type"] == "bars")
    medians = [ctx.m("bench.median_region", region="Hovedstaden"), ctx.m("bench.median_nation")]
    assert bars["categories"][-2:] == medians and bars["categories"][1:6] == list(ctx.peers["name"])


def test_chart_prints_a_half_median_as_it_is():
    ctx = SimpleNamespace(m=DA, lang="da", name="X")
    rows = pd.DataFrame({"label": ["X", "Median"], "relations": [4.0, 4.5], "per_10k": [0.5, 0.25],
                         "kind": ["self", "median"]})
    chart = compare.benchmark_chart(ctx, rows)
    assert chart["panels"][0]["series"][0]["labels"] == ["4", "4,5"]
