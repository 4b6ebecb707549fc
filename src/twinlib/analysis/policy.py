"""The municipality's own word on its international work: its policy row (data round 4) and, where
none was found, an older strategy on file. Facts and codes only; report/ words them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from twinlib.analysis import calendar
from twinlib.analysis.recommend import strategy_status


@dataclass(frozen=True)
class Policy:
    found: bool
    title: str = ""
    adopted: str = ""
    expires: str = ""
    url: str = ""
    stances: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    priority: tuple[str, ...] = ()  # relation ids the policy names
    status: str = "none"  # none · current · lapsing · urgent (within eight weeks) · lapsed · undated
    end: dt.date | None = None

    def has(self, stance: str) -> bool:
        return stance in self.stances


def _codes(value) -> tuple[str, ...]:
    return tuple(x for x in str(value).split(";") if x.strip()) if isinstance(value, str) else ()


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def of(policies: pd.DataFrame, strategies: pd.DataFrame, code: str, today: dt.date) -> Policy:
    """The policy of one municipality, with its status on `today`.

    The round-4 policy row comes first (it is the municipality's own word, searched for all 98); a
    strategy on file is the fallback for its title, dates and URL. A policy that expires within eight
    weeks is 'urgent': no prepared decision reaches the council before it runs out.
    """
    own = policies[policies["municipality_code"] == code] if len(policies) else policies
    row = own.iloc[0] if own is not None and len(own) else None
    stances = tuple(s for s in _codes(row["stance"]) if s != "none_stated") if row is not None else ()
    goals = _codes(row["goals"]) if row is not None else ()
    priority = _codes(row["priority_partners"]) if row is not None else ()
    found = row is not None and row["outcome"] == "found"
    dated = pd.DataFrame([{"municipality_code": code, "title": _text(row["title"]), "adopted": row["adopted"],
                           "expires": row["expires"], "url": row["url"]}]) if found else strategies
    status, latest = strategy_status(dated, code, today)
    if latest is None:
        return Policy(found=found, stances=stances, goals=goals, priority=priority)
    end = latest["_end"]
    if status == "lapsing" and end - today < calendar.LEAD:
        status = "urgent"
    return Policy(found=True, title=_text(latest["title"]), adopted=_text(latest["adopted"]),
                  expires=_text(latest["expires"]), url=_text(latest["url"]), stances=stances, goals=goals,
                  priority=priority, status=status, end=end)
