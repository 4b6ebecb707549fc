"""Official evidence over public lists: override logic on fixtures, and the curated files' rules."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from twinlib import paths, vocab
from twinlib.errors import ValidationError
from twinlib.pipeline import curated, curated_files, rules

CODES = ["621", "851", "101"]
ALIASES = pd.DataFrame(columns=["iso2", "alias", "canonical", "canonical_iso2"], dtype="string")
COUNTRIES = pd.DataFrame({"iso2": ["SE", "UA", "IT", "NO"], "continent": ["Europe"] * 4,
                          "subregion": ["Northern Europe", "Eastern Europe", "Southern Europe",
                                        "Northern Europe"]})
REGIONS = pd.DataFrame({"iso2": ["SE", "NO"], "world_region": ["Norden", "Norden"]})


REQUIRED_COLS = [c for c in curated_files.RELATION_COLS if c not in curated_files.OPTIONAL_RELATION_COLS]


def _public() -> pd.DataFrame:
    """EXAMPLE public relations (the build's shape, reduced)."""
    return pd.DataFrame({
        "relation_id": ["621-se-orebro", "621-it-pisa", "851-no-fredrikstad"],
        "municipality_code": ["621", "621", "851"], "local_place": [pd.NA] * 3,
        "partner_name": ["Örebro", "Pisa", "Fredrikstad"], "partner_country": ["SE", "IT", "NO"],
        "partner_country_name": ["Sverige", "Italien", "Norge"],
        "world_region": ["Norden", "Øvrige Europa", "Norden"],
        "partner_lat": pd.array([59.27, 43.72, 59.2], dtype="Float64"),
        "partner_lon": pd.array([15.2, 10.4, 10.95], dtype="Float64"),
        "kind": ["twinning"] * 3, "status": ["unverified"] * 3,
        "established_year": pd.array([None] * 3, dtype="Int64"), "ended_year": pd.array([None] * 3, dtype="Int64"),
        "evidence_grade": ["D"] * 3, "evidence_date": [pd.NA] * 3, "evidence_note": [pd.NA] * 3,
        "source_ids": ["wikipedia-en-dk"] * 3, "coord_source": ["x"] * 3, "quality_flags": [pd.NA] * 3})


def _curated(outcome_621: str) -> dict[str, pd.DataFrame]:
    rel = pd.DataFrame({
        "municipality_code": ["621", "621", "851"], "partner_name": ["Orebro", "Nikopol", "Fredrikstad"],
        "partner_country": ["SE", "UA", "NO"], "status": ["active", "active", "ended"],
        "established_year": pd.array([1946, None, 1950], dtype="Int64"),
        "ended_year": pd.array([None, None, 2010], dtype="Int64"), "kind": ["twinning"] * 3,
        "evidence_grade": ["A", "A", "B"], "evidence_date": ["2026-11-25", "2026-11-25", "2012"],
        "source_url": ["https://www.kolding.dk/x"] * 2 + ["https://www.fredrikstad.kommune.no/y"],
        "note": [pd.NA, pd.NA, "partner page says the link ended"], "checked_on": ["2026-11-25"] * 3})
    cov = pd.DataFrame({"municipality_code": ["621", "851"], "municipality_name": ["Kolding", "Aalborg"],
                        "outcome": [outcome_621, "only partial"], "urls_checked": ["u", "v"],
                        "checked_on": ["2026-11-25"] * 2, "note": ["", ""]})
    return {"relations": rel, "coverage": cov}


def test_official_facts_override_public_ones():
    rel, overrides, _ = curated.apply_curated(_public(), _curated("official list found"), ALIASES, COUNTRIES,
                                              REGIONS)
    orebro = rel.set_index("relation_id").loc["621-se-orebro"]
    assert (orebro["status"], orebro["established_year"], orebro["evidence_grade"]) == ("active", 1946, "A")
    assert orebro["source_ids"] == "wikipedia-en-dk;curated"
    assert orebro["partner_name"] == "Örebro"  # the public spelling with diacritics is kept
    fred = rel.set_index("relation_id").loc["851-no-fredrikstad"]
    assert (fred["status"], fred["ended_year"], fred["evidence_date"]) == ("ended", 2010, "2012")
    assert fred["evidence_note"] == "partner page says the link ended"
    changes = overrides.set_index("relation_id")["change"]
    assert "status: unverified → active" in changes["621-se-orebro"]
    assert "established_year: – → 1946" in changes["621-se-orebro"]


def test_official_only_relation_is_added_with_region_and_name():
    rel, overrides, recon = curated.apply_curated(_public(), _curated("official list found"), ALIASES,
                                                  COUNTRIES, REGIONS)
    nik = rel.set_index("relation_id").loc["621-ua-nikopol"]
    assert (nik["partner_country_name"], nik["world_region"], nik["evidence_grade"]) == ("Ukraine", "Øvrige Europa",
                                                                                        "A")
    assert "added (official only)" in overrides.set_index("relation_id").loc["621-ua-nikopol", "change"]
    row = recon.set_index("municipality_code").loc["621"]
    assert (row["in_both"], row["official_only"], row["public_only"]) == (1, "Nikopol", "Pisa")


def test_public_relation_omitted_by_full_official_list_ends_on_that_list_not_deleted():
    rel, _, _ = curated.apply_curated(_public(), _curated("official list found"), ALIASES, COUNTRIES, REGIONS)
    pisa = rel.set_index("relation_id").loc["621-it-pisa"]
    assert (pisa["status"], pisa["evidence_grade"], pisa["source_url"]) == ("ended", "A", "https://www.kolding.dk/x")
    assert vocab.FLAG_NOT_ON_OWN_LIST in pisa["quality_flags"]
    assert not vocab.is_current(rel.set_index("relation_id").loc[["621-it-pisa"]]).any()


def test_partial_evidence_leaves_the_rest_unverified():
    rel, _, _ = curated.apply_curated(_public(), _curated("only partial"), ALIASES, COUNTRIES, REGIONS)
    pisa = rel.set_index("relation_id").loc["621-it-pisa"]
    assert pd.isna(pisa["quality_flags"]) and (pisa["status"], pisa["evidence_grade"]) == ("unverified", "D")


def _flagless(**cols) -> pd.DataFrame:
    n = len(next(iter(cols.values())))
    return pd.DataFrame({"quality_flags": [pd.NA] * n, **cols})


def test_predecessor_town_link_without_evidence_after_2007_is_not_current():
    df = _flagless(local_place=["Christiansfeld", "Christiansfeld", pd.NA], status=["active"] * 3,
                   evidence_grade=["B"] * 3, evidence_date=["2003", "2019-05", "2003"])
    out = rules.apply_predecessor_rule(df)
    assert out["status"].tolist() == ["unverified", "active", "active"]
    assert vocab.FLAG_PREDECESSOR in out.loc[0, "quality_flags"] and pd.isna(out.loc[1, "quality_flags"])
    assert df["status"].tolist() == ["active"] * 3  # input untouched


def test_old_evidence_does_not_keep_a_link_current():
    df = _flagless(status=["active", "active", "ended"], evidence_grade=["B", "A", "B"],
                   evidence_date=["2010-03-31", "2026-11-25", "2001"])
    out = rules.apply_staleness_rule(df, dt.date(2026, 11, 25))
    assert out["status"].tolist() == ["unverified", "active", "ended"]
    assert vocab.is_current(out).tolist() == [False, True, False]


def test_apply_curated_does_not_mutate_inputs():
    pub, cur = _public(), _curated("official list found")
    before = pub.copy()
    curated.apply_curated(pub, cur, ALIASES, COUNTRIES, REGIONS)
    pd.testing.assert_frame_equal(pub, before)


@pytest.fixture(scope="module")
def committed():
    import pandas as pd
    codes = pd.read_csv(paths.default_processed_dir() / "municipalities.csv", dtype=str)["code"]
    return curated_files.load_curated(paths.curated_dir(), codes), set(codes)


def test_every_curated_row_has_an_http_url_and_a_date(committed):
    tables, _ = committed
    today = dt.date.today().isoformat()
    for name, url_col in [("relations", "source_url"), ("strategies", "url"), ("memberships", "url")]:
        df = tables[name]
        if name == "relations":  # a grade D row records a search that found nothing: no URL to give
            assert df["note"].notna()[df["evidence_grade"] == "D"].all()
            df = df[df["evidence_grade"] != "D"]
        assert df[url_col].str.match(r"^https?://\S+$").all(), name
        assert df["checked_on"].str.match(r"^\d{4}-\d{2}-\d{2}$").all() and (df["checked_on"] <= today).all()


def test_coverage_has_all_98_and_references_are_known(committed):
    tables, codes = committed
    cov = tables["coverage"]
    assert sorted(cov["municipality_code"]) == sorted(codes) and len(cov) == 98
    assert set(cov["outcome"]) <= set(curated_files.COVERAGE_OUTCOMES)
    for name in ("relations", "strategies", "memberships"):
        assert set(tables[name]["municipality_code"]) <= codes


@pytest.mark.parametrize(("line", "column", "words"), [
    ("999,Örebro,SE,active,1946,,twinning,A,2026,https://a.dk/x,,2026-11-25", "municipality_code",
     "unknown municipality"),
    ("621,Örebro,ZZ,active,1946,,twinning,A,2026,https://a.dk/x,,2026-11-25", "partner_country", "unknown ISO country"),
    ("621,Örebro,SE,active,1946,,twinning,A,2026,www.kolding.dk,,2026-11-25", "source_url", "http(s) URL"),
    ("621,Örebro,SE,active,1946,,twinning,A,2026,https://a.dk/x,,25/11/2026", "checked_on", "YYYY-MM-DD"),
    ("621,Örebro,SE,active,2999,,twinning,A,2026,https://a.dk/x,,2026-11-25", "established_year", "between 1900"),
    ("621,Örebro,SE,maybe,1946,,twinning,A,2026,https://a.dk/x,,2026-11-25", "status", "isin"),
    ("621,Örebro,SE,active,1946,,twinning,A,26/11,https://a.dk/x,,2026-11-25", "evidence_date", "YYYY"),
])
def test_bad_curated_row_names_file_row_and_column(tmp_path, line, column, words):
    (tmp_path / "relations.csv").write_text(",".join(REQUIRED_COLS) + "\n" + line + "\n",
                                            encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        curated_files.load_curated(tmp_path, CODES)
    hit = [p for p in err.value.problems if p.column == column]
    assert hit and hit[0].row == 2 and words in hit[0].message, [str(p) for p in err.value.problems]
    assert "relations.csv" in str(hit[0])
