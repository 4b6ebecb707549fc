"""Municipalities: the 98 of today from DAGI names, the concordance, population and areas.

Also the lookup that maps any Danish-side name (today's, a pre-2007 municipality's, a town's
alias) to today's municipality code.
"""

from __future__ import annotations

import pandas as pd

from twinlib import names


def latest_population(population: pd.DataFrame) -> pd.DataFrame:
    """Latest year per 3-digit municipality code (drops the country 0 and region 81-85 rows).

    >>> df = pd.DataFrame({"muni_code": ["101", "101", "0"], "year": ["2022", "2023", "2023"],
    ...                    "pop": ["1", "2", "9"]})
    >>> latest_population(df).to_dict("records")
    [{'code': '101', 'population': 2, 'population_year': 2023}]
    """
    df = population.assign(code=population["muni_code"].str.strip().str.zfill(3),
                           year=pd.to_numeric(population["year"], errors="raise"),
                           pop=pd.to_numeric(population["pop"], errors="raise"))
    df = df[df["muni_code"].str.strip().str.len() == 3]
    df = df.sort_values(["code", "year"]).groupby("code", as_index=False).last()
    return (df.rename(columns={"pop": "population", "year": "population_year"})
              [["code", "population", "population_year"]]
              .astype({"population": "int64", "population_year": "int64"})
              .reset_index(drop=True))


def clean_areas(areas: pd.DataFrame) -> pd.DataFrame:
    """One area per code: rows without a code (duplicated Nordfyn/Vesthimmerland) are dropped."""
    df = areas[areas["muni_code"].fillna("").str.strip() != ""]
    df = df.assign(code=df["muni_code"].str.strip().str.replace(r"\.0$", "", regex=True)
                   .str.zfill(3), area_km2=pd.to_numeric(df["km2"], errors="raise"))
    return df.drop_duplicates("code")[["code", "area_km2"]].reset_index(drop=True)


def predecessors(concordance: pd.DataFrame) -> pd.DataFrame:
    """Pre-2007 municipalities per new code, '; '-joined, from the MedCom concordance."""
    df = concordance[concordance["NewCommunityCode"].str.strip().str.isdigit()]
    df = df.assign(code=df["NewCommunityCode"].str.strip().str.zfill(3),
                   old=df["OldCommunityName"].str.strip())
    out = (df.groupby("code")["old"].apply(lambda s: "; ".join(sorted(set(s))))
             .rename("predecessors").reset_index())
    regions = df.groupby("code")["RegionName"].first().str.strip().rename("region").reset_index()
    return out.merge(regions, on="code", validate="one_to_one")


def build_municipalities(names_by_code: dict[str, str], concordance: pd.DataFrame,
                         population: pd.DataFrame, areas: pd.DataFrame,
                         centroids: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """The 98 municipalities: code, name, slug, region, population, area, centroid, predecessors."""
    base = predecessors(concordance)
    base = base.assign(name=base["code"].map(names_by_code))
    base = base.merge(latest_population(population), on="code", how="left", validate="1:1")
    base = base.merge(clean_areas(areas), on="code", how="left", validate="1:1")
    base = base.assign(slug=base["name"].map(names.slugify),
                       lat=base["code"].map(lambda c: round(centroids[c][0], 4)),
                       lon=base["code"].map(lambda c: round(centroids[c][1], 4)))
    cols = ["code", "name", "slug", "region", "population", "population_year", "area_km2",
            "lat", "lon", "predecessors"]
    return base[cols].sort_values("code").reset_index(drop=True)


def municipality_lookup(municipalities: pd.DataFrame, concordance: pd.DataFrame,
                        labels: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    """Every known spelling of a Danish place -> today's code, with how we know it.

    Current names, English labels (Copenhagen), 2007 names (Århus), pre-2007 municipality names
    (concordance) and the curated town aliases in data/reference/place_aliases.csv.
    """
    frames = [
        municipalities.assign(alias=municipalities["name"], basis="name")[["alias", "code", "basis"]],
        labels.assign(alias=labels["label_en"], code=labels["lau_1"].str.zfill(3),
                      basis="english label")[["alias", "code", "basis"]],
        labels.assign(alias=labels["label_dk"], code=labels["lau_1"].str.zfill(3),
                      basis="2021 label")[["alias", "code", "basis"]],
        concordance.assign(alias=concordance["NewCommunityName"],
                           code=concordance["NewCommunityCode"].str.zfill(3),
                           basis="2007 name")[["alias", "code", "basis"]],
        concordance.assign(alias=concordance["OldCommunityName"].str.replace(
                               r"\s*\(del af\)", "", regex=True),
                           code=concordance["NewCommunityCode"].str.zfill(3),
                           basis="pre-2007 municipality")[["alias", "code", "basis"]],
        aliases.assign(code=aliases["municipality_code"].str.zfill(3),
                       basis="place alias")[["alias", "code", "basis"]],
    ]
    df = pd.concat(frames, ignore_index=True)
    df = df[df["code"].isin(municipalities["code"])]
    df = df.assign(key=df["alias"].map(names.municipality_key))
    # a split pre-2007 municipality maps to several codes: ambiguous keys are dropped unless a
    # better basis (current name, alias) settles them
    rank = {"name": 0, "place alias": 1, "english label": 2, "2021 label": 2, "2007 name": 3,
            "pre-2007 municipality": 4}
    df = df.assign(rank=df["basis"].map(rank)).sort_values(["key", "rank"])
    best = df.groupby("key")["rank"].transform("min")
    df = df[df["rank"] == best]
    ambiguous = df.groupby("key")["code"].transform("nunique") > 1
    return df[~ambiguous].drop_duplicates("key")[["key", "code", "basis"]].reset_index(drop=True)
