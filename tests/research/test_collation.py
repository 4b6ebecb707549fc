"""One Danish alphabetical order (names.collation_key) for the batch index, the notebooks' picker and
the report's partner tables: the same names come out in the same order from all three."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from twinlib import names, vocab
from twinlib.batch import index
from twinlib.report import context
from twinlib.research import explore_view

# EXAMPLE names, shuffled; Danish order puts Æ Ø Å after Z and reads Aa as Å wherever it stands
SHUFFLED = ["Østbyen", "Odense", "Ærø", "Faaborg-Midtfyn", "ungarn", "Aabenraa", "Fanø", "USA", "Århus", "Zürich"]
DANISH = ["Fanø", "Faaborg-Midtfyn", "Odense", "ungarn", "USA", "Zürich", "Ærø", "Østbyen", "Aabenraa", "Århus"]


def test_the_key_sorts_danish_names_in_danish_order():
    assert sorted(SHUFFLED, key=names.collation_key) == DANISH


def test_picker_index_and_partner_table_share_one_order():
    codes = [str(100 + i) for i in range(len(SHUFFLED))]
    munis = pd.DataFrame({"code": codes, "name": SHUFFLED, "region": "Syddanmark"})
    picker = [label for label, _ in explore_view.municipality_options(munis, "Syddanmark")[1:]]

    figures = munis.assign(population=1000, relations=1, unverified=0)
    reports = pd.DataFrame({"code": codes, "pdf": [f"{c}.pdf" for c in codes], "date": "2026-12-01"})
    listed = index.index_table(figures, reports, [], dt.date(2026, 12, 6))["name"].tolist()

    rel = pd.DataFrame({"relation_id": codes, "partner_name": SHUFFLED, "partner_country_name": "Sverige",
                        "status": vocab.UNVERIFIED, "evidence_grade": "D", "kind": "twinning"})
    table = context.sort_relations(rel)["partner_name"].tolist()

    assert picker == listed == table == DANISH


def test_countries_sort_by_the_same_key_before_names():
    rel = pd.DataFrame({"relation_id": ["1", "2", "3"], "partner_name": ["Ringsted", "Gyöngyös", "Halden"],
                        "partner_country_name": ["USA", "Ungarn", "Norge"], "status": vocab.UNVERIFIED,
                        "evidence_grade": "D", "kind": "twinning"})
    assert context.sort_relations(rel)["partner_country_name"].tolist() == ["Norge", "Ungarn", "USA"]
