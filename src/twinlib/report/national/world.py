"""Where the partners are (world regions and countries) and how the relations came and went since 2007."""

from __future__ import annotations

import pandas as pd

from twinlib import vocab
from twinlib.analysis import national as an
from twinlib.report import blocks as b
from twinlib.report.national.context import NationalContext
from twinlib.report.national.words import heading, joined, num


def world(ctx: NationalContext) -> dict:
    m, n, rel = ctx.m, num(ctx), ctx.tables.relations
    wr = an.world_region_table(rel)
    panel = {"title": None, "max": float(wr["share"].max()) * 1.2 + 0.01,
             "series": [b.series(wr["share"], [f"{n.pct(s)} ({n.n(c)})" for s, c in zip(wr["share"], wr["relations"],
                                                                                        strict=True)],
                                 ["main"] * len(wr))]}
    empty = [m.world_region(r) for r, c in zip(wr["world_region"], wr["relations"], strict=True) if c == 0]
    countries = an.country_table(rel)
    df = pd.DataFrame({m("nat.col.country"): countries["partner_country"].map(m.country),
                       m("nat.col.world_region"): countries["world_region"].map(m.world_region),
                       m("nat.col.relations"): countries["relations"].map(n.n),
                       m("nat.col.municipalities"): countries["municipalities"].map(n.n)})
    total = int(wr["relations"].sum())
    return b.section("world", *heading(ctx, "world"), [
        b.bars(list(wr["world_region"].map(m.world_region)), [panel], f"{m('figure')}: {m('nat.world.caption')}",
               f"{m('source')}: {m('nat.source.data')}", axis_label=m("nat.world.axis")),
        b.para(m("nat.world.lead", countries=n.n(vocab.current(rel)["partner_country"].nunique()), total=n.n(total),
                 empty=joined(ctx, empty) if empty else m("nat.world.none_empty"))),
        b.subheading(m("nat.world.countries", n=len(countries))),
        b.table(df, numeric=(m("nat.col.relations"), m("nat.col.municipalities")))])


def change(ctx: NationalContext) -> dict:
    m, n, rel = ctx.m, num(ctx), ctx.tables.relations
    periods = an.start_periods(rel)
    dec = an.decade_counts(rel)
    panel = {"title": None, "max": float(dec["relations"].max()) * 1.2,
             "series": [b.series(dec["relations"], dec["relations"].map(n.n), ["main"] * len(dec))]}
    return b.section("change", *heading(ctx, "change"), [
        b.para(m("nat.change.lead", current=n.n(periods["current"]), before=n.n(periods["before"]),
                 since=n.n(periods["since"]), unknown=n.n(periods["unknown"]), reform=vocab.REFORM_YEAR)),
        b.bars([m("nat.change.decade", decade=d) for d in dec["decade"]], [panel],
               f"{m('figure')}: {m('nat.change.caption', known=n.n(int(dec['relations'].sum())))}",
               f"{m('source')}: {m('nat.source.data')}", axis_label=m("nat.change.axis")),
        b.para(m("nat.change.ended", ended=n.n(periods["ended"]), since=n.n(periods["ended_since"]),
                 unknown=n.n(periods["ended_unknown"]), reform=vocab.REFORM_YEAR)),
        b.para(m("nat.change.compare", total=n.n(an.survey_points(ctx.tables.municipalities, rel)["confirmed"])),
               "note")])
