"""Functions behind the exploration notebooks: the 2017 survey next to today's data, and data quality."""

from __future__ import annotations

import pandas as pd

from . import data, metrics, summary, survey


def survey_comparison(t: data.Tables) -> pd.DataFrame:
    """The survey's headline figures beside ours, each explanation computed from the same tables."""
    s = survey.load()
    cur = metrics.current(t.relations)
    official_active = int(((t.relations["evidence"] == "official") & (t.relations["status"] == "active")).sum())
    public_only = int((cur["evidence"] == "public").sum())
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
         f"{len(cur)} (heraf {official_active} officielt bekræftet aktive)",
         f"{public_only} relationer står kun i offentlige lister (Wikipedia/Wikidata), som også beholder ophørte "
         "forbindelser; kun de officielt bekræftede kan sammenlignes direkte med kommunernes egne svar i 2017."),
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
        official=("evidence", lambda s: int((s == "official").sum())),
        no_year=("established_year", lambda s: int(s.isna().sum())),
        no_coordinates=("partner_lat", lambda s: int(s.isna().sum())),
        flagged=("quality_flags", lambda s: int(s.notna().sum())))
    out = t.municipalities[["code", "name", "region"]].merge(g, left_on="code", right_index=True, how="left")
    out = out.fillna({c: 0 for c in ["relations", "official", "no_year", "no_coordinates", "flagged"]})
    cov = t.coverage.set_index("municipality_code")["outcome"] if len(t.coverage) else pd.Series(dtype=str)
    return out.assign(search_outcome=out["code"].map(cov)).astype(
        {c: int for c in ["relations", "official", "no_year", "no_coordinates", "flagged"]})
