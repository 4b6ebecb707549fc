"""Map labels that never collide: greedy placement measured with the renderer's own text extents.

Each name is tried at sixteen spots around its point (the side facing away from the home town first,
so names sit at the ends of the arcs, not on them), then farther out with a short leader line. A spot
is taken only if it stays inside the axes and overlaps neither an earlier label nor any marker (the
home town's included). A few greedy orders are tried and the best kept. Names that find no spot are
left out and counted, so the caption can say how many. No new dependency (no adjustText).
"""

from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from twinlib.figures.palette import GREY, INK

FONT_SIZE = 7.0  # the partner map prints at ~97 % of its size: 7 pt stays above 6.5 pt on paper
GAP = 4.0  # points between a marker's centre and its label (a partner dot is ~2 pt in radius)
LEADER_RADII = (3.5, 5.5, 8.0)  # in GAPs: where a name with a leader line may go
HALO = [patheffects.withStroke(linewidth=2.0, foreground="white")]
LABEL_GID = "twinlib-label"


def marker_box(ax, lon: float, lat: float, radius_pt: float) -> Bbox:
    """Display-space square around a marker: an obstacle no label may cover."""
    x, y = ax.transData.transform((lon, lat))
    r = radius_pt * ax.figure.dpi / 72
    return Bbox.from_extents(x - r, y - r, x + r, y + r)


def _candidates(p: np.ndarray, away: np.ndarray, w: float, h: float, gap: float, leader: bool):
    """Boxes (x0, y0) around display point p in sixteen directions, those facing `away` first.

    Directions are put on a square around p (so diagonal boxes clear the marker too); the box edge or
    corner facing p touches that square, so in-between directions slide the box along its side.
    """
    angles = np.radians(np.arange(0, 360, 22.5))
    dirs = np.column_stack([np.cos(angles), np.sin(angles)])
    dirs = dirs[np.argsort(-(dirs @ away), kind="stable")]
    dirs = dirs / np.abs(dirs).max(axis=1, keepdims=True)
    for r in [gap * k for k in LEADER_RADII] if leader else [gap]:
        for d in dirs:
            q = p + r * d
            yield (q[0] - w / 2 + d[0] * w / 2, q[1] - h / 2 + d[1] * h / 2), d


def _free(box: Bbox, inside: Bbox, taken: list[Bbox]) -> bool:
    return (inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1
            and not any(box.overlaps(t) for t in taken))


def _leader_clear(p: np.ndarray, q: np.ndarray, taken: list[Bbox], own: Bbox) -> bool:
    """A leader line must not run through another label or marker (its own marker aside)."""
    pts = p + np.linspace(0.25, 1.0, 12)[:, None] * (q - p)
    return not any(t is not own and any(t.contains(*xy) for xy in pts) for t in taken)


def _annotate(ax, name, lon, lat, offset=(0.0, 0.0), leader=None):
    """The label as drawn; `leader` is the direction from point to label when a line is needed."""
    arrow = None if leader is None else {
        "arrowstyle": "-", "color": GREY, "linewidth": 0.5, "shrinkA": 0, "shrinkB": 2,
        "relpos": ((1 - leader[0]) / 2, (1 - leader[1]) / 2)}
    return ax.annotate(name, (lon, lat), xytext=offset, textcoords="offset points", ha="left", va="bottom",
                       fontsize=FONT_SIZE, color=INK, zorder=6, parse_math=False, path_effects=HALO,
                       annotation_clip=False, gid=LABEL_GID, arrowprops=arrow)


def _text_boxes(ax, renderer, names, lons, lats) -> list[Bbox]:
    """Each name's own box where _annotate would put it with no offset: one probe moved from name to
    name (an annotation per name, made and removed, cost a few ms a map for the same boxes)."""
    probe = _annotate(ax, "", 0.0, 0.0)
    boxes = []
    for name, lon, lat in zip(names, lons, lats, strict=True):
        probe.set_text(name)
        probe.xy = (lon, lat)
        boxes.append(probe.get_window_extent(renderer))
    probe.remove()
    return boxes


