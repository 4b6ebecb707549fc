"""The PDF is PDF/UA-1: Typst refuses a document that breaks the standard, and a made PDF says so
in its XMP metadata, with its title and language."""

from __future__ import annotations

import base64
import io

import pypdf
import pytest
import typst
from PIL import Image

from twinlib.publish import pdf
from twinlib.report import sections
from twinlib.report.context import context

LABEL = "Side {page} af {pages}"


def _png() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "#1f5f7a").save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _example_sections(**figure) -> list[dict]:
    """EXAMPLE data, never a real report: a cover and one image figure."""
    cover = {"type": "cover", "kicker": "Eksempel", "title": "EXAMPLE Kommune", "sub": "EXAMPLE",
             "facts": [["Dato", "1. januar 2026"]], "colophon": "EXAMPLE"}
    fig = {"type": "figure", "png": _png(), "caption": "Figur: EXAMPLE", "source": "Kilde: EXAMPLE", "width": 0.5}
    return [{"key": "cover", "heading": None, "intro": None, "blocks": [cover]},
            {"key": "partners", "heading": "Venskabsbyer", "intro": None, "blocks": [fig | figure]}]


def _xmp(reader: pypdf.PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


@pytest.fixture(scope="module")
def kolding_pdf() -> pypdf.PdfReader:
    ctx = context("Kolding")
    secs = [getattr(sections, name)(ctx) for name in sections.ORDER]
    kinds = {b["type"] for s in secs for b in s["blocks"]}
    assert {"figure", "bars", "table", "rec", "toc"} <= kinds, kinds  # every kind of figure and block
    return pypdf.PdfReader(io.BytesIO(pdf.to_pdf(secs, "Kolding Kommune", "da", LABEL)))


def test_a_report_with_every_figure_type_declares_pdf_ua_title_and_language(kolding_pdf):
    xmp = _xmp(kolding_pdf)
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert kolding_pdf.metadata.title == "Kolding Kommune"
    assert '<rdf:li xml:lang="x-default">Kolding Kommune</rdf:li>' in xmp
    assert kolding_pdf.trailer["/Root"]["/Lang"] == "da"
    assert kolding_pdf.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged
    assert kolding_pdf.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


def test_every_image_carries_alternative_text_from_its_data(kolding_pdf):
    alts = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            alts.append(str(node.get("/Alt", "")))
        for kid in node.get("/K", []) if isinstance(node.get("/K"), list) else [node.get("/K")]:
            if kid is not None and hasattr(kid.get_object(), "get"):
                walk(kid)

    walk(kolding_pdf.trailer["/Root"]["/StructTreeRoot"])
    assert len(alts) == 2, alts  # the partner map and the choropleth
    assert any("Örebro (Sverige)" in a and "12 bekræftede aktive venskabsbyer" in a for a in alts), alts
    assert any(a.startswith("Danmarkskort over landets 98 kommuner") and "og har 12" in a for a in alts), alts


def test_the_english_edition_declares_english():
    out = pdf.to_pdf(_example_sections(alt="EXAMPLE map"), "EXAMPLE", "en", "Page {page} of {pages}")
    assert pypdf.PdfReader(io.BytesIO(out)).trailer["/Root"]["/Lang"] == "en"


def test_an_image_without_alternative_text_is_refused():
    with pytest.raises(typst.TypstError):  # the template reads bl.alt: a block without one cannot pass
        pdf.to_pdf(_example_sections(), "EXAMPLE", "da", LABEL)
    with pytest.raises(typst.TypstError, match="alt"):  # and Typst itself refuses an empty one
        pdf.to_pdf(_example_sections(alt=""), "EXAMPLE", "da", LABEL)


def test_the_version_stands_in_the_method_box_not_on_the_cover(kolding_pdf):
    from twinlib import __version__

    pages = [p.extract_text() for p in kolding_pdf.pages]
    assert "version" not in pages[0].lower()
    assert sum(f"Metode og beregninger: version {__version__}." in p for p in pages) == 1
