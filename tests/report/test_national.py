"""The national report: its sections as data (no kernel), its figures from the tables, and one slow
papermill run whose PDF is read back."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from twinlib import i18n, paths, vocab
from twinlib.analysis import national as an
from twinlib.batch import national as batch_national
from twinlib.report import national
from twinlib.report.national.context import national_context
from twinlib.tables import survey

TODAY = dt.date(2026, 12, 6)
VENV_BIN = Path(sys.executable).parent
BLOCK_TYPES = {"cover", "p", "h3", "facts", "table", "figure", "bars", "list", "toc"}


@pytest.fixture(scope="module", params=["da", "en"])
def ctx(request):
    return national_context(lang=request.param, today=TODAY)


@pytest.fixture(scope="module")
def sections(ctx):
    return {key: getattr(national, key)(ctx) for key in national.ORDER}


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k not in ("png", "type", "style", "key", "colors", "entries"):
                yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def test_template_shows_the_sections_in_outline_order():
    nb = json.loads(paths.shipped(batch_national.TEMPLATE).read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    assert not any(c.get("outputs") or c.get("execution_count") for c in code)
    shown = re.findall(r"show\(s\.(\w+)\(ctx\)\)", "".join("".join(c["source"]) for c in code))
    assert tuple(shown) == national.ORDER


def test_every_section_is_plain_data_under_its_own_key(sections):
    for key, s in sections.items():
        assert s["key"] == key
        assert json.loads(json.dumps(s, ensure_ascii=False)) == s, key
        assert s["blocks"] and {bl["type"] for bl in s["blocks"]} <= BLOCK_TYPES, key
    assert all(s["heading"] for k, s in sections.items() if k != "cover")


def test_headline_figures_are_counted_from_the_tables(ctx, sections):
    t = ctx.tables
    cover = sections["cover"]["blocks"][0]
    values = dict(cover["facts"])
    assert str(len(vocab.current(t.relations))) in values.values()
    assert str(len(vocab.unverified(t.relations))) in values.values()
    point = sections["survey"]["blocks"][0]["rows"][0]
    assert point[1] == str(survey.load()["relations_total"]["value"])
    assert point[2].startswith(str(int(vocab.is_current(t.relations).sum())))
    regions = sections["regions"]["blocks"][1]["rows"]
    assert sum(int(r[3]) for r in regions) == len(vocab.current(t.relations))
    every = sections["municipalities"]["blocks"][0]["rows"]
    assert len(every) == len(t.municipalities)


def test_the_estimate_is_given_with_its_interval(ctx, sections):
    e = ctx.estimate
    text = " ".join(_strings(sections["survey"]))
    assert f"{e['estimate']:.0f} ({e['low']:.0f}–{e['high']:.0f})" in text
    assert str(e["sample"]["n"]) in text


def test_each_edition_speaks_its_own_language(ctx, sections):
    """No word only the other catalogue uses (names and quoted titles aside), as test_language does for
    the municipal reports."""
    word = re.compile(r"(?<![\w/.-])[a-zæøåéü]+(?:-[a-zæøåéü]+)*(?![\w/.-])")

    def words(texts):
        out = set()
        for t in texts:
            t = re.sub(r"https?://\S+|www\.\S+|»[^«]*«|“[^”]*”|\{[^}]*\}", " ", t)
            out |= set(word.findall(re.sub(r"\b[A-ZÆØÅÄÖÜ][\w'.-]*", " ", t)))
        return out

    da, en = words(i18n.catalogue("da").values()), words(i18n.catalogue("en").values())
    other = (en - da) if ctx.lang == "da" else (da - en)
    shared = {"a", "i", "by", "under", "over", "to", "se", "al", "fem", "link", "via", "median"}
    stray = words(s for sec in sections.values() for s in _strings(sec)) & (other - shared)
    assert stray == set()


# --- the analysis on small EXAMPLE tables -----------------------------------------------------

def _example_relations() -> pd.DataFrame:
    """EXAMPLE rows (not real relations): one of each case the endings and periods must tell apart."""
    rows = [("x1", "1", "EXAMPLE A", "SE", "active", "A", "2024", 1990, None),
            ("x2", "1", "EXAMPLE B", "DE", "ended", "B", "2023-05", None, 2023),
            ("x3", "2", "EXAMPLE C", "RU", "suspended", "C", "2022-03", None, None),
            ("x4", "2", "EXAMPLE D", "NO", "ended", "B", "2024-01", None, None),
            ("x5", "2", "EXAMPLE E", "FI", "ended", "B", "2019", None, 2019),
            ("x6", "2", "EXAMPLE F", "FI", "suspended", "B", "2020", None, None),
            ("x7", "2", "EXAMPLE G", "CN", "active", "B", "2025", 2010, None),
            ("x8", "1", "EXAMPLE H", "PL", "unverified", "D", None, None, None),
            ("x9", "1", "EXAMPLE I", "NO", "ended", "B", None, None, None)]  # undated: never "recent"
    df = pd.DataFrame(rows, columns=["relation_id", "municipality_code", "partner_name", "partner_country", "status",
                                     "evidence_grade", "evidence_date", "established_year", "ended_year"])
    return df.assign(kind="twinning", checked="2026-11-25", source_url="https://example.org/x",
                     world_region=df["partner_country"].map({"SE": "Norden", "NO": "Norden", "FI": "Norden",
                                                             "CN": "Asien"}).fillna("Øvrige Europa"),
                     established_year=df["established_year"].astype("Int64"),
                     ended_year=df["ended_year"].astype("Int64"))


def test_recent_endings_by_year_else_by_the_documenting_source():
    out = an.recent_endings(_example_relations(), since=2022)
    assert list(out["partner_name"]) == ["EXAMPLE C", "EXAMPLE B", "EXAMPLE D"]
    assert list(out["year"]) == [2022, 2023, 2024]
    assert list(out["year_known"]) == [False, True, False]


def test_start_periods_split_at_the_reform():
    p = an.start_periods(_example_relations())
    assert (p["current"], p["before"], p["since"], p["unknown"]) == (2, 1, 1, 0)
    assert (p["ended"], p["ended_since"], p["ended_unknown"]) == (4, 2, 2)


def test_policy_counts_leave_out_none_stated_and_unknown_codes():
    pol = pd.DataFrame({"municipality_code": ["1", "2", "3"], "outcome": ["found", "found", "none found"],
                        "stance": ["prune;project_based", "none_stated", "none_stated"],
                        "goals": ["business;culture", "business;EXAMPLE", None]})
    c = an.policy_counts(pol)
    assert (c["municipalities"], c["found"]) == (3, 2)
    assert dict(zip(c["stances"]["code"], c["stances"]["municipalities"], strict=True)) == {"prune": 1,
                                                                                         "project_based": 1}
    assert dict(zip(c["goals"]["code"], c["goals"]["municipalities"], strict=True)) == {"business": 2, "culture": 1}


def test_bands_and_the_municipality_table_cover_every_municipality(ctx):
    per, t = ctx.per_muni, ctx.tables
    assert an.band_counts(per)["municipalities"].sum() == len(per)
    table = an.municipality_table(per, t.relations, t.policies)
    assert table["relations"].sum() == len(vocab.current(t.relations))
    assert table["unverified"].sum() == len(vocab.unverified(t.relations))
    assert table["policy"].sum() == (t.policies["outcome"] == "found").sum()


def test_uptake_counts_only_what_public_pages_show(ctx):
    t = ctx.tables
    up = an.recommendation_uptake(ctx.per_muni, t.relations, t.policies, t.strategies, TODAY)
    assert up["core_tasks"] is None and up["funding"] is None  # only the municipalities know
    s = up["strategy"]
    assert s["current"] + s["lapsed"] + s["undated"] <= s["found"] <= len(t.municipalities)
    cur = vocab.current(t.relations)
    assert up["global_outlook"]["relations"] == int(vocab.outside_europe(cur["world_region"]).sum())


# --- slow: the template through papermill and the twinpdf exporter ----------------------------

@pytest.mark.slow
def test_papermill_then_twinpdf_gives_an_accessible_national_pdf(tmp_path):
    out = tmp_path / "national.ipynb"
    subprocess.run([str(VENV_BIN / "papermill"), str(paths.shipped(batch_national.TEMPLATE)), str(out),
                    "--no-progress-bar"], check=True, cwd=tmp_path, capture_output=True)
    subprocess.run([str(VENV_BIN / "jupyter"), "nbconvert", "--to", "twinpdf", str(out)], check=True,
                   cwd=tmp_path, capture_output=True)
    reader = PdfReader(io.BytesIO((tmp_path / "national.pdf").read_bytes()))
    assert 8 <= len(reader.pages) <= 16
    text = "\n".join(p.extract_text() for p in reader.pages)
    ctx = national_context(lang="da")
    m = ctx.m
    for key in national.ORDER[1:]:
        assert m(f"nat.heading.{key}") in text, key
    t = ctx.tables
    assert f"Bekræftede aktive venskabsbyer {len(vocab.current(t.relations))}" in text
    e = ctx.estimate
    assert f"{e['estimate']:.0f} ({e['low']:.0f}–{e['high']:.0f})" in text
    assert f"Venskabsbyer i 2017-undersøgelsen {survey.load()['relations_total']['value']}" in text
    assert "Side 2 af" in text and "Region Hovedstaden" in text
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert reader.trailer["/Root"]["/Lang"] == "da"


@pytest.mark.slow
def test_cli_writes_the_english_edition_beside_the_danish(tmp_path):
    from twinlib.cli.parser import main

    assert main(["-q", "report", "--national", "--lang", "en", "--out", str(tmp_path)]) == 0
    folder = tmp_path / batch_national.NAME
    assert sorted(p.name for p in folder.iterdir()) == [".inputs.national.en.sha256", "national.en.html",
                                                        "national.en.ipynb", "national.en.pdf"]
    text = "\n".join(p.extract_text() for p in PdfReader(folder / "national.en.pdf").pages)
    assert "Danish twin towns" in text and "The 2017 survey point by point" in text and "Page 2 of" in text
    assert "Sammenfatning" not in text


def test_national_is_given_alone(capsys):
    from twinlib.cli.parser import main

    assert main(["report", "--national", "Kolding"]) == 2
    assert capsys.readouterr().err.startswith("error: give --national alone")
