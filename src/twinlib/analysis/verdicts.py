"""A verdict per relation -- keep, renew (with a project), confirm, end -- and the one reason for it.

Read in order: what has stopped (suspension, a lapsed agreement), what the municipality has not
confirmed (unverified links), what its own intake says (activity, dormancy), what its policy says
(priority partners, pruning, time-limited agreements), and last what the dated evidence shows. Codes
only; report/ words them. Association-run links are kept by the association and need no decision.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from twinlib import vocab
from twinlib.analysis import engagement
from twinlib.analysis.policy import Policy

VERDICTS = ("end", "renew", "confirm", "keep")
RECENT_YEARS = 3  # evidence dated within three years shows a living link


def card_relations(relations: pd.DataFrame) -> pd.DataFrame:
    """The relations a card is made for: every link that is not ended (current, unverified,
    suspended, lapsed, association-run)."""
    return relations[relations["status"] != vocab.ENDED]


def last_activity(acts: pd.DataFrame | None) -> dict[str, int]:
    """relation_id -> the intake's last activity year (only where the municipality gave one)."""
    if acts is None or not len(acts) or "last_activity" not in acts:
        return {}
    years = pd.to_numeric(acts["last_activity"], errors="coerce")
    return {r: int(y) for r, y in zip(acts["relation_id"], years, strict=True) if not pd.isna(y)}


def verdict(r, policy: Policy, active_year: int | None, today: dt.date) -> tuple[str, str]:
    """(verdict, reason) for one relation row `r` (a namedtuple of the relations table)."""
    year = None if pd.isna(r.evidence_date) else int(str(r.evidence_date)[:4])
    priority = r.relation_id in policy.priority
    if r.kind == vocab.ASSOCIATION:
        return "keep", "association"
    if r.status == vocab.SUSPENDED or r.partner_country in vocab.SUSPENDED_COUNTRIES:
        return "end", "suspended"
    if r.status == vocab.LAPSED:
        return ("renew", "lapsed_priority") if priority else ("end", "lapsed")
    if r.status == vocab.UNVERIFIED:
        if year is not None and year < vocab.RECENT_FROM_YEAR:
            return "confirm", "unverified_old"
        return "confirm", "unverified" if r.evidence_grade == vocab.PUBLIC_GRADE else "unverified_undated"
    if active_year is not None:
        if engagement.is_dormant(active_year, today):
            return ("renew", "dormant_priority") if priority else ("end", "dormant")
        return "keep", "activity"
    recent = year is not None and today.year - year <= RECENT_YEARS
    if priority:
        return ("keep", "priority") if recent else ("renew", "priority_undocumented")
    if policy.has("prune") and not recent:
        return "end", "prune"
    if recent:
        return "keep", "recent_evidence"
    if policy.has("time_limited_only") and pd.isna(r.ended_year):
        return "renew", "time_limited"
    return "renew", "undocumented"


def verdicts(relations: pd.DataFrame, acts: pd.DataFrame | None, policy: Policy, today: dt.date) -> pd.DataFrame:
    """One row per card relation: relation_id, verdict, reason, active_year (the intake's, if any)."""
    rel = card_relations(relations)
    active = last_activity(acts)
    rows = []
    for r in rel.itertuples(index=False):
        v, why = verdict(r, policy, active.get(r.relation_id), today)
        rows.append({"relation_id": r.relation_id, "verdict": v, "reason": why,
                     "active_year": active.get(r.relation_id)})
    return pd.DataFrame(rows, columns=["relation_id", "verdict", "reason", "active_year"])
