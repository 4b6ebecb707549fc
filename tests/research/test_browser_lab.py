"""The exploration notebooks in a real JupyterLab, driven in headless Debian chromium by Playwright.

Each notebook is opened, run in full and waited for; no cell may end in an error, and typing in a
table's search box must narrow the rows shown. Every request outside the local server is refused
and recorded: the notebooks must work offline. Skipped where chromium or playwright is missing.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from twinlib import paths

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
NOTEBOOKS = ["national_overview", "data_quality", "partner_countries"]
VENV_BIN = Path(sys.executable).parent

if not Path(CHROMIUM).is_file():
    pytest.skip("no chromium at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install '.[dev]')")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lab_env(tmp: Path) -> dict:
    """Config, runtime, settings and workspaces in tmp: no user state, nothing persisted."""
    env = dict(os.environ)
    for var, sub in [("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTERLAB_SETTINGS_DIR", "settings"), ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),
                     ("IPYTHONDIR", "ipython")]:
        (tmp / sub).mkdir()
        env[var] = str(tmp / sub)
    # no news or update checks, and the announcements plugin (which asks to fetch news) switched off
    labconfig = tmp / "config" / "labconfig"
    labconfig.mkdir()
    (labconfig / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
    return env


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a free port, its root a temp folder with copies of the notebooks."""
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "root"
    root.mkdir()
    for name in NOTEBOOKS:
        shutil.copy(paths.checkout_root() / "notebooks" / "explore" / f"{name}.ipynb", root)
    port, token = _free_port(), secrets.token_hex(16)
    log = (tmp / "lab.log").open("w")
    proc = subprocess.Popen(
        [str(VENV_BIN / "jupyter"), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}", "--allow-root",
         "--LabApp.expose_app_in_browser=True", "--LabApp.extension_manager=readonly", "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=_lab_env(tmp), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-3000:])
            time.sleep(0.3)
    yield base, token
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


# the notebook panel's state, read through the app JupyterLab exposes (expose_app_in_browser)
STATE_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!w || !w.sessionContext || !w.content) return null;
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  const outputs = cells.flatMap(c => c.model.outputs.toJSON());
  return {status: kernel ? kernel.status : 'none',
          done: cells.every(c => c.model.executionCount !== null),
          errors: outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue)};
}"""


def _run_all(page, timeout_s: float = 120) -> dict:
    """Run every cell; return the state once the kernel is idle and every cell ran (or one failed)."""
    page.wait_for_function(f"() => {{ const s = ({STATE_JS})(); return s && s.status === 'idle'; }}",
                           timeout=60_000)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(f"""() => {{ const s = ({STATE_JS})();
        return s && s.status === 'idle' && (s.done || s.errors.length > 0); }}""", timeout=timeout_s * 1000)
    return page.evaluate(f"({STATE_JS})()")


def _rows(table) -> int:
    return table.locator("tbody tr").count()


def _filter_narrows_a_table(page) -> tuple[int, int]:
    """Type a cell of a table's second row into its search box: fewer rows must remain.

    (itables shows a search box only on tables longer than one page: take the first that has one.)
    """
    container = page.locator(".jp-OutputArea-output .dt-container").filter(
        has=page.locator(".dt-search input")).first
    container.wait_for(timeout=20_000)
    # JupyterLab renders only the cells in view (windowed notebook): bring the table into view first
    container.scroll_into_view_if_needed()
    table = container.locator("table.dataTable")
    before = _rows(table)
    # the cell of the second row that the fewest shown rows contain (a name, an id, a URL): a first
    # cell may be empty, or a number or a phrase that every row on the page contains
    rows = [" ".join(r.split()) for r in table.locator("tbody tr").all_text_contents()]
    cells = [c.strip() for c in table.locator("tbody tr:nth-child(2) td").all_text_contents() if c.strip()]
    assert cells, "the second row of the first searchable table is empty"
    term = min(cells, key=lambda c: (sum(c in r for r in rows), -len(c)))
    container.locator(".dt-search input").fill(term)
    page.wait_for_function("([el, n]) => el.querySelectorAll('tbody tr').length < n",
                           arg=[table.element_handle(), before], timeout=10_000)
    return before, _rows(table)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab_and_tables_filter(lab, browser, name):
    base, token = lab
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 1000})

    def local_only(route):
        url = route.request.url
        if url.startswith(base) or url.startswith(base.replace("http", "ws")) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    try:
        page.goto(f"{base}/lab/tree/{name}.ipynb?token={token}&reset", wait_until="domcontentloaded")
        state = _run_all(page)
        assert state["errors"] == [], state["errors"]
        assert state["done"], state
        stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        texts = [stderr.nth(i).inner_text() for i in range(stderr.count())]
        assert not [t for t in texts if "Traceback" in t or "Error" in t], texts
        before, after = _filter_narrows_a_table(page)
        assert 1 <= after < before
        if name == "national_overview":
            _picker_redraws_the_map(page)
        assert outside == [], outside  # everything came from the local server: works offline
    finally:
        context.close()


def _picker_redraws_the_map(page) -> None:
    """Choosing a municipality in the dropdown replaces the national map with its own two maps."""
    picker = page.locator(".widget-vbox").filter(has=page.locator(".widget-dropdown")).first
    picker.scroll_into_view_if_needed()
    images = picker.locator("img")
    images.first.wait_for(timeout=20_000)
    national = images.first.get_attribute("src")
    assert images.count() == 1
    picker.locator(".widget-dropdown select").nth(1).select_option(label="Kolding")
    page.wait_for_function("([el, src]) => { const i = el.querySelectorAll('img');"
                           " return i.length === 2 && i[0].getAttribute('src') !== src; }",
                           arg=[picker.element_handle(), national], timeout=20_000)
