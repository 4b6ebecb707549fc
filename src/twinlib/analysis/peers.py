"""Peers: the municipalities most like this one, over the whole country, by a rule printed in the report.

Similarity is a weighted distance on three standardised features (each feature minus its national
mean, divided by its national standard deviation, so that the weights and not the units decide):

- ``log_population`` — size, weight 0.75. A logarithm, so that 50,000 vs 60,000 counts as close
  as 500,000 vs 600,000. Size decides most of what a municipality can do abroad (staff, budget,
  schools, associations), so it decides most: København is compared with the four other
  municipalities over 200,000 and Frederiksberg, not with the dense suburbs a ninth its size.
- ``log_density`` — inhabitants per km², urban against rural, weight 0.15: among municipalities
  of about the same size it separates a suburb from a rural island or a provincial town.
- ``band`` — the band of current relations (0, 1-2, 3-5, 6-10, over 10; metrics.relation_band),
  weight 0.10: a tie-breaker that compares a municipality with others at its own stage, kept
  small because the relation count is also what the comparison is about.

The weights were checked on the whole country (København, Aarhus, Aalborg, Odense, Læsø, Fanø,
Samsø, Ærø, Kolding, Ballerup): with more weight on density or band, København gets Gentofte or
Roskilde; with less on density, Ballerup gets provincial towns instead of other suburbs.
distance = sqrt(sum(weight * (z_peer - z_self)^2)); ties are broken by municipality code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WEIGHTS = {"log_population": 0.75, "log_density": 0.15, "band": 0.10}
# Thresholds of the short "why" per peer (ratios of population and density to the municipality's own).
SAME_SIZE = 1.25      # population within a factor 1.25 reads "same size"
DOUBLE = 2.0          # beyond a factor 2 reads "more than twice / less than half the size"
SAME_DENSITY = 1.5    # density within a factor 1.5 reads "same density"


def features(per_muni: pd.DataFrame) -> pd.DataFrame:
    """The standardised features (z-scores over all municipalities) indexed like per_muni.

    A missing density (no area) gives 0, i.e. the national mean, so it neither attracts nor repels.
    """
    raw = pd.DataFrame({"log_population": np.log(per_muni["population"].astype(float)),
                        "log_density": np.log(per_muni["density"].astype(float)),
                        "band": per_muni["band"].astype(float)}, index=per_muni.index)
    sd = raw.std(ddof=0).replace(0, 1.0).fillna(1.0)
    return ((raw - raw.mean()) / sd).fillna(0.0)


def distances(per_muni: pd.DataFrame, code: str, z: pd.DataFrame | None = None) -> pd.Series:
    """Weighted distance of every municipality to `code` (0 for itself). `z` is features(per_muni)
    when the caller has it: the same for every municipality, so a batch of reports computes it once."""
    z = features(per_muni) if z is None else z
    me = z[per_muni["code"] == code].iloc[0]
    weights = pd.Series(WEIGHTS)
    return np.sqrt(((z - me) ** 2 * weights).sum(axis=1))


def _compare(ratio: float, same: float, far: float | None) -> str:
    """'same', 'larger', 'smaller', and with `far` also 'much_larger' / 'much_smaller'."""
    if not np.isfinite(ratio) or 1 / same <= ratio <= same:
        return "same"
    if far is not None and (ratio > far or ratio < 1 / far):
        return "much_larger" if ratio > 1 else "much_smaller"
    return "larger" if ratio > 1 else "smaller"


def nearest_peers(per_muni: pd.DataFrame, code: str, k: int = 5, z: pd.DataFrame | None = None) -> pd.DataFrame:
    """The k municipalities in the whole country nearest to `code` (see the module docstring).

    Adds `distance` and how each peer compares with the municipality (`size_cmp`, `density_cmp`,
    `band_cmp`), from which why_text() writes the reason the report prints; `z` as in distances().
    """
    me = per_muni[per_muni["code"] == code].iloc[0]
    dist, codes = distances(per_muni, code, z).to_numpy(), per_muni["code"].tolist()
    # nearest first, ties by code: ranked on plain numbers, so only the k chosen rows are copied
    nearest = sorted((i for i, c in enumerate(codes) if c != code), key=lambda i: (dist[i], codes[i]))[:k]
    others = per_muni.iloc[nearest].assign(distance=dist[nearest])
    size = others["population"].astype(float) / float(me["population"])
    density = others["density"].astype(float) / float(me["density"])
    return others.assign(
        size_cmp=[_compare(r, SAME_SIZE, DOUBLE) for r in size],
        density_cmp=[_compare(r, SAME_DENSITY, None) for r in density],
        band_cmp=["equal" if n == me["relations"] else "same" if b == me["band"] else
                  "more" if n > me["relations"] else "fewer"
                  for n, b in zip(others["relations"], others["band"], strict=True)],
    ).reset_index(drop=True)


def why_text(peer: pd.Series, m) -> str:
    """Why a peer was chosen, in words: 'samme størrelse og tæthed, samme antal venskabsbyer'.

    `peer` is a row of nearest_peers(); `m` is the report's i18n.Messages.
    """
    if peer["size_cmp"] == "same" and peer["density_cmp"] == "same":
        parts = [m("peers.why.size_density_same")]
    else:
        parts = [m(f"peers.why.size.{peer['size_cmp']}"), m(f"peers.why.density.{peer['density_cmp']}")]
    parts.append(m(f"peers.why.band.{peer['band_cmp']}"))
    return ", ".join(parts)
