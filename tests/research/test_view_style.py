"""Style by call, never on import: importing the researchers' view module (and with it every figure
module) leaves matplotlib's backend and rcParams as the notebook had them; view.setup() applies the
house style; a report figure is drawn in the style without leaving it behind."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import pytest

from twinlib.figures import plots

# a fresh interpreter: in this one the figure modules are imported already
PROBE = """
import matplotlib
matplotlib.rcParams["font.size"] = 13.5  # the researcher's own setting
before = dict(matplotlib.rcParams)
backend = matplotlib.rcParams._get_backend_or_none()
import twinlib.research.explore_view, twinlib.figures.maps, twinlib.figures.choropleth
changed = sorted(k for k, v in matplotlib.rcParams.items() if before[k] != v)
assert not changed, changed
assert matplotlib.rcParams._get_backend_or_none() == backend, matplotlib.rcParams._get_backend_or_none()
print("unchanged")
"""


@pytest.mark.slow  # a subprocess of its own (signals, pipes or a fresh interpreter)
def test_importing_the_view_changes_nothing_in_matplotlib():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "unchanged"


def test_setup_applies_the_house_style(monkeypatch):
    with matplotlib.rc_context():
        from twinlib.research import explore_view

        monkeypatch.setattr("itables.init_notebook_mode", lambda **kw: None)
        explore_view.setup()
        assert {k: matplotlib.rcParams[k] for k in plots.STYLE} == {
            k: matplotlib.rcParams.validate[k](v) for k, v in plots.STYLE.items()}


def test_a_report_figure_is_styled_and_leaves_the_settings_alone():
    import pandas as pd

    from twinlib.figures import maps

    # EXAMPLE partners around an origin near Kolding
    partners = pd.DataFrame({"partner_name": ["Lahti", "Falun", "Anjō"], "partner_lat": [60.98, 60.61, 34.96],
                             "partner_lon": [25.66, 15.63, 137.08]})
    with matplotlib.rc_context({"font.size": 13.5, "font.family": "serif"}):
        before = dict(matplotlib.rcParams)
        fig, _ = maps.partner_map((9.47, 55.49), partners)
        labels = [t for ax in fig.axes for t in ax.texts]
        assert labels and {t.get_fontfamily()[0] for t in labels} == {"DejaVu Sans"}
        assert fig.dpi == plots.DPI
        plots.to_png_base64(fig)
        assert dict(matplotlib.rcParams) == before
