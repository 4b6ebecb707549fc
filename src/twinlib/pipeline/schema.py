"""Schemas of the processed tables (pandera). A failure names file, row (CSV line) and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pycountry

from twinlib import vocab
from twinlib.errors import InputError, ValidationError

STATUSES = list(vocab.STATUSES)
KINDS = list(vocab.KINDS)
GRADES = list(vocab.GRADES)
WORLD_REGIONS = list(vocab.WORLD_REGIONS)
EVIDENCE_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
ISO2 = sorted({c.alpha_2 for c in pycountry.countries} | {"XK"})
REGIONS = ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"]


FRIENDLY = {"not_nullable": "must not be empty", "field_uniqueness": "duplicate value (must be unique)",
            "multiple_fields_uniqueness": "duplicate row (these columns must be unique together)",
            "column_in_dataframe": "column missing", "column_in_schema": "unexpected column"}


def _non_empty(s: pd.Series) -> pd.Series:
    return s.fillna("").astype(str).str.strip() != ""


NON_EMPTY = pa.Check(_non_empty, element_wise=False, error="must not be empty")
GRADE_FITS_CLASS = pa.Check(lambda d: vocab.grade_fits_class(d["evidence_grade"], d["source_class"]),
                            error="grade above what its source class earns (official A/B, news C, other D)")


def municipalities_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "code": pa.Column(str, [pa.Check.str_matches(r"^\d{3}$")], unique=True),
        "name": pa.Column(str, NON_EMPTY),
        "slug": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9-]+$"), unique=True),
        "region": pa.Column(str, pa.Check.isin(REGIONS)),
        "population": pa.Column("int64", pa.Check.gt(0)),
        "population_year": pa.Column("int64", pa.Check.in_range(2007, 2100)),
        "area_km2": pa.Column(float, pa.Check.gt(0)),
        "lat": pa.Column(float, pa.Check.in_range(54.4, 57.9)),
        "lon": pa.Column(float, pa.Check.in_range(7.9, 15.3)),
        "predecessors": pa.Column(str, nullable=True),
    }, strict=True, checks=pa.Check(lambda df: len(df) == 98, error="must hold all 98 municipalities"))


def relations_schema(municipality_codes: list[str]) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "relation_id": pa.Column(str, NON_EMPTY, unique=True),
        "municipality_code": pa.Column(str, pa.Check.isin(municipality_codes,
                                                          error="unknown municipality code")),
        "local_place": pa.Column(str, nullable=True),
        "partner_name": pa.Column(str, NON_EMPTY),
        "partner_country": pa.Column(str, pa.Check.isin(ISO2, error="unknown ISO country code")),
        "partner_country_name": pa.Column(str, NON_EMPTY),
        "world_region": pa.Column(str, pa.Check.isin(WORLD_REGIONS)),
        "partner_lat": pa.Column("Float64", pa.Check.in_range(-90, 90), nullable=True),
        "partner_lon": pa.Column("Float64", pa.Check.in_range(-180, 180), nullable=True),
        "kind": pa.Column(str, pa.Check.isin(KINDS)),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "established_year": pa.Column("Int64", pa.Check.in_range(1900, 2026), nullable=True),
        "ended_year": pa.Column("Int64", pa.Check.in_range(1900, 2026), nullable=True),
        "evidence_grade": pa.Column(str, pa.Check.isin(GRADES)),
        "evidence_date": pa.Column(str, pa.Check.str_matches(EVIDENCE_DATE), nullable=True),
        "evidence_note": pa.Column(str, nullable=True),
        "source_ids": pa.Column(str, NON_EMPTY),
        "source_url": pa.Column(str, pa.Check.str_matches(r"^https?://\S+$"), nullable=True),
        "source_class": pa.Column(str, pa.Check.isin(list(vocab.SOURCE_CLASSES)), nullable=True),
        "checked": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"), nullable=True),
        "partner_today": pa.Column(str, nullable=True),
        "coord_source": pa.Column(str, nullable=True),
        "quality_flags": pa.Column(str, nullable=True),
    }, strict=True, ordered=True, checks=[
        pa.Check(lambda d: (d["evidence_grade"] == vocab.PUBLIC_GRADE)
                 | d["source_url"].notna()
                 | d["evidence_note"].fillna("").str.startswith(vocab.MUNICIPALITY_STATEMENT),
                 error="evidence grade A-C needs a source_url (evidence_date stays empty when the page is undated)"),
        GRADE_FITS_CLASS,
        pa.Check(lambda d: (d["status"] != vocab.ACTIVE) | (d["evidence_grade"] != vocab.PUBLIC_GRADE),
                 error="status active needs evidence grade A-C (public lists alone are 'unverified')"),
    ])


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, path: str | Path) -> pd.DataFrame:
    """Validate lazily and turn every failure into an InputError naming file, row and column.

    Rows are reported as CSV lines (header = line 1), which is what a user sees in an editor.
    """
    try:
        return schema.validate(df.reset_index(drop=True), lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems = []
        for fc in exc.failure_cases.itertuples(index=False):
            idx = fc.index
            row = int(idx) + 2 if idx is not None and not pd.isna(idx) else None
            column = fc.column if isinstance(fc.column, str) else None
            what = fc.check if isinstance(fc.check, str) else str(fc.check)
            what = FRIENDLY.get(what, what)
            value = "" if pd.isna(fc.failure_case) else f" (value: {fc.failure_case!r})"
            problems.append(InputError(path, f"{what}{value}", row=row, column=column))
        # a value of the wrong type makes later checks fail with TypeErrors that say nothing to a
        # user: keep the type error itself (row and column) and drop those echoes
        primary = [p for p in problems if "TypeError(" not in p.message]
        raise ValidationError(primary or problems) from None
