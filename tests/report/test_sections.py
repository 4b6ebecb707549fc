"""Report sections as data: tested without any PDF or kernel."""

from __future__ import annotations

import json

import pytest

from twinlib import i18n, vocab
from twinlib.publish import show
from twinlib.report import sections
from twinlib.report.context import context
from twinlib.report.sections import advice


@pytest.fixture(scope="module")
def kolding():
    return context("Kolding")


@pytest.fixture(scope="module")
def kolding_sections(kolding):
    return {name: getattr(sections, name)(kolding) for name in sections.ORDER}


def _blocks(section: dict, kind: str) -> list[dict]:
    return [b for b in section["blocks"] if b["type"] == kind]


def test_every_section_is_plain_json_with_its_heading(kolding_sections):
    for name, sec in kolding_sections.items():
        assert json.loads(json.dumps(sec)) == sec, name  # nothing but plain data
        assert sec["key"] == name and (sec["heading"] or name == "cover")
    assert kolding_sections["partners"]["heading"] == "Venskabsbyer"


def test_partner_tables_count_only_current_relations(kolding, kolding_sections):
    current, other = _blocks(kolding_sections["partners"], "table")
    towns = [row[0] for row in current["rows"]]
    assert len(towns) == len(vocab.current(kolding.relations)) == kolding.profile["relations"]
    assert "Örebro" in towns and "Pisa" not in towns
    assert [row[0] for row in other["rows"]] == ["Pisa"]  # ended: shown apart, never counted
    assert all(row[4] in ("A", "B", "C") for row in current["rows"])


def test_benchmark_chart_is_data_with_the_municipality_first(kolding, kolding_sections):
    bars = _blocks(kolding_sections["comparison"], "bars")[0]
    assert bars["categories"][0] == "Kolding"
    counts = bars["panels"][0]["series"][0]
    assert counts["values"][0] == kolding.profile["relations"] and counts["colors"][0] == "self"
    assert _blocks(kolding_sections["comparison"], "figure")  # the choropleth


def test_html_of_a_section_escapes_markup_from_data():
    evil = {"key": "x", "heading": "<h1>boom</h1>", "intro": None,
            "blocks": [{"type": "table", "columns": ["<b>c</b>"], "rows": [["<script>alert(1)</script>"]],
                        "numeric": [False], "widths": None},
                       {"type": "p", "text": "a & b <i>", "style": ""}]}
    html = show.to_html(evil)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<h1>boom</h1>" not in html and "a &amp; b &lt;i&gt;" in html
    assert show.bundle(evil)[show.SECTION_MIME] == evil


def test_quality_flag_codes_are_worded_in_the_report_language():
    da, en = i18n.Messages("da"), i18n.Messages("en")
    codes = f"{vocab.FLAG_POINT_OUTSIDE}:Wikidata:US;{vocab.FLAG_NO_COORDINATES}"
    assert advice.flags_text(codes, da) == "kildens koordinat (Wikidata) lå uden for landet (USA); ingen koordinater"
    assert advice.flags_text(vocab.FLAG_STALE, en) == "newest evidence is from before 2020"


def test_a_municipality_without_relations_gets_every_section(kolding):
    laeso = context("Læsø")
    secs = {name: getattr(sections, name)(laeso) for name in sections.ORDER}
    assert laeso.profile["relations"] == 0
    assert not _blocks(secs["partners"], "table")
    assert "Sammenlignelige kommuner" in show.to_html(secs["comparison"])


def test_source_page_names_sources_in_the_report_language_without_commits():
    for lang, foreign in (("da", ("contributors", "repository", "retrieved")), ("en", ("hentet", "Licens:"))):
        items = " ".join(advice.sources(context("Kolding", lang=lang))["blocks"][1]["items"])
        assert "@" not in items and not any(word in items for word in foreign), lang
