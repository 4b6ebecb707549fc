"""Functions behind the exploration notebooks: the 2017 survey next to today's data, and data quality."""

from __future__ import annotations

import pandas as pd

from . import data, summary, survey, vocab
from .analysis import estimate, metrics


def survey_comparison(t: data.Tables) -> pd.DataFrame:
    """The survey's headline figures beside ours, each explanation computed from the same tables."""
    s = survey.load()
    cur = vocab.current(t.relations)
    unverified = len(vocab.unverified(t.relations))
    nf = summary.national_figures(t)
    reg = nf["by_region"].set_index("region")
    per = metrics.relations_per_municipality(t.municipalities, t.relations)
    top = per.sort_values("relations", ascending=False).iloc[0]
    top_rel = cur[cur["municipality_code"] == top["code"]]
    via_old = int(top_rel["local_place"].notna().sum())
    asia = cur[cur["world_region"] == "Asien"]
    usa = cur[cur["partner_country"] == "US"]
    nordic = (cur["world_region"] == "Norden").mean()
    most_total, most_per = reg["relations"].idxmax(), reg["per_municipality"].idxmax()
    fewest = list(reg.sort_values("relations").index[:2])
    top_region = per[per["region"] == most_per].sort_values("relations", ascending=False).iloc[0]
    share_top = top_region["relations"] / max(int(reg.loc[most_per, "relations"]), 1)
    same = "samme som 2017" if most_total == s["regions"]["most_total"]["value"] else "anderledes end 2017"
    rows = [
        ("Venskabsbyrelationer i alt", s["relations_total"]["value"],
         f"{len(cur)} bekræftede aktive (+ {unverified} ubekræftede)",
         f"Kun relationer, der er aktive og bekræftet af kommunen, partneren eller en dateret nyhed (grad A–C), "
         f"tælles. {unverified} forbindelser står kun i offentlige lister (Wikipedia/Wikidata) og tælles ikke; "
         "skønnet over det sande antal står i tabellen over skøn."),
        ("Flest i alt (region)", s["regions"]["most_total"]["value"], most_total,
         f"{same}: {int(reg.loc[most_total, 'relations'])} relationer i {int(reg.loc[most_total, 'municipalities'])}"
         " kommuner."),
        ("Flest pr. kommune (region)", s["regions"]["most_per_municipality"]["value"], most_per,
         f"{top_region['name']} står for {int(top_region['relations'])} af regionens "
         f"{int(reg.loc[most_per, 'relations'])} relationer ({share_top:.0%})."),
        ("Færrest (regioner)", " og ".join(s["regions"]["fewest"]["value"]), " og ".join(fewest),
         "Regionernes totaler i dag: " + ", ".join(f"{r} {int(v)}" for r, v in reg["relations"].sort_values()
                                                    .items()) + "."),
        ("Kommunen med flest", "over 30", f"{top['name']}: {int(top['relations'])}",
         f"{via_old} af {top['name']}s relationer er knyttet til en tidligere kommune eller by på dansk side "
         "(fra Wikidata 2017)."),
        ("Venskabsbyer i Asien", f"knap {s['asia_about']['value']}", str(len(asia)),
         f"Heraf {int((asia['partner_country'] == 'CN').sum())} i Kina."),
        ("Venskabsbyer i USA", s["usa"]["value"], str(len(usa)),
         "I dag: " + ", ".join(sorted(usa["partner_name"])) + "."),
        ("Andel i Norden", "de fleste", f"{nordic:.0%}", f"{int((cur['world_region'] == 'Norden').sum())} af "
         f"{len(cur)} relationer."),
    ]
    return pd.DataFrame(rows, columns=["figur", "undersøgelsen 2017", "twinlib i dag", "forklaring"])


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
    """Per municipality: relations, official share, without year, without coordinates, flags, search outcome."""
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
    return out.assign(search_outcome=out["code"].map(cov)).astype(
        {c: int for c in ["relations", "official", "no_year", "no_coordinates", "flagged"]})


def researched_in_round(t: data.Tables, round_dir: str = "round3") -> pd.Series:
    """Rows that were still public-only when a research round began (its *_todo.csv files)."""
    from . import paths

    curated = paths.curated_dir()  # only a checkout has the research rounds; without them: no row
    ids = set()
    for p in sorted(curated.glob(f"research/{round_dir}/*_todo.csv") if curated else []):
        ids |= set(pd.read_csv(p, dtype=str)["relation_id"])
    return t.relations["relation_id"].isin(ids)


def estimate_table(t: data.Tables) -> pd.DataFrame:
    """Confirmed, unverified and the estimated true national total beside the survey's 317."""
    e = estimate.national_estimate(t.relations, t.coverage)
    late = researched_in_round(t)
    r3 = estimate.national_estimate(t.relations, t.coverage, learn=late) if late.any() else None
    s = survey.load()
    k, n = e["unlisted_share"]
    research_only = int(((t.relations["status"] == vocab.UNVERIFIED)
                         & ~estimate.assign_stratum(t.relations)["listed"]).sum())
    rows = [
        ("Survey 2017 (the municipalities' own answers)", str(s["relations_total"]["value"]), ""),
        ("Confirmed current today (active, grade A-C)", str(e["confirmed"]), "counted in every figure"),
        ("Unverified public-list links", str(e["unverified"]),
         "never counted; the estimate below gives each the share of its stratum that turned out current"),
        ("Estimated current among them", f"{e['unverified_current']:.0f}", "see the strata table"),
        ("Estimated links in no public list, not yet found", f"{e['unlisted']:.0f}",
         f"{k} of {n} current links in municipalities with a full list are in no public list"),
        (f"Estimated true total ({e['level']:.0%} interval)", f"{e['estimate']:.0f} ({e['low']:.0f}–{e['high']:.0f})",
         "assumes that the links research resolved are like those it did not (see the hold-out check)"),
        ("Not in the estimate", str(research_only), "links found by research with only old evidence"),
    ]
    if r3 is not None:
        rows.append(("Estimated true total, shares learned only from round 3",
                     f"{r3['estimate']:.0f} ({r3['low']:.0f}–{r3['high']:.0f})",
                     f"the {int(late.sum())} links still public-only after two rounds, as the unresolved ones are: "
                     "the more cautious figure"))
    return pd.DataFrame(rows, columns=["figure", "value", "note"])
