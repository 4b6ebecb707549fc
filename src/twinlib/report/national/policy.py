"""The municipalities' own word: policies and stances, endings since 2022, and the survey's six
recommendations as far as the public record shows them."""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd

from twinlib.analysis import national as an
from twinlib.report import blocks as b
from twinlib.report.national.context import NationalContext
from twinlib.report.national.words import heading, joined, num, survey_figures


def _tally_bars(ctx: NationalContext, df: pd.DataFrame, key: str, caption: str) -> dict:
    n = num(ctx)
    panel = {"title": None, "max": float(df["municipalities"].max()) * 1.2 if len(df) else 1.0,
             "series": [b.series(df["municipalities"], df["municipalities"].map(n.n), ["main"] * len(df))]}
    return b.bars([ctx.m(f"{key}.{c}") for c in df["code"]], [panel], f"{ctx.m('figure')}: {caption}",
                  f"{ctx.m('source')}: {ctx.m('nat.source.policies')}", axis_label=ctx.m("nat.axis.municipalities"))


def policies(ctx: NationalContext) -> dict:
    m, n, t = ctx.m, num(ctx), ctx.tables
    counts = an.policy_counts(t.policies)
    dated = ctx.uptake["strategy"]
    return b.section("policies", *heading(ctx, "policies"), [
        b.para(m("nat.pol.lead", found=n.n(dated["found"]), total=n.n(len(ctx.per_muni)),
                 current=n.n(dated["current"]), lapsed=n.n(dated["lapsed"]), undated=n.n(dated["undated"]))),
        b.subheading(m("nat.pol.stances")),
        _tally_bars(ctx, counts["stances"], "pol.stance", m("nat.pol.stances.caption")),
        b.subheading(m("nat.pol.goals")),
        _tally_bars(ctx, counts["goals"].head(10), "goal", m("nat.pol.goals.caption")),
        b.para(m("nat.pol.note"), "note")])


def endings(ctx: NationalContext) -> dict:
    m, n = ctx.m, num(ctx)
    gone = an.recent_endings(ctx.tables.relations)
    if gone.empty:
        return b.section("endings", *heading(ctx, "endings"), [b.para(m("nat.end.none", year=an.ENDINGS_FROM))])
    df = pd.DataFrame({
        m("nat.col.municipality"): gone["municipality_code"].map(ctx.names),
        m("nat.col.partner"): gone["partner_name"],
        m("nat.col.country"): gone["partner_country"].map(m.country),
        m("nat.col.status"): gone["status"].map(lambda s: m(f"nat.status.{s}")),
        m("nat.col.year"): [str(y) if k else m("nat.end.documented", year=y)
                            for y, k in zip(gone["year"], gone["year_known"], strict=True)],
        m("nat.col.source"): gone["source_url"].map(lambda u: urlparse(str(u)).netloc.removeprefix("www."))})
    return b.section("endings", *heading(ctx, "endings"), [
        b.para(m("nat.end.lead", n=n.n(len(gone)), year=an.ENDINGS_FROM,
                 municipalities=n.n(gone["municipality_code"].nunique()),
                 suspended=n.n(int((gone["status"] == "suspended").sum())))),
        b.table(df, widths=[1.1, 1.2, 0.9, 0.8, 1.0, 1.6]),
        b.para(m("nat.end.note"), "note")])


def uptake_text(ctx: NationalContext, key: str, figures: dict | None) -> str:
    m, n = ctx.m, num(ctx)
    if figures is None:
        return m(f"nat.rec.{key}")
    fields = {k: (joined(ctx, [m.world_region(r) for r in v]) if isinstance(v, list) else n.n(v))
              for k, v in figures.items()}
    return m(f"nat.rec.{key}", **fields)


def recommendations(ctx: NationalContext) -> dict:
    uptake = ctx.uptake
    out = [b.para(ctx.m("nat.rec.lead"))]
    for i, rec in enumerate(survey_figures()["recommendations"], start=1):
        title = ctx.m(f"nat.rec.title.{rec['key']}")
        out += [b.subheading(f"{i}. {title}"),
                b.para(uptake_text(ctx, rec["key"], uptake[rec["key"]]))]
    return b.section("recommendations", *heading(ctx, "recommendations"), out)
