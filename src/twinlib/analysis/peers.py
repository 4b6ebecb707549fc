"""Peers: the municipalities most like this one, by a rule simple enough to print in the report."""

from __future__ import annotations

import numpy as np
import pandas as pd


def nearest_peers(per_muni: pd.DataFrame, code: str, k: int = 5) -> pd.DataFrame:
    """The k municipalities in the same region with the closest population (log ratio).

    A ratio, not a difference, so that 50,000 vs 60,000 counts as close as 500,000 vs 600,000.
    If the region has fewer than k others, the nearest from the rest of the country fill up.
    """
    me = per_muni[per_muni["code"] == code].iloc[0]
    others = per_muni[per_muni["code"] != code].copy()
    others["distance"] = np.abs(np.log(others["population"].astype(float) / float(me["population"])))
    others["same_region"] = others["region"] == me["region"]
    ranked = others.sort_values(["same_region", "distance", "code"], ascending=[False, True, True])
    return ranked.head(k).drop(columns=["same_region"]).reset_index(drop=True)
