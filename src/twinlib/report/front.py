"""The front of the report: cover, summary, and the municipality's twin towns (table and map)."""

from __future__ import annotations

import pandas as pd

from .. import __version__, fmt, maps, vocab
from . import blocks as b
from .context import ReportContext

SOURCE_KEY = {"wikipedia-en-dk": "src.wikipedia", "wikipedia-en-reverse": "src.wikipedia",
              "wikidata-2017": "src.wikidata", "curated": "src.curated"}


def heading(ctx: ReportContext, key: str) -> tuple[str, str | None]:
    """A section heading and its intro (where the catalogue has one) in the report's language."""
    return ctx.m(f"heading.{key}"), ctx.m.texts.get(f"intro.{key}")


def cover(ctx: ReportContext) -> dict:
    p, m, num = ctx.profile, ctx.m, b.Numbers(ctx.lang)
    status = m("cover.none") if p["relations_all"] == 0 else m(
        "cover.some", official=p["official"], total=p["relations_all"], unverified=p["unverified"])
    rows = [(m("cover.date"), fmt.date(ctx.today, locale=ctx.lang)), (m("cover.status"), status),
            (m("cover.code"), ctx.code)]
    sub = m("cover.sub", region=ctx.muni["region"], population=num.n(p["population"]),
            year=int(ctx.muni["population_year"]))
    return b.section("cover", None, None, [b.cover(m("cover.kicker"), m("kommune", name=ctx.name), sub, rows,
                                                   m("cover.colophon", version=__version__))])


def summary(ctx: ReportContext) -> dict:
    p, m, num = ctx.profile, ctx.m, b.Numbers(ctx.lang)
    rows = [
        (m("key.relations"), num.n(p["relations"])),
        (m("key.per_10k"), num.n(p["per_10k"], 2)),
        (m("key.rank"), m("key.rank_value", rank=p["rank_national"])),
        (m("key.rank_region", region=ctx.muni["region"]),
         m("key.rank_region_value", rank=p["rank_region"], size=p["region_size"])),
        (m("key.medians"), f"{num.n(p['national_median'], 1)} / {num.n(p['region_median'], 1)}"),
        (m("key.countries"), f"{p['countries']} / {p['world_regions']}"),
        (m("key.official"), num.n(p["unverified"])),
    ]
    return b.section("summary", *heading(ctx, "summary"),
                     [b.facts(rows)] + [b.para(s, "lead") for s in summary_sentences(ctx)])


def summary_sentences(ctx: ReportContext) -> list[str]:
    p, m, name, num = ctx.profile, ctx.m, ctx.name, b.Numbers(ctx.lang)
    n, median = p["relations"], num.n(p["national_median"], 1)
    if n == 0:
        s1, s2 = m("sum.none1", name=name, median=median), m("sum.none2")
    else:
        cmp = m("sum.cmp.over") if n > p["national_median"] else (
            m("sum.cmp.under") if n < p["national_median"] else m("sum.cmp.at"))
        s1 = m("sum.s1", name=name, n=n, countries=p["countries"], rank=p["rank_national"], cmp=cmp, median=median)
        europe = ctx.mix["world_region"].isin(vocab.EUROPE)
        national_outside = 1 - ctx.mix.loc[europe, "national_share"].sum()
        s2 = m("sum.s2", nordic=p["nordic"], outside=p["outside_europe"], national=num.pct(national_outside))
    if p["relations_all"] and p["official"] == 0:
        s3 = m("sum.s3.none_official", total=p["relations_all"])
    elif p["relations_all"]:
        s3 = m("sum.s3.some", official=p["official"], total=p["relations_all"], unverified=p["unverified"])
    else:
        s3 = m("sum.s3.empty")
    return [s1, s2, s3]


def partner_rows(ctx: ReportContext, rel: pd.DataFrame) -> dict:
    """The partner table: town (with the Danish-side town), country, since, status, evidence, source."""
    m = ctx.m

    def sources(ids, grade) -> str:
        shown = [s for s in str(ids).split(";") if not (s == vocab.CURATED_SOURCE and grade == vocab.PUBLIC_GRADE)]
        return ", ".join(dict.fromkeys(m(SOURCE_KEY[s]) if s in SOURCE_KEY else s for s in shown))

    df = pd.DataFrame({
        m("col.partner"): [r.partner_name + (f" (via {r.local_place})" if isinstance(r.local_place, str) else "")
                           for r in rel.itertuples(index=False)],
        m("col.country"): rel["partner_country"].map(m.country),
        m("col.since"): rel["established_year"].map(b.Numbers(ctx.lang).year),
        m("col.status"): rel["status"].map(lambda st: m.texts.get(f"status.{st}", st)),
        m("col.grade"): rel["evidence_grade"],
        m("col.evidence_date"): rel["evidence_date"].map(lambda d: "–" if pd.isna(d) else str(d)[:4]),
        m("col.source"): [sources(i, g) for i, g in zip(rel["source_ids"], rel["evidence_grade"], strict=True)],
    })
    return b.table(df, widths=[2.2, 1.4, 0.7, 1.1, 0.8, 0.9, 2.2])


def partners(ctx: ReportContext) -> dict:
    everything, m = ctx.relations, ctx.m
    if everything.empty:
        return b.section("partners", *heading(ctx, "partners"), [b.para(m("partners.none", name=ctx.name))])
    rel = vocab.current(everything)
    other = everything[~vocab.is_current(everything)]
    out = ([partner_rows(ctx, rel)] if len(rel) else []) + [b.para(m("partners.note", n=len(rel)))]
    if len(other):
        out += [b.subheading(m("partners.other")), partner_rows(ctx, other), b.para(m("partners.other_note"), "note")]
    return b.section("partners", *heading(ctx, "partners"), out + [partner_map(ctx)])


def partner_map(ctx: ReportContext) -> dict:
    """Arcs to current partners; unverified links dashed grey; nothing else is drawn."""
    m = ctx.m
    shown = ctx.relations[vocab.is_current(ctx.relations) | (ctx.relations["status"] == vocab.UNVERIFIED)]
    rel = shown.assign(unverified=~vocab.is_current(shown))
    if not vocab.is_current(rel).any():
        return b.para(m("map.none"))
    origin = (float(ctx.muni["lon"]), float(ctx.muni["lat"]))
    fig, view = maps.partner_map(origin, rel, ctx.data_dir, panel_titles=(m("map.panel.world"), m("map.panel.europe")))
    missing = int(rel["partner_lat"].isna().sum())
    cap = (m("map.caption", name=ctx.name, view=m(f"map.view.{view}"))
           + (m("map.missing", n=missing) if missing else "")
           + (m("map.unverified", n=int(rel["unverified"].sum())) if rel["unverified"].any() else ""))
    return b.figure(fig, f"{m('figure')}: {cap}", f"{m('source')}: {m('map.source')}")
