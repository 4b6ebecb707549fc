"""The 2017 survey's six recommendations, assessed for one municipality from its data.

Each assessment is (status, evidence, next step). Status is 'green', 'amber', 'red' or 'grey'
(grey = our data cannot say). Evidence is one sentence built only from figures in the tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache, partial

import pandas as pd
import yaml

from .. import fmt, paths, vocab


@dataclass(frozen=True)
class Assessment:
    key: str
    title: str
    section: str
    status: str
    evidence: str
    next_step: str


def _end_date(text) -> dt.date | None:
    """'2026' -> 31 Dec 2026, '2027-06' -> 30 Jun 2027, '2026-11-01' as given; None when missing."""
    if text is None or pd.isna(text) or not str(text).strip():
        return None
    parts = [int(x) for x in str(text).strip().split("-")[:3]]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(*parts)


def strategy_status(strategies: pd.DataFrame, code: str, today: dt.date) -> tuple[str, pd.Series | None]:
    """'none', 'current', 'lapsing' (within 12 months), 'lapsed' or 'undated' for the latest strategy."""
    own = strategies[strategies["municipality_code"] == code] if len(strategies) else strategies
    if own is None or own.empty:
        return "none", None
    ends = [_end_date(x) for x in own["expires"]]
    own = own.assign(_end=ends, _exp=[e.year if e else pd.NA for e in ends])
    # an undated document (e.g. standing principles) counts as newer than a dated one that ran out
    latest = own.assign(_k=[e or dt.date.max for e in ends]).sort_values("_k").iloc[-1]
    end = latest["_end"]
    if end is None:
        return "undated", latest
    if end < today:
        return "lapsed", latest
    if (end - today).days <= 365:
        return "lapsing", latest
    return "current", latest


SUSPENDED_COUNTRIES = {"RU": "Rusland", "BY": "Hviderusland"}
DORMANT_YEARS = 5


def relation_priorities(relations: pd.DataFrame, acts: pd.DataFrame | None, today: dt.date,
                        m=None) -> pd.DataFrame:
    """Per current relation: signal (behold / forny / gennemgå / bekræft) and the reason.

    Rules, in order: partner in a country where Danish municipalities suspended links in 2022 ->
    gennemgå; activity data showing nothing for DORMANT_YEARS years -> gennemgå (dormant); recent
    activity -> behold; public-only evidence -> bekræft; officially confirmed but older than 30
    years with no activity data -> forny (set goals); otherwise behold. Signals are codes; `m` (the
    report's messages, Danish by default) words the reasons.
    """
    from ..i18n import Messages

    m = m or Messages("da")
    cur = relations[vocab.is_current(relations) | (relations["status"].isin([vocab.UNVERIFIED, vocab.SUSPENDED,
                                                                               vocab.LAPSED]))]
    last = {}
    if acts is not None and len(acts):
        last = dict(zip(acts["relation_id"], acts["last_activity"], strict=False))
    rows = []
    for r in cur.itertuples(index=False):
        age = today.year - int(r.established_year) if not pd.isna(r.established_year) else None
        la = last.get(r.relation_id)
        la = None if la is None or pd.isna(la) else int(la)
        if r.partner_country in SUSPENDED_COUNTRIES or r.status == "suspended":
            sig, why = "gennemgå", m("why.suspended", country=m.country(r.partner_country))
        elif la is not None and today.year - la >= DORMANT_YEARS:
            sig, why = "gennemgå", m("why.dormant", year=la)
        elif la is not None:
            sig, why = "behold", m("why.recent", year=la)
        elif r.status != vocab.ACTIVE:
            sig, why = "bekræft", m("why.public")
        elif age is not None and age > 30:
            sig, why = "forny", m("why.old", age=age)
        else:
            sig, why = "behold", m("why.official")
        rows.append({"relation_id": r.relation_id, "partner_name": r.partner_name,
                     "partner_country": r.partner_country, "partner_country_name": r.partner_country_name,
                     "signal": sig, "reason": why})
    return pd.DataFrame(rows, columns=["relation_id", "partner_name", "partner_country", "partner_country_name",
                                       "signal", "reason"])


def partner_suggestions(relations: pd.DataFrame, code: str, peer_codes: list[str]) -> pd.DataFrame:
    """Countries where the peer municipalities have partners and this municipality has none.

    Never suggests a country where Danish municipalities have suspended links (Russia, Belarus).
    """
    cur = vocab.current(relations)
    cur = cur[~cur["partner_country"].isin(SUSPENDED_COUNTRIES)]
    own = set(cur.loc[cur["municipality_code"] == code, "partner_country"])
    peer = cur[cur["municipality_code"].isin(peer_codes) & ~cur["partner_country"].isin(own)]
    if peer.empty:
        return pd.DataFrame(columns=["partner_country", "partner_country_name", "world_region", "peers", "examples"])
    g = (peer.groupby(["partner_country", "partner_country_name", "world_region"])
             .agg(peers=("municipality_code", "nunique"),
                  examples=("partner_name", lambda s: ", ".join(sorted(set(s))[:3])))
             .reset_index().sort_values(["peers", "partner_country_name"], ascending=[False, True]))
    return g.head(6).reset_index(drop=True)


def partners_of_partners(relations: pd.DataFrame, code: str, limit: int = 8) -> pd.DataFrame:
    """Towns linked to this municipality's partners through other Danish municipalities.

    If Kolding and another Danish municipality share a partner (a Nordic chain, a network of
    twins), that municipality's other partners are one step away: known to Kolding's partners and
    used to Danish cooperation. Ranked by how many shared partners lead to them.
    """
    cur = vocab.current(relations)
    cur = cur[~cur["partner_country"].isin(SUSPENDED_COUNTRIES)]
    mine = cur[cur["municipality_code"] == code]
    own_keys = set(zip(mine["partner_country"], mine["partner_name"], strict=True))
    if not own_keys:
        return pd.DataFrame(columns=["partner_name", "partner_country", "partner_country_name", "via"])
    keyed = cur.assign(pkey=list(zip(cur["partner_country"], cur["partner_name"], strict=True)))
    sharing = keyed[(keyed["municipality_code"] != code) & keyed["pkey"].isin(own_keys)]
    rows = {}
    for other, shared in sharing.groupby("municipality_code"):
        via = ", ".join(sorted(set(shared["partner_name"])))
        for r in keyed[(keyed["municipality_code"] == other) & ~keyed["pkey"].isin(own_keys)].itertuples():
            entry = rows.setdefault(r.pkey, {"partner_name": r.partner_name, "partner_country": r.partner_country,
                                             "partner_country_name": r.partner_country_name, "via": set(), "n": 0})
            entry["via"].update(via.split(", "))
            entry["n"] += 1
    if not rows:
        return pd.DataFrame(columns=["partner_name", "partner_country", "partner_country_name", "via"])
    df = pd.DataFrame(rows.values())
    df["via"] = df["via"].map(lambda v: ", ".join(sorted(v)))
    df = df.sort_values(["n", "partner_name"], ascending=[False, True]).head(limit)
    return df[["partner_name", "partner_country", "partner_country_name", "via"]].reset_index(drop=True)


@lru_cache(maxsize=2)
def rules(lang: str = "da") -> dict:
    """Assessment wording per recommendation and case: data/reference/recommendations[.en].yml."""
    name = "recommendations.yml" if lang == "da" else f"recommendations.{lang}.yml"
    return yaml.safe_load((paths.REFERENCE_DIR / name).read_text(encoding="utf-8"))


def _assessment(key: str, case: str, lang: str = "da", **fields) -> Assessment:
    rule = rules(lang)[key]
    c = rule["cases"][case]
    return Assessment(key, rule["title"], rule["section"], c["status"], c["evidence"].format(**fields),
                      c["next_step"].format(**fields))


def assess(profile: dict, peers: pd.DataFrame, relations: pd.DataFrame, strategies: pd.DataFrame,
           memberships: pd.DataFrame, today: dt.date, acts: pd.DataFrame | None = None,
           lang: str = "da") -> list[Assessment]:
    """Which case of each rule applies is decided here from the data; the words are in the YAML."""
    code, name = profile["code"], profile["name"]
    out = []

    judge = partial(_assessment, lang=lang)

    st, row = strategy_status(strategies, code, today)
    expires = "" if row is None or pd.isna(row["_exp"]) else int(row["_exp"])
    out.append(judge("strategy", st, name=name, title="" if row is None else row["title"], expires=expires))

    if acts is None or acts.empty:
        out.append(judge("core_tasks", "no_data"))
    else:
        core = acts[["urban_development", "business", "good_governance"]].astype(bool).any(axis=1)
        out.append(judge("core_tasks", "strong" if core.mean() >= 0.25 else "weak", core=int(core.sum()),
                               total=len(acts), share=fmt.pct(core.mean(), locale=lang)))

    n, outside = profile["relations"], profile["outside_europe"]
    peer_outside = (fmt.num(peers["outside_europe"].median(), 1, locale=lang)
                    if "outside_europe" in peers and len(peers) else "–")
    case = "none" if n == 0 else ("europe_only" if outside == 0 else "global")
    out.append(judge("global_outlook", case, n=n, outside=outside, peer_outside=peer_outside))

    out.append(judge("projects", "no_data"))

    if acts is None or acts.empty:
        out.append(judge("funding", "no_data"))
    else:
        funded = acts["funding"].fillna("").astype(str).str.strip() != ""
        out.append(judge("funding", "funded" if funded.any() else "unfunded", funded=int(funded.sum()),
                               total=len(acts)))

    own_ms = memberships[memberships["municipality_code"] == code] if len(memberships) else memberships
    nets = sorted(set(own_ms["network"])) if len(own_ms) else []
    out.append(judge("partnerships", "members" if nets else "none", count=len(nets),
                           networks=", ".join(nets)))
    return out
