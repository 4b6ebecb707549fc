"""Every report names the licences its data come under, as the data package states them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from twinlib import paths
from twinlib.report import sections
from twinlib.report.context import context

# how a licence of data/processed/datapackage.json is written in a report; a licence the package
# gains without a line here fails the test, so a new source cannot reach the data unattributed
SHORT = {"CC-BY-SA-4.0": "CC BY-SA 4.0", "ODbL-1.0": "ODbL 1.0", "CC-BY-4.0": "CC BY 4.0", "CC0-1.0": "CC0 1.0",
         "SDFI-free-geodata": "DAGI/FOT 2014", "other-pd": "Natural Earth"}
OSM = {"da": "© OpenStreetMap-bidragydere", "en": "© OpenStreetMap contributors"}


def _texts(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _texts(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _texts(v)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_sources_page_names_every_licence_of_the_data(lang):
    package = json.loads((paths.default_processed_dir() / "datapackage.json").read_text(encoding="utf-8"))
    used = {lic["name"] for res in package["resources"] for lic in res["licenses"]} | {
        lic["name"] for lic in package["licenses"]}
    page = " ".join(_texts(sections.sources(context("Kolding", lang=lang, today=dt.date(2026, 12, 6)))))
    missing = sorted(name for name in used if SHORT[name] not in page)
    assert missing == [], missing
    assert OSM[lang] in page
