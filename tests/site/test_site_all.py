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
