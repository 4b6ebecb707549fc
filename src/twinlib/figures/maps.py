"""Maps: arcs from the municipality to its partners, named without collisions (map_labels).

The Denmark choropleth lives in choropleth.py and is re-exported here; outlines come from
map_geometry (read and converted once per process).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.path import Path as MplPath

from twinlib.figures import map_labels
from twinlib.figures.choropleth import CLASSES, denmark_choropleth, denmark_choropleth_png  # noqa: F401
from twinlib.figures.map_geometry import frame as _frame
from twinlib.figures.map_geometry import geo_dir as _geo_dir
from twinlib.figures.map_geometry import load_paths
from twinlib.figures.palette import ACCENT, GREY, LAND, LAND_HOME, MAIN
from twinlib.figures.plots import new_figure, render_png, styled


def _arc(lon0, lat0, lon1, lat1, n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """A gentle curve between two points (quadratic Bézier bowed to the left of the line)."""
    t = np.linspace(0, 1, n)
    mx, my = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    dx, dy = lon1 - lon0, lat1 - lat0
    cx, cy = mx - dy * 0.18, my + dx * 0.18
    x = (1 - t) ** 2 * lon0 + 2 * (1 - t) * t * cx + t**2 * lon1
    y = (1 - t) ** 2 * lat0 + 2 * (1 - t) * t * cy + t**2 * lat1
    return x, y


def map_extent(lons, lats, origin: tuple[float, float], aspect: float = 0.62,
               min_span: float = 14.0) -> tuple[float, float, float, float]:
    """Box around origin and partners, padded, widened to the panel's height/width `aspect`.

    Longitude degrees are shrunk by cos(latitude) so the box matches what is drawn.
    """
    xs = np.append(np.asarray(lons, dtype=float), origin[0])
    ys = np.append(np.asarray(lats, dtype=float), origin[1])
    x0, x1, y0, y1 = xs.min(), xs.max(), ys.min(), ys.max()
    padx, pady = max((x1 - x0) * 0.06, 2.0), max((y1 - y0) * 0.08, 1.5)
    x0, x1, y0, y1 = x0 - padx, x1 + padx, y0 - pady, y1 + pady
    if x1 - x0 < min_span:
        c = (x0 + x1) / 2
        x0, x1 = c - min_span / 2, c + min_span / 2
    k = np.cos(np.radians(np.clip((y0 + y1) / 2, -70, 70)))
    width, height = (x1 - x0) * k, y1 - y0
    if height < width * aspect:
        grow = (width * aspect - height) / 2
        y0, y1 = y0 - grow, y1 + grow
    else:
        grow = (height / aspect - width) / 2 / k
        x0, x1 = x0 - grow, x1 + grow
    return max(x0, -180), min(x1, 180), max(y0, -62), min(y1, 84)


def _draw_base(ax, world: dict[str, MplPath], highlight: str | None = "DK", extent=None):
    """Country outlines; with an extent, only those that reach into it (fewer paths to draw)."""
    shown = list(world.values())
    if extent is not None:
        x0, x1, y0, y1 = extent
        shown = [p for p in shown if _overlaps(_bounds(p), x0, x1, y0, y1)]
    ax.add_collection(PathCollection(shown, facecolor=LAND, edgecolor="white", linewidth=0.4, zorder=1))
    if highlight and highlight in world:
        ax.add_collection(PathCollection([world[highlight]], facecolor=LAND_HOME, edgecolor="white",
                                         linewidth=0.4, zorder=1))


@lru_cache(maxsize=1024)
def _bounds(path: MplPath) -> tuple[float, float, float, float]:
    e = path.get_extents()
    return e.x0, e.x1, e.y0, e.y1


def _overlaps(b: tuple, x0: float, x1: float, y0: float, y1: float) -> bool:
    return b[0] <= x1 and b[1] >= x0 and b[2] <= y1 and b[3] >= y0


def _draw_arcs(ax, origin, partners: pd.DataFrame):
    """Current links solid; links flagged `unverified` (column, optional) dashed grey, unlabelled."""
    shaky = _shaky(partners)
    arcs = [np.column_stack(_arc(origin[0], origin[1], lon, lat))
            for lon, lat in zip(partners["partner_lon"], partners["partner_lat"], strict=True)]
    for dashed in (True, False):  # one collection per style: one artist to draw, not one per arc
        segs = [a for a, s in zip(arcs, shaky, strict=True) if s == dashed]
        if segs:
            ax.add_collection(LineCollection(segs, colors=GREY if dashed else MAIN, alpha=0.75, zorder=2,
                                             linewidths=0.7 if dashed else 0.9,
                                             linestyles=(0, (2, 2)) if dashed else "solid"))
    _dots(ax, partners.loc[shaky, "partner_lon"], partners.loc[shaky, "partner_lat"], 9, "white", GREY, 0.6, 3)
    partners = partners[~shaky.to_numpy()]
    _dots(ax, partners["partner_lon"], partners["partner_lat"], 14, MAIN, "white", 0.5, 3)
    _dots(ax, [origin[0]], [origin[1]], 40, ACCENT, "white", 0.8, 4)


def _dots(ax, lons, lats, area: float, face, edge, width: float, zorder: int) -> None:
    """Round markers of `area` pt² (scatter's `s`) as one marker line: the same picture as a
    scatter, but a plain line artist is several times cheaper to make and to draw."""
    if len(lons):
        ax.plot(lons, lats, linestyle="none", marker="o", markersize=np.sqrt(area), markerfacecolor=face,
                markeredgecolor=edge, markeredgewidth=width, zorder=zorder)


def _shaky(partners: pd.DataFrame) -> pd.Series:
    if "unverified" in partners:
        return partners["unverified"].astype(bool)
    return pd.Series(False, partners.index)


def _label_panel(ax, origin, shown: pd.DataFrame, to_label: pd.DataFrame, limit: int) -> int:
    """Place the names of `to_label` (current partners) on ax; every other marker is an obstacle.

    Returns how many names were left out (no free spot, or beyond `limit`).
    """
    named = to_label.head(limit)
    others = shown.drop(index=named.index, errors="ignore")
    obstacles = [map_labels.marker_box(ax, *origin, 4.5)]
    obstacles += [map_labels.marker_box(ax, x, y, 2.2)
                  for x, y in zip(others["partner_lon"], others["partner_lat"], strict=True)]
    left_out = map_labels.place_labels(ax, origin, list(named["partner_name"].astype(str)),
                                       named["partner_lon"].to_numpy(), named["partner_lat"].to_numpy(), obstacles)
    return left_out + len(to_label) - len(named)


def _placed(partners: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The partners with coordinates (only the columns drawn), those in or near Europe, and the view:
    'europe' when that is all of them, else 'world'."""
    # only the columns drawn: the many filters below cost a fraction on four columns of what they do on forty
    p = partners[[c for c in ("partner_name", "partner_lat", "partner_lon", "unverified") if c in partners]]
    p = p.dropna(subset=["partner_lat", "partner_lon"])
    p = p.assign(partner_lat=p["partner_lat"].astype(float), partner_lon=p["partner_lon"].astype(float))
    near = p[(p["partner_lon"].between(-45, 45)) & (p["partner_lat"].between(34, 84))]
    return p, near, "world" if len(p) > len(near) else "europe"


def _layout(view: str):
    """A new figure and its panels for the view: one Europe panel, or the world beside Europe."""
    if view == "europe":
        fig = new_figure((7.2, 4.7))
        return fig, [fig.subplots()]
    fig = new_figure((7.2, 3.6))
    return fig, list(fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.35, 1]}))


