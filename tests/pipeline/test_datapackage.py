"""data/processed/datapackage.json: valid under frictionless, true to the tables and to the vocabulary."""

from __future__ import annotations

import json
import re
import shutil

import frictionless
import pandas as pd
import pytest

from twinlib import paths, vocab
from twinlib.errors import InputError
from twinlib.pipeline import curated_files, datapackage

PROCESSED = paths.default_processed_dir()


@pytest.fixture(scope="module")
def descriptor() -> dict:
    return json.loads((PROCESSED / datapackage.FILE_NAME).read_text(encoding="utf-8"))


def _fields(descriptor: dict, resource: str) -> dict[str, dict]:
    res = next(r for r in descriptor["resources"] if r["name"] == resource)
    return {f["name"]: f for f in res["schema"]["fields"]}


def test_committed_package_is_valid():
    report = frictionless.validate(str(PROCESSED / datapackage.FILE_NAME))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_every_processed_table_and_map_is_a_resource(descriptor):
    manifest = json.loads((PROCESSED / "manifest.json").read_text(encoding="utf-8"))
    described = {r["path"]: r for r in descriptor["resources"]}
    assert set(described) == set(manifest["tables_sha256"])
    for path, res in described.items():
        assert res["hash"] == f"sha256:{manifest['tables_sha256'][path]}", path
        assert res["licenses"] and res["sources"], path


def test_enums_come_from_the_vocabulary(descriptor):
    rel = _fields(descriptor, "relations")
    assert rel["status"]["constraints"]["enum"] == list(vocab.STATUSES)
    assert rel["evidence_grade"]["constraints"]["enum"] == list(vocab.GRADES)
    assert rel["kind"]["constraints"]["enum"] == list(vocab.KINDS)
    assert rel["source_class"]["constraints"]["enum"] == list(vocab.SOURCE_CLASSES)
    stance = _fields(descriptor, "policies")["stance"]["constraints"]["pattern"]
    assert all(re.fullmatch(stance, s) for s in vocab.STANCES)
    assert re.fullmatch(stance, "prune;association_run") and not re.fullmatch(stance, "prune;maybe")
    finding = _fields(descriptor, "estimate_sample")["finding"]["constraints"]["enum"]
    assert finding == curated_files.SAMPLE_FINDINGS


def test_keys_point_at_the_municipalities(descriptor):
    by_name = {r["name"]: r for r in descriptor["resources"]}
    assert by_name["municipalities"]["schema"]["primaryKey"] == ["code"]
    assert by_name["relations"]["schema"]["primaryKey"] == ["relation_id"]
    for name in ("relations", "memberships", "strategies", "coverage", "policies"):
        assert by_name[name]["schema"]["foreignKeys"] == [
            {"fields": ["municipality_code"], "reference": {"resource": "municipalities", "fields": ["code"]}}]


def test_dataset_version_is_the_month_of_the_newest_check(descriptor):
    assert re.fullmatch(r"\d{4}\.\d{2}", descriptor["version"])
    newest = max(pd.read_csv(PROCESSED / f"{table}.csv", dtype=str)[col].dropna().max()
                 for table, col in [("relations", "checked"), ("policies", "checked"), ("coverage", "checked_on")])
    assert descriptor["version"] == newest[:7].replace("-", ".")


def test_an_edited_table_fails_validation(tmp_path):
    """A value outside the vocabulary, an unknown municipality and a table changed after the build are caught."""
    copy = tmp_path / "processed"
    shutil.copytree(PROCESSED, copy)
    rel = (copy / "relations.csv").read_text(encoding="utf-8")
    rel = rel.replace(",twinning,active,", ",twinning,alive,", 1)
    rel = rel.replace("\n101-br-curitiba,101,", "\n101-br-curitiba,999,")  # no municipality 999
    (copy / "relations.csv").write_text(rel, encoding="utf-8")
    report = frictionless.validate(str(copy / datapackage.FILE_NAME))
    assert not report.valid
    types = {e[0] for e in report.flatten(["type"])}
    assert {"constraint-error", "foreign-key", "hash-count"} <= types, types


def test_a_descriptor_naming_a_missing_column_is_refused():
    """EXAMPLE data: a column the YAML describes but the table lacks stops the build (no silent drift)."""
    spec = {"fields": {"gone": {"description": "EXAMPLE"}}, "primaryKey": ["code"]}
    with pytest.raises(InputError, match="municipalities has no column gone"):
        datapackage.table_schema("municipalities", pd.DataFrame({"code": ["101"]}), spec, {})


def test_types_follow_the_table_as_built():
    """EXAMPLE data: integers, nullable floats and text map to integer, number and string."""
    df = pd.DataFrame({"code": ["101"], "n": [1], "x": pd.array([0.5], dtype="Float64")})
    schema = datapackage.table_schema("example", df, {"primaryKey": ["code"]}, {})
    assert [(f["name"], f["type"]) for f in schema["fields"]] == [("code", "string"), ("n", "integer"),
                                                                  ("x", "number")]
