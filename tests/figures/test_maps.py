"""Maps: partner labels never collide, the Copenhagen inset carries the outline, the choropleth cache."""

from __future__ import annotations

import io
from itertools import combinations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from twinlib import vocab
from twinlib.figures import choropleth, map_labels, maps
from twinlib.report.context import context


@pytest.fixture(scope="module")
def contexts():
    return {name: context(name) for name in ("Kolding", "Aalborg", "København")}


def _drawn(ctx):
    """The partner map as the report draws it: current partners, unverified links flagged."""
    shown = ctx.relations[vocab.is_current(ctx.relations) | (ctx.relations["status"] == vocab.UNVERIFIED)]
    rel = shown.assign(unverified=~vocab.is_current(shown))
    origin = (float(ctx.muni["lon"]), float(ctx.muni["lat"]))
    fig, view = maps.partner_map(origin, rel, ctx.data_dir)
    return fig, view, rel, origin


@pytest.mark.parametrize("name", ["Kolding", "Aalborg", "København"])
def test_partner_labels_never_collide(contexts, name):
    fig, _, rel, origin = _drawn(contexts[name])
    names = []
    for ax in fig.axes:
        boxes = map_labels.label_boxes(ax)
        names += [t.get_text() for t in ax.texts if t.get_gid() == map_labels.LABEL_GID]
        home = map_labels.marker_box(ax, *origin, 4.5)
        inside = ax.bbox
        for a, b in combinations(boxes, 2):
            assert not a.overlaps(b), (name, a, b)
        for box in boxes:
            assert not box.overlaps(home), name  # never over the municipality itself
            assert inside.x0 <= box.x0 and box.x1 <= inside.x1 and inside.y0 <= box.y0 and box.y1 <= inside.y1
    current = rel[~rel["unverified"]].dropna(subset=["partner_lat"])
    # every current partner is named once (world panel: only those the Europe panel does not show) or counted
    assert sorted(names) == sorted(set(names))
    assert len(names) + fig.twinlib_unlabelled == len(current)
    assert set(names) <= set(current["partner_name"])  # unverified links stay unlabelled
    plt.close(fig)


def test_kolding_names_its_crowded_neighbours_and_far_partners(contexts):
    fig, view, _, _ = _drawn(contexts["Kolding"])
    assert view == "world" and fig.twinlib_unlabelled == 0
    europe = {t.get_text() for t in fig.axes[1].texts}
    assert {"Örebro", "Drammen", "Panevėžys"} <= europe
    assert {t.get_text() for t in fig.axes[0].texts}  # the world panel names the far partners
    plt.close(fig)


def test_labels_that_find_no_spot_are_left_out_and_counted():
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    n = 12
    left_out = map_labels.place_labels(ax, (0.5, 0.5), [f"Partner town {i}" for i in range(n)],
                                       np.full(n, 0.52), np.full(n, 0.5), [map_labels.marker_box(ax, 0.5, 0.5, 4.5)])
    boxes = map_labels.label_boxes(ax)
    assert 0 < left_out < n and len(boxes) == n - left_out
    assert not any(a.overlaps(b) for a, b in combinations(boxes, 2))
    plt.close(fig)


def _inset(fig):
    return next(a for a in fig.axes if a.get_label() == choropleth.INSET)


def test_copenhagen_inset_carries_the_outline(contexts):
    per = contexts["København"].per_muni
    fig = maps.denmark_choropleth(per, "101")
    inset = _inset(fig)
    x0, x1, y0, y1 = *inset.get_xlim(), *inset.get_ylim()
    assert x0 <= 12.55 <= x1 and y0 <= 55.68 <= y1  # the inner city is inside the inset
    for ax in (fig.axes[0], inset):
        assert [c for c in ax.collections if c.get_gid() == choropleth.OUTLINE], ax.get_label()
    plt.close(fig)


def _accent_pixels_in_inset(png: bytes, per: pd.DataFrame) -> int:
    """Accent-coloured pixels inside the inset frame of the cached picture."""
    counts = tuple(sorted(zip(per["code"], per["relations"].astype(int), strict=True)))
    box = _inset(choropleth._choropleth_base(None, counts, choropleth.LEGEND)[0]).bbox
    img = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    h = img.shape[0]
    crop = img[int(h - box.y1) + 2:int(h - box.y0) - 2, int(box.x0) + 2:int(box.x1) - 2]
    accent = np.array([round(c * 255) for c in to_rgb(choropleth.ACCENT)])
    return int((np.abs(crop - accent).sum(axis=2) < 30).sum())


def test_cached_choropleth_is_stable_and_outlines_in_the_inset(contexts):
    per = contexts["Kolding"].per_muni
    kolding = maps.denmark_choropleth_png(per, "621")
    capital = maps.denmark_choropleth_png(per, "101")
    assert maps.denmark_choropleth_png(per, "621") == kolding  # same bytes, also after another outline
    assert capital != kolding
    assert _accent_pixels_in_inset(capital, per) > 50  # København outlined in the inset
    assert _accent_pixels_in_inset(kolding, per) == 0  # Kolding lies outside it: nothing leaks in


def test_the_reports_map_png_is_partner_maps_picture_on_a_reused_canvas(contexts):
    """partner_map_png draws on one kept figure per view, cleared between maps: over Europe and world
    views in turn (each canvas used again after the other), every PNG equals a new figure's."""
    import base64

    from twinlib.figures import plots

    def inputs(ctx):
        rel = vocab.current(ctx.relations).assign(unverified=False)
        return (float(ctx.muni["lon"]), float(ctx.muni["lat"])), rel

    order = ["Kolding", "Aalborg", "København", "Kolding", "Aalborg", "København"]
    views = set()
    for name in order:
        origin, rel = inputs(contexts[name])
        fig, view = maps.partner_map(origin, rel)
        fresh = base64.b64decode(plots.to_png_base64(fig))
        png, view_png, unlabelled = maps.partner_map_png(origin, rel)
        assert (png, view_png, unlabelled) == (fresh, view, fig.twinlib_unlabelled), name
        views.add(view)
    assert views == {"europe", "world"}, "the test must cover both canvases"
