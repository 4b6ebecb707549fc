"""reports/index.html in a real browser: every column sorts on a click, numbers as numbers, Danish order.

Fake PDFs stand in for made reports (as in test_index.py); headless Debian chromium via Playwright.
Skipped where chromium or playwright is missing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from twinlib.batch import index
from twinlib.batch.render import Outcome, output_dir

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
TOWNS = {"621": ("Kolding", "kolding"), "851": ("Aalborg", "aalborg"), "825": ("Læsø", "laesoe"),
         "492": ("Ærø", "aeroe"), "101": ("København", "koebenhavn")}

if not Path(CHROMIUM).is_file():
    pytest.skip("no chromium at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install '.[dev]')")


@pytest.fixture(scope="module")
def page_html(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    for code, (_, slug) in TOWNS.items():
        pdf = output_dir(code, slug, out) / f"{slug}.pdf"
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.write_bytes(b"%PDF-1.7 fake")
    index.write_index([Outcome(c, n, s, "ok") for c, (n, s) in TOWNS.items()], out, today=dt.date(2026, 12, 4))
    return out / "index.html"


def _column(page, i: int) -> list[str]:
    return page.eval_on_selector_all(f"tbody tr td:nth-child({i + 1})", "els => els.map(e => e.textContent.trim())")


def test_every_column_sorts_in_a_real_browser(page_html):
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(page_html.as_uri())
        heads = page.locator("thead th")
        names = _column(page, 0)
        assert names[0] == "Kolding" and names[-3:] == ["Læsø", "Ærø", "Aalborg"], names  # Danish order: Aa is Å
        heads.nth(0).click()  # the first column starts ascending: one click reverses it
        assert _column(page, 0) == names[::-1]
        heads.nth(2).click()  # population, ascending by number (not by text: "8.920" < "59.360")
        pops = [int(x.replace(".", "")) for x in _column(page, 2)]
        assert pops == sorted(pops) and heads.nth(2).get_attribute("aria-sort") == "ascending"
        heads.nth(2).click()
        assert [int(x.replace(".", "")) for x in _column(page, 2)] == sorted(pops, reverse=True)
        for i in range(heads.count()):  # every column reacts to a click and to the keyboard
            heads.nth(i).click()
            assert heads.nth(i).get_attribute("aria-sort") in {"ascending", "descending"}
            heads.nth(i).focus()
            before = heads.nth(i).get_attribute("aria-sort")
            page.keyboard.press("Enter")
            assert heads.nth(i).get_attribute("aria-sort") != before
        browser.close()
