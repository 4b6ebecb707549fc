"""The real build on the shared raw sources: determinism, spellings, accounting, validation."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from twinlib import pipeline
from twinlib.errors import ValidationError
from twinlib.pipeline import schema


def test_build_is_deterministic(sources_dir, built, tmp_path):
    a = pipeline.write_outputs(built, tmp_path / "a")
    b = pipeline.write_outputs(pipeline.run_build(sources_dir), tmp_path / "b")
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files_a == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_committed_tables_equal_a_rebuild(built):
    comparison = pipeline.compare_with(built)
    assert comparison, comparison.diffs


def test_kolding_partners_are_spelled_correctly(built):
    rel = built.tables["relations"]
    kolding = set(rel.loc[rel["municipality_code"] == "621", "partner_name"])
    for name in ["Delmenhorst", "Drammen", "Huéscar", "Lappeenranta", "Örebro", "Panevėžys",
                 "Stykkishólmur", "Szombathely", "Anjō"]:
        assert name in kolding
    assert not {"Orebro", "Orebro Municipality", "Örebro Municipality"} & kolding


def test_network_members_are_not_twin_towns(built):
    rel = built.tables["relations"]
    naestved = set(rel.loc[rel["municipality_code"] == "370", "partner_name"])
    holstebro = set(rel.loc[rel["municipality_code"] == "661", "partner_name"])
    assert not naestved & {"Bienvenida", "Bucine", "Cashel", "Cissé", "Desborough", "Kannus", "Põlva"}
    assert {"Gävle", "Gjøvik", "Rauma", "Sopot"} <= naestved
    assert not holstebro & {"Altea", "Bellagio", "Granville", "Sherborne", "Zvolen", "Türi"}
    ms = built.tables["memberships"]
    moved = ms[ms["source_ids"] != "curated"]
    assert set(zip(moved["municipality_code"], moved["network"], strict=True)) == {
        ("370", "Charter of European Rural Communities"), ("661", "Douzelage")}


def test_relations_only_name_the_98_municipalities(built):
    codes = set(built.tables["municipalities"]["code"])
    assert len(codes) == 98
    assert set(built.tables["relations"]["municipality_code"]) <= codes


def test_raw_rows_are_all_accounted_for(built):
    table = pipeline.account_table(built.ledger)
    assert (table[["kept", "merged", "moved", "rejected"]].sum(axis=1) == table["rows_in"]).all()
    assert table.set_index("source_id")["rows_in"].to_dict() == {
        "wikidata-2017": 297, "wikipedia-en-dk": 336, "wikipedia-en-reverse": 119}
    assert "Central Denmark Region" in built.report_md
    assert "Stevns" in built.report_md  # the known geocoding error is documented


def test_special_territories_keep_their_codes(built):
    rel = built.tables["relations"]
    assert {"GL", "FO", "AX"} <= set(rel["partner_country"])
    assert (rel.loc[rel["partner_country"] == "GL", "world_region"] == "Norden").all()


def _bad_relations(built) -> pd.DataFrame:
    rel = built.tables["relations"].copy()
    rel.loc[0, "municipality_code"] = "999"
    rel.loc[1, "partner_country"] = "ZZ"
    rel.loc[2, "relation_id"] = rel.loc[3, "relation_id"]
    rel.loc[4, "partner_lat"] = 123.0
    rel.loc[5, "partner_name"] = " "
    return rel


@pytest.mark.parametrize(("row", "column", "words"), [
    (2, "municipality_code", "unknown municipality"),
    (3, "partner_country", "unknown ISO country"),
    (5, "relation_id", "unique"),
    (6, "partner_lat", "in_range"),
    (7, "partner_name", "must not be empty"),
])
def test_validation_names_file_row_and_column(built, row, column, words):
    codes = list(built.tables["municipalities"]["code"])
    with pytest.raises(ValidationError) as err:
        schema.validate(_bad_relations(built), schema.relations_schema(codes), "relations.csv")
    hits = [p for p in err.value.problems if p.column == column and p.row == row]
    assert hits, [str(p) for p in err.value.problems]
    assert words in hits[0].message
    assert f"relations.csv, row {row}, column '{column}'" in str(hits[0])


def test_build_writes_nothing_when_validation_fails(sources_dir, tmp_path):
    ref = tmp_path / "reference"
    shutil.copytree(pipeline.paths.reference_dir(), ref)
    aliases = ref / "country_aliases.csv"
    aliases.write_text(aliases.read_text(encoding="utf-8").replace("England,GB", "England,ZZ"),
                       encoding="utf-8")
    out = tmp_path / "processed"
    out.mkdir()
    (out / "relations.csv").write_text("previous\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        pipeline.write_outputs(pipeline.run_build(sources_dir, ref_dir=ref), out)
    assert "partner_country" in str(err.value)
    assert (out / "relations.csv").read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in out.iterdir()) == ["relations.csv"]
