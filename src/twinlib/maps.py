"""Maps: arcs from the municipality to its partners, and a Denmark choropleth.

Geometry comes from data/processed/geo (simplified at build time) and is turned into matplotlib
paths once per process: a warm kernel drawing 98 reports reads and converts it only once.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from . import paths  # noqa: E402
from .plots import ACCENT, INK, LIGHT, MAIN, MUTED, SEQUENTIAL  # noqa: E402

CLASSES = [(0, 0, "0"), (1, 2, "1–2"), (3, 5, "3–5"), (6, 10, "6–10"), (11, 20, "11–20"),
           (21, 10_000, "over 20")]


def _rings_to_path(geom: dict) -> MplPath:
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    verts, codes = [], []
    for poly in polys:
        for ring in poly:
            ring = np.asarray(ring, dtype=float)[:, :2]
            if len(ring) < 3:
                continue
            verts.append(ring)
            c = np.full(len(ring), MplPath.LINETO, dtype=np.uint8)
            c[0] = MplPath.MOVETO
            c[-1] = MplPath.CLOSEPOLY
            codes.append(c)
    return MplPath(np.concatenate(verts), np.concatenate(codes))


@lru_cache(maxsize=4)
def load_paths(geo_dir: str, name: str) -> dict[str, MplPath]:
    """{id: matplotlib Path} from a processed GeoJSON file, cached per process."""
    path = Path(geo_dir) / name
    data = json.loads(path.read_text(encoding="utf-8"))
    return {f["properties"]["id"]: _rings_to_path(f["geometry"]) for f in data["features"]}


def _geo_dir(data_dir) -> str:
    return str(paths.processed_dir(data_dir) / "geo")


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


def _draw_base(ax, world: dict[str, MplPath], highlight: str | None = "DK"):
    ax.add_collection(PathCollection(list(world.values()), facecolor=LIGHT, edgecolor="white",
                                     linewidth=0.4, zorder=1))
    if highlight and highlight in world:
        ax.add_collection(PathCollection([world[highlight]], facecolor="#cfd9e0", edgecolor="white",
                                         linewidth=0.4, zorder=1))


def _draw_arcs(ax, origin, partners: pd.DataFrame, labels: bool, extent=None):
    """Current links solid; links flagged `unverified` (column, optional) dashed grey, unlabelled."""
    shaky = partners["unverified"].astype(bool) if "unverified" in partners else pd.Series(False, partners.index)
    arcs = [np.column_stack(_arc(origin[0], origin[1], lon, lat))
            for lon, lat in zip(partners["partner_lon"], partners["partner_lat"], strict=True)]
    for dashed in (True, False):  # one collection per style: one artist to draw, not one per arc
        segs = [a for a, s in zip(arcs, shaky, strict=True) if s == dashed]
        if segs:
            ax.add_collection(LineCollection(segs, colors=MUTED if dashed else MAIN, alpha=0.75, zorder=2,
                                             linewidths=0.7 if dashed else 0.9,
                                             linestyles=(0, (2, 2)) if dashed else "solid"))
    ax.scatter(partners.loc[shaky, "partner_lon"], partners.loc[shaky, "partner_lat"], s=9, color="white",
               zorder=3, edgecolor=MUTED, linewidth=0.6)
    partners = partners[~shaky.to_numpy()]
    ax.scatter(partners["partner_lon"], partners["partner_lat"], s=14, color=MAIN, zorder=3,
               edgecolor="white", linewidth=0.5)
    ax.scatter([origin[0]], [origin[1]], s=40, color=ACCENT, zorder=4, edgecolor="white", linewidth=0.8)
    if labels:
        # names near the right edge are written leftwards so they stay inside the frame
        right = extent[0] + 0.72 * (extent[1] - extent[0]) if extent else float("inf")
        for r in partners.itertuples(index=False):
            east = r.partner_lon > right
            ax.annotate(r.partner_name, (r.partner_lon, r.partner_lat), xytext=(-3 if east else 3, 2),
                        ha="right" if east else "left", textcoords="offset points", fontsize=6.5,
                        color=INK, zorder=5, annotation_clip=True, parse_math=False)


def _frame(ax, extent):
    x0, x1, y0, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / np.cos(np.radians((y0 + y1) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(True)
        s.set_color(MUTED)
        s.set_linewidth(0.6)


def partner_map(origin: tuple[float, float], partners: pd.DataFrame, data_dir=None,
                label_limit: int = 16, panel_titles=("Verden", "Europa og Nordatlanten")):
    """Arcs from the (lon, lat) origin to each partner with coordinates.

    Auto-zoom: one Europe panel when every partner is in or near Europe, otherwise a world panel
    beside a Europe panel. Returns (figure, view) with view 'europe' or 'world' for the caption.
    """
    world = load_paths(_geo_dir(data_dir), "world.geojson")
    p = partners.dropna(subset=["partner_lat", "partner_lon"])
    p = p.assign(partner_lat=p["partner_lat"].astype(float), partner_lon=p["partner_lon"].astype(float))
    near = p[(p["partner_lon"].between(-45, 45)) & (p["partner_lat"].between(34, 84))]
    view = "world" if len(p) > len(near) else "europe"
    if view == "europe":
        fig, ax = plt.subplots(figsize=(7.2, 4.7))
        panels = [(ax, p, None)]
    else:
        fig, (ax_w, ax_e) = plt.subplots(1, 2, figsize=(7.2, 3.6), gridspec_kw={"width_ratios": [1.35, 1]})
        panels = [(ax_w, p, panel_titles[0]), (ax_e, near, panel_titles[1])]
    for ax, pts, title in panels:
        world_panel = title == panel_titles[0]
        aspect = 4.7 / 7.2 if title is None else 3.2 / (7.2 * (1.35 if world_panel else 1) / 2.35)
        if len(pts):
            extent = map_extent(pts["partner_lon"], pts["partner_lat"], origin, aspect=aspect)
        else:
            extent = map_extent([origin[0]], [origin[1]], origin, aspect=aspect)
        _draw_base(ax, world)
        _draw_arcs(ax, origin, pts, labels=0 < len(pts) <= label_limit and not world_panel, extent=extent)
        _frame(ax, extent)
        if title:
            ax.set_title(title, fontsize=8, loc="left", fontweight="normal")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.93 if view == "world" else 0.99, bottom=0.01, wspace=0.04)
    return fig, view


def denmark_choropleth(per_muni: pd.DataFrame, code: str, data_dir=None,
                       legend=("Venskabsbyer", "Denne kommune", "over 20"), fig=None):
    """Relations per municipality in six classes; this municipality outlined in the accent colour."""
    kommuner = load_paths(_geo_dir(data_dir), "kommuner.geojson")
    counts = dict(zip(per_muni["code"], per_muni["relations"], strict=True))
    fig, ax = plt.subplots(figsize=(5.4, 4.0)) if fig is None else (fig, fig.add_subplot())
    for i, (lo, hi, _) in enumerate(CLASSES):
        ids = [k for k in kommuner if lo <= counts.get(k, 0) <= hi]
        ax.add_collection(PathCollection([kommuner[k] for k in ids], facecolor=SEQUENTIAL[i],
                                         edgecolor="white", linewidth=0.3))
    if code in kommuner:
        ax.add_collection(PathCollection([kommuner[code]], facecolor="none", edgecolor=ACCENT,
                                         linewidth=2.0, zorder=3))
    _frame(ax, (7.9, 15.3, 54.5, 57.8))
    for s in ax.spines.values():
        s.set_visible(False)
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor=SEQUENTIAL[i], edgecolor=MUTED, linewidth=0.3)
               for i in range(len(CLASSES))]
    handles.append(plt.Rectangle((0, 0), 1, 1, facecolor="none", edgecolor=ACCENT, linewidth=2))
    labels = [c[2] for c in CLASSES[:-1]] + [legend[2], legend[1]]
    ax.legend(handles, labels, title=legend[0],
              loc="upper right", frameon=False, fontsize=7.5, title_fontsize=8)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.99, bottom=0.01)
    return fig


def warm_up(data_dir=None) -> None:
    """Read and convert the outlines once, before the first report (a warm worker's start-up)."""
    geo = _geo_dir(data_dir)
    load_paths(geo, "world.geojson")
    load_paths(geo, "kommuner.geojson")


@lru_cache(maxsize=2)
def _choropleth_base(data_dir: str | None, counts: tuple, legend: tuple):
    """The national choropleth without any highlight, drawn once per process; its pixels are kept."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(5.4, 4.0), dpi=plt.rcParams["savefig.dpi"])
    canvas = FigureCanvasAgg(fig)
    per = pd.DataFrame(list(counts), columns=["code", "relations"])
    denmark_choropleth(per, "", data_dir, legend, fig=fig)
    canvas.draw()
    return fig, canvas, canvas.copy_from_bbox(fig.bbox)


def denmark_choropleth_png(per_muni: pd.DataFrame, code: str, data_dir=None,
                           legend=("Venskabsbyer", "Denne kommune", "over 20")) -> bytes:
    """The choropleth as PNG: the cached national picture with this municipality outlined on top.

    Every report shows the same classes; only the outline differs, so only it is drawn per report.
    """
    import io

    from PIL import Image

    counts = tuple(sorted(zip(per_muni["code"], per_muni["relations"].astype(int), strict=True)))
    fig, canvas, background = _choropleth_base(str(data_dir) if data_dir else None, counts, tuple(legend))
    canvas.restore_region(background)
    kommuner = load_paths(_geo_dir(data_dir), "kommuner.geojson")
    if code in kommuner:
        ax = fig.axes[0]
        outline = PathCollection([kommuner[code]], facecolor="none", edgecolor=ACCENT, linewidth=2.0, zorder=3,
                                 transform=ax.transData)
        outline.set_figure(fig)
        outline.set_clip_path(ax.patch)
        ax.draw_artist(outline)
    buf = io.BytesIO()
    Image.fromarray(np.asarray(canvas.buffer_rgba())).convert("RGB").save(buf, format="PNG", compress_level=1)
    return buf.getvalue()
