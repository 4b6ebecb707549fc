"""Functions behind the exploration notebooks: the 2017 survey next to today's data, and data quality."""

from __future__ import annotations

import pandas as pd

from twinlib import vocab
from twinlib.analysis import estimate, metrics
from twinlib.names import collation_key
from twinlib.research import summary
from twinlib.tables import data, survey


def survey_comparison(t: data.Tables) -> pd.DataFrame:
    """The survey's headline figures beside ours, each explanation computed from the same tables.

    In English, for the English notebook; region, country and town names stay as in the data (Danish).
    """
    s = survey.load()
    cur = vocab.current(t.relations)
    unverified = len(vocab.unverified(t.relations))
    reg = summary.national_figures(t)["by_region"].set_index("region")
    per = metrics.relations_per_municipality(t.municipalities, t.relations)
    top = per.sort_values("relations", ascending=False).iloc[0]
    via_old = int(cur[cur["municipality_code"] == top["code"]]["local_place"].notna().sum())
    asia = cur[cur["world_region"] == "Asien"]
    usa = cur[cur["partner_country"] == "US"]
    nordic = (cur["world_region"] == "Norden").mean()
    most_total, most_per = reg["relations"].idxmax(), reg["per_municipality"].idxmax()
    fewest = list(reg.sort_values("relations").index[:2])
    top_region = per[per["region"] == most_per].sort_values("relations", ascending=False).iloc[0]
    share_top = top_region["relations"] / max(int(reg.loc[most_per, "relations"]), 1)
    same = "as in 2017" if most_total == s["regions"]["most_total"]["value"] else "unlike 2017"
    rows = [
        ("Twin-town relations in total", s["relations_total"]["value"],
         f"{len(cur)} confirmed current (+ {unverified} unverified)",
         "Only relations that are active and confirmed by the municipality, the partner or a dated news report "
         f"(grade A–C) count. {unverified} links stand only in public lists (Wikipedia/Wikidata) and do not "
         "count; the estimate of the true number is in the estimate table."),
        ("Most in total (region)", s["regions"]["most_total"]["value"], most_total,
         f"{same}: {int(reg.loc[most_total, 'relations'])} relations in "
         f"{int(reg.loc[most_total, 'municipalities'])} municipalities."),
        ("Most per municipality (region)", s["regions"]["most_per_municipality"]["value"], most_per,
         f"{top_region['name']} has {int(top_region['relations'])} of the region's "
         f"{int(reg.loc[most_per, 'relations'])} relations ({share_top:.0%})."),
        ("Fewest (regions)", " and ".join(s["regions"]["fewest"]["value"]), " and ".join(fewest),
         "Region totals today: " + ", ".join(f"{r} {int(v)}" for r, v in reg["relations"].sort_values().items())
         + "."),
        ("Municipality with the most", "over 30", f"{top['name']}: {int(top['relations'])}",
         f"{via_old} of {top['name']}'s relations belong to a former municipality or town on the Danish side "
         "(from Wikidata 2017)."),
        ("Twin towns in Asia", f"almost {s['asia_about']['value']}", str(len(asia)),
         f"Of these, {int((asia['partner_country'] == 'CN').sum())} in China."),
        ("Twin towns in the USA", s["usa"]["value"], str(len(usa)), "Today: " + ", ".join(sorted(usa["partner_name"]))
         + "."),
        ("Share in the Nordic countries", "most", f"{nordic:.0%}",
         f"{int((cur['world_region'] == 'Norden').sum())} of {len(cur)} relations."),
    ]
    return pd.DataFrame(rows, columns=["figure", "survey 2017", "twinlib today", "explanation"])


def source_coverage(t: data.Tables) -> pd.DataFrame:
    """How many relations each source supports, and how many rest on one source only."""
    ids = t.relations["source_ids"].str.split(";")
    rows = []
    for sid in ["wikipedia-en-dk", "wikipedia-en-reverse", "wikidata-2017", "curated"]:
        has = ids.map(lambda xs, s=sid: s in xs)
        only = ids.map(lambda xs, s=sid: xs == [s])
        rows.append({"source": sid, "relations": int(has.sum()), "only_this_source": int(only.sum())})
    return pd.DataFrame(rows)


def quality_per_municipality(t: data.Tables) -> pd.DataFrame:
    """Per municipality: relations, official count and share (none where no relations), without year,
    without coordinates, flags, search outcome."""
    r = t.relations
    g = r.groupby("municipality_code").agg(
        relations=("relation_id", "size"),
        official=("evidence_grade", lambda s: int((s != vocab.PUBLIC_GRADE).sum())),
        no_year=("established_year", lambda s: int(s.isna().sum())),
        no_coordinates=("partner_lat", lambda s: int(s.isna().sum())),
        flagged=("quality_flags", lambda s: int(s.notna().sum())))
    out = t.municipalities[["code", "name", "region"]].merge(g, left_on="code", right_index=True, how="left")
    out = out.fillna({c: 0 for c in ["relations", "official", "no_year", "no_coordinates", "flagged"]})
    cov = t.coverage.set_index("municipality_code")["outcome"] if len(t.coverage) else pd.Series(dtype=str)
    out = out.assign(search_outcome=out["code"].map(cov)).astype(
        {c: int for c in ["relations", "official", "no_year", "no_coordinates", "flagged"]})
    return out.assign(official_share=out["official"] / out["relations"].where(out["relations"] > 0))


