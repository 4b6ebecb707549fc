"""The leadership's decisions (page 2) and the relation verdicts in words.

analysis/ decides what there is to decide and why (codes, dates, relation ids); this module only
words it through the message catalogues, so the Danish and English editions say the same thing.
"""

from __future__ import annotations

from babel.dates import format_date

from twinlib import vocab
from twinlib.analysis import decisions as dec
from twinlib.analysis import engagement, funding, policy, recommend, verdicts
from twinlib.report.brief import day, names
from twinlib.report.context import ReportContext
from twinlib.tables import funding as funding_table

LETTERS = "abcd"


def own_policy(ctx: ReportContext) -> policy.Policy:
    return ctx.once("policy", lambda: policy.of(ctx.tables.policies, ctx.tables.strategies, ctx.code, ctx.today))


def relation_verdicts(ctx: ReportContext):
    """The verdict per relation, once per report (page 2, the cards and the strategy section read it)."""
    return ctx.once("verdicts", lambda: verdicts.verdicts(ctx.relations, ctx.acts, own_policy(ctx), ctx.today))


def peer_countries(ctx: ReportContext):
    """Countries the peers have partners in and this municipality not, once per report."""
    return ctx.once("suggestions", lambda: recommend.partner_suggestions(ctx.all_current, ctx.code,
                                                                       list(ctx.peers["code"])))


def funding_matches(ctx: ReportContext):
    """(programmes table, one row per relation and fitting programme) for this municipality's links,
    once per report (page 2 and the cards read them)."""
    def compute():
        programmes = funding_table.load()
        rel = verdicts.card_relations(ctx.relations)
        return programmes, funding.match(rel, programmes, str(ctx.muni["region"]), ctx.acts)

    return ctx.once("funding", compute)


def programme_names(ctx: ReportContext, ids: list[str]) -> list[str]:
    """The programmes' names in the report's language, from the table funding_matches read (a report
    names programmes several times; the table is loaded and indexed once)."""
    def compute():
        programmes = funding_matches(ctx)[0]
        return dict(zip(programmes["id"], programmes[f"name_{ctx.lang}"], strict=True))

    names = ctx.once("programme_names", compute)
    return [str(names[i]) for i in ids]


def month_range(ctx: ReportContext, window) -> str:
    """'februar–juni 2027', 'december 2026–januar 2027'."""
    s, e = window.start, window.end
    first = format_date(s, "MMMM" if s.year == e.year else "MMMM y", locale=ctx.lang)
    return ctx.m("dec.when.range", start=first, end=format_date(e, "MMMM y", locale=ctx.lang))


def _who(ctx: ReportContext, key: str) -> str:
    return ctx.m.texts.get(f"{key}.{ctx.code}") or ctx.m(key)


def _names_of(ctx: ReportContext, ids: list[str], limit: int = 3) -> str:
    rel = ctx.relations.set_index("relation_id")
    return names(ctx, [rel.at[i, "partner_name"] for i in ids if i in rel.index], limit=limit)


def _policy_name(ctx: ReportContext, p: policy.Policy) -> str:
    return ctx.m("dec.policy", title=p.title) if p.title else ctx.m("dec.policy_untitled")


def _term(t: tuple[int, int]) -> str:
    return f"{t[0]}–{t[1]}"


def _why(ctx: ReportContext, reasons: tuple[str, ...]) -> str:
    return "; ".join(ctx.m(f"dec.why.{r}", years=engagement.DORMANT_YEARS) for r in reasons)


def _option(ctx: ReportContext, d: dec.Decision, o: str, p: policy.Policy) -> str:
    m, key = ctx.m, f"dec.opt.{d.code}.{o}"
    if d.code == "policy_interim" and o == "extend":
        return m(key, revise_by=day(ctx, d.facts["revise_by"]))
    if d.code == "policy_adopt" and o == "fixed" and d.subjects.get("fixed"):
        return m("dec.opt.policy_adopt.fixed_named", names=_names_of(ctx, d.subjects["fixed"]))
    if d.code == "policy_adopt" and o == "associations":
        return m.plural(key, d.facts["associations"])
    if d.code == "portfolio":
        budget = {"year": d.facts["budget"].budget_year, "funding": _funding(ctx, d.facts.get("programmes"))}
        if o == "renew_instead":
            return m(key, **budget)
        ids = d.subjects[o]
        if o == "keep":
            return m(key, names=_names_of(ctx, ids))
        why = _why(ctx, d.facts["reasons"][o])
        return (m.plural(key, len(ids), names=_names_of(ctx, ids), why=why, **budget) if o == "renew"
                else m(key, names=_names_of(ctx, ids), why=why))
    if d.code == "start" and o == "revive":
        return m(key, names=_names_of(ctx, d.subjects["revive"]))
    if d.code == "start" and o == "country":
        f = d.facts
        return m.plural(key, f["peers_with"], country=m.country(f["country"]), k=f["peers"])
    if d.code == "start" and o == "network":
        return m(key, networks=names(ctx, d.facts["networks"]))
    if d.code == "budget" and o == "apply":
        return m(key, programmes=names(ctx, programme_names(ctx, d.facts["programmes"])))
    return m(key)


