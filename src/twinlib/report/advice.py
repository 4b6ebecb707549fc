"""The back of the report: strategy and networks, recommendations, sources and data quality."""

from __future__ import annotations

import pandas as pd

from .. import vocab
from ..analysis import recommend
from . import blocks as b
from .context import ReportContext
from .front import heading

SIGNAL_ORDER = {"gennemgå": 0, "bekræft": 1, "forny": 2, "behold": 3}


def flags_text(text, m) -> str:
    """The build's quality flag codes in the report's language."""
    words = []
    for code, details in vocab.flag_codes(text):
        key = f"flag.{code}"
        if key not in m.texts:
            words.append(code)
        elif code == vocab.FLAG_POINT_OUTSIDE and len(details) == 2:
            words.append(m(key, origin=details[0], country=m.country(details[1])))
        else:
            words.append(m(key))
    return "; ".join(words)


def strategy(ctx: ReportContext) -> dict:
    m = ctx.m
    st, row = recommend.strategy_status(ctx.tables.strategies, ctx.code, ctx.today)
    if st == "none":
        out = [b.para(m("strat.none", name=ctx.name))]
    else:
        val = {k: "–" if pd.isna(row[k]) else str(row[k]) for k in ("title", "adopted", "expires", "url")}
        out = [b.para(m("strat.line", **val))]
        if st != "current":
            out.append(b.para(m(f"strat.{st}"), "warning" if st in ("lapsed", "lapsing") else ""))
    ms = ctx.tables.memberships
    own = ms[ms["municipality_code"] == ctx.code]
    if own.empty:
        out.append(b.para(m("net.none")))
    else:
        out += [b.para(m("net.intro")),
                b.table(pd.DataFrame({m("col.network"): own["network"], m("col.source"): own["url"]}))]
    return b.section("strategy", *heading(ctx, "strategy"), out)


def recommendations(ctx: ReportContext) -> dict:
    m, num = ctx.m, b.Numbers(ctx.lang)
    items = recommend.assess(ctx.profile, ctx.peers, ctx.relations, ctx.tables.strategies, ctx.tables.memberships,
                             ctx.today, ctx.acts, lang=ctx.lang)
    out = [b.para(m("rec.intro"))]
    out += [b.light(i, a.title, a.status, m(f"light.{a.status}"), a.evidence, m("rec.next"), a.next_step)
            for i, a in enumerate(items, start=1)]
    pri = recommend.relation_priorities(ctx.relations, ctx.acts, ctx.today, m=m)
    if len(pri):
        pri = pri.assign(_o=pri["signal"].map(SIGNAL_ORDER)).sort_values(["_o", "partner_name"])
        out += [b.subheading(m("rec.priorities")), b.para(m("rec.priorities_intro")),
                b.table(pd.DataFrame({m("col.partner"): pri["partner_name"],
                                      m("col.country"): pri["partner_country"].map(m.country),
                                      m("col.signal"): pri["signal"].map(lambda x: m(f"signal.{x}")),
                                      m("col.reason"): pri["reason"]}))]
    sug = recommend.partner_suggestions(ctx.tables.relations, ctx.code, list(ctx.peers["code"]))
    if len(sug):
        out += [b.subheading(m("rec.suggestions")),
                b.table(pd.DataFrame({m("col.country"): sug["partner_country"].map(m.country),
                                      m("col.world_region"): sug["world_region"].map(m.world_region),
                                      m("col.peers"): sug["peers"].map(num.n), m("col.examples"): sug["examples"]}),
                        numeric=(m("col.peers"),))]
    pop = recommend.partners_of_partners(ctx.tables.relations, ctx.code)
    if len(pop):
        out += [b.subheading(m("rec.pop")), b.para(m("rec.pop_intro")),
                b.table(pd.DataFrame({m("col.town"): pop["partner_name"],
                                      m("col.country"): pop["partner_country"].map(m.country),
                                      m("col.via"): pop["via"]}))]
    return b.section("recommendations", *heading(ctx, "recommendations"), out)


def quality_flags(ctx: ReportContext) -> list[str]:
    m, rel = ctx.m, ctx.relations
    if not len(rel):
        flags = [m("dq.none")]
    else:
        flags = [m("dq.public", n=len(vocab.unverified(rel)), total=len(rel)),
                 m("dq.no_year", n=int(rel["established_year"].isna().sum()))]
        nocoord = rel[rel["partner_lat"].isna()]["partner_name"]
        if len(nocoord):
            flags.append(m("dq.no_coords", names=", ".join(nocoord)))
        flags += [f"{r.partner_name}: {flags_text(r.quality_flags, m)}."
                  for r in rel[rel["quality_flags"].notna()].itertuples(index=False)]
    cov = ctx.tables.coverage
    cov = cov[cov["municipality_code"] == ctx.code]
    if len(cov):
        c = cov.iloc[0]
        flags.append(m("dq.search", date=c["checked_on"], outcome=m.texts.get(f"outcome.{c['outcome']}",
                                                                             c["outcome"])))
    urls = sorted(set(rel["source_url"].dropna())) if len(rel) else []
    if urls:
        flags.append(m("dq.official_urls", urls="; ".join(urls)))
    return flags


def sources(ctx: ReportContext) -> dict:
    m = ctx.m
    listed = [m("src.item", title=r.title, publisher=r.publisher, licence=r.licence, url=r.url,
                retrieved=r.retrieved) for r in ctx.tables.sources.itertuples(index=False)]
    return b.section("sources", *heading(ctx, "sources"), [
        b.subheading(m("src.heading")), b.items(listed, "small"),
        b.subheading(m("dq.heading")), b.items(quality_flags(ctx)), b.para(m("dq.attribution"), "note")])
