"""The web edition's images: the national choropleth and one partner map per municipality.

Both are the reports' own figures (twinlib.figures), drawn with the same rows the reports draw them
from (vocab.current), so the site never shows a line or shade the reports would not; the alternative
texts come from the report's alt_text module and the catalogues.
"""

from __future__ import annotations

import base64

import pandas as pd
from babel.lists import format_list

from twinlib import vocab
from twinlib.analysis import metrics
from twinlib.figures import maps, plots
from twinlib.figures.choropleth import CLASSES
from twinlib.i18n import Messages
from twinlib.report import alt_text


def png(fig) -> bytes:
    """A figure as PNG bytes in the house style (the figure is freed afterwards)."""
    return base64.b64decode(plots.to_png_base64(fig))


def choropleth(municipalities: pd.DataFrame, relations: pd.DataFrame, m: Messages, data_dir=None) -> dict:
    """The national map without any municipality outlined: PNG bytes and its alternative text."""
    per = metrics.relations_per_municipality(municipalities, relations)
    fig = maps.denmark_choropleth(per, "", data_dir, legend=(m("map.legend.title"), m("map.legend.self"),
                                                            m("map.legend.over")))
    counts = per["relations"].astype(int)
    labels = [label for _, _, label in CLASSES[:-1]] + [m("map.legend.over")]
    classes = [m.plural("alt.dk.class", int(counts.between(lo, hi).sum()), label=label)
               for (lo, hi, _), label in zip(CLASSES, labels, strict=True)]
    return {"png": png(fig), "alt": m("site.home.map_alt", n=len(per), classes=format_list(classes, locale=m.lang))}


def partner_map(muni: pd.Series, relations: pd.DataFrame, m: Messages, data_dir=None) -> dict | None:
    """The municipality's arcs to its counted partners, as in its report; None when it has none."""
    rel = vocab.current(relations[relations["municipality_code"] == muni["code"]]).assign(unverified=False)
    if not len(rel):
        return None
    picture, view, _ = maps.partner_map_png((float(muni["lon"]), float(muni["lat"])), rel, data_dir,
                                            panel_titles=(m("map.panel.world"), m("map.panel.europe")))
    official = m("kommune", name=muni["name"])
    caption = m("front.map.caption", owner=m("front.genitive", name=official), view=m(f"map.view.{view}"))
    return {"png": picture, "alt": alt_text.partner_map(m, official, rel),
            "caption": f"{caption} {m('source')}: {m('map.source')}"}
