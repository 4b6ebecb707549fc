"""Outlines for the maps: processed GeoJSON turned into matplotlib paths once per process.

Geometry comes from data/processed/geo (simplified at build time); a warm kernel drawing 98 reports
reads and converts it only once.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
from matplotlib.path import Path as MplPath

from twinlib import paths
from twinlib.figures.palette import GREY


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


def geo_dir(data_dir) -> str:
    return str(paths.processed_dir(data_dir) / "geo")


def frame(ax, extent) -> None:
    """Limits in degrees with the aspect of the middle latitude, no ticks, a thin grey border."""
    x0, x1, y0, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / np.cos(np.radians((y0 + y1) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(True)
        s.set_color(GREY)
        s.set_linewidth(0.6)
