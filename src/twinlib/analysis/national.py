"""The national picture: figures for the national report, computed from the processed tables.

Pure functions of DataFrames that return figures, never words (report/national words them). Every
count is of current relations (vocab.current) unless its name says otherwise: unverified links are
counted apart and never added.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from twinlib import vocab
from twinlib.analysis import metrics, policy

ENDINGS_FROM = 2022  # the year Russia invaded Ukraine: suspensions and endings since then are reported apart
BAND_LABELS = ("0", "1–2", "3–5", "6–10", "11+")  # metrics.BAND_UPPER's bands, in order


def region_table(municipalities: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """Per region: municipalities, inhabitants, current relations (in all, per municipality, per
    10,000 inhabitants), municipalities with at least one, and unverified links (apart).

    >>> m = pd.DataFrame({"code": ["1", "2"], "region": ["A", "A"], "population": [10_000, 30_000]})
    >>> r = pd.DataFrame({"municipality_code": ["1", "1"], "status": ["active", "unverified"],
    ...                   "evidence_grade": ["A", "D"], "kind": ["twinning"] * 2,
    ...                   "evidence_date": ["2024", None], "checked": ["2026-01-01"] * 2})
    >>> region_table(m, r)[["region", "relations", "unverified", "per_10k"]].to_dict("records")
    [{'region': 'A', 'relations': 1, 'unverified': 1, 'per_10k': 0.25}]
    """
    cur = vocab.current(relations).groupby("municipality_code").size()
    unv = vocab.unverified(relations).groupby("municipality_code").size()
    df = municipalities.assign(relations=municipalities["code"].map(cur).fillna(0).astype(int),
                               unverified=municipalities["code"].map(unv).fillna(0).astype(int))
    out = df.groupby("region").agg(municipalities=("code", "size"), population=("population", "sum"),
                                   relations=("relations", "sum"), unverified=("unverified", "sum"),
                                   with_relations=("relations", lambda s: int((s > 0).sum()))).reset_index()
    out["per_municipality"] = out["relations"] / out["municipalities"]
    out["per_10k"] = out["relations"] / out["population"].astype(float) * 10_000
    return out.sort_values(["relations", "region"], ascending=[False, True], ignore_index=True)


def band_counts(per_muni: pd.DataFrame) -> pd.DataFrame:
    """How many municipalities fall in each band of current relations (0, 1–2, 3–5, 6–10, 11+)."""
    counts = per_muni["band"].value_counts()
    return pd.DataFrame({"band": BAND_LABELS,
                         "municipalities": [int(counts.get(i, 0)) for i in range(len(BAND_LABELS))]})


def spread(per_muni: pd.DataFrame, low: int, high: int) -> dict:
    """The distribution of current relations per municipality: median, mean, the top one(s), and how
    many have between `low` and `high` (the survey's "many have 4-6")."""
    n = per_muni["relations"]
    top = per_muni[n == n.max()].sort_values("name")
    return {"median": float(n.median()), "mean": float(n.mean()), "max": int(n.max()),
            "top": list(top["name"]), "none": int((n == 0).sum()), "in_range": int(n.between(low, high).sum()),
            "municipalities": len(per_muni)}


def world_region_table(relations: pd.DataFrame) -> pd.DataFrame:
    """Per world region (vocab order): current relations, share, partner countries, Danish municipalities."""
    cur = vocab.current(relations)
    g = cur.groupby("world_region").agg(relations=("relation_id", "size"),
                                        countries=("partner_country", "nunique"),
                                        municipalities=("municipality_code", "nunique"))
    out = g.reindex(list(vocab.WORLD_REGIONS), fill_value=0).rename_axis("world_region").reset_index()
    out["share"] = out["relations"] / max(len(cur), 1)
    return out


def country_table(relations: pd.DataFrame, limit: int = 12) -> pd.DataFrame:
    """The partner countries with the most current relations (ties broken by ISO code)."""
    cur = vocab.current(relations)
    out = (cur.groupby(["partner_country", "world_region"])
              .agg(relations=("relation_id", "size"), municipalities=("municipality_code", "nunique"))
              .reset_index())
    return out.sort_values(["relations", "partner_country"], ascending=[False, True], ignore_index=True).head(limit)


def country_count(relations: pd.DataFrame, country: str) -> int:
    return int((vocab.current(relations)["partner_country"] == country).sum())


def start_periods(relations: pd.DataFrame, reform: int = vocab.REFORM_YEAR) -> dict:
    """Current relations by when they began (before the 2007 reform, since, unknown), and the ended
    ones by the year they ended where the source gives it."""
    cur = vocab.current(relations)
    year = cur["established_year"]
    ended = relations[relations["status"] == vocab.ENDED]["ended_year"]
    return {"current": len(cur), "before": int((year < reform).sum()), "since": int((year >= reform).sum()),
            "unknown": int(year.isna().sum()), "ended": int(len(ended)),
            "ended_since": int((ended >= reform).sum()), "ended_unknown": int(ended.isna().sum())}


def decade_counts(relations: pd.DataFrame) -> pd.DataFrame:
    """Current relations with a known start year, per decade of their start (oldest first)."""
    year = vocab.current(relations)["established_year"].dropna().astype(int)
    counts = (year // 10 * 10).value_counts().sort_index()
    return pd.DataFrame({"decade": counts.index.astype(int), "relations": counts.to_numpy().astype(int)})


def policy_counts(policies: pd.DataFrame) -> dict:
    """How many municipalities have an international policy on record, and how often each stance and
    goal occurs among them (a policy may state several; 'none_stated' is not a stance)."""
    def tally(column: str, order) -> pd.DataFrame:
        codes = policies[column].dropna().str.split(";").explode().str.strip()
        counts = codes[codes.isin(order)].value_counts()
        out = pd.DataFrame({"code": list(order), "municipalities": [int(counts.get(c, 0)) for c in order]})
        return out[out["municipalities"] > 0].sort_values("municipalities", ascending=False, kind="stable",
                                                          ignore_index=True)
    found = policies["outcome"] == "found"
    return {"municipalities": len(policies), "found": int(found.sum()),
            "stances": tally("stance", [s for s in vocab.STANCES if s != "none_stated"]),
            "goals": tally("goals", vocab.GOALS)}


def recent_endings(relations: pd.DataFrame, since: int = ENDINGS_FROM) -> pd.DataFrame:
    """Relations ended or suspended since `since`: by the year the source gives for the end, else by the
    date of the evidence that documents it (then `year_known` is False)."""
    gone = relations[relations["status"].isin([vocab.ENDED, vocab.SUSPENDED])]
    evidence = pd.to_numeric(gone["evidence_date"].astype(str).str[:4], errors="coerce")
    year = gone["ended_year"].astype("Float64").fillna(evidence.astype("Float64"))
    out = gone.assign(year=year, year_known=gone["ended_year"].notna())
    out = out[out["year"] >= since]
    cols = ["municipality_code", "partner_name", "partner_country", "status", "year", "year_known", "source_url"]
    return out[cols].astype({"year": int}).sort_values(["year", "municipality_code", "partner_name"],
                                                       ignore_index=True)


def recommendation_uptake(per_muni: pd.DataFrame, relations: pd.DataFrame, policies: pd.DataFrame,
                          strategies: pd.DataFrame, today: dt.date) -> dict:
    """What the public record shows of each of the survey's six recommendations, as counts.

    Only what public pages can show is counted: policies and their dates (1), partners outside
    Europe (3), project-based policies and time-limited agreements (4), partner towns that several
    Danish municipalities share (6). Activities and funding (2, 5) are known only from the
    municipalities themselves, so those entries hold no figure (None).
    """
    status = pd.Series([policy.of(policies, strategies, c, today).status for c in per_muni["code"]])
    cur = vocab.current(relations)
    outside = cur[vocab.outside_europe(cur["world_region"])]
    stances = policies["stance"].fillna("").str.split(";")
    key = cur["partner_country"].astype(str) + "|" + cur["partner_name"].astype(str)
    shared = cur.groupby(key)["municipality_code"].nunique()
    shared = shared[shared > 1]
    return {
        "strategy": {"found": int((status != "none").sum()), "current": int(status.isin(["current", "lapsing",
                                                                                               "urgent"]).sum()),
                     "lapsed": int((status == "lapsed").sum()), "undated": int((status == "undated").sum())},
        "core_tasks": None,
        "global_outlook": {"relations": len(outside), "municipalities": int(outside["municipality_code"].nunique()),
                           "empty_regions": [r for r in vocab.WORLD_REGIONS if r not in set(cur["world_region"])]},
        "projects": {"policies": int(stances.map(lambda s: bool({"project_based", "time_limited_only"} & set(s)))
                                     .sum()),
                     "cooperation": int((cur["kind"] == "cooperation").sum()),
                     "lapsed": int((relations["status"] == vocab.LAPSED).sum())},
        "funding": None,
        "partnerships": {"partners": len(shared),
                         "municipalities": int(cur[key.isin(set(shared.index))]["municipality_code"].nunique())},
    }


def survey_points(municipalities: pd.DataFrame, relations: pd.DataFrame) -> dict:
    """Today's answer to each headline of the 2017 survey (the words are the report's)."""
    per = metrics.relations_per_municipality(municipalities, relations)
    reg = region_table(municipalities, relations)
    cur = vocab.current(relations)
    asia = cur[cur["world_region"] == "Asien"]
    return {"confirmed": len(cur), "unverified": len(vocab.unverified(relations)),
            "asia": len(asia), "china": int((asia["partner_country"] == "CN").sum()),
            "usa": country_count(relations, "US"),
            "nordic": int((cur["world_region"] == "Norden").sum()),
            "europe": int(cur["world_region"].isin(vocab.EUROPE).sum()),
            "outside_europe": int(vocab.outside_europe(cur["world_region"]).sum()),
            "most_total": reg.iloc[0]["region"],
            "most_per_municipality": reg.sort_values("per_municipality", ascending=False).iloc[0]["region"],
            "fewest": list(reg.sort_values(["relations", "region"])["region"].head(2)),
            "top": per.sort_values(["relations", "name"], ascending=[False, True]).iloc[0][["name", "relations"]]
                      .to_dict()}


def municipality_table(per_muni: pd.DataFrame, relations: pd.DataFrame, policies: pd.DataFrame) -> pd.DataFrame:
    """Every municipality: current relations (in all and per 10,000), unverified links, ended or
    suspended relations, and whether a policy was found; in the order of per_muni."""
    gone = relations[relations["status"].isin([vocab.ENDED, vocab.SUSPENDED])].groupby("municipality_code").size()
    unv = vocab.unverified(relations).groupby("municipality_code").size()
    found = set(policies.loc[policies["outcome"] == "found", "municipality_code"])
    return per_muni[["code", "name", "region", "relations", "per_10k"]].assign(
        unverified=per_muni["code"].map(unv).fillna(0).astype(int),
        ended=per_muni["code"].map(gone).fillna(0).astype(int),
        policy=per_muni["code"].isin(found)).reset_index(drop=True)
