"""Raw rows from every source in one shape: Danish side resolved, country resolved, partner keyed,
rejections and network members marked. Each function takes a DataFrame and returns a new one.
"""

from __future__ import annotations

import pandas as pd
import pycountry
from shapely.geometry import Point

from twinlib import names


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
    canon = names.alias_table(aliases) if aliases is not None else {}
    pairs = [names.canonical_partner(raw, iso, canon)
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


def danish_host_check(rows: pd.DataFrame, munis_geom: dict) -> pd.DataFrame:
    """Danish-side coordinates in the geocoded file that fall outside their municipality."""
    bad = []
    for r in rows.itertuples(index=False):
        if pd.isna(r.dk_lat) or r.municipality_code is None:
            continue
        g = munis_geom.get(r.municipality_code)
        if g is not None and g.distance(Point(r.dk_lon, r.dk_lat)) > 0.05:
            bad.append({"source_id": r.source_id, "source_row": r.source_row,
                        "dk_place": r.dk_place_raw, "lat": r.dk_lat, "lon": r.dk_lon})
    return pd.DataFrame(bad, columns=["source_id", "source_row", "dk_place", "lat", "lon"])


def geocoded_candidates(rows: pd.DataFrame, geocoded: pd.DataFrame) -> pd.DataFrame:
    """Attach geocoded-file coordinates (partner and Danish side) to Wikipedia rows."""
    g = geocoded.drop(columns=["source_row"]).drop_duplicates(
        ["city1", "country1", "city2", "country2"])
    num = {c: pd.to_numeric(g[c], errors="coerce") for c in ["lat1", "lng1", "lat2", "lng2"]}
    g = g.assign(**num)
    fwd = g.rename(columns={"city1": "dk_place_raw", "city2": "partner_raw",
                            "country2": "country_raw", "lat2": "p_lat", "lng2": "p_lon",
                            "lat1": "h_lat", "lng1": "h_lon"})
    fwd = fwd[fwd["country1"] == "Denmark"].assign(source_id="wikipedia-en-dk")
    rev = g.rename(columns={"city2": "dk_place_raw", "city1": "partner_raw",
                            "country1": "country_raw", "lat1": "p_lat", "lng1": "p_lon",
                            "lat2": "h_lat", "lng2": "h_lon"})
    rev = rev[rev["country2"] == "Denmark"].assign(source_id="wikipedia-en-reverse")
    keys = ["source_id", "dk_place_raw", "partner_raw", "country_raw"]
    both = pd.concat([fwd, rev])[keys + ["p_lat", "p_lon", "h_lat", "h_lon"]]
    return rows.merge(both.drop_duplicates(keys), on=keys, how="left", validate="m:1")
