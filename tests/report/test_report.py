"""The report: papermill smoke runs, the PDF's text read back, the zero-relation case."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from twinlib import paths
from twinlib.batch import batch as report

VENV_BIN = Path(sys.executable).parent
HEADINGS = ["Sammenfatning", "Venskabsbyer", "Sammenligning", "Geografisk profil", "Aktiviteter",
            "Strategi og netværk", "Anbefalinger", "Datagrundlag"]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def kolding(tmp_path_factory):
    return report.make_report("Kolding", out_root=tmp_path_factory.mktemp("reports"))


def test_kolding_pdf_names_partners_headings_and_sources(kolding):
    assert kolding.pdf == kolding.pdf.parent / "kolding.pdf"
    assert kolding.pdf.parent.name == "621-kolding"
    text = pdf_text(kolding.pdf)
    assert "Kolding Kommune" in text
    for partner in ["Delmenhorst", "Drammen", "Huéscar", "Lappeenranta", "Örebro", "Panevėžys",
                    "Stykkishólmur", "Szombathely", "Anjō"]:
        assert partner in text, partner
    for heading in HEADINGS:
        assert heading in text, heading
    assert "Kilder og licenser" in text and "CC BY-SA 4.0" in text
    assert "Side 2 af" in text
    assert len(PdfReader(kolding.pdf).pages) >= 6


def test_outputs_are_complete_and_no_temp_files_remain(kolding):
    folder = kolding.pdf.parent
    assert sorted(p.name for p in folder.iterdir()) == [".inputs.sha256", "kolding.html", "kolding.ipynb",
                                                        "kolding.pdf"]
    assert all(p.stat().st_mode & 0o777 == 0o644 for p in folder.iterdir())  # readable by a web server
    assert kolding.pdf.read_bytes().startswith(b"%PDF")
    nb = json.loads(kolding.notebook.read_text(encoding="utf-8"))
    assert not any(o.get("output_type") == "error" for c in nb["cells"] for o in c.get("outputs", []))
    assert "<script" not in kolding.html.read_text(encoding="utf-8")  # print HTML has no JavaScript


def test_municipality_without_relations_gets_a_valid_report(tmp_path):
    res = report.make_report("Læsø", out_root=tmp_path)
    assert res.pdf.parent.name == "825-laesoe"
    text = pdf_text(res.pdf)
    assert "Læsø Kommune" in text
    assert "ingen kendte venskabsbyer" in text.lower()
    for heading in HEADINGS:
        assert heading in text, heading
    assert "Sammenlignelige kommuner" in text  # the benchmark is still given


def test_plain_papermill_then_nbconvert_exporter(tmp_path):
    out = tmp_path / "out.ipynb"
    subprocess.run([str(VENV_BIN / "papermill"), str(paths.notebook_template()), str(out), "-p", "kommune",
                    "Aalborg", "--no-progress-bar"], check=True, cwd=tmp_path, capture_output=True)
    subprocess.run([str(VENV_BIN / "jupyter"), "nbconvert", "--to", "twinpdf", str(out)], check=True,
                   cwd=tmp_path, capture_output=True)
    text = pdf_text(tmp_path / "out.pdf")
    assert "Aalborg Kommune" in text and "Norðurþing" in text and "Ośno Lubuskie" in text


def test_committed_notebooks_have_no_outputs():
    for nb_path in (paths.checkout_root() / "notebooks").rglob("*.ipynb"):
        if ".ipynb_checkpoints" in nb_path.parts:
            continue
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs") and cell.get("execution_count") is None, nb_path


def test_template_has_a_parameters_cell_and_calls_only_twinlib():
    nb = json.loads(paths.notebook_template().read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "parameters" in code[0]["metadata"].get("tags", [])
    for cell in code[1:]:
        for line in "".join(cell["source"]).splitlines():
            line = line.strip()
            assert (not line or line.startswith(("from ", "import ", "show(s.", "ctx = context("))), line


def test_english_edition_from_the_same_template(tmp_path):
    res = report.make_report("Kolding", out_root=tmp_path, lang="en")
    assert res.pdf.name == "kolding.en.pdf"
    text = pdf_text(res.pdf)
    for words in ["Kolding Municipality", "Summary", "Twin towns", "Comparison", "Recommendations",
                  "Data and sources", "Sweden", "Örebro", "Panevėžys", "Page 2 of"]:
        assert words in text, words
    assert "Sammenfatning" not in text and "Side 2 af" not in text


def test_message_catalogues_have_the_same_keys():
    from twinlib import i18n

    da, en = i18n.catalogue("da"), i18n.catalogue("en")
    assert set(da) == set(en)
    for key in da:  # the same fields in both languages
        import string

        fields = lambda t: {f for _, f, _, _ in string.Formatter().parse(t) if f}  # noqa: E731
        assert fields(da[key]) == fields(en[key]), key
