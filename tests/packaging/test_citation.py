"""CITATION.cff: valid Citation File Format 1.2.0, and true to the package and the dataset it cites."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

import twinlib
from twinlib import paths

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "tests" / "fixtures" / "cff" / "schema-1.2.0.json"


@pytest.fixture(scope="module")
def citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _validate(doc: dict) -> None:
    """What `cffconvert --validate` does (cffconvert 2.0.0, behavior_1_2_x/citation.py)."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(instance=doc, schema=schema, format_checker=jsonschema.FormatChecker())


def test_citation_is_valid_cff(citation):
    _validate(citation)


def test_an_invalid_citation_is_refused(citation):
    """EXAMPLE: a citation without authors is not valid CFF, so the check above can fail."""
    with pytest.raises(jsonschema.ValidationError):
        _validate({k: v for k, v in citation.items() if k != "authors"})


def test_citation_names_the_versions_in_force(citation):
    assert citation["version"] == twinlib.__version__
    package = json.loads((paths.default_processed_dir() / "datapackage.json").read_text(encoding="utf-8"))
    dataset = next(r for r in citation["references"] if r["type"] == "data")
    assert dataset["version"] == package["version"], "update the dataset version in CITATION.cff"
    assert set(dataset["license"]) <= {lic["name"] for lic in package["licenses"]}
