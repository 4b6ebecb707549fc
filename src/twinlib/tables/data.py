"""Load the processed tables (the committed default or another build) with proper dtypes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from twinlib import paths
from twinlib.errors import InputError
from twinlib.statements import overlay
from twinlib.tables import integrity

_DTYPES = {
    "municipalities": {"code": "string", "population": "Int64", "population_year": "Int64"},
    "relations": {"municipality_code": "string", "established_year": "Int64",
                  "ended_year": "Int64", "partner_lat": "Float64", "partner_lon": "Float64",
                  "source_url": "string"},
    "memberships": {"municipality_code": "string"},
    "sources": {},
    "strategies": {"municipality_code": "string", "adopted": "string", "expires": "string"},
    "coverage": {"municipality_code": "string"},
    "policies": {"municipality_code": "string", "adopted": "string", "expires": "string"},
    "estimate_sample": {"sample_no": "Int64", "evidence_date": "string"},
}
_OPTIONAL = {"strategies": ["municipality_code", "title", "adopted", "expires", "focus_areas", "url"],
             "coverage": ["municipality_code", "municipality_name", "outcome", "urls_checked", "checked_on",
                          "note"],
             "policies": ["municipality_code", "outcome", "title", "adopted", "expires", "url", "stance",
                          "priority_partners", "goals", "networks", "note", "searches_tried", "checked"],
             "estimate_sample": ["sample_no", "relation_id", "finding", "evidence_grade", "source_class",
                                 "evidence_date", "source_url"]}


@dataclass(frozen=True)
class Tables:
    municipalities: pd.DataFrame
    relations: pd.DataFrame
    memberships: pd.DataFrame
    sources: pd.DataFrame
    strategies: pd.DataFrame
    coverage: pd.DataFrame
    policies: pd.DataFrame
    estimate_sample: pd.DataFrame
    directory: Path
    modified: tuple[str, ...] = ()  # files changed since the build, used with --allow-modified


def read_processed(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    path = paths.processed_dir(data_dir) / f"{name}.csv"
    if not path.is_file() and name in _OPTIONAL:
        return pd.DataFrame(columns=_OPTIONAL[name], dtype="string")
    _require(path)
    try:
        df = pd.read_csv(path, dtype=_DTYPES.get(name, {}), keep_default_na=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, f"cannot be read as a processed table ({type(exc).__name__}: "
                               f"{str(exc).splitlines()[0] if str(exc) else ''})") from None
    integrity.require_columns(path, df.columns)  # also with --allow-modified: never a KeyError later
    return df


def _require(path: Path) -> None:
    if not path.is_file():
        raise InputError(path, "processed table not found; run `twinlib build` or pass the "
                               "directory that holds it")


def load(data_dir: str | Path | None = None, allow_modified: bool | None = None) -> Tables:
    """All processed tables from one directory, after checking them against the build's manifest
    (a changed or cut table is refused unless allowed; see integrity.py)."""
    directory = paths.processed_dir(data_dir)
    for name in _DTYPES:  # a missing directory says so before the manifest is looked at
        if name not in _OPTIONAL:
            _require(directory / f"{name}.csv")
    modified = integrity.verify(data_dir, allow_modified)
    # the municipality's own word first: its stored intake import laid over the relations (statements/)
    return overlay.on_tables(Tables(*(read_processed(n, data_dir) for n in _DTYPES), directory=directory,
                                    modified=modified))
