"""The 2017 survey point by point against today's data, the regions and the spread per municipality."""

from __future__ import annotations

import pandas as pd
from babel.lists import format_list

from twinlib.analysis import national as an
from twinlib.figures import maps
from twinlib.figures.choropleth import CLASSES
from twinlib.names import collation_key
from twinlib.report import blocks as b
from twinlib.report.national.context import NationalContext
from twinlib.report.national.words import (
    estimate_text,
    heading,
    joined,
    num,
    region,
    region_short,
    survey_figures,
    yes_no,
)


def _same(ctx: NationalContext, then, now) -> str:
    return ctx.m("nat.survey.same" if then == now else "nat.survey.changed")


def survey_rows(ctx: NationalContext) -> list[tuple[str, str, str, str]]:
    """(point, 2017, today, remark) for each headline of the survey that public data can check."""
    m, n, t, s = ctx.m, num(ctx), ctx.tables, survey_figures()
    p = an.survey_points(t.municipalities, t.relations)
    low, high = s["many_range"]["value"]
    spread = an.spread(ctx.per_muni, low, high)
    reg = s["regions"]
    fewest_then = [region(ctx, r) for r in reg["fewest"]["value"]]
    fewest_now = [region(ctx, r) for r in p["fewest"]]
    return [
        (m("nat.survey.total"), n.n(s["relations_total"]["value"]),
         m("nat.survey.total.now", confirmed=n.n(p["confirmed"]), unverified=n.n(p["unverified"])),
         m("nat.survey.total.note", estimate=estimate_text(ctx), level=n.pct(ctx.estimate["level"]))),
        (m("nat.survey.asia"), m("nat.survey.asia.then", n=s["asia_about"]["value"]), n.n(p["asia"]),
         m("nat.survey.asia.note", china=n.n(p["china"]))),
        (m("nat.survey.usa"), n.n(s["usa"]["value"]), n.n(p["usa"]), ""),
        (m("nat.survey.nordic"), m("nat.survey.nordic.then"), n.pct(p["nordic"] / max(p["confirmed"], 1)),
         m("nat.survey.nordic.note", europe=n.pct(p["europe"] / max(p["confirmed"], 1)))),
        (m("nat.survey.top"), m("nat.survey.top.then", n=s["top_over"]["value"]),
         f"{p['top']['name']}: {n.n(p['top']['relations'])}", m("nat.survey.top.note")),
        (m("nat.survey.many", low=low, high=high), m("nat.survey.many.then"),
         m("nat.survey.many.now", n=n.n(spread["in_range"])),
         m("nat.survey.many.note", median=n.n(spread["median"], 1))),
        (m("nat.survey.most_total"), region(ctx, reg["most_total"]["value"]), region(ctx, p["most_total"]),
         _same(ctx, reg["most_total"]["value"], p["most_total"])),
        (m("nat.survey.most_per"), region(ctx, reg["most_per_municipality"]["value"]),
         region(ctx, p["most_per_municipality"]),
         _same(ctx, reg["most_per_municipality"]["value"], p["most_per_municipality"])),
        (m("nat.survey.fewest"), joined(ctx, fewest_then), joined(ctx, fewest_now),
         _same(ctx, sorted(reg["fewest"]["value"]), sorted(p["fewest"]))),
        (m("nat.survey.activities"), m("nat.survey.activities.then"), m("nat.survey.cannot"),
         m("nat.survey.activities.note")),
    ]


def estimate_method(ctx: NationalContext) -> list[dict]:
    e, m, n = ctx.estimate, ctx.m, num(ctx)
    c = e["sample"]
    return [b.subheading(m("nat.estimate.heading")),
            b.para(m("nat.estimate.method", n=n.n(c["n"]), unverified=n.n(e["unverified"]), live=n.n(c["live"]),
                     unknown=n.n(c["unknown"]), outside=n.n(e["outside_sample"]), share=n.pct(e["live_share"], 1),
                     estimate=estimate_text(ctx), level=n.pct(e["level"]), confirmed=n.n(e["confirmed"]))),
            b.para(m("nat.estimate.sensitivity", high=n.n(e["high_assumption"])), "note")]


def survey(ctx: NationalContext) -> dict:
    m = ctx.m
    df = pd.DataFrame(survey_rows(ctx), columns=[m("nat.col.point"), m("nat.col.then"), m("nat.col.now"),
                                                 m("nat.col.remark")])
    return b.section("survey", *heading(ctx, "survey"),
                     [b.table(df, widths=[1.3, 0.9, 1.2, 2.2]), *estimate_method(ctx)])


