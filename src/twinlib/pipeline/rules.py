"""Rules that decide whether evidence is enough for a relation to count, each flagging what it does."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from twinlib import vocab


def apply_predecessor_rule(relations: pd.DataFrame) -> pd.DataFrame:
    """A link of a pre-2007 town whose newest evidence predates the reform does not count.

    Many links were made by towns merged away in 2007; without evidence after the merger nobody
    can say the new municipality keeps them, so they become `unverified` and are flagged.

    >>> df = pd.DataFrame({"local_place": ["Lunderskov", None], "status": ["active", "active"],
    ...                    "evidence_date": ["2005", "2005"], "quality_flags": [None, None]})
    >>> apply_predecessor_rule(df)["status"].tolist()
    ['unverified', 'active']
    """
    year = vocab.evidence_year(relations)
    stale = (relations["local_place"].notna() & (relations["status"] == vocab.ACTIVE)
             & (year < vocab.REFORM_YEAR)).fillna(False).astype(bool)
    out = relations.copy()
    out.loc[stale, "status"] = vocab.UNVERIFIED
    out.loc[stale, "quality_flags"] = vocab.add_flag(out.loc[stale, "quality_flags"], vocab.FLAG_PREDECESSOR)
    return out


def apply_staleness_rule(relations: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """An `active` relation without recent evidence (vocab.has_recent_evidence) is unverified.

    Evidence dated before vocab.RECENT_FROM_YEAR, undated news, and undated official pages not seen
    within a year say nothing of today: the link is kept with its evidence and flagged, never counted.

    >>> df = pd.DataFrame({"status": ["active", "active", "active"], "evidence_date": ["2010-05", "2024", None],
    ...                    "evidence_grade": ["B", "C", "C"], "checked": ["2026-11-25"] * 3,
    ...                    "quality_flags": [None, None, None]})
    >>> apply_staleness_rule(df, dt.date(2026, 11, 25))["status"].tolist()
    ['unverified', 'active', 'unverified']
    """
    active = (relations["status"] == vocab.ACTIVE) & relations["evidence_grade"].isin(vocab.CONFIRMING_GRADES)
    stale = active & ~vocab.has_recent_evidence(relations, today)
    undated_news = stale & vocab.evidence_year(relations).isna() & (relations["evidence_grade"] == "C")
    out = relations.copy()
    out.loc[stale, "status"] = vocab.UNVERIFIED
    out.loc[stale & ~undated_news, "quality_flags"] = vocab.add_flag(
        out.loc[stale & ~undated_news, "quality_flags"], vocab.FLAG_STALE)
    out.loc[undated_news, "quality_flags"] = vocab.add_flag(out.loc[undated_news, "quality_flags"],
                                                            vocab.FLAG_UNDATED_NEWS)
    return out
