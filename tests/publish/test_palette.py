"""One palette (twinlib.figures.palette): the CSS and the Typst template carry what it generates, and
no template or figure module writes a colour of its own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from twinlib.batch import index
from twinlib.figures import palette
from twinlib.publish import show
from twinlib.publish.pdf import PARTIALS, TEMPLATES, _template

HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b")
PACKAGE = Path(palette.__file__).resolve().parents[1]


def _typst_outside_palette() -> str:
    return "".join((TEMPLATES / "typst" / n).read_text(encoding="utf-8") for n in PARTIALS if n != "palette.typ")


def test_generated_files_agree_with_the_palette():
    assert (TEMPLATES / "palette.css").read_text(encoding="utf-8") == palette.css()
    assert (TEMPLATES / "typst" / "palette.typ").read_text(encoding="utf-8") == palette.typst()
    assert palette.typst().encode() in _template()  # the partial is part of the template the PDF uses


def test_no_colour_is_written_outside_the_palette():
    sources = [TEMPLATES / n for n in ("report.css", "index.html.j2", "page.html.j2", "section.html.j2")]
    sources += [p for p in (PACKAGE / "figures").glob("*.py") if p.name != "palette.py"]
    sources += list((PACKAGE / "research").glob("*.py"))
    found = {p.name: HEX.findall(p.read_text(encoding="utf-8")) for p in sources}
    found["typst partials"] = HEX.findall(_typst_outside_palette())
    assert {k: v for k, v in found.items() if v} == {}


def test_every_colour_a_template_names_is_in_the_palette():
    css = "".join((TEMPLATES / n).read_text(encoding="utf-8") for n in ("report.css", "index.html.j2"))
    assert set(re.findall(r"var\(--([a-z-]+)\)", css)) <= set(palette.TEMPLATE_COLOURS)


def test_the_html_edition_and_the_index_carry_the_palette():
    page = show.html_page("T", "da", [])
    assert f"--main: {palette.MAIN};" in page and "var(--main)" in page
    none = pd.DataFrame(columns=["code", "name", "region", "population", "relations", "unverified", "slug"])
    table = index.index_table(none, pd.DataFrame(columns=["code", "pdf", "date"]), [], dt.date(2026, 12, 6))
    assert f"--main: {palette.MAIN};" in index.render_html(table, "da", dt.date(2026, 12, 6))


def test_write_regenerates_both(tmp_path):
    (tmp_path / "typst").mkdir()
    (tmp_path / "typst" / "palette.typ").write_text("old\n", encoding="utf-8")
    palette.write(tmp_path)
    assert (tmp_path / "typst" / "palette.typ").read_text(encoding="utf-8") == palette.typst()
    assert (tmp_path / "palette.css").read_text(encoding="utf-8") == palette.css()
