"""The hand-checked files in data/curated/: their columns, their rules, and loading them.

Every rule names what it rejects; a bad row raises with file, row and column. Evidence grades
A-C need a source URL (or the municipality's own statement); the date is the one the source states,
empty when it is undated; a grade must be one its source class earns; grade D records a search
that found nothing and must say what was searched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from twinlib import vocab
from twinlib.errors import InputError
from twinlib.pipeline import schema
from twinlib.pipeline.sources import read_table

# columns added in research round 4; a curated file without them reads them as empty
OPTIONAL_RELATION_COLS = ["partner_today", "partner_merged_year", "partner_today_url", "source_class"]
RELATION_COLS = ["municipality_code", "partner_name", "partner_country", "status", "established_year",
                 "ended_year", "kind", "evidence_grade", "evidence_date", "source_url", "note", "checked_on",
                 *OPTIONAL_RELATION_COLS]
COVERAGE_COLS = ["municipality_code", "municipality_name", "outcome", "urls_checked", "checked_on", "note"]
STRATEGY_COLS = ["municipality_code", "title", "adopted", "expires", "focus_areas", "url", "checked_on"]
MEMBERSHIP_COLS = ["municipality_code", "network", "url", "checked_on"]
POLICY_COLS = ["municipality_code", "outcome", "title", "adopted", "expires", "url", "stance", "priority_partners",
               "goals", "networks", "note", "searches_tried", "checked"]
POLICY_OUTCOMES = ["found", "none found"]
SAMPLE_COLS = ["sample_no", "relation_id", "finding", "evidence_grade", "source_class", "evidence_date", "source_url"]
SAMPLE_FINDINGS = ["active", "ended", "suspended", "association", "not_municipal", "old_only", "no_trace"]
SAMPLE_FILE = "research/round4/sample_findings.csv"  # the seeded probability sample (research round 4)
COVERAGE_OUTCOMES = [vocab.FULL_LIST, "only partial", "none found"]
URL = r"^https?://\S+$"
DATE = r"^\d{4}-\d{2}-\d{2}$"


def _year_col() -> pa.Column:
    return pa.Column("Int64", pa.Check.in_range(1900, dt.date.today().year,
                                                error=f"year must be between 1900 and {dt.date.today().year}"),
                     nullable=True, coerce=True)


def _not_future(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s, errors="coerce", format="%Y-%m-%d") <= pd.Timestamp(dt.date.today())


def _code_col(codes) -> pa.Column:
    return pa.Column(str, pa.Check.isin(list(codes), error="unknown municipality code"))


def relations_schema(codes) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "municipality_code": _code_col(codes),
        "partner_name": pa.Column(str, [schema.NON_EMPTY, pa.Check.str_length(max_value=120)]),
        "partner_country": pa.Column(str, pa.Check.isin(schema.ISO2, error="unknown ISO country code")),
        "status": pa.Column(str, pa.Check.isin(schema.STATUSES)),
        "established_year": _year_col(),
        "ended_year": _year_col(),
        "kind": pa.Column(str, pa.Check.isin(schema.KINDS)),
        "evidence_grade": pa.Column(str, pa.Check.isin(schema.GRADES, error="grade must be A, B, C or D")),
        "evidence_date": pa.Column(str, pa.Check.str_matches(schema.EVIDENCE_DATE,
                                                             error="must be YYYY, YYYY-MM or YYYY-MM-DD"),
                                   nullable=True),
        "source_url": pa.Column(str, pa.Check.str_matches(URL, error="must be an http(s) URL"), nullable=True),
        "checked_on": pa.Column(str, [pa.Check.str_matches(DATE, error="must be a date YYYY-MM-DD"),
                                      pa.Check(_not_future, error="date is in the future")]),
        "note": pa.Column(str, nullable=True),
        "partner_today": pa.Column(str, nullable=True),
        "partner_merged_year": _year_col(),
        "partner_today_url": pa.Column(str, pa.Check.str_matches(URL, error="must be an http(s) URL"), nullable=True),
        "source_class": pa.Column(str, pa.Check.isin(list(vocab.SOURCE_CLASSES)), nullable=True),
    }, strict=True, checks=[
        schema.GRADE_FITS_CLASS,
        pa.Check(lambda d: d["partner_today"].isna()
                 | (d["partner_merged_year"].notna() & d["partner_today_url"].notna()),
                 error="partner_today needs partner_merged_year and partner_today_url"),
        pa.Check(lambda d: d["ended_year"].isna() | d["established_year"].isna()
                 | (d["ended_year"] >= d["established_year"]), error="ended_year before established_year"),
        pa.Check(lambda d: (d["evidence_grade"] == vocab.PUBLIC_GRADE)
                 | d["source_url"].notna() | d["note"].fillna("").str.startswith(vocab.MUNICIPALITY_STATEMENT),
                 error=f"grade A-C needs source_url (or a note '{vocab.MUNICIPALITY_STATEMENT} (role), date')"),
        pa.Check(lambda d: (d["evidence_grade"] != vocab.PUBLIC_GRADE) | d["note"].notna(),
                 error="a grade D row must say in its note what was searched"),
        pa.Check(lambda d: (d["status"] != vocab.ACTIVE) | (d["evidence_grade"] != vocab.PUBLIC_GRADE),
                 error="status active needs grade A-C"),
    ], unique=["municipality_code", "partner_country", "partner_name"])


def coverage_schema(codes) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "municipality_code": pa.Column(str, pa.Check.isin(list(codes), error="unknown municipality code"),
                                       unique=True),
        "municipality_name": pa.Column(str, schema.NON_EMPTY),
        "outcome": pa.Column(str, pa.Check.isin(COVERAGE_OUTCOMES)),
        "urls_checked": pa.Column(str, nullable=True),
        "checked_on": pa.Column(str, pa.Check.str_matches(DATE, error="must be a date YYYY-MM-DD")),
        "note": pa.Column(str, nullable=True),
    }, strict=True)


def strategies_schema(codes) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "municipality_code": _code_col(codes),
        "title": pa.Column(str, schema.NON_EMPTY),
        "adopted": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$"), nullable=True),
        "expires": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$"), nullable=True),
        "focus_areas": pa.Column(str, nullable=True),
        "url": pa.Column(str, pa.Check.str_matches(URL, error="must be an http(s) URL")),
        "checked_on": pa.Column(str, pa.Check.str_matches(DATE, error="must be a date YYYY-MM-DD")),
    }, strict=True)


def memberships_schema(codes) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "municipality_code": _code_col(codes),
        "network": pa.Column(str, schema.NON_EMPTY),
        "url": pa.Column(str, pa.Check.str_matches(URL, error="must be an http(s) URL")),
        "checked_on": pa.Column(str, pa.Check.str_matches(DATE, error="must be a date YYYY-MM-DD")),
    }, strict=True, unique=["municipality_code", "network"])


def policies_schema(codes) -> pa.DataFrameSchema:
    """One row per municipality; stances and goals from vocab; a 'found' policy needs its URL."""
    def codes_in(allowed):
        return pa.Check(lambda s: s.isna() | s.str.split(";").map(lambda xs: all(x in allowed for x in xs)),
                        error=f"codes must be ';'-joined from {sorted(allowed)}")
    return pa.DataFrameSchema({
        "municipality_code": pa.Column(str, pa.Check.isin(list(codes), error="unknown municipality code"),
                                       unique=True),
        "outcome": pa.Column(str, pa.Check.isin(POLICY_OUTCOMES)),
        "title": pa.Column(str, nullable=True),
        "adopted": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$"), nullable=True),
        "expires": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$"), nullable=True),
        "url": pa.Column(str, pa.Check.str_matches(URL, error="must be an http(s) URL"), nullable=True),
        "stance": pa.Column(str, codes_in(vocab.STANCES)),
        "priority_partners": pa.Column(str, nullable=True),
        "goals": pa.Column(str, codes_in(vocab.GOALS), nullable=True),
        "networks": pa.Column(str, nullable=True),
        "note": pa.Column(str, schema.NON_EMPTY),
        "searches_tried": pa.Column(str, nullable=True),
        "checked": pa.Column(str, pa.Check.str_matches(DATE, error="must be a date YYYY-MM-DD")),
    }, strict=True, checks=[
        pa.Check(lambda d: (d["outcome"] != "found") | d["url"].notna(), error="a found policy needs its url"),
        pa.Check(lambda d: (d["outcome"] != "none found") | d["searches_tried"].notna(),
                 error="a 'none found' row must list the searches tried"),
    ])


def sample_schema(codes) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "sample_no": pa.Column(str, pa.Check.str_matches(r"^\d+$"), unique=True),
        "relation_id": pa.Column(str, schema.NON_EMPTY, unique=True),
        "finding": pa.Column(str, pa.Check.isin(SAMPLE_FINDINGS)),
        "evidence_grade": pa.Column(str, pa.Check.isin(schema.GRADES)),
        "source_class": pa.Column(str, pa.Check.isin(list(vocab.SOURCE_CLASSES)), nullable=True),
        "evidence_date": pa.Column(str, pa.Check.str_matches(schema.EVIDENCE_DATE), nullable=True),
        "source_url": pa.Column(str, pa.Check.str_matches(URL, error="must be an http(s) URL"), nullable=True),
    }, strict=True)


def _blank_to_na(df: pd.DataFrame) -> pd.DataFrame:
    return df.apply(lambda s: s.str.strip().replace("", pd.NA) if s.dtype == "string" else s)


def load_curated(curated_dir: Path, codes) -> dict[str, pd.DataFrame]:
    """Read and validate data/curated/*.csv; a bad row raises with file, row and column."""
    spec = {"relations": (RELATION_COLS, relations_schema), "coverage": (COVERAGE_COLS, coverage_schema),
            "strategies": (STRATEGY_COLS, strategies_schema),
            "memberships": (MEMBERSHIP_COLS, memberships_schema), "policies": (POLICY_COLS, policies_schema),
            "estimate_sample": (SAMPLE_COLS, sample_schema)}
    out = {}
    for name, (cols, make_schema) in spec.items():
        path = Path(curated_dir) / (SAMPLE_FILE if name == "estimate_sample" else f"{name}.csv")
        if not path.exists():
            out[name] = pd.DataFrame(columns=cols, dtype="string")
            continue
        required = [c for c in cols if not (name == "relations" and c in OPTIONAL_RELATION_COLS)]
        df = read_table(path, required, allow_empty=True)
        df = df.assign(**{c: pd.Series(pd.NA, index=df.index, dtype="string") for c in cols if c not in df})
        extra = [c for c in df.columns if c not in cols and c != "source_row"]
        if name == "estimate_sample":
            extra = []  # the research file also keeps the searches and notes; the build takes the columns above
        if extra:
            raise InputError(path, f"unexpected column(s) {extra}; expected {cols}")
        df = _blank_to_na(df[cols])
        out[name] = schema.validate(df, make_schema(codes), path).astype(
            {c: "string" for c in cols if c not in ("established_year", "ended_year", "partner_merged_year")})
    return out
