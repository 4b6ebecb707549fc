"""Exploration notebooks: the pure functions behind them, the national map's legend, and the
notebooks themselves run headless with papermill (the browser test drives them in JupyterLab)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from twinlib import paths
from twinlib.figures import maps
from twinlib.research import explore
from twinlib.tables import data

VENV_BIN = Path(sys.executable).parent
NOTEBOOKS = paths.checkout_root() / "notebooks" / "explore"


def _rel(rid, code, country, region, status="active", grade="A", year=None, kind="twinning"):
    return {"relation_id": rid, "municipality_code": code, "partner_name": rid.title(), "partner_country": country[:2],
            "partner_country_name": country, "world_region": region, "kind": kind, "status": status,
            "evidence_grade": grade, "established_year": year, "source_ids": "curated"}


@pytest.fixture
def tables():
    relations = pd.DataFrame([
        _rel("a", "1", "Tyskland", "Øvrige Europa", year=1965),
        _rel("b", "1", "Tyskland", "Øvrige Europa", grade="D"),  # active on public lists only: not current
        _rel("c", "2", "Sverige", "Norden", status="unverified", grade="D"),
        _rel("d", "2", "Sverige", "Norden", grade="B", year=1972, kind="friendship"),
        _rel("e", "2", "Tyskland", "Øvrige Europa", grade="C"),
        _rel("f", "1", "Norge", "Norden", status="ended", year=1950),
    ]).astype({"established_year": "Int64"})
    municipalities = pd.DataFrame({"code": ["1", "2", "3"], "name": ["Aarhus", "Odense", "Læsø"],
                                   "region": ["Midtjylland", "Syddanmark", "Nordjylland"]})
    memberships = pd.DataFrame({"municipality_code": ["1", "1", "3"],
                                "network": ["Eurocities", "Douzelage", "Douzelage"]})
    return municipalities, relations, memberships


def test_partner_countries_count_only_current_relations(tables):
    _, rel, _ = tables
    got = explore.partner_countries(rel)
    assert got["partner_country_name"].tolist() == ["Tyskland", "Sverige"]  # Norge's only link ended
    de = got.iloc[0]
    assert (de["relations"], de["municipalities"], de["first_year"], de["with_year"]) == (2, 2, 1965, 1)
    assert got["share"].tolist() == pytest.approx([2 / 3, 1 / 3])


def test_regions_by_decade_puts_unknown_last_and_counts_current_only(tables):
    _, rel, _ = tables
    got = explore.regions_by_decade(rel).set_index("decade")
    assert got.index.tolist() == ["1960s", "1970s", "unknown"]
    assert got.loc["1960s", "Øvrige Europa"] == 1 and got.loc["1970s", "Norden"] == 1
    assert got.loc["unknown", "total"] == 1  # e; b is not current, c unverified, f ended
    assert got["total"].sum() == 3


def test_networks_vs_twinnings_per_municipality(tables):
    munis, rel, mem = tables
    got = explore.networks_vs_twinnings(munis, rel, mem).set_index("name")
    assert got.loc["Aarhus", ["twinnings", "other_current", "networks", "unverified"]].tolist() == [1, 0, 2, 0]
    assert got.loc["Aarhus", "network_names"] == "Douzelage; Eurocities"
    assert got.loc["Odense", ["twinnings", "other_current", "networks", "unverified"]].tolist() == [1, 1, 0, 1]
    assert got.loc["Læsø", ["twinnings", "networks"]].tolist() == [0, 1]
    overlap = explore.network_twinning_overlap(got.reset_index()).set_index("")
    assert overlap.loc["with twinnings"].tolist() == [1, 1] and overlap.loc["without twinnings"].tolist() == [1, 0]


def test_unverified_links_are_listed_apart(tables):
    munis, rel, _ = tables
    got = explore.unverified_links(munis, rel)
    assert got[["municipality", "partner_name"]].values.tolist() == [["Odense", "C"]]


def test_survey_comparison_is_in_english():
    got = explore.survey_comparison(data.load())
    assert got.columns.tolist() == ["figure", "survey 2017", "twinlib today", "explanation"]
    text = " ".join(got["figure"]) + " ".join(got["explanation"])
    assert "relations" in text and "relationer" not in text and "kommuner" not in text


def test_quality_table_has_a_share_not_a_raw_count_only():
    q = explore.quality_per_municipality(data.load()).set_index("name")
    assert q.loc["Kolding", "official_share"] == pytest.approx(q.loc["Kolding", "official"]
                                                               / q.loc["Kolding", "relations"])


def _legend_labels(fig) -> list[str]:
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    plt.close(fig)
    return labels


def test_national_map_has_no_this_municipality_legend():
    per = pd.DataFrame({"code": ["621"], "relations": [9]})
    assert "Denne kommune" not in _legend_labels(maps.denmark_choropleth(per, ""))
    assert "Denne kommune" in _legend_labels(maps.denmark_choropleth(per, "621"))
    assert "Denne kommune" in _legend_labels(maps.denmark_choropleth(per, "", outline_legend=True))
    assert "Denne kommune" not in _legend_labels(maps.denmark_choropleth(per, "621", outline_legend=False))


def _outputs(nb: dict) -> list[dict]:
    return [o for c in nb["cells"] for o in c.get("outputs", [])]


@pytest.mark.parametrize("name", ["national_overview", "data_quality", "partner_countries"])
def test_exploration_notebooks_run_with_papermill(name, tmp_path):
    src = NOTEBOOKS / f"{name}.ipynb"
    out = tmp_path / "out.ipynb"
    res = subprocess.run([str(VENV_BIN / "papermill"), str(src), str(out), "--no-progress-bar",
                          "--cwd", str(src.parent)], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    outputs = _outputs(json.loads(out.read_text(encoding="utf-8")))
    assert not [o for o in outputs if o["output_type"] == "error" or o.get("name") == "stderr"]
    html = [("".join(o["data"]["text/html"])) for o in outputs if "text/html" in o.get("data", {})]
    tables = [h for h in html if "<table" in h and "itables" in h]
    assert tables, "no itables table"
    # tables are the filterable kind, not a pandas repr cut at 10 rows
    assert not [h for h in html if 'class="dataframe"' in h]
    if name == "data_quality":
        assert any(h.lstrip().startswith("<details>") and "Build report" in h for h in html)


def test_committed_explore_notebooks_are_english_and_stripped():
    for nb_path in NOTEBOOKS.glob("*.ipynb"):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell["outputs"] == [] and cell["execution_count"] is None, nb_path
        text = "".join("".join(c["source"]) for c in nb["cells"])
        assert "Denne kommune" not in text and "figur" not in text.replace("figure", ""), nb_path