def _spot(p, away, size, inside: Bbox, taken: list[Bbox], own: Bbox, gap: float):
    """First free spot near display point p: (box, leader direction or None, leader length) or None."""
    w, h = size
    for leader in (False, True):
        for (x0, y0), d in _candidates(p, away, w, h, gap, leader):
            box = Bbox.from_bounds(x0, y0, w, h)
            if not _free(box.padded(1.5), inside, taken):  # 1.5 px of air: the white halo
                continue
            if not leader:
                return box, None, 0.0
            edge = np.array([x0 + w * (1 - d[0]) / 2, y0 + h * (1 - d[1]) / 2])
            if _leader_clear(p, edge, taken, own):
                return box, d, float(np.hypot(*(edge - p)))
    return None


def _solve(order, pts, aways, sizes, inside, obstacles, owns, gap):
    """Greedy placement in one order: ({i: (box, leader)}, cost); a name left out costs more than any line."""
    taken = list(obstacles) + list(owns)
    placed, cost = {}, 0.0
    for i in order:
        spot = _spot(pts[i], aways[i], sizes[i], inside, taken, owns[i], gap)
        if spot is None:
            cost += 1e6
            continue
        taken.append(spot[0])
        placed[i] = spot[:2]
        cost += spot[2]
    return placed, cost


def _orders(pts: np.ndarray, o: np.ndarray, obstacles: list[Bbox]) -> list[list[int]]:
    """Orders worth trying: most crowded first, nearest the home town first, farthest first."""
    markers = np.vstack([pts] + [[[(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2]] for b in obstacles])
    crowd = [(np.hypot(*(markers - q).T) < 40).sum() for q in pts]  # markers within ~30 pt
    dist = np.hypot(*(pts - o).T)
    idx = range(len(pts))
    return [sorted(idx, key=lambda i: (-crowd[i], dist[i])), sorted(idx, key=lambda i: dist[i]),
            sorted(idx, key=lambda i: -dist[i])]


def place_labels(ax, origin: tuple[float, float], names, lons, lats, obstacles: list[Bbox]) -> int:
    """Name the points without any two labels (or a label and a marker) touching; return how many were
    left out. The best of a few greedy orders is kept: fewest left out, then shortest leader lines.

    `obstacles` are display-space boxes of every other marker on the axes; call after the axes' limits
    and the figure's layout are final, since positions are measured in pixels.
    """
    if not len(names):
        return 0
    renderer, ppp = ax.figure.canvas.get_renderer(), ax.figure.dpi / 72  # pixels per point
    o = np.asarray(ax.transData.transform(origin))
    pts = np.asarray(ax.transData.transform(np.column_stack([lons, lats])), dtype=float)
    exts = _text_boxes(ax, renderer, names, lons, lats)
    aways = [(v / np.hypot(*v)) if np.hypot(*v) > 1 else np.array([1.0, 0.0]) for v in pts - o]
    owns = [marker_box(ax, x, y, 2.2) for x, y in zip(lons, lats, strict=True)]
    args = (pts, aways, [(e.width, e.height) for e in exts], ax.bbox.padded(-2), obstacles, owns, GAP * ppp)
    placed, _ = min((_solve(order, *args) for order in _orders(pts, o, obstacles)), key=lambda r: r[1])
    for i, (box, leader) in placed.items():
        offset = ((box.x0 - exts[i].x0) / ppp, (box.y0 - exts[i].y0) / ppp)
        _annotate(ax, names[i], lons[i], lats[i], offset, leader)
    return len(names) - len(placed)


def label_boxes(ax) -> list[Bbox]:
    """Display-space boxes of the labels placed on ax (for tests and checks)."""
    renderer = ax.figure.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_gid() == LABEL_GID]
    for t in labels:
        t.update_positions(renderer)
    return [Text.get_window_extent(t, renderer) for t in labels]  # Text's box: an Annotation's adds its line
