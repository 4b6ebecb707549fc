"""The front of the national report: cover, contents and the summary with the key figures."""

from __future__ import annotations

from twinlib import vocab
from twinlib.analysis import national as an
from twinlib.report import blocks as b
from twinlib.report.national.context import NationalContext
from twinlib.report.national.outline import ORDER
from twinlib.report.national.words import day, estimate_text, heading, num, survey_figures


def cover(ctx: NationalContext) -> dict:
    m, n, t = ctx.m, num(ctx), ctx.tables
    rows = [(m("cover.date"), day(ctx)),
            (m("nat.cover.municipalities"), n.n(len(t.municipalities))),
            (m("front.cover.confirmed"), n.n(int(vocab.is_current(t.relations).sum()))),
            (m("front.cover.unverified"), n.n(len(vocab.unverified(t.relations)))),
            (m("nat.cover.estimate", level=n.pct(ctx.estimate["level"])), estimate_text(ctx))]
    return b.section("cover", None, None, [
        b.cover(m("cover.kicker"), m("nat.cover.title", year=ctx.today.year),
                m("nat.cover.sub", total=survey_figures()["relations_total"]["value"]), rows, m("nat.cover.colophon"))])


def contents(ctx: NationalContext) -> dict:
    """The table of contents: Typst builds it (with page numbers); the HTML edition links the entries."""
    return {"type": "toc", "title": ctx.m("front.toc"),
            "entries": [[k, heading(ctx, k)[0]] for k in ORDER if k not in ("cover", "summary")]}


def key_figures(ctx: NationalContext) -> dict:
    m, n, t, per = ctx.m, num(ctx), ctx.tables, ctx.per_muni
    spread = an.spread(per, *survey_figures()["many_range"]["value"])
    strategy = ctx.uptake["strategy"]
    return b.facts([
        (m("nat.key.confirmed"), n.n(int(vocab.is_current(t.relations).sum()))),
        (m("nat.key.estimate", level=n.pct(ctx.estimate["level"])), estimate_text(ctx)),
        (m("nat.key.survey"), n.n(survey_figures()["relations_total"]["value"])),
        (m("nat.key.with_relations"), m("front.rank.of", rank=n.n(spread["municipalities"] - spread["none"]),
                                        size=n.n(spread["municipalities"]))),
        (m("nat.key.median"), n.n(spread["median"], 1)),
        (m("nat.key.policies"), m("front.rank.of", rank=n.n(strategy["found"]), size=n.n(len(per)))),
        (m("nat.key.endings", year=an.ENDINGS_FROM), n.n(len(an.recent_endings(t.relations)))),
    ])


def findings(ctx: NationalContext) -> list[str]:
    m, n, t = ctx.m, num(ctx), ctx.tables
    p = an.survey_points(t.municipalities, t.relations)
    spread = an.spread(ctx.per_muni, *survey_figures()["many_range"]["value"])
    uptake = ctx.uptake["strategy"]
    return [
        m("nat.finding.total", confirmed=n.n(p["confirmed"]), total=survey_figures()["relations_total"]["value"],
          estimate=estimate_text(ctx), unverified=n.n(p["unverified"])),
        m("nat.finding.europe", share=n.pct(p["europe"] / max(p["confirmed"], 1)), asia=n.n(p["asia"]),
          outside=n.n(p["outside_europe"])),
        m("nat.finding.spread", none=n.n(spread["none"]), total=n.n(spread["municipalities"]),
          found=n.n(uptake["found"]), dated=n.n(uptake["current"] + uptake["lapsed"])),
    ]


def summary(ctx: NationalContext) -> dict:
    m = ctx.m
    return b.section("summary", *heading(ctx, "summary"), [
        key_figures(ctx),
        b.subheading(m("front.h.findings")), b.items(findings(ctx), "numbered"),
        b.subheading(m("front.h.limits")), b.para(m("nat.summary.limits")),
        contents(ctx)])
