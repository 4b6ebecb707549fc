"""The activities section: the municipality's activity mix against the 2017 survey, and its travel."""

from __future__ import annotations

import pandas as pd

from .. import intake, survey
from . import blocks as b
from .context import ReportContext
from .front import heading


def activities(ctx: ReportContext) -> dict:
    m, num = ctx.m, b.Numbers(ctx.lang)
    shares = survey.load()["activities"]["shares"]
    national = {a["key"]: a for a in shares}

    def nat(key):
        a = national[key]
        return (m("act.over") if a.get("note") == "mere end halvdelen" else "") + num.pct(a["share"], 1)

    if ctx.acts is None or ctx.acts.empty:
        df = pd.DataFrame({m("col.activity"): [m(f"act.{a['key']}") for a in shares],
                           m("col.national_2017"): [nat(a["key"]) for a in shares]})
        return b.section("activities", *heading(ctx, "activities"), [
            b.para(m("act.none", name=ctx.name)), b.table(df, numeric=(m("col.national_2017"),)),
            b.para(m("act.invite"))])
    mix = intake.activity_mix(ctx.acts)
    cols = [m("col.activity"), m("col.relations_n"), m("col.share_here"), m("col.national")]
    df = pd.DataFrame({cols[0]: mix["key"].map(lambda k: m(f"act.{k}")), cols[1]: mix["relations"].map(num.n),
                       cols[2]: mix["share"].map(num.pct), cols[3]: mix["key"].map(nat)})
    out = [b.para(m("act.intro", n=len(ctx.acts))), b.table(df, numeric=tuple(cols[1:]))]
    return b.section("activities", *heading(ctx, "activities"), out + travel_ledger(ctx))


def travel_ledger(ctx: ReportContext) -> list[dict]:
    trav, m, num = ctx.travel, ctx.m, b.Numbers(ctx.lang)
    if trav is None or not len(trav):
        return []
    names = dict(zip(ctx.relations["relation_id"], ctx.relations["partner_name"], strict=True))
    led = trav.assign(partner=trav["relation_id"].map(names)).sort_values(["year", "partner"])
    tc = [m("col.year"), m("col.partner"), m("col.trips"), m("col.participants"), m("col.cost")]
    ledger = pd.DataFrame({tc[0]: led["year"].map(num.year), tc[1]: led["partner"], tc[2]: led["trips"].map(num.n),
                           tc[3]: led["participants"].map(num.n), tc[4]: led["cost_dkk"].map(num.n)})
    total = m("act.travel_total", trips=num.n(trav["trips"].sum()), participants=num.n(trav["participants"].sum()),
              cost=num.n(trav["cost_dkk"].sum()))
    return [b.subheading(m("act.travel")), b.table(ledger, numeric=tuple(tc[2:])), b.para(total)]
