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
    latest = own.sort_values("_exp", na_position="first").iloc[-1]
    if pd.isna(latest["_exp"]):
        return "undated", latest
    end = dt.date(int(latest["_exp"]), 12, 31)
    if end < today:
        return "lapsed", latest
    if (end - today).days <= 365:
        return "lapsing", latest
    return "current", latest


def assess(profile: dict, peers: pd.DataFrame, relations: pd.DataFrame, strategies: pd.DataFrame,
           memberships: pd.DataFrame, today: dt.date) -> list[Assessment]:
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

    out.append(Assessment(
        "core_tasks", recs["core_tasks"]["title"], recs["core_tasks"]["section"], "grey",
        "Der findes endnu ingen aktivitetsdata for kommunens relationer.",
        "Udfyld twinlibs indtastningsark med aktiviteter pr. venskabsby for at se fordelingen."))

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
    out.append(Assessment(
        "funding", recs["funding"]["title"], recs["funding"]["section"], "grey",
        "Der findes ingen data om finansiering af kommunens internationale aktiviteter.",
        "Notér finansieringskilder (fx EU- og nordiske puljer) i indtastningsarket."))

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