def regions(ctx: NationalContext) -> dict:
    m, n = ctx.m, num(ctx)
    reg = an.region_table(ctx.tables.municipalities, ctx.tables.relations)
    labels = [region(ctx, r) for r in reg["region"]]
    df = pd.DataFrame({m("nat.col.region"): reg["region"].map(lambda r: region_short(ctx, r)),
                       m("nat.col.municipalities"): reg["municipalities"].map(n.n),
                       m("nat.col.population"): reg["population"].map(n.n),
                       m("nat.col.relations"): reg["relations"].map(n.n),
                       m("nat.col.per_municipality"): reg["per_municipality"].map(lambda v: n.n(v, 1)),
                       m("nat.col.per_10k"): reg["per_10k"].map(lambda v: n.n(v, 2)),
                       m("nat.col.with_relations"): reg["with_relations"].map(n.n),
                       m("nat.col.unverified"): reg["unverified"].map(n.n)})
    panels = [{"title": m("nat.regions.chart.count"), "max": float(reg["relations"].max()) * 1.25,
               "series": [b.series(reg["relations"], reg["relations"].map(n.n), ["main"] * len(reg))]},
              {"title": m("nat.regions.chart.per_10k"), "max": float(reg["per_10k"].max()) * 1.25,
               "series": [b.series(reg["per_10k"], reg["per_10k"].map(lambda v: n.n(v, 2)), ["accent"] * len(reg))]}]
    return b.section("regions", *heading(ctx, "regions"), [
        b.bars(labels, panels, f"{m('figure')}: {m('nat.regions.caption')}", f"{m('source')}: {m('nat.source.data')}"),
        b.table(df, numeric=tuple(df.columns[1:])),
        b.para(m("nat.regions.note"), "note")])


def map_alt(ctx: NationalContext) -> str:
    """What the choropleth shows, for a screen reader: how many municipalities fall in each shade."""
    m, counts = ctx.m, ctx.per_muni["relations"].astype(int)
    labels = [label for _, _, label in CLASSES[:-1]] + [m("map.legend.over")]  # as the legend reads
    classes = [m.plural("alt.dk.class", int(counts.between(lo, hi).sum()), label=label)
               for (lo, hi, _), label in zip(CLASSES, labels, strict=True)]
    return m("nat.alt.dk", n=len(counts), classes=format_list(classes, locale=ctx.lang))


def denmark_map(ctx: NationalContext) -> dict:
    m = ctx.m
    fig = maps.denmark_choropleth(ctx.per_muni, "", ctx.data_dir,
                                  legend=(m("map.legend.title"), m("map.legend.self"), m("map.legend.over")))
    return b.figure(fig, f"{m('figure')}: {m('nat.dist.map')}{m('maps.inset')}", f"{m('source')}: {m('dk.source')}",
                    alt=map_alt(ctx), width=0.66)


def distribution(ctx: NationalContext) -> dict:
    m, n, per = ctx.m, num(ctx), ctx.per_muni
    bands = an.band_counts(per)
    spread = an.spread(per, *survey_figures()["many_range"]["value"])
    panel = {"title": None, "max": float(bands["municipalities"].max()) * 1.2,
             "series": [b.series(bands["municipalities"], bands["municipalities"].map(n.n), ["main"] * len(bands))]}
    top = per.sort_values(["relations", "name"], ascending=[False, True]).head(10)
    df = pd.DataFrame({m("nat.col.municipality"): top["name"],
                       m("nat.col.region"): top["region"].map(lambda r: region_short(ctx, r)),
                       m("nat.col.relations"): top["relations"].map(n.n),
                       m("nat.col.per_10k"): top["per_10k"].map(lambda v: n.n(v, 2))})
    return b.section("distribution", *heading(ctx, "distribution"), [
        b.para(m("nat.dist.lead", median=n.n(spread["median"], 1), mean=n.n(spread["mean"], 1),
                 none=n.n(spread["none"]), total=n.n(spread["municipalities"]), top=joined(ctx, spread["top"]),
                 max=n.n(spread["max"]))),
        b.bars([m("nat.dist.band", band=x) for x in bands["band"]], [panel],
               f"{m('figure')}: {m('nat.dist.caption')}", f"{m('source')}: {m('nat.source.data')}",
               axis_label=m("nat.dist.axis")),
        denmark_map(ctx),
        b.subheading(m("nat.dist.top")),
        b.table(df, numeric=(m("nat.col.relations"), m("nat.col.per_10k")))])


def municipalities(ctx: NationalContext) -> dict:
    """Every municipality in one table, in alphabetical order: the reader finds their own."""
    m, n, t = ctx.m, num(ctx), ctx.tables
    rows = an.municipality_table(ctx.per_muni, t.relations, t.policies)
    rows = rows.sort_values("name", key=lambda s: s.map(collation_key), ignore_index=True)
    df = pd.DataFrame({m("nat.col.municipality"): rows["name"],
                       m("nat.col.region"): rows["region"].map(lambda r: region_short(ctx, r)),
                       m("nat.col.relations"): rows["relations"].map(n.n),
                       m("nat.col.per_10k"): rows["per_10k"].map(lambda v: n.n(v, 2)),
                       m("nat.col.unverified"): rows["unverified"].map(n.n),
                       m("nat.col.ended"): rows["ended"].map(n.n),
                       m("nat.col.policy"): rows["policy"].map(lambda v: yes_no(ctx, v))})
    return b.section("municipalities", *heading(ctx, "municipalities"), [
        b.table(df, numeric=tuple(df.columns[2:6]), widths=[1.4, 1.1, 0.8, 0.9, 0.9, 0.8, 0.8])])