def _funding(ctx: ReportContext, ids: list[str] | None) -> str:
    return ctx.m("dec.funding", programmes=names(ctx, programme_names(ctx, ids))) if ids else ""


def _what(ctx: ReportContext, d: dec.Decision, p: policy.Policy) -> str:
    m, f = ctx.m, d.facts
    if d.code in ("policy_interim", "policy_renew", "policy_replace"):
        return m(f"dec.{d.code}", policy=_policy_name(ctx, p), end=day(ctx, f["end"]),
                 term=_term(f.get("term", (0, 0))))
    if d.code == "policy_term":
        key = "dec.policy_term" if f["adopted"] else "dec.policy_term_undated"
        return m(key, policy=_policy_name(ctx, p), adopted=f["adopted"], term=_term(f["term"]))
    if d.code == "policy_adopt":
        return m.plural("dec.policy_adopt", f["held"], owner=ctx.official)
    if d.code == "portfolio":
        stance = next((s for s in ("prune", "time_limited_only", "keep_fixed_partners") if s in f["stances"]), None)
        if stance:
            return m(f"dec.portfolio.{stance}")
        keep, n = len(d.subjects["keep"]), sum(len(d.subjects[g]) for g in ("end", "renew", "keep"))
        if not keep:
            return m("dec.portfolio.all_undocumented")
        return m("dec.portfolio.some_undocumented", k=keep, n=n)
    if d.code == "start":
        situation = f["situation"]
        if situation == "nothing":
            return m("dec.start.nothing", owner=ctx.official)
        n = len(d.subjects["revive"]) if situation == "unverified" else f["associations"]
        return m.plural(f"dec.start.{situation}", n, owner=ctx.official, names=_names_of(ctx, d.subjects["revive"]))
    if d.code == "budget":
        ids = d.subjects["renew"]
        return m.plural("dec.budget", len(ids), year=d.window.budget_year, names=_names_of(ctx, ids))
    raise ValueError(f"unknown decision {d.code!r}")


def _when(ctx: ReportContext, d: dec.Decision) -> tuple[str, str]:
    if d.code == "policy_interim":
        return ctx.m("dec.who.committee"), ctx.m("dec.when.before", date=day(ctx, d.window.end))
    if d.code == "budget":
        return _who(ctx, "dec.who.budget"), month_range(ctx, d.window)
    return _who(ctx, "dec.who.council"), month_range(ctx, d.window)


def text(ctx: ReportContext, d: dec.Decision, p: policy.Policy) -> str:
    opts = ctx.m("dec.options.sep").join(ctx.m("dec.option", letter=LETTERS[i], text=_option(ctx, d, o, p))
                                         for i, o in enumerate(d.options))
    who, when = _when(ctx, d)
    return ctx.m("dec.item", what=_what(ctx, d, p), options=opts, who=who, when=when)


def leadership(ctx: ReportContext, programmes: list[str] | None = None) -> list[dec.Decision]:
    """This municipality's decisions (codes): its policy, its relations' verdicts, its peers."""
    p = own_policy(ctx)
    v = relation_verdicts(ctx)
    held = int(vocab.is_current(ctx.relations).sum())
    assoc = int((vocab.associations(ctx.relations)["status"] != vocab.ENDED).sum())
    start = None
    if not held:
        sug = peer_countries(ctx)
        ms = ctx.tables.memberships
        nets = sorted(set(ms.loc[ms["municipality_code"] == ctx.code, "network"])) if len(ms) else []
        with_rel = int((ctx.peers["relations"] > 0).sum()) if len(ctx.peers) else 0
        country = str(sug.iloc[0]["partner_country"]) if len(sug) else None
        unv = vocab.unverified(ctx.relations)["relation_id"].tolist()
        start = dec.start_decision(with_rel, len(ctx.peers), country, nets, unv, assoc, p, ctx.today)
    v = v[v["verdict"] != "confirm"] if held else v.iloc[0:0]
    if programmes is None:
        table, matches = funding_matches(ctx)
        programmes = funding.shortlist(matches, table, v.loc[v["verdict"] == "renew", "relation_id"])
    return dec.decisions(p, v, held, assoc, ctx.today, start=start, programmes=programmes)


def decision_texts(ctx: ReportContext, programmes: list[str] | None = None) -> list[str]:
    p = own_policy(ctx)
    return [text(ctx, d, p) for d in leadership(ctx, programmes)]
