"""How many relations are really current nationally: the confirmed ones plus an estimate for the rest.

Only confirmed relations are ever counted in a figure (vocab.current). This module answers a
different question for the national overview: what is the likely true total, given that many
links stand only in public lists or on old evidence?

Method (research round 4): a seeded random sample of the unverified links was researched on both
sides, every link equally hard (data/curated/research/round4). The share of live links is learned
from that sample alone, so it is not biased towards links that leave evidence (the earlier method
learned it from the rows research happened to resolve, and overestimated). Links the sample found
live are already confirmed; the share is applied to the unverified links outside the sample.

Links with no public trace are their own category. The central assumption is that a link nobody on
either side has mentioned in public is not live; the sensitivity range lets them (and links with only
pre-2020 evidence) be live at the share seen among the sampled links whose fate was found. The
interval is the central assumption's: the share's posterior (Beta, uniform prior) and the binomial
draw of the links outside the sample, by simulation with a fixed seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from twinlib import vocab

LIVE = ("active",)  # a sampled link held by the municipality and alive (association-run links never count)
TRACED = ("active", "ended", "suspended", "association", "not_municipal")  # fate found
UNKNOWN = ("no_trace", "old_only")


def sample_counts(sample: pd.DataFrame) -> dict[str, int]:
    """How many sampled links fell in each finding, and the totals the estimate needs.

    >>> sample_counts(pd.DataFrame({"finding": ["active", "no_trace", "ended", "old_only"]}))["traced"]
    2
    """
    counts = sample["finding"].value_counts().to_dict()
    return {"n": len(sample), "live": int(sample["finding"].isin(LIVE).sum()),
            "traced": int(sample["finding"].isin(TRACED).sum()),
            "unknown": int(sample["finding"].isin(UNKNOWN).sum()),
            "by_finding": {k: int(v) for k, v in sorted(counts.items())}}


def national_estimate(relations: pd.DataFrame, sample: pd.DataFrame, draws: int = 20_000, level: float = 0.9,
                      seed: int = 2017) -> dict:
    """Confirmed current relations, and the estimated true total with a `level` interval.

    The sensitivity range ('low_assumption'..'high_assumption') is the total when unknown links are
    never live (the central assumption) and when they are live at the traced links' live share.
    """
    c = sample_counts(sample)
    confirmed = int(vocab.is_current(relations).sum())
    unverified = vocab.unverified(relations)
    outside = unverified[~unverified["relation_id"].isin(set(sample["relation_id"]))]
    n_out = len(outside)
    rng = np.random.default_rng(seed)
    p = rng.beta(1 + c["live"], 1 + c["n"] - c["live"], draws)
    total = confirmed + rng.binomial(n_out, p)
    lo, hi = np.quantile(total, [(1 - level) / 2, (1 + level) / 2])
    share = c["live"] / c["n"] if c["n"] else float("nan")
    traced_share = c["live"] / c["traced"] if c["traced"] else 0.0
    high_share = (c["live"] + c["unknown"] * traced_share) / c["n"] if c["n"] else float("nan")
    return {"confirmed": confirmed, "unverified": len(unverified), "outside_sample": n_out,
            "sample": c, "live_share": share, "estimate": float(np.median(total)), "low": float(lo),
            "high": float(hi), "level": level, "assumption": "links with no public trace are not live",
            "low_assumption": confirmed + n_out * share, "high_assumption": confirmed + n_out * high_share}
