"""The cover reads as words when the PDF's text is extracted (search, copy, screen readers)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pypdf
import pytest

from twinlib.i18n import Messages
from twinlib.publish import pdf


def _cover_pdf(title: str, lang: str) -> bytes:
    cover = {"type": "cover", "kicker": Messages(lang)("cover.kicker"), "title": title, "sub": "EXAMPLE",
             "facts": [["EXAMPLE", "1"]], "colophon": "EXAMPLE"}
    return pdf.to_pdf([{"key": "cover", "heading": None, "intro": None, "blocks": [cover]}], title, lang, "{page}")


CASES = [("Lyngby-Taarbæk Kommune", "da", "INTERNATIONALT SAMARBEJDE OG VENSKABSBYER"),
         ("Københavns Kommune", "da", "INTERNATIONALT SAMARBEJDE OG VENSKABSBYER"),
         ("Kolding Municipality", "en", "INTERNATIONAL COOPERATION AND TWIN TOWNS")]


@pytest.mark.parametrize(("title", "lang", "kicker"), CASES)
def test_cover_kicker_and_title_extract_as_words_with_pypdf(title, lang, kicker):
    lines = pypdf.PdfReader(io.BytesIO(_cover_pdf(title, lang))).pages[0].extract_text().splitlines()
    assert lines[:2] == [kicker, title]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize(("title", "lang", "kicker"), CASES)
def test_cover_kicker_and_title_extract_as_words_with_pdftotext(tmp_path, title, lang, kicker):
    (tmp_path / "c.pdf").write_bytes(_cover_pdf(title, lang))
    text = subprocess.run(["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert [line for line in text.splitlines() if line.strip()][:2] == [kicker, title]
