"""The front of the report: cover, summary, and the municipality's twin towns (table and map)."""

from __future__ import annotations

import pandas as pd

from twinlib import fmt, vocab
from twinlib.figures import maps
from twinlib.report import alt_text, brief, decisions
from twinlib.report import blocks as b
from twinlib.report.context import ReportContext
from twinlib.report.outline import ORDER
from twinlib.report.words import heading

SOURCE_KEY = {"wikipedia-en-dk": "src.wikipedia", "wikipedia-en-reverse": "src.wikipedia",
              "wikidata-2017": "src.wikidata", "curated": "src.curated"}


def region_name(ctx: ReportContext) -> str:
    """The region's official name in the report's language ('Region Syddanmark', 'Region Zealand')."""
    return ctx.m.texts.get(f"front.region.{ctx.muni['region']}", str(ctx.muni["region"]))


def cover(ctx: ReportContext) -> dict:
    p, m, num = ctx.profile, ctx.m, b.Numbers(ctx.lang)
    closed = p["relations_all"] - p["official"] - p["unverified"]
    rows = [(m("cover.date"), fmt.date(ctx.today, locale=ctx.lang)),
            (m("front.cover.confirmed"), num.n(p["official"])),
            (m("front.cover.unverified"), num.n(p["unverified"])),
            (m("front.cover.closed"), num.n(closed)),
            (m("cover.code"), ctx.code)]
    sub = m("front.cover.sub", region=region_name(ctx), population=num.n(p["population"]),
            year=int(ctx.muni["population_year"]))
    return b.section("cover", None, None, [b.cover(m("cover.kicker"), ctx.official, sub, rows,
                                                   m("front.colophon"))])


def key_figures(ctx: ReportContext) -> dict:
    p, m, num = ctx.profile, ctx.m, b.Numbers(ctx.lang)
    return b.facts([
        (m("key.relations"), num.n(p["relations"])),
        (m("key.per_10k"), num.n(p["per_10k"], 2)),
        (m("key.rank"), brief.rank(ctx, p["rank_national"], p["tied_national"])),
        (m("front.key.rank_region", region=region_name(ctx)),
         m("front.rank.of", rank=brief.rank(ctx, p["rank_region"], p["tied_region"]), size=p["region_size"])),
        (m("key.medians"), f"{brief.median_text(ctx, p['national_median'])} / "
                           f"{brief.median_text(ctx, p['region_median'])}"),
        (m("key.countries"), f"{p['countries']} / {p['world_regions']}"),
        (m("key.official"), num.n(p["unverified"])),
    ])


def contents(ctx: ReportContext) -> dict:
    """The table of contents: Typst builds it (with page numbers); the HTML edition links the entries."""
    keys = [k for k in ORDER if k not in ("cover", "summary")]
    return {"type": "toc", "title": ctx.m("front.toc"),
            "entries": [[k, ctx.m("front.heading.method") if k == "method" else ctx.m(f"heading.{k}")]
                        for k in keys]}


def summary(ctx: ReportContext) -> dict:
    """The executive summary: key figures, three findings, the leadership's decisions, 2017, the limits."""
    m = ctx.m
    return b.section("summary", *heading(ctx, "summary"), [
        key_figures(ctx),
        b.subheading(m("front.h.findings")), b.items(brief.findings(ctx), "numbered"),
        *leadership(ctx),
        b.subheading(m("front.h.trend")), b.para(brief.trend(ctx)),
        b.subheading(m("front.h.limits")), b.items(brief.limits(ctx)),
        contents(ctx)])


def leadership(ctx: ReportContext) -> list[dict]:
    """At most three decisions for the council (the block with style 'actions'), or a line saying
    the data points to none: never padded with chores (those are in the checklist)."""
    texts = decisions.decision_texts(ctx)
    if not texts:
        return [b.subheading(ctx.m("front.h.decisions")), b.para(ctx.m("front.h.no_decisions"))]
    return [b.subheading(ctx.m("front.h.decisions")), b.items(texts, "actions")]


