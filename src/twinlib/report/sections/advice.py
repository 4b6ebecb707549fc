"""The back of the report: strategy and networks, recommendations, sources and data quality."""

from __future__ import annotations

import pandas as pd

from twinlib import vocab
from twinlib.analysis import engagement, lights, recommend
from twinlib.report import assessments as assessments_
from twinlib.report import blocks as b
from twinlib.report.context import ReportContext
from twinlib.report.decisions import own_policy, peer_countries, relation_verdicts
from twinlib.report.words import heading, official, partial_date, source_lines


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


def policy_line(ctx: ReportContext, p) -> str:
    """'Politik: »title«, vedtaget 11. juni 2024, udløber 2026. Kilde: url' -- unknown parts left out."""
    m = ctx.m
    text = m("advice.strat.title", title=p.title) if p.title else m("pol.untitled")
    for key, value in (("adopted", p.adopted), ("expires", p.expires)):
        if value:
            text += m(f"advice.strat.{key}", **{key: partial_date(ctx, value)})
    return text + m("advice.strat.url", url=p.url) if p.url else text + "."


def policy_assessment(ctx: ReportContext, p) -> list[str]:
    """What the policy says, then the data held against it -- openly where they point apart."""
    m, out = ctx.m, []
    if p.stances:
        out.append(m("pol.stance", stances=_join(m, [m(f"pol.stance.{s}") for s in p.stances])))
    if p.goals:
        out.append(m("pol.goals", goals=_join(m, [m(f"goal.{g}") for g in p.goals])))
    v = relation_verdicts(ctx)
    named = dict(zip(ctx.relations["relation_id"], ctx.relations["partner_name"], strict=True))
    if p.priority:
        # documented: kept on a dated source or the municipality's word; every other priority partner
        # (to renew, to end, unverified, ended) is named as lacking it
        documented = set(v.loc[v["verdict"] == "keep", "relation_id"])
        listed = [i for i in p.priority if i in named]
        quiet = [named[i] for i in listed if i not in documented]
        if listed:
            key = "pol.priority_quiet" if quiet else "pol.priority_ok"
            if len(listed) > 1 and len(quiet) == len(listed):
                key = "pol.priority_none"
            out.append(m.plural(key, len(quiet), names=_join(m, [named[i] for i in listed]), quiet=_join(m, quiet)))
    if p.has("prune"):
        cand = v[v["reason"] == "prune"]
        out.append(m.plural("pol.prune", len(cand), names=_join(m, [named[i] for i in cand["relation_id"]])))
    if p.has("time_limited_only"):
        open_ended = v[v["reason"] == "time_limited"]
        if len(open_ended):
            out.append(m.plural("pol.time_limited", len(open_ended)))
    return out


def strategy(ctx: ReportContext) -> dict:
    m = ctx.m
    p = own_policy(ctx)
    if not p.found:
        out = [b.para(m("advice.strat.none", official=official(ctx)))]
        out += [b.para(t) for t in policy_assessment(ctx, p)]
    else:
        out = [b.para(policy_line(ctx, p))]
        if p.status in ("lapsed", "lapsing", "urgent", "undated"):
            st = "lapsing" if p.status == "urgent" else p.status
            out.append(b.para(m(f"strat.{st}"), "warning" if st in ("lapsed", "lapsing") else ""))
        out += [b.para(t) for t in policy_assessment(ctx, p)]
    ms = ctx.tables.memberships
    own = ms[ms["municipality_code"] == ctx.code]
    if own.empty:
        out.append(b.para(m("net.none")))
    else:
        out += [b.para(m("net.intro")),
                b.table(pd.DataFrame({m("col.network"): own["network"], m("col.source"): own["url"]}))]
    return b.section("strategy", *heading(ctx, "strategy"), out)


def assessments(ctx: ReportContext) -> list[assessments_.Assessment]:
    """The six assessments for this report (also what a summary may quote)."""
    names = dict(zip(ctx.tables.municipalities["code"], ctx.tables.municipalities["name"], strict=True))
    return assessments_.assess(ctx.profile, ctx.peers, ctx.relations, ctx.tables.strategies, ctx.tables.memberships,
                            ctx.today, ctx.acts, lang=ctx.lang, all_relations=ctx.all_current, names=names,
                            official=official(ctx))


def recommendations(ctx: ReportContext) -> dict:
    m = ctx.m
    items = assessments(ctx)
    if ctx.profile["relations"] == 0:
        out = start_advice(ctx, items)
    else:
        out = [b.para(m("rec.intro")), *dormant_warning(ctx)]
        out += [b.light(i, a.title, a.status, m(f"light.{a.status}"), a.evidence, m("rec.next"), a.next_step)
                for i, a in enumerate(items, start=1)]
    return b.section("recommendations", *heading(ctx, "recommendations"), out + suggestions(ctx))


