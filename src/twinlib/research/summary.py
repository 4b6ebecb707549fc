"""Text summaries for the terminal: national figures and one municipality's partners."""

from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz, process

from twinlib import names, vocab
from twinlib.errors import InputError
from twinlib.tables.data import Tables

# A suggestion must be this similar (0-100, rapidfuzz's normalised Indel similarity of the keys):
# one or two letters wrong in a name ("Koldng", "Aarhuus", "Kobenhavn") scores 85-95, while an
# unrelated word ("Nowhere" against "Odsherred") stays near 60.
SUGGEST_CUTOFF = 75
PREFIX_MIN = 4  # "Lyngby" for Lyngby-Taarbæk, "Hjørring kommun" for Hjørring: a shared start this long matches


def similarity(query_key: str, name_key: str, score_cutoff: float = 0) -> float:
    """Score of a municipality key for a query key; a name's start, or a name then junk, counts fully.

    >>> similarity("lyngby", "lyngbytaarbaek"), similarity("hjoerringkommun", "hjoerring")
    (100.0, 100.0)
    >>> round(similarity("koldng", "kolding")), round(similarity("nowhere", "odsherred"))
    (92, 62)
    """
    short, long = sorted((query_key, name_key), key=len)
    if len(short) >= PREFIX_MIN and long.startswith(short):
        return 100.0
    return fuzz.ratio(query_key, name_key, score_cutoff=score_cutoff)


def suggestions(municipality_names: pd.Series, query: str, limit: int = 3) -> list[str]:
    """Up to `limit` municipality names close to the query, best first; nothing for nonsense."""
    keys = list(municipality_names.map(names.municipality_key))
    found = process.extract(names.municipality_key(query), keys, scorer=similarity, limit=limit,
                            score_cutoff=SUGGEST_CUTOFF)
    return [municipality_names.iloc[i] for _, _, i in found]


def find_municipality(municipalities: pd.DataFrame, query: str) -> pd.Series:
    """The municipality row for a forgiving name or code; unknown names get suggestions.

    Case, æøå/aa (also typed as a/o/a) and a 'Kommune' suffix are ignored: 'aarhus kommune', 'Århus',
    'Kobenhavn', '751' all work.
    """
    q = str(query).strip()
    if q.isdigit():
        hit = municipalities[municipalities["code"] == q.zfill(3)]
        if len(hit):
            return hit.iloc[0]
    keys = municipalities["name"].map(names.municipality_key)
    key = names.municipality_key(q)
    hit = municipalities[(keys == key) | (municipalities["slug"] == q.lower())]
    if len(hit) == 1:
        return hit.iloc[0]
    loose = municipalities[municipalities["name"].map(names.ascii_key) == names.ascii_key(q)]
    if len(loose) == 1:  # 'Kobenhavn', 'Laso', 'Aero': the letters æøå typed as a, o, a
        return loose.iloc[0]
    close = suggestions(municipalities["name"], q)
    suggestion = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(None, f"unknown municipality {query!r}{suggestion}")


def national_figures(t: Tables) -> dict[str, pd.DataFrame | int]:
    rel = vocab.current(t.relations)
    per_muni = rel.groupby("municipality_code").size()
    munis = t.municipalities.assign(relations=t.municipalities["code"].map(per_muni)
                                    .fillna(0).astype(int))
    region = (munis.groupby("region")
                   .agg(municipalities=("code", "size"), relations=("relations", "sum"))
                   .assign(per_municipality=lambda d: (d["relations"] / d["municipalities"])
                           .round(1))
                   .sort_values("relations", ascending=False))
    world = rel["world_region"].value_counts().rename_axis("world_region").rename("relations")
    return {"municipalities_with_relations": int((munis["relations"] > 0).sum()),
            "relations": len(rel), "by_region": region.reset_index(),
            "by_world_region": world.reset_index(),
            "unverified": len(vocab.unverified(t.relations)),
            "by_status": (t.relations.groupby(["status", "evidence_grade"]).size().rename("relations")
                          .reset_index()),
            "top": munis.sort_values(["relations", "name"], ascending=[False, True])
                        [["name", "region", "relations"]].head(10)}


def national_text(t: Tables) -> str:
    f = national_figures(t)
    lines = [f"Municipalities with at least one relation: {f['municipalities_with_relations']} "
             f"of {len(t.municipalities)}",
             f"Current relations (active, graded A-C, held by the municipality, recent evidence): {f['relations']}",
             f"Unverified links (public lists only or old evidence; not counted): {f['unverified']}",
             _estimate_line(t), "",
             "By region (current):",
             f["by_region"].to_string(index=False), "", "By world region (current):",
             f["by_world_region"].to_string(index=False), "", "All relations by status and evidence grade:",
             f["by_status"].to_string(index=False), "", "Most current relations:",
             f["top"].to_string(index=False)]
    return "\n".join(lines)


def _estimate_line(t: Tables) -> str:
    from twinlib.analysis import estimate
    from twinlib.tables import survey

    e = estimate.national_estimate(t.relations, t.estimate_sample)
    s = e["sample"]
    return (f"Estimated true number of current relations: {e['estimate']:.0f} "
            f"({e['level']:.0%} interval {e['low']:.0f}–{e['high']:.0f}); the 2017 survey found "
            f"{survey.load()['relations_total']['value']}\n"
            f"  from a random sample of {s['n']} unverified links ({s['live']} live, {s['unknown']} with no trace or "
            f"only pre-2020 evidence), assuming {e['assumption']}; if those were live as often as the traced "
            f"ones: up to {e['high_assumption']:.0f}")


def municipality_text(t: Tables, query: str) -> str:
    m = find_municipality(t.municipalities, query)
    rel = t.relations[t.relations["municipality_code"] == m["code"]].sort_values(
        ["partner_country_name", "partner_name"])
    pop = f"{m['population']:,}".replace(",", ".")
    lines = [f"{m['name']} Kommune (code {m['code']}, Region {m['region']}, "
             f"population {pop} in {m['population_year']})",
             f"{len(vocab.current(rel))} current (active, graded A-C, held by the municipality, recent evidence), "
             f"{len(vocab.unverified(rel))} unverified, {len(rel)} in all", ""]
    if rel.empty:
        lines.append("No twin-town relation is known in the sources.")
    else:
        show = rel[["partner_name", "partner_country_name", "status", "established_year",
                    "evidence_grade", "evidence_date"]].rename(
            columns={"partner_country_name": "country", "established_year": "since",
                     "evidence_grade": "grade", "evidence_date": "evidence of"})
        show = show.assign(since=show["since"].map(lambda y: "–" if pd.isna(y) else str(int(y))))
        lines.append(show.to_string(index=False, na_rep="–"))
    return "\n".join(lines)
