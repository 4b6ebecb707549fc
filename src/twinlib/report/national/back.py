"""The back of the national report: what the data cannot say, and the method and sources."""

from __future__ import annotations

from twinlib import __version__, vocab
from twinlib.analysis import national as an
from twinlib.report import blocks as b
from twinlib.report.national.context import NationalContext
from twinlib.report.national.words import heading, num, survey_figures
from twinlib.report.words import source_lines


def responses_text(ctx: NationalContext) -> str:
    """How many municipalities answered the survey kit (twinlib survey): their answers on links are
    already in every count (the intake overlay); the rest of what they said is theirs alone."""
    from twinlib.survey.responses import load_responses, summary

    answered = summary(ctx.tables.municipalities, load_responses()).answered
    n = len(answered)
    return ctx.m.plural("nat.limits.responses", n, total=len(ctx.tables.municipalities)) if n else ctx.m(
        "nat.limits.no_responses")


def limits(ctx: NationalContext) -> dict:
    m, n, rel = ctx.m, num(ctx), ctx.tables.relations
    periods = an.start_periods(rel)
    points = [responses_text(ctx), m("nat.limits.activities"), m("nat.limits.money"),
              m("nat.limits.unverified", n=n.n(len(vocab.unverified(rel)))),
              m("nat.limits.years", unknown=n.n(periods["unknown"]), current=n.n(periods["current"])),
              m("nat.limits.associations", n=n.n(len(vocab.associations(rel)))),
              m("nat.limits.survey", total=n.n(survey_figures()["relations_total"]["value"]))]
    return b.section("limits", *heading(ctx, "limits"), [b.items(points)])


def method(ctx: NationalContext) -> dict:
    m = ctx.m
    listed = source_lines(ctx.tables.sources, m)
    points = [m("front.method.rule"), m("nat.method.estimate"), m("nat.method.regions"), m("nat.method.policies"),
              m("nat.method.uptake"), m("front.method.version", version=__version__)]
    return b.section("method", *heading(ctx, "method"), [
        b.subheading(m("front.h.method")), b.items(points, "box"),
        b.subheading(m("src.heading")), b.items(listed, "small"),
        b.para(m("advice.attribution"), "note")])
