"""The 2017 survey's six recommendations, assessed for one municipality from its data.

Each assessment is (status, evidence, next step). Status is 'green', 'amber', 'red' or 'grey'
(grey = our data cannot say). Evidence is one sentence built only from figures in the tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import fmt, survey


@dataclass(frozen=True)
class Assessment:
    key: str
    title: str
    section: str
    status: str
    evidence: str
    next_step: str


def strategy_status(strategies: pd.DataFrame, code: str, today: dt.date) -> tuple[str, pd.Series | None]:
    """'none', 'current', 'lapsing' (within 12 months), 'lapsed' or 'undated' for the latest strategy."""
    own = strategies[strategies["municipality_code"] == code] if len(strategies) else strategies
    if own is None or own.empty:
        return "none", None
    own = own.assign(_exp=pd.to_numeric(own["expires"].astype("string").str[:4], errors="coerce"))
    # an undated document (e.g. standing principles) counts as newer than a dated one that ran out
    latest = own.sort_values("_exp", na_position="last").iloc[-1]
    if pd.isna(latest["_exp"]):
        return "undated", latest
    end = dt.date(int(latest["_exp"]), 12, 31)
    if end < today:
        return "lapsed", latest
    if (end - today).days <= 365:
        return "lapsing", latest
    return "current", latest


SUSPENDED_COUNTRIES = {"RU": "Rusland", "BY": "Hviderusland"}
DORMANT_YEARS = 5


def relation_priorities(relations: pd.DataFrame, acts: pd.DataFrame | None, today: dt.date) -> pd.DataFrame:
    """Per current relation: signal (behold / forny / gennemgå / bekræft) and the reason.

    Rules, in order: partner in a country where Danish municipalities suspended links in 2022 ->
    gennemgå; activity data showing nothing for DORMANT_YEARS years -> gennemgå (dormant); recent
    activity -> behold; public-only evidence -> bekræft; officially confirmed but older than 30
    years with no activity data -> forny (set goals); otherwise behold.
    """
    cur = relations[relations["status"] != "ended"]
    last = {}
    if acts is not None and len(acts):
        last = dict(zip(acts["relation_id"], acts["last_activity"], strict=False))
    rows = []
    for r in cur.itertuples(index=False):
        age = today.year - int(r.established_year) if not pd.isna(r.established_year) else None
        la = last.get(r.relation_id)
        la = None if la is None or pd.isna(la) else int(la)
        if r.partner_country in SUSPENDED_COUNTRIES or r.status == "suspended":
            sig, why = "gennemgå", (f"partner i {SUSPENDED_COUNTRIES.get(r.partner_country, 'et land')}, hvor danske "
                                    "kommuner har suspenderet forbindelser siden 2022")
        elif la is not None and today.year - la >= DORMANT_YEARS:
            sig, why = "gennemgå", f"ingen registreret aktivitet siden {la} (hvilende)"
        elif la is not None:
            sig, why = "behold", f"aktivitet registreret i {la}"
        elif r.evidence != "official":
            sig, why = "bekræft", "kun i offentlige lister; bekræft at relationen stadig findes"
        elif age is not None and age > 30:
            sig, why = "forny", f"etableret for {age} år siden; aftal nye, konkrete mål"
        else:
            sig, why = "behold", "bekræftet af officiel kilde"
        rows.append({"relation_id": r.relation_id, "partner_name": r.partner_name,
                     "partner_country_name": r.partner_country_name, "signal": sig, "reason": why})
    return pd.DataFrame(rows, columns=["relation_id", "partner_name", "partner_country_name", "signal", "reason"])


def partner_suggestions(relations: pd.DataFrame, code: str, peer_codes: list[str]) -> pd.DataFrame:
    """Countries where the peer municipalities have partners and this municipality has none."""
    cur = relations[relations["status"] != "ended"]
    own = set(cur.loc[cur["municipality_code"] == code, "partner_country"])
    peer = cur[cur["municipality_code"].isin(peer_codes) & ~cur["partner_country"].isin(own)]
    if peer.empty:
        return pd.DataFrame(columns=["partner_country_name", "world_region", "peers", "examples"])
    g = (peer.groupby(["partner_country_name", "world_region"])
             .agg(peers=("municipality_code", "nunique"),
                  examples=("partner_name", lambda s: ", ".join(sorted(set(s))[:3])))
             .reset_index().sort_values(["peers", "partner_country_name"], ascending=[False, True]))
    return g.head(6).reset_index(drop=True)


def assess(profile: dict, peers: pd.DataFrame, relations: pd.DataFrame, strategies: pd.DataFrame,
           memberships: pd.DataFrame, today: dt.date, acts: pd.DataFrame | None = None) -> list[Assessment]:
    recs = {r["key"]: r for r in survey.load()["recommendations"]}
    code, name = profile["code"], profile["name"]
    out = []

    st, row = strategy_status(strategies, code, today)
    if st == "none":
        a = ("red", f"Datagrundlaget rummer ingen international strategi for {name} Kommune.",
             "Vedtag en kort strategi, der siger hvorfor kommunen har venskabsbyer, og hvornår den udløber.")
    elif st == "lapsed":
        a = ("red", f"Den seneste strategi («{row['title']}») udløb i {int(row['_exp'])}.",
             "Forny strategien, og brug den til at prioritere mellem de nuværende relationer.")
    elif st == "lapsing":
        a = ("amber", f"Strategien «{row['title']}» udløber i {int(row['_exp'])}, inden for 12 måneder.",
             "Sæt revisionen i gang nu, så der ikke opstår et tomrum.")
    elif st == "undated":
        a = ("amber", f"Der er en strategi («{row['title']}»), men kilden angiver ingen udløbsdato.",
             "Giv strategien en periode og en plan for evaluering.")
    else:
        a = ("green", f"Strategien «{row['title']}» gælder til {int(row['_exp'])}.",
             "Brug strategiens mål som målestok ved næste gennemgang af relationerne.")
    out.append(Assessment("strategy", recs["strategy"]["title"], recs["strategy"]["section"], *a))

    if acts is None or acts.empty:
        a = ("grey", "Der findes endnu ingen aktivitetsdata for kommunens relationer.",
             "Udfyld twinlibs indtastningsark med aktiviteter pr. venskabsby for at se fordelingen.")
    else:
        core = acts[["urban_development", "business", "good_governance"]].astype(bool).any(axis=1)
        share = core.mean()
        a = (("green" if share >= 0.25 else "amber"),
             f"{int(core.sum())} af {len(acts)} relationer har aktiviteter inden for byudvikling, erhverv eller god "
             f"regeringsførelse ({fmt.pct(share)}; landsplan 2017: 10–11 % for hver).",
             "Knyt mindst én relation til en konkret kerneopgave (fx klima, ældrepleje eller skole).")
    out.append(Assessment("core_tasks", recs["core_tasks"]["title"], recs["core_tasks"]["section"], *a))

    n, outside = profile["relations"], profile["outside_europe"]
    peer_outside = peers["outside_europe"].median() if "outside_europe" in peers and len(peers) else None
    if n == 0:
        a = ("grey", "Kommunen har ingen kendte venskabsbyer.",
             "Overvej ved en eventuel første relation også muligheder uden for Europa.")
    elif outside == 0:
        a = ("amber", f"Alle {n} kendte venskabsbyer ligger i Europa"
             + (f"; de sammenlignelige kommuner har i median {fmt.num(peer_outside, 1)} uden for Europa."
                if peer_outside is not None else "."),
             "Undersøg et tidsbegrænset samarbejde i Asien, Afrika eller Latinamerika om en konkret opgave.")
    else:
        a = ("green", f"{outside} af {n} kendte venskabsbyer ligger uden for Europa"
             + (f" (sammenlignelige kommuner: median {fmt.num(peer_outside, 1)})." if peer_outside is not None
                else "."),
             "Vurder om relationerne uden for Europa har konkrete mål og aktiviteter.")
    out.append(Assessment("global_outlook", recs["global_outlook"]["title"],
                          recs["global_outlook"]["section"], *a))

    out.append(Assessment(
        "projects", recs["projects"]["title"], recs["projects"]["section"], "grey",
        "Kilderne angiver ikke, om relationerne er tidsbegrænsede eller projektbaserede.",
        "Registrér for hver relation, om den er fast eller knyttet til et projekt med slutdato."))
    funded = acts["funding"].fillna("").astype(str).str.strip() != "" if acts is not None and len(acts) else None
    if funded is None:
        a = ("grey", "Der findes ingen data om finansiering af kommunens internationale aktiviteter.",
             "Notér finansieringskilder (fx EU- og nordiske puljer) i indtastningsarket.")
    elif funded.any():
        a = ("green", f"{int(funded.sum())} af {len(acts)} relationer har ekstern finansiering registreret.",
             "Brug erfaringerne til at søge flere relationer ind i EU- og nordiske programmer.")
    else:
        a = ("amber", "Ingen af relationerne har registreret ekstern finansiering.",
             "Afsøg EU- og nordiske puljer til de relationer, der har konkrete projekter.")
    out.append(Assessment("funding", recs["funding"]["title"], recs["funding"]["section"], *a))

    own_ms = memberships[memberships["municipality_code"] == code] if len(memberships) else memberships
    nets = sorted(set(own_ms["network"])) if len(own_ms) else []
    if nets:
        a = ("green", f"Kommunen er medlem af {len(nets)} netværk: {', '.join(nets)}.",
             "Brug netværkene til at finde partnere til konkrete projekter og til fælles ansøgninger.")
    else:
        a = ("grey", "Datagrundlaget rummer ingen netværksmedlemskaber for kommunen.",
             "Overvej fælles relationer med nabokommuner eller et internationalt netværk (fx UBC).")
    out.append(Assessment("partnerships", recs["partnerships"]["title"], recs["partnerships"]["section"], *a))
    return out
