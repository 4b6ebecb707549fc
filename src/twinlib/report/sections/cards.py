"""Relation cards (relationskort): one per link that has not ended, with the verdict and its reason.

The verdict comes from analysis/verdicts (the municipality's own intake and policy first, then
the dated evidence); the fit with the policy's goals from analysis/fit. A card never claims what
the data does not hold: activities and costs only where the intake gives them.
"""

from __future__ import annotations

import pandas as pd

from twinlib.analysis import engagement, fit, funding
from twinlib.report import blocks as b
from twinlib.report.brief import day, names
from twinlib.report.context import ReportContext
from twinlib.report.decisions import funding_matches, own_policy, programme_names, relation_verdicts
from twinlib.report.sections.front import partner_label
from twinlib.report.words import heading, partial_date
from twinlib.statements.workbook import ACTIVITIES

ACTIVITY_CODES = tuple(code for code, _ in ACTIVITIES)
VERDICT_ORDER = {"end": 0, "renew": 1, "confirm": 2, "keep": 3}


def last_documented(ctx: ReportContext, r) -> str:
    """'2024-05 (officiel side)', 'udateret officiel side, set 25. november 2026' or 'kun offentlige lister'."""
    m = ctx.m
    cls = m(f"card.class.{r.source_class}") if isinstance(r.source_class, str) else m("card.class.other")
    if r.evidence_grade == "D" and not isinstance(r.source_class, str):
        return m("card.last.none")
    if isinstance(r.evidence_date, str) and r.evidence_date.strip():
        return m("card.last.dated", date=partial_date(ctx, r.evidence_date), source_class=cls)
    if isinstance(r.checked, str) and r.checked.strip():
        return m("card.last.undated", source_class=cls, checked=day(ctx, pd.Timestamp(r.checked).date()))
    return m("card.last.none")


def activities_of(ctx: ReportContext, relation_id: str) -> tuple[str, ...] | None:
    """The intake's ticked activities for one relation; None where the municipality gave none."""
    if ctx.acts is None or not len(ctx.acts):
        return None
    rows = ctx.acts[ctx.acts["relation_id"] == relation_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return tuple(c for c in ACTIVITY_CODES if c in row and not pd.isna(row[c]) and bool(row[c]))


def activities_text(ctx: ReportContext, relation_id: str, active_year, costs: pd.DataFrame) -> str:
    m = ctx.m
    acts = activities_of(ctx, relation_id)
    parts = [names(ctx, [m(f"act.{a}").lower() for a in acts], limit=len(acts))] if acts else []
    if active_year is not None and not pd.isna(active_year):
        parts.append(m("card.activities.last", year=int(active_year)))
    own = costs[costs["relation_id"] == relation_id] if len(costs) else costs
    if len(own) and not pd.isna(own.iloc[0]["cost_dkk"]):
        parts.append(m("card.activities.cost", cost=b.Numbers(ctx.lang).n(own.iloc[0]["cost_dkk"])))
    return ", ".join(parts) if parts else m("card.activities.none")


def fit_text(ctx: ReportContext, country: str, relation_id: str, policy) -> str:
    m = ctx.m
    if not policy.found and not policy.goals:
        return m("card.fit.none_policy")
    if not policy.goals:
        return m("card.fit.no_goals")
    fits, unknown = fit.goal_fit(country, activities_of(ctx, relation_id), policy.goals)
    parts = [names(ctx, [m(f"goal.{g}") for g in fits], limit=len(fits))] if fits else []
    if unknown:
        parts.append(m("card.fit.unknown", goals=names(ctx, [m(f"goal.{g}") for g in unknown], limit=len(unknown))))
    return "; ".join(parts) or "–"


def reason_text(ctx: ReportContext, r, reason: str, active_year) -> str:
    m = ctx.m
    year = str(r.evidence_date)[:4] if isinstance(r.evidence_date, str) else ""
    if reason == "recent_evidence":
        return m(f"card.why.recent_evidence.{'news' if r.source_class == 'news' else 'official'}", year=year)
    if reason in ("dormant", "dormant_priority", "activity"):
        return m(f"card.why.{reason}", year=active_year)
    return m(f"card.why.{reason}", year=year)


def cards(ctx: ReportContext) -> dict:
    m, num = ctx.m, b.Numbers(ctx.lang)
    v = relation_verdicts(ctx)
    if not len(v):
        return b.section("cards", *heading(ctx, "cards"), [b.para(m("front.partners.none", owner=ctx.official))])
    policy = own_policy(ctx)
    names_by_id = dict(zip(ctx.relations["relation_id"], ctx.relations["partner_name"], strict=True))
    costs = engagement.travel_costs(ctx.travel, names_by_id)
    rel = (ctx.relations.merge(v, on="relation_id").assign(_o=lambda d: d["verdict"].map(VERDICT_ORDER))
           .sort_values(["_o", "partner_name"]))
    programmes, matches = funding_matches(ctx)
    out = [b.para(m("card.intro"), "note")]
    confirm = rel[rel["verdict"] == "confirm"]
    for r in rel[rel["verdict"] != "confirm"].itertuples(index=False):
        fund = funding.shortlist(matches, programmes, [r.relation_id]) if r.verdict in ("keep", "renew") else []
        active = None if pd.isna(r.active_year) else int(r.active_year)
        rows = [(m("col.country"), m.country(r.partner_country)),
                (m("card.since"), num.year(r.established_year)),
                (m("card.kept_by"), m("card.kept.association" if r.kind == "association" else
                                      "card.kept.municipality")),
                (m("card.last"), last_documented(ctx, r)),
                (m("card.activities"), activities_text(ctx, r.relation_id, active, costs)),
                (m("card.fit"), fit_text(ctx, r.partner_country, r.relation_id, policy))]
        if fund:
            rows.append((m("card.funding"), names(ctx, programme_names(ctx, fund))))
        out.append(b.card(partner_label(m, r), r.verdict, m(f"card.v.{r.verdict}"), rows,
                          reason_text(ctx, r, r.reason, active)))
    if len(confirm):
        out += confirm_table(ctx, confirm)
    return b.section("cards", *heading(ctx, "cards"), out)


def confirm_table(ctx: ReportContext, rel) -> list[dict]:
    """Links only the municipality can settle share one verdict (confirm): one compact table for
    them rather than a card each, so a long tail of old list entries never fills pages."""
    m = ctx.m
    links = list(rel.itertuples(index=False))  # once: each pass made a namedtuple class of ~30 fields
    rows = {m("col.partner"): [partner_label(m, r) for r in links],
            m("col.country"): rel["partner_country"].map(m.country),
            m("card.last"): [last_documented(ctx, r) for r in links],
            m("card.why"): [reason_text(ctx, r, r.reason, None) for r in links]}
    return [b.subheading(m.plural("card.confirm_heading", len(rel))), b.table(pd.DataFrame(rows),
                                                                             widths=[1.6, 1.0, 1.6, 3.0])]