def intake_years(ctx: ReportContext, rel: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Start and end years: the municipality's own intake where it gave them, else the sources'."""
    since, ended = rel["established_year"], rel["ended_year"]
    if ctx.acts is not None and len(ctx.acts):
        acts = ctx.acts.drop_duplicates("relation_id").set_index("relation_id")
        for col, mine in (("active_from", "since"), ("active_to", "ended")):
            if col in acts:
                given = pd.to_numeric(rel["relation_id"].map(acts[col]), errors="coerce")
                if mine == "since":
                    since = given.where(given.notna(), since)
                else:
                    ended = given.where(given.notna(), ended)
    return since, ended


def partner_rows(ctx: ReportContext, rel: pd.DataFrame, closed: bool = False) -> dict:
    """The partner table: town (with the Danish-side town), country, since (and ended), status, evidence."""
    m, num = ctx.m, b.Numbers(ctx.lang)

    def sources(ids, grade) -> str:
        shown = [s for s in str(ids).split(";") if not (s == vocab.CURATED_SOURCE and grade == vocab.PUBLIC_GRADE)]
        return ", ".join(dict.fromkeys(m(SOURCE_KEY[s]) if s in SOURCE_KEY else statement(m, s) for s in shown))

    since, ended = intake_years(ctx, rel)
    cols = {
        m("col.partner"): [partner_label(m, r) for r in rel.itertuples(index=False)],
        m("col.country"): rel["partner_country"].map(m.country),
        m("col.since"): since.map(num.year),
    }
    if closed:
        cols[m("front.col.ended")] = ended.map(num.year)
    cols |= {
        m("col.status"): rel["status"].map(lambda st: m.texts.get(f"status.{st}", st)),
        m("col.grade"): rel["evidence_grade"],
        m("col.evidence_date"): rel["evidence_date"].map(lambda d: "–" if pd.isna(d) else str(d)[:4]),
        m("col.source"): [sources(i, g) + (f" ({m(f'src.class.{c}')})" if isinstance(c, str) else "")
                          for i, g, c in zip(rel["source_ids"], rel["evidence_grade"], rel["source_class"],
                                             strict=True)],
    }
    widths = [2.2, 1.4, 0.7] + ([0.7] if closed else []) + [1.1, 0.8, 0.9, 2.2]
    return b.table(pd.DataFrame(cols), widths=widths)


def statement(m, source: str) -> str:
    """The municipality's own statement ('kommunens oplysning (rolle, dato)') in the report's language."""
    if source.startswith(vocab.MUNICIPALITY_STATEMENT):
        return m("src.statement") + source[len(vocab.MUNICIPALITY_STATEMENT):]
    return source


def partner_label(m, r) -> str:
    """'Oppegård (nu del af Nordre Follo (2020))', with the Danish-side town where it differs."""
    name = m("partners.today", name=r.partner_name, today=r.partner_today) if isinstance(
        getattr(r, "partner_today", None), str) else r.partner_name
    return name + (f" (via {r.local_place})" if isinstance(r.local_place, str) else "")


def status_notes(ctx: ReportContext, rel: pd.DataFrame) -> list[dict]:
    """What the curation found that changes how the list reads: the municipality's own word, lapsed
    time-limited agreements, links kept alive by an association rather than the municipality."""
    m = ctx.m
    out = [b.para(brief.stance(ctx))] if brief.stance(ctx) else []
    out += [b.para(s) for s in brief.lapsed_sentences(ctx)]
    assoc = int((rel["kind"] == "association").sum())
    if assoc:
        out.append(b.para(m.plural("front.partners.association", assoc)))
    return out


def partners(ctx: ReportContext) -> dict:
    everything, m = ctx.relations, ctx.m
    if everything.empty:
        return b.section("partners", *heading(ctx, "partners"),
                         [b.para(m("front.partners.none", owner=ctx.official))])
    rel = vocab.current(everything)
    assoc = vocab.associations(everything)
    other = everything[~vocab.is_current(everything) & vocab.is_held(everything)]
    note = m.plural("front.partners.note", len(rel)) if len(rel) else m("front.partners.note_zero")
    if rel["local_place"].notna().any():
        note += " " + m("front.partners.via")
    out = status_notes(ctx, rel) + ([partner_rows(ctx, rel)] if len(rel) else []) + [b.para(note)]
    if len(assoc):
        out += [b.subheading(m("partners.assoc")), partner_rows(ctx, assoc, closed=True),
                b.para(m("partners.assoc_note"), "note")]
    if len(other):
        out += [b.subheading(m("partners.other")), partner_rows(ctx, other, closed=True),
                b.para(m("partners.other_note"), "note")]
    return b.section("partners", *heading(ctx, "partners"), out + [partner_map(ctx)])


def partner_map(ctx: ReportContext) -> dict:
    """Arcs to the counted (current) partners only; the caption says how many other links the map
    leaves out, so that nothing drawn contradicts the figures."""
    m = ctx.m
    left_out = int(vocab.is_unverified(ctx.relations).sum())
    rel = vocab.current(ctx.relations).assign(unverified=False)
    if not len(rel):
        return b.para(m("map.none"))
    origin = (float(ctx.muni["lon"]), float(ctx.muni["lat"]))
    png, view, unlabelled = maps.partner_map_png(origin, rel, ctx.data_dir,
                                                 panel_titles=(m("map.panel.world"), m("map.panel.europe")))
    missing = int(rel["partner_lat"].isna().sum())
    parts = [m("front.map.caption", owner=m("front.genitive", name=ctx.official), view=m(f"map.view.{view}"))]
    if missing:
        parts.append(m.plural("front.map.missing", missing))
    if unlabelled:
        parts.append(m.plural("front.map.unlabelled", unlabelled))
    if left_out:
        parts.append(m.plural("front.map.unverified", left_out))
    return b.figure_png(png, f"{m('figure')}: {' '.join(parts)}", f"{m('source')}: {m('map.source')}",
                        alt=alt_text.partner_map(m, ctx.official, rel))