def start_advice(ctx: ReportContext, items: list[assessments_.Assessment]) -> list[dict]:
    """No current relations: whether to start at all, and how -- one step per survey recommendation."""
    m, peers = ctx.m, ctx.peers
    with_rel = int((peers["relations"] > 0).sum()) if len(peers) else 0
    key = "advice.start.peers_all" if with_rel == len(peers) else ("advice.start.peers_none" if with_rel == 0 else "")
    lead = m(key, official=official(ctx), total=len(peers)) if key else m.plural(
        "advice.start.peers", with_rel, official=official(ctx), total=len(peers))
    out = [b.para(lead, "lead"),
           b.para(m("advice.start.whether"))]
    unv = vocab.unverified(ctx.relations)
    if len(unv):
        out.append(b.para(m.plural("advice.start.unverified", len(unv), names=_join(m, unv["partner_name"])),
                          "warning"))
    ms = ctx.tables.memberships
    nets = sorted(set(ms.loc[ms["municipality_code"] == ctx.code, "network"])) if len(ms) else []
    if nets:
        out.append(b.para(m("advice.start.networks", networks=_join(m, nets))))
    steps = [m("advice.start.step", n=i, title=a.title, step=a.next_step) for i, a in enumerate(items, start=1)]
    return out + [b.subheading(m("advice.start.how")), b.items(steps)]


def _join(m, names) -> str:
    return lights.joiner(m("advice.and"), m("advice.more"))(sorted(dict.fromkeys(names)))


def dormant_warning(ctx: ReportContext) -> list[dict]:
    """Dormant links named up front: they never count toward a green light."""
    dormant = engagement.dormant_relations(ctx.relations, ctx.acts, ctx.today)
    if not len(dormant):
        return []
    names = [f"{r.partner_name} ({int(r.last_activity)})" for r in dormant.itertuples(index=False)]
    return [b.para(ctx.m.plural("advice.dormant_warning", len(dormant), names=_join(ctx.m, names)), "warning")]


def suggestions(ctx: ReportContext) -> list[dict]:
    """Countries the peers have partners in (and this municipality not), and partners' partners."""
    m, num, out = ctx.m, b.Numbers(ctx.lang), []
    sug = peer_countries(ctx)
    if len(sug):
        out += [b.subheading(m("rec.suggestions")),
                b.table(pd.DataFrame({m("col.country"): sug["partner_country"].map(m.country),
                                      m("col.world_region"): sug["world_region"].map(m.world_region),
                                      m("col.peers"): sug["peers"].map(num.n), m("col.examples"): sug["examples"]}),
                        numeric=(m("col.peers"),))]
    pop = recommend.partners_of_partners(ctx.all_current, ctx.code)
    if len(pop):
        out += [b.subheading(m("rec.pop")), b.para(m("rec.pop_intro")),
                b.table(pd.DataFrame({m("col.town"): pop["partner_name"],
                                      m("col.country"): pop["partner_country"].map(m.country),
                                      m("col.via"): pop["via"]}))]
    return out


def quality_flags(ctx: ReportContext) -> list[str]:
    m, rel = ctx.m, ctx.relations
    if not len(rel):
        flags = [m("dq.none")]
    else:
        no_year = int(rel["established_year"].isna().sum())
        flags = [m("dq.public", n=len(vocab.unverified(rel)), total=len(rel))]
        flags += [m.plural("dq.no_year", no_year)] if no_year else []
        nocoord = rel[rel["partner_lat"].isna()]["partner_name"]
        if len(nocoord):
            flags.append(m("dq.no_coords", names=", ".join(nocoord)))
        flagged = rel[rel["quality_flags"].notna()]
        flags += [f"{name}: {flags_text(text, m)}."
                  for name, text in zip(flagged["partner_name"], flagged["quality_flags"], strict=True)]
    cov = ctx.tables.coverage
    cov = cov[cov["municipality_code"] == ctx.code]
    if len(cov):
        c = cov.iloc[0]
        outcome = m.texts.get(f"outcome.{c['outcome']}", c["outcome"])
        flags.append(m("dq.search", date=partial_date(ctx, c["checked_on"]), outcome=outcome))
    urls = sorted(set(rel["source_url"].dropna())) if len(rel) else []
    if urls:
        flags.append(m("dq.official_urls", urls="; ".join(urls)))
    return flags


def sources(ctx: ReportContext) -> dict:
    m = ctx.m
    listed = source_lines(ctx.tables.sources, m)
    return b.section("sources", *heading(ctx, "sources"), [
        b.subheading(m("src.heading")), b.items(listed, "small"),
        b.subheading(m("dq.heading")), b.items(quality_flags(ctx)), b.para(m("advice.attribution"), "note")])
