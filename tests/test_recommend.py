"""Recommendation rules: strategy lifecycle, geopolitical flags, suggestions (EXAMPLE fixtures)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from twinlib import survey
from twinlib.analysis import recommend

TODAY = dt.date(2026, 11, 25)


def _strategies(*expires):
    return pd.DataFrame({"municipality_code": ["151"] * len(expires), "title": [f"S{i}" for i in range(len(expires))],
                         "adopted": ["2020"] * len(expires), "expires": list(expires)})


@pytest.mark.parametrize(("expires", "status"), [
    ((), "none"), (("2020",), "lapsed"), (("2026",), "lapsing"), (("2027-06",), "lapsing"),
    (("2029",), "current"), ((None,), "undated"), (("2017", None), "undated"), (("2017", "2030"), "current"),
])
def test_strategy_lifecycle(expires, status):
    assert recommend.strategy_status(_strategies(*expires), "151", TODAY)[0] == status


def test_rules_cover_the_six_recommendations_with_sections():
    rules = recommend.rules()
    keys = [r["key"] for r in survey.load()["recommendations"]]
    assert sorted(rules) == sorted(keys) and len(keys) == 6
    for key in keys:
        assert rules[key]["section"].startswith("Anbefalinger")
        for case in rules[key]["cases"].values():
            assert case["status"] in {"green", "amber", "red", "grey"} and case["evidence"] and case["next_step"]


def _rel():
    return pd.DataFrame({
        "relation_id": ["1-ru-x", "1-se-y", "1-de-z", "2-cn-w", "3-cn-v", "3-us-u"],
        "municipality_code": ["1", "1", "1", "2", "3", "3"],
        "partner_name": ["X", "Y", "Z", "W", "V", "U"], "partner_country": ["RU", "SE", "DE", "CN", "CN", "US"],
        "partner_country_name": ["Rusland", "Sverige", "Tyskland", "Kina", "Kina", "USA"],
        "world_region": ["Øvrige Europa", "Norden", "Øvrige Europa", "Asien", "Asien", "Nordamerika"],
        "status": ["suspended", "active", "active", "active", "active", "active"],
        "evidence_grade": ["C", "A", "A", "B", "C", "B"],
        "established_year": pd.array([1960, 1950, 2015, None, None, None], dtype="Int64")})


def test_relation_priorities():
    pri = recommend.relation_priorities(_rel()[lambda d: d["municipality_code"] == "1"], None, TODAY)
    sig = dict(zip(pri["partner_name"], pri["signal"], strict=True))
    assert sig == {"X": "gennemgå", "Y": "forny", "Z": "behold"}
    assert "suspenderet" in pri.loc[pri["partner_name"] == "X", "reason"].item()


def test_unverified_links_are_to_be_confirmed_and_ended_ones_are_left_out():
    rel = _rel()[lambda d: d["municipality_code"] == "1"]
    rel = pd.concat([rel, rel.iloc[[1]].assign(relation_id="1-se-q", partner_name="Q", status="unverified",
                                                evidence_grade="D"),
                     rel.iloc[[1]].assign(relation_id="1-se-e", partner_name="E", status="ended")])
    sig = dict(zip(*recommend.relation_priorities(rel, None, TODAY)[["partner_name", "signal"]].T.values,
                   strict=True))
    assert sig["Q"] == "bekræft" and "E" not in sig


def test_partner_suggestions_from_peers_never_suggest_suspended_countries():
    rel = pd.concat([_rel(), _rel().iloc[[0]].assign(municipality_code="2", relation_id="2-ru-x")])
    sug = recommend.partner_suggestions(rel[rel["relation_id"] != "1-ru-x"], "1", ["2", "3"])
    assert "Rusland" not in set(sug["partner_country_name"])
    sug = recommend.partner_suggestions(_rel(), "1", ["2", "3"])
    assert sug["partner_country_name"].tolist() == ["Kina", "USA"]
    assert sug.loc[sug["partner_country_name"] == "Kina", "peers"].item() == 2


def test_partners_of_partners_via_shared_partners():
    rel = pd.DataFrame({
        "municipality_code": ["1", "1", "2", "2", "3", "3", "3"],
        "partner_name": ["Örebro", "Drammen", "Örebro", "Lahti", "Drammen", "Örebro", "Aarhus-fjord"],
        "partner_country": ["SE", "NO", "SE", "FI", "NO", "SE", "XX"],
        "partner_country_name": ["Sverige", "Norge", "Sverige", "Finland", "Norge", "Sverige", "X"],
        "status": ["active"] * 7, "evidence_grade": ["A"] * 7})
    pop = recommend.partners_of_partners(rel, "1")
    assert pop["partner_name"].tolist() == ["Aarhus-fjord", "Lahti"]
    assert pop.set_index("partner_name").loc["Aarhus-fjord", "via"] == "Drammen, Örebro"
    assert recommend.partners_of_partners(rel.assign(status="ended"), "1").empty
    assert recommend.partners_of_partners(rel.assign(status="unverified", evidence_grade="D"), "1").empty
