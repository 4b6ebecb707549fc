"""How many relations are really current nationally: confirmed ones plus an estimate for the rest.

Only confirmed relations are ever counted in a figure (vocab.current). This module answers a
different question for the national overview: what is the likely true total, given that many
links stand only in public lists? It learns, per stratum of source agreement, the share of
public-list links that turned out current among those the research resolved, applies it to the
unresolved ones, and adds the links no public list has (their share measured in municipalities
with a full official list). The interval comes from the posterior of every share (Beta with a
uniform prior) and the binomial draw of the unresolved links, by simulation with a fixed seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from twinlib import vocab

FULL_LIST = "official list found"


def assign_stratum(relations: pd.DataFrame) -> pd.DataFrame:
    """Add `listed` (in a public list) and `stratum` (which lists agree; pre-2007 town or not).

    >>> df = pd.DataFrame({"source_ids": ["wikidata-2017;wikipedia-en-dk", "wikidata-2017", "curated"],
    ...                    "local_place": [None, "Ikast", None]})
    >>> assign_stratum(df)["stratum"].tolist()
    ['both lists', 'Wikidata 2017 only, pre-2007 town', 'no public list']
    """
    ids = relations["source_ids"].fillna("").astype(str)
    wp, wd = ids.str.contains("wikipedia"), ids.str.contains("wikidata")
    agree = np.select([wp & wd, wp, wd], ["both lists", "Wikipedia only", "Wikidata 2017 only"], "no public list")
    town = np.where(relations["local_place"].notna() & (agree != "no public list"), ", pre-2007 town", "")
    return relations.assign(listed=wp | wd, stratum=pd.Series(agree, index=relations.index) + town)


def resolved_shares(relations: pd.DataFrame) -> pd.DataFrame:
    """Per stratum: resolved public-list links, how many are current, and the unresolved count."""
    r = assign_stratum(relations)
    r = r[r["listed"]].assign(current=vocab.is_current(r[r["listed"]]),
                              resolved=r.loc[r["listed"], "status"] != vocab.UNVERIFIED)
    g = r.groupby("stratum").agg(resolved=("resolved", "sum"),
                                 current=("current", "sum"),
                                 unresolved=("resolved", lambda s: int((~s).sum())))
    g = g.astype(int)
    return g.assign(share=g["current"] / g["resolved"].where(g["resolved"] > 0)).reset_index()


def unlisted_rate(relations: pd.DataFrame, coverage: pd.DataFrame) -> tuple[int, int]:
    """(current relations in no public list, all current relations) where the list is complete."""
    full = set(coverage.loc[coverage["outcome"] == FULL_LIST, "municipality_code"])
    r = assign_stratum(relations)
    cur = r[vocab.is_current(r) & r["municipality_code"].isin(full)]
    return int((~cur["listed"]).sum()), len(cur)


def national_estimate(relations: pd.DataFrame, coverage: pd.DataFrame, learn: pd.Series | None = None,
                      draws: int = 20_000, level: float = 0.9, seed: int = 2017) -> dict:
    """Confirmed current relations, and the estimated true total with a `level` interval.

    `learn` (a boolean mask over `relations`) restricts the rows the shares are learned from,
    e.g. to links that were still public-only when a research round began: they are more like the
    links left unresolved than links confirmed at once by a municipality's own list.
    """
    rng = np.random.default_rng(seed)
    shares = resolved_shares(relations)
    if learn is not None:
        learned = resolved_shares(relations[learn]).set_index("stratum")[["resolved", "current"]]
        shares = shares.drop(columns=["resolved", "current", "share"]).join(learned, on="stratum").fillna(0)
        shares = shares.astype({"resolved": int, "current": int})
        shares = shares.assign(share=shares["current"] / shares["resolved"].where(shares["resolved"] > 0))
    confirmed = int(vocab.is_current(relations).sum())
    extra = np.zeros(draws)
    for s in shares.itertuples(index=False):
        if s.unresolved:
            p = rng.beta(1 + s.current, 1 + s.resolved - s.current, draws)
            extra += rng.binomial(s.unresolved, p)
    # links missing from every public list, in municipalities without a full list of their own
    missing_k, missing_n = unlisted_rate(relations, coverage)
    full = set(coverage.loc[coverage["outcome"] == FULL_LIST, "municipality_code"])
    r = assign_stratum(relations)
    elsewhere = ~r["municipality_code"].isin(full)
    listed_current = int((vocab.is_current(r) & r["listed"] & elsewhere).sum())
    found_unlisted = int((vocab.is_current(r) & ~r["listed"] & elsewhere).sum())
    rate = rng.beta(1 + missing_k, 1 + missing_n - missing_k, draws)
    unlisted = np.maximum(rate / (1 - rate) * (listed_current + extra) - found_unlisted, 0)
    total = confirmed + extra + unlisted
    lo, hi = np.quantile(total, [(1 - level) / 2, (1 + level) / 2])
    return {"confirmed": confirmed, "unverified": int(shares["unresolved"].sum()),
            "estimate": float(np.median(total)), "low": float(lo), "high": float(hi), "level": level,
            "unverified_current": float(np.median(extra)), "unlisted": float(np.median(unlisted)),
            "unlisted_share": (missing_k, missing_n), "strata": shares}


def holdout_check(relations: pd.DataFrame, coverage: pd.DataFrame, folds: int = 5,
                  seed: int = 2017) -> pd.DataFrame:
    """Cross-validate the public-list part of the estimate on municipalities with a full list.

    Per fold: hide the held-out municipalities' resolutions (their public-list links become
    unresolved), learn the shares from everything else, predict how many of the hidden links are
    current and compare with what their own lists say.
    """
    full = sorted(coverage.loc[coverage["outcome"] == FULL_LIST, "municipality_code"])
    order = np.random.default_rng(seed).permutation(full)
    rows = []
    for k in range(folds):
        held = set(order[k::folds])
        mask = relations["municipality_code"].isin(held)
        train = relations[~mask]
        test = assign_stratum(relations[mask])
        test = test[test["listed"] & (test["status"] != vocab.UNVERIFIED)]
        shares = resolved_shares(train).set_index("stratum")
        counts = test.groupby("stratum").size()
        p = shares["current"].add(1).div(shares["resolved"].add(2))  # posterior mean share
        predicted = float(sum(n * p.get(s, 0.5) for s, n in counts.items()))
        rows.append({"fold": k + 1, "municipalities": len(held), "hidden_links": len(test),
                     "true_current": int(vocab.is_current(test).sum()), "predicted_current": round(predicted, 1)})
    return pd.DataFrame(rows)
