"""The executive summary's words: three findings, three dated actions, the trend since 2017, the limits.

A leader reads page 2 and nothing else, so every sentence names this municipality's own figures,
partners and dates; generic advice is the last resort. Only current relations are counted
(`vocab.current`); the rest is named as what it is (unverified, lapsed, suspended, dormant).
"""

from __future__ import annotations

import calendar
import datetime as dt

from twinlib import fmt, vocab
from twinlib.analysis import engagement, metrics
from twinlib.report import blocks as b
from twinlib.report.context import ReportContext
from twinlib.tables import survey

WIKIDATA_2017 = "wikidata-2017"


def deadline(today: dt.date, months: int) -> dt.date:
    """The last day of the month `months` after today: a date a council can put in its plan."""
    y, mo = divmod(today.month - 1 + months, 12)
    year, month = today.year + y, mo + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def day(ctx: ReportContext, when: dt.date) -> str:
    """A date in the report's language whose day and month never split across lines."""
    return fmt.date(when, locale=ctx.lang).replace(" ", "\u00a0", 1)


def names(ctx: ReportContext, items, limit: int = 3) -> str:
    """'A, B og C' / 'A, B, C m.fl.': a short list of names for a sentence."""
    items = [str(x) for x in items]
    if len(items) > limit:
        return ctx.m("front.more", names=", ".join(items[:limit]))
    if len(items) <= 1:
        return "".join(items)
    return ctx.m("front.and", first=", ".join(items[:-1]), last=items[-1])


def region_mid(ctx: ReportContext, region: str) -> str:
    """A world region as written mid-sentence ('øvrige Europa', 'the rest of Europe')."""
    return ctx.m.texts.get(f"front.wr_mid.{region}", ctx.m.world_region(region))


def rank(ctx: ReportContext, value: int, tied: int) -> str:
    """'nr. 24' or 'delt nr. 24' when municipalities share the rank."""
    return metrics.rank_text(value, tied, ctx.m)


def median_text(ctx: ReportContext, value: float) -> str:
    return b.Numbers(ctx.lang).n(value, 0 if float(value).is_integer() else 1)


def stance(ctx: ReportContext) -> str | None:
    """The municipality's own statement about its twin towns, where the curation found one."""
    return ctx.m.texts.get(f"front.stance.{ctx.code}")


def lapsed_sentences(ctx: ReportContext) -> list[str]:
    lapsed = ctx.relations.loc[ctx.relations["status"] == vocab.LAPSED, "partner_name"]
    return [ctx.m("front.lapsed", partner=name) for name in lapsed]


def coverage_outcome(ctx: ReportContext) -> str | None:
    cov = ctx.tables.coverage
    own = cov[cov["municipality_code"] == ctx.code] if len(cov) else cov
    return None if own is None or own.empty else str(own.iloc[0]["outcome"])


# --- findings ---------------------------------------------------------------------------------

def finding_count(ctx: ReportContext) -> str:
    p, m = ctx.profile, ctx.m
    median = median_text(ctx, p["national_median"])
    if p["relations"] == 0:
        return m("front.f.none", owner=ctx.official, median=median)
    cmp = "over" if p["relations"] > p["national_median"] else (
        "under" if p["relations"] < p["national_median"] else "at")
    return m("front.f.count", owner=ctx.official, twins=m.plural("front.n.confirmed", p["relations"]),
             countries=m.plural("n.countries", p["countries"]),
             rank=rank(ctx, p["rank_national"], p["tied_national"]), cmp=m(f"front.cmp.{cmp}"), median=median)


def finding_geography(ctx: ReportContext) -> str:
    m, mix, num = ctx.m, ctx.mix, b.Numbers(ctx.lang)
    n = ctx.profile["relations"]
    if n == 0:
        with_any = int((ctx.peers["relations"] > 0).sum())
        return m("front.f.peers", peers=names(ctx, ctx.peers["name"], limit=5), n=with_any, k=len(ctx.peers))
    here = mix[mix["count"] > 0].sort_values("count", ascending=False)
    if len(here) == 1:
        where = m.plural("front.f.one_region", n, region=region_mid(ctx, here.iloc[0]["world_region"]))
    else:
        parts = [f"{region_mid(ctx, r.world_region)} ({r.count})" for r in here.itertuples(index=False)]
        where = m("front.f.regions", regions=names(ctx, parts, limit=len(parts)))
    europe = mix["world_region"].isin(vocab.EUROPE)
    national = num.pct(1 - mix.loc[europe, "national_share"].sum())
    outside = ctx.profile["outside_europe"]
    tail = (m("front.f.outside", share=num.pct(outside / n), national=national) if outside
            else m("front.f.no_outside", national=national))
    return f"{where} {tail}"


def finding_status(ctx: ReportContext) -> str:
    """Status facts that change how the figures should be read: the municipality's own word first."""
    p, m = ctx.profile, ctx.m
    parts = [stance(ctx)] if stance(ctx) else []
    if not parts:
        if p["relations_all"] == 0:
            parts.append(m("front.f.empty"))
        elif p["unverified"]:
            parts.append(m.plural("front.f.unverified", p["unverified"]))
        elif p["relations"]:
            parts.append(m.plural("front.f.all_confirmed", p["relations"]))
    assoc = int((vocab.current(ctx.relations)["kind"] == "association").sum())
    if assoc:
        parts.append(m.plural("front.partners.association", assoc))
    parts += lapsed_sentences(ctx)
    sleeping = engagement.dormant_relations(ctx.relations, ctx.acts, ctx.today)
    if len(sleeping):
        parts.append(m.plural("front.f.dormant", len(sleeping), names=names(ctx, sleeping["partner_name"]),
                              years=engagement.DORMANT_YEARS))
    return " ".join(parts)


def findings(ctx: ReportContext) -> list[str]:
    return [finding_count(ctx), finding_geography(ctx), finding_status(ctx)]


# --- trend and limits -------------------------------------------------------------------------

def trend(ctx: ReportContext) -> str:
    """Against 2017: the survey's national count and this municipality's Wikidata 2017 snapshot."""
    m, rel, num = ctx.m, ctx.tables.relations, b.Numbers(ctx.lang)
    national = m("front.trend.national", survey=num.n(survey.load()["relations_total"]["value"]),
                 now=num.n(len(ctx.all_current)), unverified=num.n(len(vocab.unverified(rel))))
    own = ctx.relations[ctx.relations["source_ids"].fillna("").str.contains(WIKIDATA_2017, regex=False)]
    if own.empty:
        return f"{national} {m('front.trend.own_none', owner=ctx.official)}"
    still = int(vocab.is_current(own).sum())
    then = m.plural("n.links", len(own))
    if len(own) == 1:
        now = m("front.trend.single_yes" if still else "front.trend.single_no")
    else:
        now = m.plural("front.trend.still", still) if still else m("front.trend.still_none")
    return f"{national} {m('front.trend.own', owner=ctx.official, then=then, now=now)}"


def limits(ctx: ReportContext) -> list[str]:
    """What the data cannot say for this municipality, most important first."""
    m, out = ctx.m, []
    if ctx.acts is None or not len(ctx.acts):
        out.append(m("front.lim.activity"))
    elif ctx.travel is None or not len(ctx.travel):
        out.append(m("front.lim.travel"))
    if ctx.profile["unverified"]:
        out.append(m.plural("front.lim.unverified", ctx.profile["unverified"]))
    if coverage_outcome(ctx) not in (None, vocab.FULL_LIST):
        out.append(m("front.lim.complete"))
    out.append(m("front.lim.value"))
    return out
