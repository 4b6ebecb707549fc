"""Metrics for one municipality against the nation, its region and its peers. Pure df -> df.

'Relations' counts current relations only (vocab.current: active, A-C, held by the municipality, recent evidence);
links seen only in public lists are counted apart as `unverified` and never added.
"""

from __future__ import annotations

import pandas as pd

from twinlib import vocab
from twinlib.vocab import WORLD_REGIONS, current

# Bands of current relation counts used to group municipalities (peers, report text): 0, 1-2, 3-5,
# 6-10, over 10. Each entry is the band's upper bound; the last band is open.
BAND_UPPER = (0, 2, 5, 10)


def relation_band(n: int) -> int:
    """Band index 0-4 of a relation count (0 | 1-2 | 3-5 | 6-10 | >10)."""
    return sum(int(n) > upper for upper in BAND_UPPER)


def relations_per_municipality(municipalities: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """Every municipality with its count, count per 10,000 inhabitants, density, band and ranks.

    Ranks are 1 = most relations ('min' method: ties share the better rank); `tied_*` says how
    many municipalities share that rank, so the text can say "delt nr. 68" (see rank_text).
    """
    counts = current(relations).groupby("municipality_code").size()
    cols = [c for c in ("code", "name", "region", "population", "area_km2") if c in municipalities]
    df = municipalities[cols].copy()
    df["relations"] = df["code"].map(counts).fillna(0).astype(int)
    df["per_10k"] = df["relations"] / df["population"].astype(float) * 10_000
    area = df["area_km2"].astype(float) if "area_km2" in df else float("nan")
    df["density"] = df["population"].astype(float) / area
    df["band"] = df["relations"].map(relation_band).astype(int)
    by_region = df.groupby("region")
    df["rank_national"] = df["relations"].rank(ascending=False, method="min").astype(int)
    df["rank_region"] = by_region["relations"].rank(ascending=False, method="min").astype(int)
    df["rank_per_10k"] = df["per_10k"].rank(ascending=False, method="min").astype(int)
    df["tied_national"] = df.groupby("relations")["code"].transform("size").astype(int)
    df["tied_region"] = df.groupby(["region", "relations"])["code"].transform("size").astype(int)
    df["tied_per_10k"] = df.groupby("per_10k")["code"].transform("size").astype(int)
    df["region_size"] = by_region["code"].transform("size")
    return df.reset_index(drop=True)


def rank_text(rank: int, tied: int, m) -> str:
    """'nr. 5', or 'delt nr. 68' when several municipalities share the rank (m: i18n.Messages).

    >>> from twinlib.i18n import Messages
    >>> rank_text(68, 31, Messages("da")), rank_text(68, 31, Messages("en")), rank_text(1, 1, Messages("da"))
    ('delt nr. 68', 'joint no. 68', 'nr. 1')
    """
    return m("peers.rank.shared" if int(tied) > 1 else "peers.rank.single", rank=int(rank))


def distribution(per_muni: pd.DataFrame, column: str = "relations") -> pd.DataFrame:
    """Median and quartiles of a column for the nation and for each region."""
    def stats(s: pd.Series) -> pd.Series:
        return pd.Series({"q1": s.quantile(0.25), "median": s.median(), "q3": s.quantile(0.75),
                          "mean": s.mean(), "max": s.max(), "n": len(s)})
    nation = stats(per_muni[column]).to_frame().T.assign(scope="Hele landet")
    regions = per_muni.groupby("region")[column].apply(stats).unstack().reset_index()
    regions = regions.rename(columns={"region": "scope"}).assign(scope=lambda d: "Region " + d["scope"])
    return pd.concat([nation, regions], ignore_index=True)[["scope", "n", "q1", "median", "q3", "mean", "max"]]


def world_region_mix(relations: pd.DataFrame, code: str | None = None) -> pd.DataFrame:
    """Counts and shares per world region for one municipality next to the national mix."""
    cur = current(relations)
    nat = cur["world_region"].value_counts()
    own = cur[cur["municipality_code"] == code]["world_region"].value_counts() if code else nat * 0
    counts = [int(own.get(r, 0)) for r in WORLD_REGIONS]
    national = [int(nat.get(r, 0)) for r in WORLD_REGIONS]
    own_total, nat_total = max(int(own.sum()), 1), max(int(nat.sum()), 1)
    return pd.DataFrame({"world_region": list(WORLD_REGIONS), "count": counts,
                         "share": [n / own_total for n in counts], "national_count": national,
                         "national_share": [n / nat_total for n in national]})


def municipality_profile(municipalities: pd.DataFrame, relations: pd.DataFrame, code: str,
                         per: pd.DataFrame | None = None) -> dict:
    """Key figures for the report's summary box; every value computed from the tables.

    `per` is relations_per_municipality() when the caller already has it (saves a second pass); then
    `relations` may be this municipality's alone (a report has them already, and needs no other).
    """
    per = relations_per_municipality(municipalities, relations) if per is None else per
    me = per[per["code"] == code].iloc[0]
    own = relations[relations["municipality_code"] == code]
    counted = vocab.is_current(own)
    cur = own[counted]
    years = cur["established_year"].dropna()
    this_year = pd.Timestamp.today().year
    nat = per["relations"]
    reg = per[per["region"] == me["region"]]["relations"]
    return {
        "code": code, "name": me["name"], "region": me["region"], "population": int(me["population"]),
        "relations": int(me["relations"]), "relations_all": len(own),
        "ended": int((own["status"] == "ended").sum()),
        "per_10k": float(me["per_10k"]), "rank_national": int(me["rank_national"]),
        "rank_region": int(me["rank_region"]), "region_size": int(me["region_size"]),
        "rank_per_10k": int(me["rank_per_10k"]), "n_municipalities": len(per),
        "tied_national": int(me["tied_national"]), "tied_region": int(me["tied_region"]),
        "tied_per_10k": int(me["tied_per_10k"]),
        "national_median": float(nat.median()), "region_median": float(reg.median()),
        "national_max": int(nat.max()),
        "countries": int(cur["partner_country"].nunique()),
        "world_regions": int(cur["world_region"].nunique()),
        "outside_europe": int(vocab.outside_europe(cur["world_region"]).sum()),
        "nordic": int((cur["world_region"] == "Norden").sum()),
        "with_year": len(years),
        "median_age": float((this_year - years).median()) if len(years) else None,
        "official": int(counted.sum()),
        "unverified": int((own["status"] == vocab.UNVERIFIED).sum()),
        "share_official": float(counted.mean()) if len(own) else None,
        "suspended": int((own["status"] == vocab.SUSPENDED).sum()),
        "lapsed": int((own["status"] == vocab.LAPSED).sum()),
    }
