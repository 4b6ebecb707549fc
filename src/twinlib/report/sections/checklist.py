"""The administration's checklist: the data chores that make the next report more precise.

They were page 2's actions once; a council does not decide them, so they are listed here, with the
intake workbook as the tool: links only public lists name, the municipality's own list, activities.
"""

from __future__ import annotations

from twinlib import vocab
from twinlib.report import blocks as b
from twinlib.report.brief import coverage_outcome, names
from twinlib.report.context import ReportContext
from twinlib.report.words import heading


def tasks(ctx: ReportContext) -> list[str]:
    m, out = ctx.m, []
    unv = vocab.unverified(ctx.relations)
    if len(unv):
        out.append(m.plural("front.a.unverified", len(unv), names=names(ctx, unv["partner_name"])))
    if ctx.acts is None or not len(ctx.acts):
        n = ctx.profile["relations"]
        out.append(m.plural("front.a.intake_none" if n == 0 else "front.a.intake", n))
    if ctx.profile["relations_all"] and coverage_outcome(ctx) not in (None, vocab.FULL_LIST):
        out.append(m("front.a.publish"))
    return out


def checklist(ctx: ReportContext) -> dict:
    found = tasks(ctx)
    body = [b.para(ctx.m("check.intro")), b.items(found, "box")] if found else [b.para(ctx.m("check.none"))]
    return b.section("checklist", *heading(ctx, "checklist"), body)
