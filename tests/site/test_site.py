"""`twinlib site`: what the pages say, that every link stays inside the site, and bad input.

A site of two municipalities is built once (a few seconds); the browser tests are in test_browser_site.py.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from twinlib import vocab
from twinlib.cli.parser import main
from twinlib.i18n import Messages
from twinlib.site import content
from twinlib.site.build import build_site
from twinlib.tables import data


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.found += [(tag, a[k]) for k in ("href", "src") if a.get(k)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("web") / "site"
    build_site(out, only=["Kolding", "Læsø"], today=dt.date(2026, 12, 6))
    return out


def test_every_local_link_and_image_exists_and_nothing_is_fetched(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10 and (site / "en" / "index.html").is_file()
    for page in pages:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, link in parser.found:
            if link.startswith(("http://", "https://")):
                assert tag == "a", (page, tag, link)  # sources are links to follow; nothing is loaded from afar
            elif not link.startswith("#"):
                assert not link.startswith("//"), (page, link)
                assert (page.parent / link.split("#")[0]).resolve().is_file(), (page, link)
    css_and_scripts = "".join(p.read_text(encoding="utf-8") for p in (site / "assets").glob("*.[cj]s*"))
    assert not re.search(r"https?://|@import|url\(", css_and_scripts)  # nothing fetched by styles or scripts


def test_pages_and_downloads_are_readable_by_a_web_server(site):
    for p in site.rglob("*"):
        mode = p.stat().st_mode
        assert mode & 0o004, p  # world-readable (umask 022): a static host can serve it
        assert not p.name.endswith(".tmp")


def test_counts_follow_vocab_current():
    t = data.load()
    m = Messages("da")
    rows = content.relation_rows(t.relations, t.municipalities, m, content.source_urls(t.sources))
    assert len(rows) == len(t.relations)
    assert all(r["source_href"] for r in rows)  # every row links its source, its own or the list it came from
    assert sum(r["source_own"] for r in rows) == t.relations["source_url"].fillna("").str.startswith("http").sum()
    assert sum(r["counted"] for r in rows) == len(vocab.current(t.relations))
    figures = content.key_figures(t.relations, {"relations_total": {"value": 317}, "usa": {"value": 3}}, m)
    assert figures[0]["now"] == str(len(vocab.current(t.relations))) and figures[0]["then"] == "317"


def test_rows_in_danish_order_and_not_mutated():
    munis = pd.DataFrame({"code": ["851", "492", "621"], "name": ["Aalborg", "Ærø", "Kolding"],
                          "slug": ["aalborg", "aeroe", "kolding"], "region": ["Nordjylland", "Syddanmark",
                                                                               "Syddanmark"]})
    rel = pd.DataFrame({"municipality_code": ["851", "492", "621"], "partner_name": ["Örebro", "Kiel", "Lahti"],
                        "partner_country": ["SE", "DE", "FI"], "world_region": ["Norden", "Øvrige Europa", "Norden"],
                        "status": ["active", "unverified", "ended"], "evidence_grade": ["A", "D", "B"],
                        "kind": ["twinning"] * 3, "evidence_date": ["2024", None, "2021"],
                        "checked": ["2026-11-25"] * 3, "established_year": [1950.0, None, 1990.0],
                        "source_url": ["https://example.org/a", None, "https://example.org/c"],
                        "source_ids": ["curated", "wikidata-2017", "curated"],
                        "partner_today": [None] * 3})  # EXAMPLE rows
    before = rel.copy()
    rows = content.relation_rows(rel, munis, Messages("da"))
    assert [r["municipality"] for r in rows] == ["Kolding", "Ærø", "Aalborg"]  # Aa is Å, after Æ
    assert [r["since"] for r in rows] == ["1990", "", "1950"]
    pd.testing.assert_frame_equal(rel, before)
    assert [o[0] for o in content.filters(rows, Messages("da"))[0]["options"]] == ["active", "ended", "unverified"]


def test_a_non_empty_folder_is_refused_and_left_alone(tmp_path, capsys):
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    assert main(["site", "--out", str(out), "--only", "Læsø", "--reports", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "not empty" in err and len(err.splitlines()) == 1
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no temporary folder left beside it


def test_an_unwritable_path_is_one_error_line(tmp_path, capsys):
    # /proc/self takes no new files, not even from root (a read-only folder would not stop root)
    assert main(["site", "--out", "/proc/self/site", "--only", "Læsø", "--reports", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "cannot write" in err and len(err.splitlines()) == 1


def test_a_path_under_a_file_is_one_error_line(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert main(["site", "--out", str(tmp_path / "file" / "site"), "--reports", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "not a directory" in err and len(err.splitlines()) == 1


def test_a_failed_build_leaves_nothing(tmp_path, monkeypatch):
    from twinlib.site import pages

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pages, "write_language", broken)
    with pytest.raises(OSError):
        build_site(tmp_path / "site", only=["Læsø"])
    assert list(tmp_path.iterdir()) == []


def test_the_style_takes_every_colour_from_the_palette():
    from twinlib.figures import palette
    from twinlib.site.build import ASSETS

    css = (ASSETS / "site.css").read_text(encoding="utf-8")
    assert not re.search(r"#[0-9a-fA-F]{3,8}\b|rgb\(", css)
    assert set(re.findall(r"var\(--([a-z-]+)\)", css)) <= set(palette.TEMPLATE_COLOURS)


def test_the_data_package_zip_holds_the_descriptor_and_its_resources(tmp_path):
    import json
    import zipfile

    from twinlib.errors import InputError
    from twinlib.site import downloads

    processed = tmp_path / "processed"  # EXAMPLE data package of one table
    (processed / "geo").mkdir(parents=True)
    (processed / "geo" / "towns.csv").write_text("code,name\n621,Kolding\n")
    (processed / "datapackage.json").write_text(json.dumps({"resources": [{"name": "towns",
                                                                           "path": "geo/towns.csv"}]}))
    site = tmp_path / "site"
    made = downloads.data_package_zip(site, processed)
    with zipfile.ZipFile(made) as z:
        assert {"datapackage.json", "geo/towns.csv"} <= set(z.namelist())
        assert z.read("geo/towns.csv") == b"code,name\n621,Kolding\n"
    (processed / "datapackage.json").write_text(json.dumps({"resources": [{"path": "../../etc/passwd"}]}))
    with pytest.raises(InputError):
        downloads.data_package_zip(site, processed)
    with pytest.raises(InputError, match="no data package here"):
        downloads.data_package_zip(site, tmp_path / "elsewhere")
