"""The last section: how the figures were made (a short method box) and the words they use (glossary).

A reader who meets "ikke bekræftet", "evidensgrad B" or "sammenlignelige kommuner" in the report finds
them explained here in one line each, in the report's language, with no tool or command names.
"""

from __future__ import annotations

import pandas as pd

from twinlib import __version__
from twinlib.report import blocks as b
from twinlib.report.brief import coverage_outcome, day
from twinlib.report.context import ReportContext

GLOSSARY = ("current", "unverified", "closed", "grades", "association", "peers", "rank", "per_10k", "dormant")


def method_points(ctx: ReportContext) -> list[str]:
    m = ctx.m
    cov = ctx.tables.coverage
    own = cov[cov["municipality_code"] == ctx.code] if len(cov) else cov
    checked = None
    if own is not None and len(own) and not pd.isna(own.iloc[0]["checked_on"]):
        checked = day(ctx, pd.Timestamp(own.iloc[0]["checked_on"]).date())
    outcome = coverage_outcome(ctx)
    points = [m("front.method.sources", checked=checked) if checked else m("front.method.sources_undated")]
    if outcome:
        points.append(m(f"front.method.outcome.{outcome.replace(' ', '_')}"))
    points += [m("front.method.rule"), m("front.method.peers"), m("front.method.trend")]
    has_intake = ctx.acts is not None and len(ctx.acts)
    points.append(m("front.method.intake" if has_intake else "front.method.no_intake"))
    return points + [m("front.method.version", version=__version__)]  # which version made these figures


def method(ctx: ReportContext) -> dict:
    m = ctx.m
    rows = [(m(f"front.term.{k}"), m(f"front.def.{k}")) for k in GLOSSARY]
    return b.section("method", m("front.heading.method"), None, [
        b.subheading(m("front.h.method")), b.items(method_points(ctx), "box"),
        b.subheading(m("front.h.glossary")), b.facts(rows, style="glossary")])
