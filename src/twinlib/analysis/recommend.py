"""The 2017 survey's six recommendations, assessed for one municipality from its data.

Each assessment is (status, evidence, next step). Status is 'green', 'amber', 'red' or 'grey'
(grey = our data cannot say). Evidence is one sentence built only from figures in the tables.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import yaml

from twinlib import fmt, paths, vocab
from twinlib.analysis import engagement, lights


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


def relation_priorities(relations: pd.DataFrame, acts: pd.DataFrame | None, today: dt.date,
                        m=None) -> pd.DataFrame:
    """Per current relation: signal (behold / forny / gennemgå / bekræft) and the reason.

    Rules, in order: partner in a country where Danish municipalities suspended links in 2022 ->
    gennemgå; activity data showing the link dormant (engagement.is_dormant) -> gennemgå; recent
    activity -> behold; public-only evidence -> bekræft; officially confirmed but older than 30
    years with no activity data -> forny (set goals); otherwise behold. Signals are codes; `m` (the
    report's messages, Danish by default) words the reasons.
    """
    from twinlib.i18n import Messages

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
        elif la is not None and engagement.is_dormant(la, today):
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
    return yaml.safe_load((paths.reference_dir() / name).read_text(encoding="utf-8"))


def _assessment(key: str, case: str, lang: str = "da", **fields) -> Assessment:
    rule = rules(lang)[key]
    c = rule["cases"][case]
    return Assessment(key, rule["title"], rule["section"], c["status"], c["evidence"].format(**fields),
                      c["next_step"].format(**fields))


def shared_partners(all_relations: pd.DataFrame, code: str, names: dict[str, str] | None = None) -> dict:
    """Own current partner -> the other Danish municipalities (names) with the same current partner."""
    cur = vocab.current(all_relations)
    cur = cur.assign(pkey=cur["partner_country"].astype(str) + "|" + cur["partner_name"].astype(str))
    mine = cur[cur["municipality_code"] == code]
    others = cur[(cur["municipality_code"] != code) & cur["pkey"].isin(set(mine["pkey"]))]
    by_key = others.groupby("pkey")["municipality_code"].agg(lambda s: sorted({(names or {}).get(c, c) for c in s}))
    return {r.partner_name: by_key.get(r.pkey, []) for r in mine.itertuples(index=False)}


def facts(profile: dict, relations: pd.DataFrame, strategies: pd.DataFrame, today: dt.date,
          acts: pd.DataFrame | None = None, all_relations: pd.DataFrame | None = None,
          names: dict[str, str] | None = None, lang: str = "da") -> lights.Facts:
    """What the six rules read about one municipality (see analysis/lights.py)."""
    from twinlib.i18n import Messages

    m = Messages(lang)
    code = profile["code"]
    own = vocab.current(relations[relations["municipality_code"] == code])
    outside = own[vocab.outside_europe(own["world_region"])]
    shared = shared_partners(all_relations, code, names) if all_relations is not None else {}
    coop = sorted(own.loc[own["kind"] == "cooperation", "partner_name"]) if "kind" in own else []
    return lights.Facts(name=profile["name"], size=engagement.size_band(profile["population"]),
                        partners=sorted(own["partner_name"]), outside=sorted(outside["partner_name"]),
                        strategy=strategy_status(strategies, code, today)[0],
                        intake=engagement.current_intake(acts, own, today), shared=shared,
                        cooperation=coop,
                        join=lights.joiner(m("advice.and"), m("advice.more")))


def _common_fields(f: lights.Facts, profile: dict, peers: pd.DataFrame, row, lang: str) -> dict:
    """Fields every sentence may use: names, counts, the strategy's title and end, dormant links."""
    from twinlib.i18n import Messages

    m = Messages(lang)
    dormant = f.dormant
    note = " " + m.plural("advice.dormant_note", len(dormant), names=f.names(dormant)) if len(dormant) else ""
    peer_outside = (fmt.num(peers["outside_europe"].median(), 1, locale=lang)
                    if "outside_europe" in peers and len(peers) else "–")
    return {"name": f.name, "official": m("kommune", name=f.name), "n": f.n, "partners": f.names(f.partners, 3),
            "rel_phrase": m.plural("advice.the_relations", f.n), "twin_towns": m.plural("n.twin_towns", f.n),
            "all_in_europe": m("advice.both_in_europe") if f.n == 2 else m.plural("advice.all_in_europe", f.n),
            "dormant_note": note,
            "dormant_partners": f.names(dormant), "population": fmt.num(profile["population"], locale=lang),
            "title": "" if row is None else row["title"],
            "expires": "" if row is None or pd.isna(row["_exp"]) else int(row["_exp"]),
            "peer_outside": peer_outside}


RULES = (("strategy", lights.strategy), ("core_tasks", lights.core_tasks), ("global_outlook", lights.global_outlook),
         ("projects", lights.projects), ("funding", lights.funding), ("partnerships", lights.partnerships))


def assess(profile: dict, peers: pd.DataFrame, relations: pd.DataFrame, strategies: pd.DataFrame,
           memberships: pd.DataFrame | None, today: dt.date, acts: pd.DataFrame | None = None,
           lang: str = "da", all_relations: pd.DataFrame | None = None,
           names: dict[str, str] | None = None, official: str | None = None) -> list[Assessment]:
    """The six assessments: the case is decided in analysis/lights.py, the words are in the YAML.

    `memberships` is accepted for callers of the old signature; network membership is not the
    survey's "kommunale partnerskaber" (local actors and alliances between municipalities) and is
    not scored. `all_relations` (every municipality's) lets rule 6 see shared partners.
    """
    f = facts(profile, relations, strategies, today, acts, all_relations, names, lang)
    row = strategy_status(strategies, profile["code"], today)[1]
    common = _common_fields(f, profile, peers, row, lang) | ({"official": official} if official else {})
    out = []
    for key, rule in RULES:
        case, fields = rule(f)
        if "share_value" in fields:
            fields["share"] = fmt.pct(fields.pop("share_value"), locale=lang)
        out.append(_assessment(key, case, lang, **(common | fields)))
    return out
