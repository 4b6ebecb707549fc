"""Recommendation rules: strategy lifecycle, geopolitical flags, suggestions (EXAMPLE fixtures)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from twinlib.analysis import recommend
from twinlib.report import assessments  # the six assessments in words
from twinlib.tables import survey

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
    rules = assessments.rules()
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


# --- rules that differ where municipalities differ (issue 14, item 3); EXAMPLE fixtures -------------------

def _towns(code: str, n: int, status: str = "active", grade: str = "A") -> pd.DataFrame:
    return pd.DataFrame({
        "relation_id": [f"{code}-se-t{i}" for i in range(n)], "municipality_code": [code] * n,
        "partner_name": [f"T{code}{i}" for i in range(n)], "partner_country": ["SE"] * n,
        "partner_country_name": ["Sverige"] * n, "world_region": ["Norden"] * n, "status": [status] * n,
        "evidence_grade": [grade] * n, "established_year": pd.array([2000] * n, dtype="Int64")})


def _acts(rel: pd.DataFrame, last, funding=None, **ticks) -> pd.DataFrame:
    n = len(rel)
    df = pd.DataFrame({"relation_id": rel["relation_id"].tolist(), "last_activity": last,
                       "funding": funding or [""] * n, "active_to": pd.array([None] * n, dtype="Int64")})
    for key in ("political", "culture", "pupil_exchange", "sport", "urban_development", "business",
                "good_governance", "projects"):
        df[key] = ticks.get(key, [False] * n)
    return df


def _assess(code, population, rel, strategies=None, acts=None, lang="da"):
    profile = {"code": code, "name": f"By{code}", "population": population}
    peers = pd.DataFrame({"code": ["9"], "outside_europe": [1]})
    strategies = strategies if strategies is not None else _strategies()
    return {a.key: a for a in assessments.assess(profile, peers, rel, strategies, None, TODAY, acts, lang=lang)}


@pytest.mark.parametrize(("text", "external"), [
    ("kommunens egen pulje", False), ("egen budget", False), ("Eget budget; Venskabsbypuljen", False),
    ("Kolding Kommune", False), ("Kultur- og Fritidsudvalget", False), ("own budget", False), ("", False),
    ("Interreg", True), ("Nordisk Ministerråd; kommunens egen pulje", True), ("Nordic Council of Ministers", True),
    ("Erasmus+ og kommunens egne midler", True),
])
def test_the_municipalitys_own_budget_is_not_external_funding(text, external):
    from twinlib.analysis import engagement

    assert bool(engagement.funding_sources(text, "Kolding")[0]) is external


def test_funding_light_counts_only_external_sources():
    rel = _towns("1", 3)
    own = _assess("1", 50_000, rel, acts=_acts(rel, [2025] * 3, ["kommunens egen pulje", "egen budget", ""]))
    assert own["funding"].status == "amber"
    assert "2 finansieres alene af kommunens egne midler" in own["funding"].evidence
    ext = _assess("1", 50_000, rel, acts=_acts(rel, [2025] * 3, ["Interreg", "egen budget", ""]))
    assert ext["funding"].status == "green" and "1 af 3" in ext["funding"].evidence
    assert "Interreg" in ext["funding"].evidence and "egen budget" not in ext["funding"].evidence


def test_dormant_links_never_count_toward_a_green_light_and_are_named():
    rel = _towns("1", 3)
    acts = _acts(rel, [2015, 2025, 2025], ["Interreg", "", ""], business=[True, False, False],
                 projects=[True, False, False], culture=[True, False, False])
    got = _assess("1", 50_000, rel, acts=acts)
    for key in ("core_tasks", "funding", "projects", "partnerships"):
        assert got[key].status != "green", key
        assert "T10" in got[key].evidence, key  # the dormant partner is named
    all_dormant = _assess("1", 50_000, rel, acts=_acts(rel, [2012, 2015, 2020], ["Interreg"] * 3,
                                                       business=[True] * 3))
    assert {all_dormant[k].status for k in ("core_tasks", "funding", "projects", "partnerships")} == {"red"}
    dormant = recommend.engagement.dormant_relations(rel, acts, TODAY)
    assert dormant["partner_name"].tolist() == ["T10"] and dormant["last_activity"].tolist() == [2015]


def test_intake_rows_of_unverified_links_are_never_counted():
    rel = pd.concat([_towns("1", 1), _towns("1", 2, "unverified", "D").assign(
        relation_id=["1-se-u0", "1-se-u1"], partner_name=["U0", "U1"])])
    acts = _acts(rel, [2025] * 3, ["", "Interreg", "Interreg"])
    got = _assess("1", 50_000, rel, acts=acts)
    assert got["funding"].status == "amber" and "1 aktive" in got["funding"].evidence


def test_cooperation_agreements_show_project_focus_without_intake():
    rel = _towns("1", 3).assign(kind=["cooperation", "twinning", "twinning"])
    got = _assess("1", 50_000, rel)["projects"]
    assert got.status == "green" and "1 af 3" in got.evidence and "T10" in got.next_step


def test_rules_differ_between_a_small_and_a_large_municipality():
    small = _assess("1", 6_000, _towns("1", 2))
    large = _assess("2", 120_000, _towns("2", 9), strategies=_strategies("2020").assign(municipality_code="2"))
    assert small["strategy"].status == large["strategy"].status == "red"
    for key in small:
        assert small[key].next_step != large[key].next_step, key
    assert "6.000 indbyggere" in small["strategy"].next_step and "T10 og T11" in small["core_tasks"].next_step
    assert "udløb i 2020" in large["strategy"].evidence and "9 relationer" in large["core_tasks"].next_step
    assert small["global_outlook"].evidence.startswith("Begge aktuelle venskabsbyer ligger i Europa")
    one = _assess("1", 6_000, _towns("1", 1))
    assert one["global_outlook"].evidence.startswith("Den eneste aktuelle venskabsby ligger i Europa")


def test_no_relations_gets_advice_on_whether_and_how_to_start():
    none = _assess("1", 1_800, _towns("1", 0))
    assert [a.status for a in none.values()] == ["grey"] * 6
    for a in none.values():
        assert "hver relation" not in a.next_step and "indtastningsark" not in a.next_step
    assert "før der vælges en partner" in none["strategy"].next_step
    assert "nabokommune" in none["partnerships"].next_step  # a small municipality: start together
    big = _assess("2", 300_000, _towns("2", 0))
    assert big["partnerships"].next_step != none["partnerships"].next_step
    en = _assess("1", 1_800, _towns("1", 0), lang="en")
    assert "before choosing a partner" in en["strategy"].next_step


def test_english_and_danish_rules_have_the_same_cases_and_fields():
    import string

    da, en = assessments.rules("da"), assessments.rules("en")
    fields = string.Formatter()
    for key in da:
        assert set(da[key]["cases"]) == set(en[key]["cases"]), key
        for case, words in da[key]["cases"].items():
            for part in ("evidence", "next_step"):
                got = [{f[1] for f in fields.parse(d[key]["cases"][case][part]) if f[1]} for d in (da, en)]
                assert got[0] == got[1], (key, case, part)
                assert "twinlib" not in words[part]


def test_partner_suggestions_leave_out_rows_without_a_world_region():
    """As a pandas groupby would: a peer's link with no world region suggests nothing."""
    rel = _rel().assign(world_region=lambda d: d["world_region"].where(d["relation_id"] != "3-us-u"))
    assert recommend.partner_suggestions(rel, "1", ["2", "3"])["partner_country_name"].tolist() == ["Kina"]


def test_shared_partners_name_the_other_municipalities_per_own_partner():
    rel = pd.concat([_rel(), _rel().iloc[[1]].assign(municipality_code="2", relation_id="2-se-y"),
                     _rel().iloc[[1]].assign(municipality_code="3", relation_id="3-se-y")])
    assert recommend.shared_partners(rel, "1", {"2": "Two"}) == {"Y": ["3", "Two"], "Z": []}
