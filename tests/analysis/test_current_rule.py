"""vocab's counting rule, computed with cached year parses and numpy booleans, equals the plain
pandas formulation it replaced: on the real relations table and on messy EXAMPLE rows."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from twinlib import vocab
from twinlib.report.context import parsed_checks, plain_strings
from twinlib.tables import data


def plain_year(relations: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(relations["evidence_date"].astype("string").str[:4], errors="coerce")


def plain_recent(relations: pd.DataFrame, as_of) -> pd.Series:
    if "evidence_date" not in relations:
        return pd.Series(True, index=relations.index)
    year = plain_year(relations)
    checked = pd.to_datetime(relations["checked"], errors="coerce") if "checked" in relations else pd.NaT
    undated_official = (year.isna() & relations["evidence_grade"].isin(["A", "B"])
                        & ((pd.Timestamp(as_of) - checked) <= pd.Timedelta(days=vocab.UNDATED_OFFICIAL_DAYS)))
    return ((year >= vocab.RECENT_FROM_YEAR) | undated_official).fillna(False).astype(bool)


def plain_current(relations: pd.DataFrame, as_of) -> pd.Series:
    held = relations["kind"] != vocab.ASSOCIATION if "kind" in relations else True
    return ((relations["status"] == vocab.ACTIVE) & relations["evidence_grade"].isin(vocab.CONFIRMING_GRADES)
            & held & plain_recent(relations, as_of)).fillna(False).astype(bool)


# EXAMPLE rows: missing and malformed dates, numbers where text is expected, NA everywhere
MESSY = pd.DataFrame({
    "status": ["active", "active", None, "active", "active", "active", "ended", "active", "active", "active"],
    "evidence_grade": ["A", "B", "A", None, "C", "B", "A", "A", "D", "B"],
    "kind": ["twinning", None, "twinning", "twinning", "association", "friendship", "twinning", None, "twinning",
             "cooperation"],
    "evidence_date": ["2024-05", None, "2021", "2022", "2023", "ca. 2010", "2025", 2021, "2024", "20x1"],
    "checked": ["2026-11-25", "2026-01-02", "not a date", None, "2026-11-25", "2025-12-31", "2026-11-25",
                "2026-11-25", "2026-11-25", "2026-06-01"],
}, dtype=object)


def frames():
    real = data.load().relations
    yield "real", real
    yield "real, plain strings", parsed_checks(plain_strings(real))
    yield "messy", MESSY
    yield "messy, no checked", MESSY.drop(columns=["checked"])
    yield "messy, no kind", MESSY.drop(columns=["kind"])
    yield "messy, no dates", MESSY.drop(columns=["evidence_date"])
    yield "messy, empty", MESSY.iloc[:0]


@pytest.mark.parametrize("as_of", ["2026-12-06", "2027-01-01", "2025-06-30"])
def test_fast_rule_equals_plain_pandas(as_of):
    for label, df in frames():
        assert vocab.has_recent_evidence(df, as_of).tolist() == plain_recent(df, as_of).tolist(), label
        assert vocab.is_current(df, as_of).tolist() == plain_current(df, as_of).tolist(), label
        assert vocab.current(df, as_of).index.equals(df.index[plain_current(df, as_of).to_numpy()]), label


def test_evidence_year_equals_plain_pandas():
    for label, df in frames():
        if "evidence_date" in df:
            expected = plain_year(df).to_numpy(dtype=float, na_value=np.nan)
            assert np.array_equal(vocab.evidence_year(df).to_numpy(dtype=float, na_value=np.nan), expected,
                                  equal_nan=True), label


def test_the_messy_rows_are_not_all_alike():
    """The comparison above means something only if the rule says yes and no on the messy rows."""
    assert set(plain_current(MESSY, "2026-12-06")) == {True, False}
