"""Load the processed tables (the committed default or another build) with proper dtypes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import paths
from .errors import InputError

_DTYPES = {
    "municipalities": {"code": "string", "population": "Int64", "population_year": "Int64"},
    "relations": {"municipality_code": "string", "established_year": "Int64",
                  "ended_year": "Int64", "partner_lat": "Float64", "partner_lon": "Float64",
                  "source_url": "string"},
    "memberships": {"municipality_code": "string"},
    "sources": {},
    "strategies": {"municipality_code": "string", "adopted": "string", "expires": "string"},
    "coverage": {"municipality_code": "string"},
}
_OPTIONAL = {"strategies": ["municipality_code", "title", "adopted", "expires", "focus_areas", "url"],
             "coverage": ["municipality_code", "municipality_name", "outcome", "urls_checked", "checked_on",
                          "note"]}


@dataclass(frozen=True)
class Tables:
    municipalities: pd.DataFrame
    relations: pd.DataFrame
    memberships: pd.DataFrame
    sources: pd.DataFrame
    strategies: pd.DataFrame
    coverage: pd.DataFrame
    directory: Path


def read_processed(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    path = paths.processed_dir(data_dir) / f"{name}.csv"
    if not path.is_file() and name in _OPTIONAL:
        return pd.DataFrame(columns=_OPTIONAL[name], dtype="string")
    if not path.is_file():
        raise InputError(path, "processed table not found; run `twinlib build` or pass the "
                               "directory that holds it")
    return pd.read_csv(path, dtype=_DTYPES.get(name, {}), keep_default_na=True)


def load(data_dir: str | Path | None = None) -> Tables:
    """All processed tables from one directory."""
    return Tables(*(read_processed(n, data_dir) for n in _DTYPES),
                  directory=paths.processed_dir(data_dir))
