"""Alternative text for the report's image figures, from the data drawn, in the report's language.

A PDF/UA document refuses an image without one, and a screen-reader user should learn what a sighted
reader sees: which towns the lines reach, how the municipalities are shaded. The text is built from
the same rows the figure is drawn from, never from its caption.
"""

from __future__ import annotations

import pandas as pd
from babel.lists import format_list

from twinlib.figures.choropleth import CLASSES
from twinlib.i18n import Messages


def _towns(m: Messages, rows: pd.DataFrame) -> str:
    """'Örebro (Sverige), Lahti (Finland) og Kiel (Tyskland)' in the report's language."""
    towns = [f"{r.partner_name} ({m.country(r.partner_country)})" for r in rows.itertuples(index=False)]
    return format_list(towns, locale=m.lang)


def partner_map(m: Messages, official: str, drawn: pd.DataFrame) -> str:
    """The partner map: lines from the municipality to each drawn town; `drawn` has the column
    `unverified` (dashed grey lines). Towns without coordinates are not drawn and not named."""
    placed = drawn[drawn["partner_lat"].notna()]
    solid, dashed = placed[~placed["unverified"]], placed[placed["unverified"]]
    text = m.plural("alt.map.current", len(solid), owner=official, towns=_towns(m, solid))
    if len(dashed):
        text += " " + m.plural("alt.map.unverified", len(dashed), towns=_towns(m, dashed))
    return text


def choropleth(m: Messages, official: str, per_muni: pd.DataFrame, code: str) -> str:
    """The choropleth: how many municipalities fall in each shade, and this one's count."""
    counts = per_muni["relations"].astype(int)
    labels = [label for _, _, label in CLASSES[:-1]] + [m("map.legend.over")]  # as the legend reads
    classes = [m.plural("alt.dk.class", int(counts.between(lo, hi).sum()), label=label)
               for (lo, hi, _), label in zip(CLASSES, labels, strict=True)]
    own = int(per_muni.loc[per_muni["code"] == code, "relations"].iloc[0])
    return m("alt.dk.text", n=len(per_muni), classes=format_list(classes, locale=m.lang),
             name=official, count=own)
