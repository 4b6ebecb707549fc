"""The activities section: the municipality's activity mix against the 2017 survey, and its travel.

Only current relations (vocab.current) are counted; the mix is shown as a table and, beside it, as
a bar chart against the survey's national shares. Travel is summed per relation, with the cost per
relation and per participant.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from twinlib import intake
from twinlib.analysis import engagement
from twinlib.report import blocks as b
from twinlib.report.context import ReportContext
from twinlib.report.words import heading, official
from twinlib.tables import survey


def _national(ctx: ReportContext) -> tuple[list[dict], Callable]:
    """The survey's activity shares and a formatter: the survey's own words where it gave no exact
    share ('mere end halvdelen', '10–11 %'), else the share."""
    m, num = ctx.m, b.Numbers(ctx.lang)
    shares = survey.load()["activities"]["shares"]
    national = {a["key"]: a for a in shares}

    def nat(key):
        a = national[key]
        return m(f"act.worded.{a['worded']}") if a.get("worded") else num.pct(a["share"], 1)

    return shares, nat


def activities(ctx: ReportContext) -> dict:
    m = ctx.m
    shares, nat = _national(ctx)
    rows = engagement.current_intake(ctx.acts, ctx.relations, ctx.today)
    if not len(rows):
        df = pd.DataFrame({m("col.activity"): [m(f"act.{a['key']}") for a in shares],
                           m("col.national_2017"): [nat(a["key"]) for a in shares]})
        if ctx.profile["relations"] == 0:
            text, after = m("advice.act.norel", official=official(ctx)), []
        else:
            text, after = m("advice.act.none", official=official(ctx)), [b.para(m("advice.act.invite"))]
        return b.section("activities", *heading(ctx, "activities"),
                         [b.para(text), b.table(df, numeric=(m("col.national_2017"),)), *after])
    return b.section("activities", *heading(ctx, "activities"), activity_mix(ctx, rows) + travel_ledger(ctx))


def activity_mix(ctx: ReportContext, rows: pd.DataFrame) -> list[dict]:
    """Intro, table and chart of the share of current relations with each activity."""
    m, num = ctx.m, b.Numbers(ctx.lang)
    shares, nat = _national(ctx)
    mix = intake.activity_mix(rows)
    cols = [m("col.activity"), m("col.relations_n"), m("col.share_here"), m("col.national")]
    df = pd.DataFrame({cols[0]: mix["key"].map(lambda k: m(f"act.{k}")), cols[1]: mix["relations"].map(num.n),
                       cols[2]: mix["share"].map(num.pct), cols[3]: mix["key"].map(nat)})
    intro = m.plural("advice.act.intro", len(rows), dormant=int(rows["dormant"].sum()))
    return [b.para(intro), b.table(df, numeric=tuple(cols[1:])), activity_chart(ctx, mix, shares)]


def activity_chart(ctx: ReportContext, mix: pd.DataFrame, shares: list[dict]) -> dict:
    """Share of relations with each activity: the municipality against all Danish relations in 2017."""
    m, num = ctx.m, b.Numbers(ctx.lang)
    national = pd.Series({a["key"]: float(a["share"]) for a in shares})
    nat = mix["key"].map(national).fillna(0.0)
    top = max(float(mix["share"].max()), float(nat.max()))
    panel = {"title": None, "max": top * 1.15 + 0.01, "series": [
        b.series(mix["share"], mix["share"].map(num.pct), ["accent"] * len(mix), name=ctx.name),
        b.series(nat, nat.map(lambda v: num.pct(v, 1)), ["main"] * len(mix), name=m("advice.act.chart_nation"))]}
    return b.bars(list(mix["key"].map(lambda k: m(f"act.{k}"))), [panel],
                  f"{m('figure')}: {m('advice.act.caption', name=ctx.name)}",
                  f"{m('source')}: {m('advice.act.source')}", legend=True, axis_label=m("advice.act.axis"))


def travel_ledger(ctx: ReportContext) -> list[dict]:
    """Travel per relation with cost per participant, and the totals per relation and per participant."""
    m, num = ctx.m, b.Numbers(ctx.lang)
    names = dict(zip(ctx.relations["relation_id"], ctx.relations["partner_name"], strict=True))
    costs = engagement.travel_costs(ctx.travel, names)
    if not len(costs):
        return []
    years = [num.year(f) if f == la else f"{num.year(f)}–{num.year(la)}" for f, la in zip(costs["first"],
                                                                                        costs["last"], strict=True)]
    tc = [m("col.partner"), m("advice.col.years"), m("col.trips"), m("col.participants"), m("col.cost"),
          m("advice.col.per_participant")]
    ledger = pd.DataFrame({tc[0]: costs["partner"], tc[1]: years, tc[2]: costs["trips"].map(num.n),
                           tc[3]: costs["participants"].map(num.n), tc[4]: costs["cost_dkk"].map(num.n),
                           tc[5]: costs["per_participant"].map(lambda v: "–" if pd.isna(v) else num.n(v))})
    t = travel_totals_text(ctx, engagement.travel_totals(costs))
    return [b.subheading(m("act.travel")), b.table(ledger, numeric=tuple(tc[2:])), b.para(t)]


def travel_totals_text(ctx: ReportContext, t: dict) -> str:
    m, num = ctx.m, b.Numbers(ctx.lang)

    def n(v):
        return "–" if v is None else num.n(v)

    return m.plural("advice.travel_total", t["relations"], trips=n(t["trips"]), participants=n(t["participants"]),
                    cost=n(t["cost"]), per_relation=n(t["per_relation"]), per_participant=n(t["per_participant"]))
