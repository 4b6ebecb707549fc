"""Verdicts per relation and the leadership's decisions, on small EXAMPLE frames (never real data)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from twinlib.analysis import calendar, decisions, policy, verdicts

TODAY = dt.date(2026, 12, 6)


def _rel(**over) -> pd.DataFrame:
    base = {"relation_id": ["1-se-a", "1-de-b", "1-ru-c", "1-no-d", "1-fi-e", "1-pl-f"],
            "partner_name": ["A", "B", "C", "D", "E", "F"],
            "partner_country": ["SE", "DE", "RU", "NO", "FI", "PL"],
            "kind": ["twinning", "twinning", "twinning", "association", "twinning", "twinning"],
            "status": ["active", "active", "suspended", "active", "unverified", "active"],
            "evidence_grade": ["A", "B", "B", "B", "D", "B"],
            "evidence_date": ["2025-03-01", pd.NA, "2022", "2024", pd.NA, "2021"],
            "ended_year": pd.array([None] * 6, dtype="Int64")}
    return pd.DataFrame(base | over)


def _policy(**kw) -> policy.Policy:
    return policy.Policy(found=True, **kw)


def test_verdicts_follow_intake_policy_then_evidence():
    v = verdicts.verdicts(_rel(), None, _policy(), TODAY).set_index("relation_id")
    assert v.loc["1-se-a", ["verdict", "reason"]].tolist() == ["keep", "recent_evidence"]
    assert v.loc["1-de-b", ["verdict", "reason"]].tolist() == ["renew", "undocumented"]
    assert v.loc["1-ru-c", "verdict"] == "end"
    assert v.loc["1-no-d", ["verdict", "reason"]].tolist() == ["keep", "association"]
    assert v.loc["1-fi-e", "verdict"] == "confirm"
    # the municipality's intake outranks the sources: activity in 2019 is dormant by 2026 (5 years)
    acts = pd.DataFrame({"relation_id": ["1-se-a", "1-pl-f"], "last_activity": [2019, 2025]})
    v = verdicts.verdicts(_rel(), acts, _policy(), TODAY).set_index("relation_id")
    assert v.loc["1-se-a", ["verdict", "reason"]].tolist() == ["end", "dormant"]
    assert v.loc["1-pl-f", ["verdict", "reason"]].tolist() == ["keep", "activity"]


def test_policy_priority_and_pruning_shape_the_verdict():
    prio = _policy(priority=("1-de-b",), stances=("keep_fixed_partners",))
    v = verdicts.verdicts(_rel(), None, prio, TODAY).set_index("relation_id")
    assert v.loc["1-de-b", "reason"] == "priority_undocumented"
    prune = _policy(stances=("prune",))
    v = verdicts.verdicts(_rel(), None, prune, TODAY).set_index("relation_id")
    assert v.loc["1-de-b", ["verdict", "reason"]].tolist() == ["end", "prune"]
    assert v.loc["1-pl-f", "verdict"] == "end" and v.loc["1-se-a", "verdict"] == "keep"


def test_expiring_policy_gets_an_interim_decision_before_it_runs_out():
    urgent = _policy(status="urgent", end=dt.date(2026, 12, 31), title="X")
    v = verdicts.verdicts(_rel(), None, urgent, TODAY)
    d = decisions.policy_decision(urgent, 3, 0, v, TODAY)
    assert d.code == "policy_interim" and d.window.end == dt.date(2026, 12, 31)
    # a prepared decision is never due sooner than eight weeks
    lapsing = _policy(status="lapsing", end=dt.date(2027, 9, 30))
    d = decisions.policy_decision(lapsing, 3, 0, v, TODAY)
    assert d.window.start >= TODAY + calendar.LEAD and d.window.end <= dt.date(2027, 9, 30)


def test_decisions_are_few_and_never_chores():
    v = verdicts.verdicts(_rel(), None, _policy(status="current"), TODAY)
    v = v[v["verdict"] != "confirm"]
    found = decisions.decisions(_policy(status="current"), v, held=3, associations=1, today=TODAY)
    assert [d.code for d in found] == ["portfolio"]  # a current policy: nothing to decide about it
    assert set(found[0].options) == {"end", "renew", "keep"}
    assert found[0].subjects["end"] == ["1-ru-c"]
    # nothing to end or renew: nothing to decide
    keep_only = v[v["verdict"] == "keep"]
    assert decisions.decisions(_policy(status="current"), keep_only, 2, 0, TODAY) == []


def test_start_decision_respects_a_policy_against_twinning():
    none = policy.Policy(found=False)
    assert decisions.start_decision(3, 5, "FI", [], [], 0, none, TODAY).options == ("country", "projects", "none")
    against = _policy(stances=("no_general_twinning",))
    assert decisions.start_decision(3, 5, "FI", [], [], 0, against, TODAY) is None


def test_budget_window_is_the_next_negotiation_eight_weeks_away():
    assert calendar.budget(TODAY).budget_year == 2028
    assert calendar.budget(dt.date(2027, 3, 1)).start == dt.date(2027, 8, 15)