def _draw(fig, axes: list, origin, p: pd.DataFrame, near: pd.DataFrame, view: str, data_dir, label_limit: int,
          panel_titles) -> int:
    """Outlines, arcs and names on the view's panels; returns how many current partners went unnamed."""
    world = load_paths(_geo_dir(data_dir), "world.geojson")
    if view == "europe":
        panels = [(axes[0], p, near, None, 4.7 / 7.2)]
    else:
        far = p.drop(index=near.index)
        panels = [(axes[0], p, far, panel_titles[0], 3.2 / (7.2 * 1.35 / 2.35)),
                  (axes[1], near, near, panel_titles[1], 3.2 / (7.2 / 2.35))]
    for ax, pts, _, title, aspect in panels:
        lons, lats = (pts["partner_lon"], pts["partner_lat"]) if len(pts) else ([origin[0]], [origin[1]])
        extent = map_extent(lons, lats, origin, aspect=aspect)
        _draw_base(ax, world, extent=extent)
        _draw_arcs(ax, origin, pts)
        _frame(ax, extent)
        if title:
            ax.set_title(title, fontsize=8, loc="left", fontweight="normal")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.93 if view == "world" else 0.99, bottom=0.01, wspace=0.04)
    return sum(_label_panel(ax, origin, pts, named[~_shaky(named).to_numpy()], label_limit)
               for ax, pts, named, _, _ in panels)


@styled()
def partner_map(origin: tuple[float, float], partners: pd.DataFrame, data_dir=None,
                label_limit: int = 16, panel_titles=("Verden", "Europa og Nordatlanten")):
    """Arcs from the (lon, lat) origin to each partner with coordinates, current partners named.

    Auto-zoom: one Europe panel when every partner is in or near Europe, otherwise a world panel
    beside a Europe panel; the world panel names only the partners the Europe panel does not show.
    Returns (figure, view) with view 'europe' or 'world' for the caption; `fig.twinlib_unlabelled` is
    the number of current partners whose name found no free spot (for the caption too).
    """
    p, near, view = _placed(partners)
    fig, axes = _layout(view)
    fig.twinlib_unlabelled = _draw(fig, axes, origin, p, near, view, data_dir, label_limit, panel_titles)
    return fig, view


@lru_cache(maxsize=2)
def _canvas(view: str):
    """This process's figure for a view, kept for the next map (see partner_map_png)."""
    return _layout(view)


def _cleared(axes: list) -> list:
    """The panels without the last map's layers (outlines, arcs, markers, names); the frame, the
    panel titles' places and the layout stay."""
    for ax in axes:
        for layer in [*ax.collections, *ax.lines, *ax.texts]:
            layer.remove()
    return axes


@styled()
def partner_map_png(origin: tuple[float, float], partners: pd.DataFrame, data_dir=None,
                    label_limit: int = 16, panel_titles=("Verden", "Europa og Nordatlanten")) -> tuple[bytes, str, int]:
    """partner_map's picture as PNG, with the view and the number of unnamed partners: what a report
    needs. Why not the figure: making a figure's panels was 11 of a map's 39 ms (and a batch draws
    58 maps), so each process keeps one figure per view and clears the last map's layers from it.
    Same PNG as partner_map's (tests/figures/test_maps.py compares them)."""
    p, near, view = _placed(partners)
    fig, axes = _canvas(view)
    unlabelled = _draw(fig, _cleared(axes), origin, p, near, view, data_dir, label_limit, panel_titles)
    return render_png(fig), view, unlabelled


def warm_up(data_dir=None) -> None:
    """Read and convert the outlines once, before the first report (a warm worker's start-up)."""
    geo = _geo_dir(data_dir)
    load_paths(geo, "world.geojson")
    load_paths(geo, "kommuner.geojson")
