"""The web edition in a real browser (headless Debian chromium via Playwright), opened from file://.

A small site (three municipalities, EXAMPLE stand-in reports) is built once; the tests search and
filter the relations table, open a municipality page from it, check that every download exists, that
no request leaves the site, and run axe-core (axe-playwright-python) on every kind of page in both
languages: no serious or critical violation. Skipped where chromium or playwright is missing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from twinlib.site.build import build_site

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
ONLY = ["Kolding", "Læsø", "Aalborg"]
PAGES = ["index.html", "relations.html", "countries.html", "downloads.html", "municipality/621-kolding.html",
         "country/se.html", "en/index.html", "en/relations.html", "en/municipality/851-aalborg.html"]

if not Path(CHROMIUM).is_file():
    pytest.skip("no chromium at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install '.[dev]')")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    reports = tmp_path_factory.mktemp("reports")  # EXAMPLE stand-ins for reports made by the batch
    (reports / "621-kolding").mkdir()
    (reports / "621-kolding" / "kolding.pdf").write_bytes(b"%PDF-1.7 EXAMPLE")
    (reports / "621-kolding" / "kolding.html").write_text('<html lang="da"><title>EXAMPLE</title></html>')
    out = tmp_path_factory.mktemp("web") / "site"
    build_site(out, only=ONLY, reports_root=reports, today=dt.date(2026, 12, 6))
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A page that refuses and records every request that is not a file of the site."""
    p = browser.new_page()
    p.outside = []

    def guard(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            p.outside.append(route.request.url)
            route.abort()

    p.route("**/*", guard)
    yield p
    assert p.outside == [], f"requests outside the site: {p.outside}"
    p.close()


def _shown(page) -> int:
    return page.locator("#relations tbody tr:visible").count()


def test_search_narrows_the_table(site, page):
    page.goto((site / "relations.html").as_uri())
    total = _shown(page)
    assert total > 10
    page.fill("#q", "orebro")  # folded: finds Örebro without its accent
    rows = page.locator("#relations tbody tr:visible")
    assert 0 < rows.count() < total
    assert all("Örebro" in rows.nth(i).inner_text() for i in range(rows.count()))
    assert page.inner_text("#shown").startswith(f"Viser {rows.count()} af {total}")
    page.fill("#q", "")
    assert _shown(page) == total


def test_a_filter_narrows_the_table(site, page):
    page.goto((site / "relations.html").as_uri())
    total = _shown(page)
    page.select_option("#f-status", "active")
    rows = page.locator("#relations tbody tr:visible")
    assert 0 < rows.count() < total
    assert set(page.eval_on_selector_all("#relations tbody tr:not([hidden])",
                                         "rs => rs.map(r => r.dataset.status)")) == {"active"}
    page.select_option("#f-country", "SE")
    assert 0 < _shown(page) <= rows.count()
    assert set(page.eval_on_selector_all("#relations tbody tr:not([hidden])",
                                         "rs => rs.map(r => r.dataset.country)")) == {"SE"}


def test_a_municipality_page_opens_from_the_table(site, page):
    page.goto((site / "relations.html").as_uri())
    page.fill("#q", "kolding")
    page.locator("#relations tbody tr:visible td:first-child a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/municipality/621-kolding.html")
    assert page.inner_text("h1") == "Kolding Kommune"
    assert page.locator("figure img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("a[href$='kolding.pdf']").count() == 1  # the report, copied into the site


def test_every_download_exists(site, page):
    for lang in ("", "en/"):
        page.goto((site / f"{lang}downloads.html").as_uri())
        hrefs = page.eval_on_selector_all("main a[download]", "as => as.map(a => a.href)")
        assert {h.rsplit(".", 1)[-1] for h in hrefs} >= {"csv", "xlsx", "parquet"}
        for h in hrefs:
            path = Path(unquote(urlparse(h).path))
            assert path.is_file() and path.stat().st_size > 0, h


def test_no_serious_accessibility_violation(site, page):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for rel in PAGES:
        page.goto((site / rel).as_uri())
        bad = [(v["id"], v["impact"], len(v["nodes"])) for v in axe.run(page).response["violations"]
               if v["impact"] in ("serious", "critical")]
        assert bad == [], f"{rel}: {bad}"
