"""The middle of the report: comparison with peers, region and nation; geography; activities."""

from __future__ import annotations

import pandas as pd

from twinlib.analysis import metrics, peers
from twinlib.figures import maps
from twinlib.report import alt_text
from twinlib.report import blocks as b
from twinlib.report.brief import region_mid
from twinlib.report.context import ReportContext
from twinlib.report.words import heading


def _benchmark_rows(ctx: ReportContext) -> pd.DataFrame:
    """The chart's rows (label, relations, per_10k, kind): the municipality, its peers, the medians of
    its region and the nation. Built from plain rows: only the four columns the chart draws."""
    per, m, region = ctx.per_muni, ctx.m, ctx.muni["region"]
    me = per[per["code"] == ctx.code]
    reg = per[per["region"] == region]
    rows = [(ctx.name, n, k, "self") for n, k in zip(me["relations"], me["per_10k"], strict=True)]
    rows += [(name, n, k, "peer") for name, n, k in
             zip(ctx.peers["name"], ctx.peers["relations"], ctx.peers["per_10k"], strict=True)]
    rows += [(m("bench.median_region", region=region), reg["relations"].median(), reg["per_10k"].median(), "median"),
             (m("bench.median_nation"), per["relations"].median(), per["per_10k"].median(), "median")]
    return pd.DataFrame(rows, columns=["label", "relations", "per_10k", "kind"])


def _peer_table(ctx: ReportContext) -> dict:
    """The peers with the figures the rule uses, their shared-aware rank and why each was chosen."""
    m, num, pr = ctx.m, b.Numbers(ctx.lang), ctx.peers
    c = {k: m(f"col.{k}") for k in ("kommune", "region", "population", "relations", "per_10k", "outside")}
    c |= {k: m(f"peers.col.{k}") for k in ("density", "rank", "why")}
    df = pd.DataFrame({
        c["kommune"]: pr["name"], c["region"]: pr["region"], c["population"]: pr["population"].map(num.n),
        c["density"]: pr["density"].map(num.n), c["relations"]: pr["relations"].map(num.n),
        c["rank"]: [metrics.rank_text(r, t, m) for r, t in zip(pr["rank_national"], pr["tied_national"], strict=True)],
        c["outside"]: pr["outside_europe"].map(num.n),
        c["why"]: [peers.why_text(row, m) for _, row in pr.iterrows()]})
    numeric = tuple(c[k] for k in ("population", "density", "relations", "rank", "outside"))
    return b.table(df, numeric=numeric, widths=[1.3, 1.25, 1.05, 0.95, 1.45, 1.1, 1.0, 2.45])


def _distribution_table(ctx: ReportContext) -> dict:
    m, num, region = ctx.m, b.Numbers(ctx.lang), ctx.muni["region"]
    c = {k: m(f"col.{k}") for k in ("scope", "municipalities", "q1", "median", "q3", "max")}
    dist = ctx.distribution
    dist = dist[dist["scope"].isin(["Hele landet", f"Region {region}"])]
    dist_df = pd.DataFrame({c["scope"]: dist["scope"].map(lambda x: m("scope.nation") if x == "Hele landet" else x),
                            c["municipalities"]: dist["n"].map(num.n),
                            c["q1"]: dist["q1"].map(lambda v: num.n(v, 1)),
                            c["median"]: dist["median"].map(lambda v: num.n(v, 1)),
                            c["q3"]: dist["q3"].map(lambda v: num.n(v, 1)), c["max"]: dist["max"].map(num.n)})
    return b.table(dist_df, numeric=tuple(c[k] for k in c if k != "scope"))


def comparison_text(ctx: ReportContext) -> str:
    """Where the municipality ranks (shared ranks said as shared) and the rule that chose its peers."""
    p, m, num = ctx.profile, ctx.m, b.Numbers(ctx.lang)
    ranks = {"rank": metrics.rank_text(p["rank_national"], p["tied_national"], m),
             "rank10k": metrics.rank_text(p["rank_per_10k"], p["tied_per_10k"], m),
             "rank_region": metrics.rank_text(p["rank_region"], p["tied_region"], m)}
    weights = {f"w_{k}": num.pct(peers.WEIGHTS[f]) for k, f in
               (("pop", "log_population"), ("density", "log_density"), ("band", "band"))}
    return (m("peers.text", name=ctx.name, n=p["n_municipalities"], region=ctx.muni["region"],
              size=p["region_size"], **ranks)
            + m("peers.rule", k=len(ctx.peers), name=ctx.name, **weights))


