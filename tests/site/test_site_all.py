"""The whole web edition: all 98 municipalities in both languages, through the command (about 10 s)."""

from __future__ import annotations

import re

import pytest

from twinlib.cli.parser import main
from twinlib.tables import data

pytestmark = pytest.mark.slow


def test_the_whole_site_states_its_size(tmp_path, capsys):
    reports = tmp_path / "reports"
    reports.mkdir()  # no reports yet: every municipality page says so
    assert main(["site", "--out", str(tmp_path / "site"), "--reports", str(reports)]) == 0
    out = capsys.readouterr().out
    files, size = re.search(r"(\d+) files, ([\d.]+ [kM]?B)", out).groups()
    site = tmp_path / "site"
    assert int(files) == sum(1 for p in site.rglob("*") if p.is_file())
    t = data.load()
    for tree in (site, site / "en"):
        assert len(list((tree / "municipality").glob("*.html"))) == len(t.municipalities) == 98
        assert len(list((tree / "country").glob("*.html"))) == t.relations["partner_country"].nunique()
        assert (tree / "relations.html").read_text(encoding="utf-8").count("<tr data-status=") == len(t.relations)


def test_without_reports_the_batch_makes_them_first(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # the batch writes to ./reports, as `twinlib report --all` does
    assert main(["site", "--out", "site", "--only", "Læsø", "--jobs", "1"]) == 0
    assert "wrote the site" in capsys.readouterr().out
    for name in ("laesoe.pdf", "laesoe.html", "laesoe.en.pdf", "laesoe.en.html"):
        assert (tmp_path / "reports" / "825-laesoe" / name).is_file()
        assert (tmp_path / "site" / "reports" / "825-laesoe" / name).is_file()
    page = (tmp_path / "site" / "municipality" / "825-laesoe.html").read_text(encoding="utf-8")
    assert 'href="../reports/825-laesoe/laesoe.pdf"' in page and 'href="../reports/825-laesoe/laesoe.en.html"' in page
