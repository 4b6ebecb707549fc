"""The batch index (reports/index.html, index.csv): only reports that exist, Danish or English,
sortable, escaped, failures shown. Fake PDFs stand in for made reports (no report is rendered)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from twinlib import vocab
from twinlib.batch import index
from twinlib.batch.render import Outcome, output_dir
from twinlib.i18n import HERE
from twinlib.tables import data

TODAY = dt.date(2026, 11, 25)
SLUGS = {"621": ("Kolding", "kolding"), "851": ("Aalborg", "aalborg"), "825": ("Læsø", "laesoe"),
         "492": ("Ærø", "aeroe"), "151": ("Ballerup", "ballerup")}


def _fake_pdf(out: Path, code: str, lang: str = "da") -> Path:
    slug = SLUGS[code][1]
    pdf = output_dir(code, slug, out) / f"{slug if lang == 'da' else f'{slug}.{lang}'}.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(b"%PDF-1.7 fake")
    stamp = dt.datetime.combine(TODAY, dt.time(12)).timestamp()
    os.utime(pdf, (stamp, stamp))  # the index dates a report by its file; fixed so the test is not date-bound
    return pdf


def _outcome(code: str, status: str, error: str = "") -> Outcome:
    name, slug = SLUGS[code]
    return Outcome(code, name, slug, status, error=error)


def _rows(html: str) -> list[str]:
    return re.findall(r"<tr>\s*<td>(.*?)</td>", html.split("<tbody>")[1], flags=re.S)


def test_rows_only_for_existing_reports_and_this_runs_status(tmp_path):
    for code in ("621", "851"):
        _fake_pdf(tmp_path, code)
    table = index.write_index([_outcome("621", "ok")], tmp_path, today=TODAY)
    assert table.set_index("code")["status"].to_dict() == {"621": "ok", "851": "earlier"}
    csv = pd.read_csv(tmp_path / "index.csv", dtype=str)
    assert sorted(csv["code"]) == ["621", "851"]  # no rows for the 96 municipalities never run
    assert csv.set_index("code").loc["621", "pdf"] == "621-kolding/kolding.pdf"
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert len(_rows(html)) == 2 and "Ballerup" not in html
    assert 'href="621-kolding/kolding.pdf"' in html and 'href="851-aalborg/aalborg.pdf"' in html
    assert "2 rapporter i listen" in html and "lavet 1 · uændret 0 · fejlede 0" in html


def test_counts_are_current_relations_and_unverified_apart(tmp_path):
    _fake_pdf(tmp_path, "851")
    row = index.write_index([], tmp_path, today=TODAY).iloc[0]
    rel = data.load().relations
    aalborg = rel[rel["municipality_code"] == "851"]
    assert row["relations"] == len(vocab.current(aalborg))
    assert row["unverified"] == len(vocab.unverified(aalborg)) > 0


def test_danish_headers_numbers_and_order(tmp_path):
    for code in ("621", "851", "825", "492"):
        _fake_pdf(tmp_path, code)
    index.write_index([_outcome("621", "ok"), _outcome("851", "skipped")], tmp_path, today=TODAY)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in html and "Kommunerapporter om venskabsbyer" in html
    heads = re.findall(r"<th [^>]*><span>(.*?)</span></th>", html)
    assert heads == ["Kommune", "Region", "Indbyggere", "Bekræftede venskabsbyer", "Ikke bekræftede", "Status",
                     "Dato"]
    assert ">94.528<" in html and "25. nov. 2026" in html and "Opdateret 25. november 2026" in html
    assert ">lavet<" in html and ">uændret<" in html and ">lavet tidligere<" in html
    # Danish alphabetical order: Æ, Ø, Å last, and Aa counts as Å
    assert [re.sub(r"<.*?>", "", r) for r in _rows(html)] == ["Kolding", "Læsø", "Ærø", "Aalborg"]


def test_english_edition_has_its_own_files_and_no_danish(tmp_path):
    _fake_pdf(tmp_path, "621", "en")
    _fake_pdf(tmp_path, "851")  # only a Danish report: not in the English index
    table = index.write_index([_outcome("621", "ok")], tmp_path, lang="en", today=TODAY)
    assert list(table["code"]) == ["621"] and not (tmp_path / "index.html").exists()
    html = (tmp_path / "index.en.html").read_text(encoding="utf-8")
    assert (tmp_path / "index.en.csv").read_text(encoding="utf-8").count("621-kolding/kolding.en.pdf") == 1
    assert '<html lang="en">' in html and 'href="621-kolding/kolding.en.pdf"' in html
    for text in ("Municipality", "Inhabitants", "Confirmed twin towns", "Unconfirmed", "Region of Southern Denmark",
                 ">94,528<", ">made<", "1 report listed", "Nov 25, 2026"):
        assert text in html, text
    for danish in ("Kommune", "Indbyggere", "Syddanmark", "lavet", "rapport", "Opdateret"):
        assert danish not in html, danish


def test_sorting_script_inline_with_numeric_sort_values(tmp_path):
    _fake_pdf(tmp_path, "851")
    html = index.render_html(index.write_index([], tmp_path, today=TODAY), "da", TODAY)
    script = html.split("<script>")[1].split("</script>")[0]
    assert "Intl.Collator" in script and "sortBy" in script and "aria-sort" in script
    assert 'data-type="number"' in html and 'data-sort="222571"' in html and ">222.571<" in html
    assert "<script src" not in html and "<link" not in html  # no external files
    assert "@media print" in html and "size: A4" in html and "table-header-group" in html


def test_markup_in_a_name_and_an_error_is_escaped():
    table = pd.DataFrame([{"code": "999", "name": '<b onclick="x()">Evil</b>', "region": "Syddanmark",
                           "population": 1000, "relations": 1, "unverified": 0, "status": "failed",
                           "error": "ValueError: <script>alert(1)</script>", "pdf": '999-x/"><i>.pdf',
                           "date": "2026-11-25"}])
    html = index.render_html(table, "da", TODAY)
    assert "&lt;b onclick=&#34;x()&#34;&gt;Evil&lt;/b&gt;" in html and "<b onclick" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    assert 'href="999-x/&#34;&gt;&lt;i&gt;.pdf"' in html


def test_failure_shown_with_its_error_even_without_a_report(tmp_path):
    _fake_pdf(tmp_path, "621")
    outcomes = [_outcome("621", "ok"), _outcome("492", "failed", "ValueError: test fault")]
    table = index.write_index(outcomes, tmp_path, today=TODAY).set_index("code")
    assert table.loc["492", "status"] == "failed" and table.loc["492", "pdf"] == ""
    assert table.loc["492", "date"] == "2026-11-25"
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Ærø (ingen rapport)" in html and 'class="st failed">fejlede<' in html
    assert '<div class="err">ValueError: test fault</div>' in html and "fejlede 1" in html


def test_index_keys_match_between_languages():
    da, en = (yaml.safe_load((HERE / "messages" / lang / "index.yml").read_text(encoding="utf-8"))
              for lang in ("da", "en"))
    assert set(da) == set(en)
    fields = re.compile(r"\{(\w+)\}")
    assert all(set(fields.findall(da[k])) == set(fields.findall(en[k])) for k in da)


@pytest.mark.parametrize("status", index.STATUSES)
def test_every_status_has_words(status):
    from twinlib.i18n import Messages

    assert Messages("da")(f"index.status.{status}") and Messages("en")(f"index.status.{status}")
