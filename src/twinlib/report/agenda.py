"""The summary's three dated actions, chosen by rules from this municipality's own data.

Each rule returns (deadline, text) or None; the first three that apply, in RULES order, are the
summary's actions, shown by deadline. A strategy running out comes first: it has a date of its own.
Generic advice (review the relations) is the last resort.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from twinlib import vocab
from twinlib.analysis import engagement, recommend
from twinlib.report.brief import coverage_outcome, day, deadline, names
from twinlib.report.context import ReportContext


def strategy_end(row: pd.Series) -> dt.date:
    """The strategy's end date as recommend.strategy_status read it ('2026' is 31 December 2026)."""
    return row["_end"]


def act_strategy(ctx: ReportContext):
    st, row = recommend.strategy_status(ctx.tables.strategies, ctx.code, ctx.today)
    if st not in ("lapsing", "lapsed"):
        return None
    end = strategy_end(row)
    due = end if st == "lapsing" else deadline(ctx.today, 6)  # renewed before it runs out
    return due, ctx.m(f"front.a.strategy_{st}", end=day(ctx, end))


def _relation_rule(ctx: ReportContext, rel: pd.DataFrame, key: str, months: int):
    if not len(rel):
        return None
    return deadline(ctx.today, months), ctx.m.plural(key, len(rel), names=names(ctx, rel["partner_name"]))


def act_lapsed(ctx: ReportContext):
    return _relation_rule(ctx, ctx.relations[ctx.relations["status"] == vocab.LAPSED], "front.a.lapsed", 3)


def act_unverified(ctx: ReportContext):
    return _relation_rule(ctx, vocab.unverified(ctx.relations), "front.a.unverified", 3)


def act_dormant(ctx: ReportContext):
    return _relation_rule(ctx, engagement.dormant_relations(ctx.relations, ctx.acts, ctx.today), "front.a.dormant", 6)


def act_suspended(ctx: ReportContext):
    return _relation_rule(ctx, ctx.relations[ctx.relations["status"] == vocab.SUSPENDED], "front.a.suspended", 6)


def act_publish(ctx: ReportContext):
    if ctx.profile["relations_all"] and coverage_outcome(ctx) not in (None, vocab.FULL_LIST):
        return deadline(ctx.today, 6), ctx.m("front.a.publish")
    return None


def act_intake(ctx: ReportContext):
    n = ctx.profile["relations"]
    if ctx.acts is not None and len(ctx.acts):
        return None
    key = "front.a.intake_none" if n == 0 else "front.a.intake"
    return deadline(ctx.today, 3), ctx.m.plural(key, n)


def act_strategy_missing(ctx: ReportContext):
    st, _ = recommend.strategy_status(ctx.tables.strategies, ctx.code, ctx.today)
    if st in ("none", "undated") and ctx.profile["relations"]:
        return deadline(ctx.today, 12), ctx.m(f"front.a.strategy_{st}")
    return None


def act_start(ctx: ReportContext):
    """No current relation: learn from the comparable municipalities that have some, then decide."""
    if ctx.profile["relations"]:
        return None
    with_rel = ctx.peers[ctx.peers["relations"] > 0]["name"]
    key = "front.a.start_peers" if len(with_rel) else "front.a.start"
    return deadline(ctx.today, 12), ctx.m(key, peers=names(ctx, with_rel))


def act_suggest(ctx: ReportContext):
    sug = recommend.partner_suggestions(ctx.tables.relations, ctx.code, list(ctx.peers["code"]))
    if not len(sug):
        return None
    top = sug.iloc[0]
    return deadline(ctx.today, 12), ctx.m.plural("front.a.suggest", int(top["peers"]),
                                                 country=ctx.m.country(top["partner_country"]))


def act_review(ctx: ReportContext):
    if not ctx.profile["relations"]:
        return None
    return deadline(ctx.today, 12), ctx.m.plural("front.a.review", ctx.profile["relations"])


RULES = (act_strategy, act_lapsed, act_unverified, act_dormant, act_suspended, act_start, act_publish,
         act_intake, act_strategy_missing, act_suggest, act_review)


def actions(ctx: ReportContext, k: int = 3) -> list[tuple[dt.date, str]]:
    """The first k rules that apply, sorted by deadline."""
    chosen = []
    for rule in RULES:
        found = rule(ctx)
        if found:
            chosen.append(found)
        if len(chosen) == k:
            break
    return sorted(chosen, key=lambda a: a[0])


def action_texts(ctx: ReportContext) -> list[str]:
    return [ctx.m("front.a.by", date=day(ctx, due), text=text) for due, text in actions(ctx)]
