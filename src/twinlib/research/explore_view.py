"""JupyterLab display for the exploration notebooks: filterable tables, the map picker, collapsibles.

Tables are itables (DataTables) in offline mode: the JavaScript is embedded in the notebook, so
they work with no internet. itables and ipywidgets are the `lab` extra and are imported only
when a display function is called; `readable` and `municipality_options` are plain pandas.
"""

from __future__ import annotations

import html

import pandas as pd
from pandas.api.types import is_numeric_dtype

from twinlib import i18n, names, vocab
from twinlib.analysis import metrics
from twinlib.figures import maps, palette, plots
from twinlib.tables import data

# every row reachable: 25 a page by default, "All" in the menu
TABLE_OPTIONS = {"lengthMenu": [[10, 25, 50, 100, -1], [10, 25, 50, 100, "All"]], "pageLength": 25,
                 "maxBytes": 0, "showIndex": False, "classes": "display compact"}
WHOLE_COUNTRY = "Whole country"


def readable(df: pd.DataFrame, headers: dict[str, str], formats: dict[str, str] | None = None) -> pd.DataFrame:
    """The columns in `headers`, in that order, renamed for people; numbers as text by Python format
    specs in `formats` (',d' thousands, '.1%' percent). Missing values are blank, so DataTables
    still recognises the column as numbers and sorts it as such.

    >>> readable(pd.DataFrame({"n": [1234, None], "s": [0.56211, 0.1]}), {"s": "Share", "n": "Relations"},
    ...          {"n": ",.0f", "s": ".1%"}).to_dict("list")
    {'Share': ['56.2%', '10.0%'], 'Relations': ['1,234', '']}
    """
    out = df[list(headers)].copy()
    for col, spec in (formats or {}).items():
        out[col] = out[col].map(lambda v, s=spec: "" if pd.isna(v) else format(v, s))
    return out.rename(columns=headers).reset_index(drop=True)


def setup() -> None:
    """Ready the notebook: DataTables loaded from the installed package (connected=False: no CDN) and
    the house style for its charts. Called by the notebook, never on import: importing this module
    leaves matplotlib's backend and settings as the researcher has them."""
    from itables import init_notebook_mode

    init_notebook_mode(all_interactive=False, connected=False)
    plots.style()


def table(df: pd.DataFrame, headers: dict[str, str], formats: dict[str, str] | None = None, **options) -> None:
    """Show a filterable, sortable table (see readable for headers and formats)."""
    from itables import show

    text = [i for i, col in enumerate(headers) if col not in (formats or {}) and not is_numeric_dtype(df[col])]
    left = [{"className": "dt-left", "targets": text}]  # JupyterLab right-aligns every cell; names read left
    show(readable(df, headers, formats), **{**TABLE_OPTIONS, "columnDefs": left, **options})


def collapsible(title: str, markdown_text: str):
    """Long text (the build report) folded away in an HTML <details>, open on a click."""
    from IPython.display import HTML
    from nbconvert.filters.markdown import markdown2html_mistune

    body = markdown2html_mistune(markdown_text)
    return HTML(f"<details><summary><b>{html.escape(title)}</b></summary>\n{body}\n</details>")


def municipality_options(municipalities: pd.DataFrame, region: str = "") -> list[tuple[str, str]]:
    """Dropdown options (label, code): the whole country first, then the region's municipalities in
    Danish alphabetical order (Aabenraa under Å, as in Danish lists).

    >>> m = pd.DataFrame({"code": ["1", "2", "3"], "name": ["Ærø", "Aabenraa", "Odense"],
    ...                   "region": ["Syddanmark", "Syddanmark", "Syddanmark"]})
    >>> municipality_options(m, "Syddanmark")
    [('Whole country', ''), ('Odense', '3'), ('Ærø', '1'), ('Aabenraa', '2')]
    """
    pick = municipalities if not region else municipalities[municipalities["region"] == region]
    pick = pick.sort_values("name", key=lambda s: s.map(names.collation_key))
    return [(WHOLE_COUNTRY, "")] + list(zip(pick["name"], pick["code"], strict=True))


def _draw(t: data.Tables, per: pd.DataFrame, code: str, data_dir, lang: str) -> None:
    from IPython.display import display

    m = i18n.Messages(lang)
    legend = (m("map.legend.title"), m("map.legend.self"), m("map.legend.over"))
    display(plots.as_image(maps.denmark_choropleth(per, code, data_dir, legend)))
    if not code:
        return
    me = t.municipalities.set_index("code").loc[code]
    own = t.relations[t.relations["municipality_code"] == code]
    shown = pd.concat([vocab.current(own).assign(unverified=False), vocab.unverified(own).assign(unverified=True)])
    if len(shown.dropna(subset=["partner_lat", "partner_lon"])):
        fig, _ = maps.partner_map((float(me["lon"]), float(me["lat"])), shown, data_dir,
                                  panel_titles=("World", "Europe and the North Atlantic"))
        display(plots.as_image(fig))
    print(f"{me['name']}: {int(vocab.is_current(own).sum())} current relations; "
          f"{int((own['status'] == vocab.UNVERIFIED).sum())} unverified links (dashed grey, not counted).")


def map_picker(t: data.Tables, data_dir=None, lang: str = "en"):
    """A region and a municipality dropdown; the map redraws for the pick (the whole country: no outline)."""
    import ipywidgets as w

    per = metrics.relations_per_municipality(t.municipalities, t.relations)
    regions = sorted(t.municipalities["region"].unique())
    region = w.Dropdown(options=[("All regions", "")] + [(r, r) for r in regions], description="Region")
    muni = w.Dropdown(options=municipality_options(t.municipalities), description="Municipality")

    def on_region(change) -> None:
        muni.options = municipality_options(t.municipalities, change["new"])
        muni.value = ""

    region.observe(on_region, names="value")
    out = w.interactive_output(lambda code: _draw(t, per, code, data_dir, lang), {"code": muni})
    return w.VBox([w.HBox([region, muni]), out])


@plots.styled()
def decade_chart(decades: pd.DataFrame):
    """Stacked bars of current relations per decade and world region (regions_by_decade; 'unknown' left out)."""
    known = decades[decades["decade"] != "unknown"].set_index("decade")[list(vocab.WORLD_REGIONS)]
    fig = plots.new_figure((7.2, 3.2))
    ax = fig.subplots()
    bottom = pd.Series(0, index=known.index)
    for region, colour in zip(vocab.WORLD_REGIONS, palette.REGIONS, strict=True):
        ax.bar(known.index, known[region], bottom=bottom, color=colour, label=region, width=0.7)
        bottom = bottom + known[region]
    ax.set_ylabel("Current relations begun")
    ax.legend(frameon=False, fontsize=7, ncols=2, loc="upper left")
    fig.tight_layout()
    return fig
