"""Metrics for one municipality against the nation, its region and its peers. Pure df -> df.

'Relations' counts current relations only (vocab.current: active with evidence grade A-C);
links seen only in public lists are counted apart as `unverified` and never added.
"""

from __future__ import annotations

import pandas as pd

from .. import vocab
from ..vocab import WORLD_REGIONS, current


def relations_per_municipality(municipalities: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """Every municipality with its count, count per 10,000 inhabitants and ranks.

    Ranks are 1 = most relations ('min' method: ties share the better rank).
    """
    counts = current(relations).groupby("municipality_code").size()
    df = municipalities[["code", "name", "region", "population"]].copy()
    df["relations"] = df["code"].map(counts).fillna(0).astype(int)
    df["per_10k"] = df["relations"] / df["population"].astype(float) * 10_000
    df["rank_national"] = df["relations"].rank(ascending=False, method="min").astype(int)
    df["rank_region"] = df.groupby("region")["relations"].rank(ascending=False, method="min").astype(int)
    df["rank_per_10k"] = df["per_10k"].rank(ascending=False, method="min").astype(int)
    df["region_size"] = df.groupby("region")["code"].transform("size")
    return df.reset_index(drop=True)


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
    df = pd.DataFrame({"world_region": WORLD_REGIONS})
    df["count"] = df["world_region"].map(own).fillna(0).astype(int)
    df["share"] = df["count"] / max(int(own.sum()), 1)
    df["national_count"] = df["world_region"].map(nat).fillna(0).astype(int)
    df["national_share"] = df["national_count"] / max(int(nat.sum()), 1)
    return df


def municipality_profile(municipalities: pd.DataFrame, relations: pd.DataFrame, code: str,
                         per: pd.DataFrame | None = None) -> dict:
    """Key figures for the report's summary box; every value computed from the tables.

    `per` is relations_per_municipality() when the caller already has it (saves a second pass).
    """
    per = relations_per_municipality(municipalities, relations) if per is None else per
    me = per[per["code"] == code].iloc[0]
    own = relations[relations["municipality_code"] == code]
    cur = current(own)
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
        "national_median": float(nat.median()), "region_median": float(reg.median()),
        "national_max": int(nat.max()),
        "countries": int(cur["partner_country"].nunique()),
        "world_regions": int(cur["world_region"].nunique()),
        "outside_europe": int(vocab.outside_europe(cur["world_region"]).sum()),
        "nordic": int((cur["world_region"] == "Norden").sum()),
        "with_year": len(years),
        "median_age": float((this_year - years).median()) if len(years) else None,
        "official": int(vocab.is_current(own).sum()),
        "unverified": int((own["status"] == vocab.UNVERIFIED).sum()),
        "share_official": float(vocab.is_current(own).mean()) if len(own) else None,
        "suspended": int((own["status"] == vocab.SUSPENDED).sum()),
        "lapsed": int((own["status"] == vocab.LAPSED).sum()),
    }
