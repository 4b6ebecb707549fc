"""Readers for the raw public sources in ../shared/data-sources. Raw files are only ever read.

Each reader checks the columns it relies on and returns a plain DataFrame of strings with a
`source_row` column (the 1-based line of the file, header = line 1) so every later step can say
which raw row it kept, merged, moved or rejected.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from twinlib.errors import InputError

HEKMAN = Path("twinning/hekman-twincities")
WIKIDATA = Path("twinning/rogorido-wikidata-2017")
MUNI = Path("municipalities")
GEO = Path("geo")


def read_table(path: Path, required: list[str], sep: str = ",", allow_empty: bool = False
               ) -> pd.DataFrame:
    """Read a delimited text file as strings; fail with file/row/column on anything unexpected."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(path, "file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, f"not valid UTF-8 (byte {exc.start}); save the file as UTF-8",
                         row=line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    rows = list(csv.reader(text.splitlines(), delimiter=sep))
    header = rows[0]
    missing = [c for c in required if c not in header]
    if missing:
        hint = ""
        if len(header) == 1 and any(d in header[0] for d in ";\t|,"):
            hint = f" (the header looks delimited by something other than {sep!r})"
        raise InputError(path, f"missing column(s) {missing}; found {header}{hint}")
    body = rows[1:]
    if not body and not allow_empty:
        raise InputError(path, "header only, no data rows")
    for i, r in enumerate(body, start=2):
        if len(r) != len(header):
            raise InputError(path, f"expected {len(header)} fields, found {len(r)}", row=i)
    df = pd.DataFrame(body, columns=header, dtype="string")
    df.insert(0, "source_row", range(2, len(body) + 2))
    return df


def load_twin_raw(sources: Path) -> pd.DataFrame:
    """Wikipedia twin-town pairs (all countries); callers keep the rows that involve Denmark."""
    return read_table(sources / HEKMAN / "twin_cities_raw.csv",
                      ["city1", "country1", "city2", "country2"])


def load_twin_geocoded(sources: Path) -> pd.DataFrame:
    return read_table(sources / HEKMAN / "twin_cities_geocoded.csv",
                      ["city1", "country1", "lat1", "lng1", "city2", "country2", "lat2", "lng2"])


def load_wikidata(sources: Path) -> pd.DataFrame:
    """Wikidata P190 for Danish cities (the file's 'Sweden' label is wrong: see PROVENANCE)."""
    return read_table(sources / WIKIDATA / "sweden.tsv",
                      ["origincityLabel", "originlat", "originlong", "sistercityLabel",
                       "destinationlat", "destinationlong", "destination_countryLabel"], sep="\t")


def load_concordance(sources: Path) -> pd.DataFrame:
    return read_table(sources / MUNI / "tbrmiscdata" / "gl_nye_kommuner_regioner.csv",
                      ["NewCommunityCode", "OldCommunityCode", "NewCommunityName",
                       "OldCommunityName", "RegionName"])


def load_muni_labels(sources: Path) -> pd.DataFrame:
    return read_table(sources / MUNI / "magnuslarsen-geoJSON-Danish-Municipalities" / "data.csv",
                      ["lau_1", "label_en", "label_dk", "iso_3166_2"])


def load_population(sources: Path) -> pd.DataFrame:
    return read_table(sources / MUNI / "pryn-kb-isds2023" / "population_data.csv",
                      ["muni_code", "year", "pop"])


def load_areas(sources: Path) -> pd.DataFrame:
    return read_table(sources / MUNI / "pryn-kb-isds2023" / "muni_areas.csv",
                      ["muni_name", "km2", "muni_code"])


def load_geojson(path: Path) -> dict:
    if not path.is_file():
        raise InputError(path, "file not found")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not valid GeoJSON: {exc}") from None


def dagi_path(sources: Path) -> Path:
    return sources / GEO / "neogeografen-dagi" / "geojson_kommuner.geojson"


def natural_earth_path(sources: Path) -> Path:
    return sources / GEO / "natural-earth-geojson-martynafford" / "ne_50m_admin_0_countries.json"