def estimate_table(t: data.Tables) -> pd.DataFrame:
    """Confirmed, unverified and the estimated true national total beside the survey's 317."""
    e = estimate.national_estimate(t.relations, t.estimate_sample)
    s, c = survey.load(), e["sample"]
    rows = [
        ("Survey 2017 (the municipalities' own answers)", str(s["relations_total"]["value"]), ""),
        ("Confirmed current today (vocab.current)", str(e["confirmed"]), "counted in every figure"),
        ("Unverified links", str(e["unverified"]), "never counted; association-run links are apart"),
        ("Random sample of unverified links", str(c["n"]),
         ", ".join(f"{k} {v}" for k, v in c["by_finding"].items()) + " (research round 4, seeded)"),
        ("Live share in the sample", f"{e['live_share']:.1%}", "applied to the unverified links outside the sample"),
        (f"Estimated true total ({e['level']:.0%} interval)", f"{e['estimate']:.0f} ({e['low']:.0f}–{e['high']:.0f})",
         f"assumes {e['assumption']}"),
        ("Sensitivity", f"{e['low_assumption']:.0f}–{e['high_assumption']:.0f}",
         "no-trace and pre-2020-only links never live … live at the traced links' share"),
    ]
    return pd.DataFrame(rows, columns=["figure", "value", "note"])


def partner_countries(relations: pd.DataFrame) -> pd.DataFrame:
    """Current relations per partner country: how many, in how many Danish municipalities, since when.

    Only vocab.current counts; `first_year` is the earliest known start year (many are unknown, so
    `with_year` says how many it rests on).
    """
    cur = vocab.current(relations)
    out = (cur.groupby(["partner_country_name", "world_region"])
              .agg(relations=("relation_id", "size"), municipalities=("municipality_code", "nunique"),
                   first_year=("established_year", "min"), with_year=("established_year", "count"))
              .reset_index())
    out["share"] = out["relations"] / max(len(cur), 1)
    return out.sort_values(["relations", "partner_country_name"], ascending=[False, True], ignore_index=True)


def decade_label(year) -> str:
    """'1960s' for 1967; 'unknown' for a missing year.

    >>> decade_label(1967), decade_label(None)
    ('1960s', 'unknown')
    """
    return "unknown" if year is None or pd.isna(year) else f"{int(year) // 10 * 10}s"


def regions_by_decade(relations: pd.DataFrame) -> pd.DataFrame:
    """Current relations by the decade they began (rows, oldest first, 'unknown' last) and the
    partner's world region (columns in vocab order), with a total per decade."""
    cur = vocab.current(relations)
    decade = cur["established_year"].map(decade_label).rename("decade")
    table = pd.crosstab(decade, cur["world_region"]).reindex(columns=list(vocab.WORLD_REGIONS), fill_value=0)
    order = sorted(d for d in table.index if d != "unknown") + [d for d in table.index if d == "unknown"]
    table = table.reindex(order).astype(int)
    table.columns.name = None
    return table.assign(total=table.sum(axis=1)).reset_index()


def networks_vs_twinnings(municipalities: pd.DataFrame, relations: pd.DataFrame,
                          memberships: pd.DataFrame) -> pd.DataFrame:
    """Per municipality: current twinnings, other current relations (friendship, cooperation,
    association), network memberships (with their names) and unverified links, which never count."""
    cur = vocab.current(relations)
    kinds = pd.crosstab(cur["municipality_code"], cur["kind"]).reindex(columns=list(vocab.KINDS), fill_value=0)
    nets = memberships.groupby("municipality_code")["network"]
    unverified = vocab.unverified(relations).groupby("municipality_code").size()
    out = municipalities[["code", "name", "region"]].copy()
    out["twinnings"] = out["code"].map(kinds["twinning"])
    out["other_current"] = out["code"].map(kinds.drop(columns="twinning").sum(axis=1))
    out["networks"] = out["code"].map(nets.size())
    out["unverified"] = out["code"].map(unverified)
    counts = ["twinnings", "other_current", "networks", "unverified"]
    out[counts] = out[counts].fillna(0).astype(int)
    out["network_names"] = out["code"].map(nets.agg(lambda s: "; ".join(sorted(s)))).fillna("")
    return out.reset_index(drop=True)


def network_twinning_overlap(per_muni: pd.DataFrame) -> pd.DataFrame:
    """How many municipalities have twinnings, networks, both or neither (from networks_vs_twinnings)."""
    twin = per_muni["twinnings"].gt(0).map({True: "with twinnings", False: "without twinnings"})
    net = per_muni["networks"].gt(0).map({True: "in a network", False: "in no network"})
    table = pd.crosstab(twin, net).reindex(index=["with twinnings", "without twinnings"],
                                           columns=["in a network", "in no network"], fill_value=0)
    table.index.name, table.columns.name = "", None
    return table.reset_index()


def unverified_links(municipalities: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """The links seen only in public lists (or on old evidence): shown apart, never counted."""
    names = dict(zip(municipalities["code"], municipalities["name"], strict=True))
    u = vocab.unverified(relations)
    return (u.assign(municipality=u["municipality_code"].map(names))
             [["municipality", "partner_name", "partner_country_name", "world_region", "established_year",
               "evidence_grade", "source_ids"]]
             .sort_values(["municipality", "partner_name"], key=lambda s: s.map(collation_key), ignore_index=True))