def comparison(ctx: ReportContext) -> dict:
    m = ctx.m
    chart = benchmark_chart(ctx, _benchmark_rows(ctx))
    dk = maps.denmark_choropleth_png(ctx.per_muni, ctx.code, ctx.data_dir,
                                     legend=(m("map.legend.title"), m("map.legend.self"), m("map.legend.over")))
    return b.section("comparison", *heading(ctx, "comparison"), [
        b.para(comparison_text(ctx)),
        chart,
        b.subheading(m("bench.peers")), _peer_table(ctx),
        b.subheading(m("bench.distribution")), _distribution_table(ctx),
        b.figure_png(dk, f"{m('figure')}: {m('dk.caption', name=ctx.name)}{m('maps.inset')}",
                     f"{m('source')}: {m('dk.source')}", width=0.66,
                     alt=alt_text.choropleth(m, ctx.official, ctx.per_muni, ctx.code))])


def benchmark_chart(ctx: ReportContext, rows: pd.DataFrame) -> dict:
    """Relations and relations per 10,000 inhabitants: the municipality, its peers, the medians."""
    m, num = ctx.m, b.Numbers(ctx.lang)
    def label(v: float, dec: int) -> str:  # a median of 4.5 prints as 4,5, never rounded to 4
        return num.n(v, 0 if dec == 0 and float(v).is_integer() else max(dec, 1))

    panels = [{"title": m(key), "max": max(float(rows[col].max()) * 1.25, 1.0),
               "series": [b.series(rows[col], [label(v, dec) for v in rows[col]], rows["kind"])]}
              for key, col, dec in (("bench.chart.count", "relations", 0), ("bench.chart.per_10k", "per_10k", 1))]
    return b.bars(list(rows["label"]), panels, f"{m('figure')}: {m('bench.caption', name=ctx.name)}",
                  f"{m('source')}: {m('bench.source')}")


def world_region_chart(ctx: ReportContext, mix: pd.DataFrame) -> dict:
    """Share of partners per world region: the municipality against all Danish (current) relations."""
    m, num = ctx.m, b.Numbers(ctx.lang)
    top = max(float(mix["share"].max()), float(mix["national_share"].max()))
    panel = {"title": None, "max": top * 1.15 + 0.01, "series": [
        b.series(mix["share"], mix["share"].map(num.pct), ["accent"] * len(mix), name=ctx.name),
        b.series(mix["national_share"], mix["national_share"].map(num.pct), ["main"] * len(mix),
                 name=m("geo.chart.all"))]}
    return b.bars(list(mix["world_region"].map(m.world_region)), [panel],
                  f"{m('figure')}: {m('geo.caption', name=ctx.name)}", f"{m('source')}: {m('geo.source')}",
                  legend=True, axis_label=m("geo.chart.axis"))


def geography(ctx: ReportContext) -> dict:
    mix, m, num = ctx.mix, ctx.m, b.Numbers(ctx.lang)
    if ctx.profile["relations"] == 0:
        intro = m("geo.none")
    else:
        top = mix.sort_values("count", ascending=False).iloc[0]
        intro = m("geo.intro", region=region_mid(ctx, top["world_region"]), share=num.pct(top["share"]),
                  national=num.pct(top["national_share"]))
    show = mix[(mix["count"] > 0) | (mix["national_count"] > 0)]
    cols = [m("col.world_region"), m("col.this"), m("col.share"), m("col.nation"), m("col.nation_share")]
    df = pd.DataFrame({cols[0]: show["world_region"].map(m.world_region), cols[1]: show["count"].map(num.n),
                       cols[2]: show["share"].map(num.pct), cols[3]: show["national_count"].map(num.n),
                       cols[4]: show["national_share"].map(num.pct)})
    out = [b.para(intro), b.table(df, numeric=tuple(cols[1:]))]
    if ctx.profile["relations"]:
        out.append(world_region_chart(ctx, show))
    return b.section("geography", *heading(ctx, "geography"), out)
