"""What the 2017 survey's six recommendations read about one municipality: the strategy's status,
the facts the rules in analysis/lights.py decide on, partner suggestions from the peers. Facts and
case codes only; report/assessments.py words them (status, evidence, next step).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from twinlib import vocab
from twinlib.analysis import engagement, lights


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


def partner_suggestions(relations: pd.DataFrame, code: str, peer_codes: list[str]) -> pd.DataFrame:
    """Countries where the peer municipalities have partners and this municipality has none.

    Never suggests a country where Danish municipalities have suspended links (Russia, Belarus).
    The few peer rows are grouped in plain Python (a pandas groupby with a lambda cost ~5 ms a
    report); rows with a missing country, country name or world region are left out, as a groupby does.
    """
    cur = vocab.current(relations)
    cur = cur[~cur["partner_country"].isin(vocab.SUSPENDED_COUNTRIES)]
    own = set(cur.loc[cur["municipality_code"] == code, "partner_country"])
    peer = cur[cur["municipality_code"].isin(peer_codes) & ~cur["partner_country"].isin(own)]
    groups: dict[tuple, tuple[set, set]] = {}
    for muni, country, country_name, region, partner in zip(
            peer["municipality_code"], peer["partner_country"], peer["partner_country_name"], peer["world_region"],
            peer["partner_name"], strict=True):
        key = (country, country_name, region)
        if not any(pd.isna(k) for k in key):
            munis, partners = groups.setdefault(key, (set(), set()))
            munis.add(muni)
            partners.add(partner)
    columns = ["partner_country", "partner_country_name", "world_region", "peers", "examples"]
    if not groups:
        return pd.DataFrame(columns=columns)
    g = pd.DataFrame([(*key, len(munis), ", ".join(sorted(partners)[:3]))
                      for key, (munis, partners) in sorted(groups.items())], columns=columns)
    g = g.sort_values(["peers", "partner_country_name"], ascending=[False, True])
    return g.head(6).reset_index(drop=True)


def partners_of_partners(relations: pd.DataFrame, code: str, limit: int = 8) -> pd.DataFrame:
    """Towns linked to this municipality's partners through other Danish municipalities.

    If Kolding and another Danish municipality share a partner (a Nordic chain, a network of
    twins), that municipality's other partners are one step away: known to Kolding's partners and
    used to Danish cooperation. Ranked by how many shared partners lead to them.
    """
    cur = vocab.current(relations)
    cur = cur[~cur["partner_country"].isin(vocab.SUSPENDED_COUNTRIES)]
    # the current rows walked in plain Python: a boolean filter per sharing municipality cost ~2 ms a report
    links = list(zip(cur["municipality_code"], zip(cur["partner_country"], cur["partner_name"], strict=True),
                     cur["partner_country_name"], strict=True))
    own_keys = {key for muni, key, _ in links if muni == code}
    if not own_keys:
        return pd.DataFrame(columns=["partner_name", "partner_country", "partner_country_name", "via"])
    shared_by: dict[str, set] = {}
    for muni, key, _ in links:
        if muni != code and not pd.isna(muni) and key in own_keys:
            shared_by.setdefault(muni, set()).add(key[1])
    rows = {}
    for other in sorted(shared_by):
        via = ", ".join(sorted(shared_by[other]))
        for muni, key, country_name in links:
            if muni == other and key not in own_keys:
                entry = rows.setdefault(key, {"partner_name": key[1], "partner_country": key[0],
                                              "partner_country_name": country_name, "via": set(), "n": 0})
                entry["via"].update(via.split(", "))
                entry["n"] += 1
    if not rows:
        return pd.DataFrame(columns=["partner_name", "partner_country", "partner_country_name", "via"])
    df = pd.DataFrame(rows.values())
    df["via"] = df["via"].map(lambda v: ", ".join(sorted(v)))
    df = df.sort_values(["n", "partner_name"], ascending=[False, True]).head(limit)
    return df[["partner_name", "partner_country", "partner_country_name", "via"]].reset_index(drop=True)


def shared_partners(all_relations: pd.DataFrame, code: str, names: dict[str, str] | None = None) -> dict:
    """Own current partner -> the other Danish municipalities (names) with the same current partner.

    A partner is its (country, name); the current rows are walked once in plain Python (a keyed
    pandas groupby cost ~7 ms a report for a few dozen matches)."""
    cur = vocab.current(all_relations)
    rows = list(zip(cur["municipality_code"], cur["partner_country"].astype(str), cur["partner_name"].astype(str),
                    cur["partner_name"], strict=True))
    mine = [(partner, (country, name)) for muni, country, name, partner in rows if muni == code]
    wanted = {key for _, key in mine}
    by_key: dict[tuple, set] = {}
    for muni, country, name, _ in rows:
        if muni != code and (country, name) in wanted:
            by_key.setdefault((country, name), set()).add((names or {}).get(muni, muni))
    return {partner: sorted(by_key.get(key, ())) for partner, key in mine}


def facts(profile: dict, relations: pd.DataFrame, strategies: pd.DataFrame, today: dt.date,
          acts: pd.DataFrame | None = None, all_relations: pd.DataFrame | None = None,
          names: dict[str, str] | None = None, join=None) -> lights.Facts:
    """What the six rules read about one municipality (see analysis/lights.py). `join` lists names
    in the reader's language (report/ passes the catalogue's); analysis holds no words."""
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
                        join=join or lights.joiner(", ", ", ..."))


