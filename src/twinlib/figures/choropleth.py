"""The Denmark choropleth: relations per municipality in six classes, with a Copenhagen-area inset.

Every report shows the same classes; only the outline of its municipality differs. So the national
picture (inset included) is drawn once per process and kept as pixels; each report restores them and
draws just its outline, in the main map and in the inset.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
from matplotlib.collections import PathCollection
from matplotlib.patches import Rectangle

from twinlib.figures.map_geometry import frame, geo_dir, load_paths
from twinlib.figures.palette import ACCENT, CHOROPLETH, GREY
from twinlib.figures.plots import canvas_png, new_figure, styled

CLASSES = [(0, 0, "0"), (1, 2, "1–2"), (3, 5, "3–5"), (6, 10, "6–10"), (11, 20, "11–20"),
           (21, 10_000, "over 20")]
DENMARK = (7.9, 15.3, 54.5, 57.8)  # lon0, lon1, lat0, lat1
CAPITAL = (12.15, 12.72, 55.55, 55.90)  # the capital-region municipalities, too small on the main map
INSET_AT = (0.69, 0.26, 0.30, 0.36)  # figure fraction: the sea east of Zealand, above Bornholm
INSET = "copenhagen-inset"  # the inset axes' label
OUTLINE = "selected-outline"  # gid of the accent outline
FIGSIZE = (5.4, 4.0)  # printed at ~0.86 of this: 8 pt legend text prints at ~6.9 pt
LEGEND = ("Venskabsbyer", "Denne kommune", "over 20")


def _fill(ax, kommuner: dict, counts: dict, linewidth: float) -> None:
    for (lo, hi, _), colour in zip(CLASSES, CHOROPLETH, strict=True):
        ids = [k for k in kommuner if lo <= counts.get(k, 0) <= hi]
        ax.add_collection(PathCollection([kommuner[k] for k in ids], facecolor=colour, edgecolor="white",
                                         linewidth=linewidth))


def _outline(ax, path) -> PathCollection:
    """The selected municipality's accent outline, clipped to its axes."""
    out = PathCollection([path], facecolor="none", edgecolor=ACCENT, linewidth=2.0, zorder=3,
                         transform=ax.transData, gid=OUTLINE)
    out.set_clip_path(ax.patch)
    return out


def _inset(fig, ax, kommuner: dict, counts: dict):
    """The Copenhagen area enlarged, tied to its place on the main map by a box and two lines."""
    inset = fig.add_axes(INSET_AT, label=INSET)
    _fill(inset, kommuner, counts, 0.5)
    frame(inset, CAPITAL)
    inset.set_anchor("SE")
    ax.indicate_inset_zoom(inset, edgecolor=GREY, alpha=1.0, linewidth=0.6)
    return inset


def _legend(ax, legend, outline: bool) -> None:
    handles = [Rectangle((0, 0), 1, 1, facecolor=c, edgecolor=GREY, linewidth=0.3) for c in CHOROPLETH]
    labels = [c[2] for c in CLASSES[:-1]] + [legend[2]]
    if outline:
        handles.append(Rectangle((0, 0), 1, 1, facecolor="none", edgecolor=ACCENT, linewidth=2))
        labels.append(legend[1])
    ax.legend(handles, labels, title=legend[0], loc="upper right", frameon=False, fontsize=8, title_fontsize=8.5,
              handlelength=1.6, labelspacing=0.35, borderaxespad=0.2)


@styled()
def denmark_choropleth(per_muni: pd.DataFrame, code: str, data_dir=None, legend=LEGEND, fig=None,
                       outline_legend: bool | None = None):
    """Relations per municipality in six classes; this municipality outlined in the accent colour,
    in the main map and in the Copenhagen inset (where the capital's small municipalities are legible).

    `outline_legend` says whether the legend names the outline ("Denne kommune"); by default only when
    a municipality is outlined, so a national map (code "") has no such entry. The cached base of the
    reports draws no outline itself but needs the entry for the one drawn on top (True).
    """
    kommuner = load_paths(geo_dir(data_dir), "kommuner.geojson")
    counts = dict(zip(per_muni["code"], per_muni["relations"], strict=True))
    fig = new_figure(FIGSIZE) if fig is None else fig
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
    _fill(ax, kommuner, counts, 0.3)
    frame(ax, DENMARK)
    ax.set_anchor("W")
    for s in ax.spines.values():
        s.set_visible(False)
    inset = _inset(fig, ax, kommuner, counts)
    if code in kommuner:
        for a in (ax, inset):
            a.add_collection(_outline(a, kommuner[code]))
    _legend(ax, legend, code in kommuner if outline_legend is None else outline_legend)
    return fig


@lru_cache(maxsize=2)
def _choropleth_base(data_dir: str | None, counts: tuple, legend: tuple):
    """The national choropleth without any highlight, drawn once per process; its pixels are kept."""
    fig = new_figure(FIGSIZE)
    canvas = fig.canvas
    per = pd.DataFrame(list(counts), columns=["code", "relations"])
    denmark_choropleth(per, "", data_dir, legend, fig=fig, outline_legend=True)
    canvas.draw()
    return fig, canvas, canvas.copy_from_bbox(fig.bbox)


@styled()
def denmark_choropleth_png(per_muni: pd.DataFrame, code: str, data_dir=None, legend=LEGEND) -> bytes:
    """The choropleth as PNG: the cached national picture with this municipality outlined on top,
    in the main map and in the inset (clipped there, so a municipality outside it draws nothing)."""
    counts = tuple(sorted(zip(per_muni["code"], per_muni["relations"].astype(int), strict=True)))
    fig, canvas, background = _choropleth_base(str(data_dir) if data_dir else None, counts, tuple(legend))
    canvas.restore_region(background)
    kommuner = load_paths(geo_dir(data_dir), "kommuner.geojson")
    if code in kommuner:
        for ax in fig.axes:
            outline = _outline(ax, kommuner[code])
            outline.set_figure(fig)
            ax.draw_artist(outline)
    return canvas_png(canvas)
