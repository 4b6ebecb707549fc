"""Functions behind the exploration notebooks: the 2017 survey next to today's data, and data quality."""

from __future__ import annotations

import pandas as pd

from . import data, metrics, summary, survey


def survey_comparison(t: data.Tables) -> pd.DataFrame:
    """The survey's headline figures beside ours, with why they differ. Every number is computed."""
    s = survey.load()
    cur = metrics.current(t.relations)
    official_active = int(((t.relations["evidence"] == "official") & (t.relations["status"] == "active")).sum())
    nf = summary.national_figures(t)
    reg = nf["by_region"].set_index("region")
    per = metrics.relations_per_municipality(t.municipalities, t.relations)
    top = per.sort_values("relations", ascending=False).iloc[0]
    asia = int((cur["world_region"] == "Asien").sum())
    usa = int((cur["partner_country"] == "US").sum())
    nordic = (cur["world_region"] == "Norden").mean()
    rows = [
        ("Venskabsbyrelationer i alt", s["relations_total"]["value"],
         f"{len(cur)} (heraf {official_active} officielt bekræftet aktive)",
         "De offentlige lister beholder ophørte og førkommunalreform-forbindelser; kun en del er bekræftet."),
        ("Flest i alt (region)", s["regions"]["most_total"]["value"], reg["relations"].idxmax(),
         "Samme billede, hvis regionen er den samme."),
        ("Flest pr. kommune (region)", s["regions"]["most_per_municipality"]["value"],
         reg["per_municipality"].idxmax(), "Aalborg alene trækker Nordjylland op."),
        ("Færrest (regioner)", " og ".join(s["regions"]["fewest"]["value"]),
         " og ".join(reg.sort_values("relations").index[:2]), "Rangordenen i bunden er følsom for få relationer."),
        ("Kommunen med flest", "over 30", f"{top['name']}: {int(top['relations'])}",
         "Wikidata tilføjer forbindelser fra tidligere kommuner (fx Nibe, Nørresundby)."),
        ("Venskabsbyer i Asien", f"knap {s['asia_about']['value']}", str(asia), "Kinesiske aftaler fra 2000'erne."),
        ("Venskabsbyer i USA", s["usa"]["value"], str(usa), "Små forskelle: enkelte amerikanske byer er med."),
        ("Andel i Norden", "de fleste", f"{nordic:.0%}".replace(".", ","), "Nordiske venskabsbykæder dominerer."),
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
        official=("evidence", lambda s: int((s == "official").sum())),
        no_year=("established_year", lambda s: int(s.isna().sum())),
        no_coordinates=("partner_lat", lambda s: int(s.isna().sum())),
        flagged=("quality_flags", lambda s: int(s.notna().sum())))
    out = t.municipalities[["code", "name", "region"]].merge(g, left_on="code", right_index=True, how="left")
    out = out.fillna({c: 0 for c in ["relations", "official", "no_year", "no_coordinates", "flagged"]})
    cov = t.coverage.set_index("municipality_code")["outcome"] if len(t.coverage) else pd.Series(dtype=str)
    return out.assign(search_outcome=out["code"].map(cov)).astype(
        {c: int for c in ["relations", "official", "no_year", "no_coordinates", "flagged"]})
