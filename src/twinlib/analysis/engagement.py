"""What the intake workbook says about the current relations: activity, dormancy, funding, travel.

Pure DataFrame functions used by the recommendation rules and the activities section. Only current
relations (vocab.current) count; intake rows for unverified, ended or new relations are left out
until the build has confirmed them.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from twinlib import vocab

DORMANT_YEARS = 5
SMALL_POPULATION, LARGE_POPULATION = 30_000, 80_000
# activities that need local actors: business (erhvervsliv), pupil exchange (skoler), culture and sport
# (kultur- og idrætsliv) -- the survey's 6th recommendation, "kommunale partnerskaber"
LOCAL_ACTOR_ACTIVITIES = ("business", "pupil_exchange", "culture", "sport")
CORE_ACTIVITIES = ("urban_development", "business", "good_governance")
# a funding source that names only the municipality's own money is internal, not external funding
_INTERNAL = re.compile(r"\b(egen|egne|eget|kommune(?:n|ns|s)?|kommunal\w*|budget\w*|driftsmidl\w*|byråd\w*|"
                       r"\w*udvalg\w*|own|municipal\w*|city council|internal|intern)\b|"
                       r"^(?:den )?(?:venskabsby|international[e]?)?\s*puljen?$", re.IGNORECASE)
_NOTHING = {"", "-", "–", "nej", "ingen", "none", "no", "0"}
_SPLIT = re.compile(r";|,|/|\+|(?<!-)\s+(?:og|and)\s+", re.IGNORECASE)


def size_band(population: int) -> str:
    """'small' (< 30,000 inhabitants), 'large' (>= 80,000) or 'medium': the advice a council can carry."""
    if population < SMALL_POPULATION:
        return "small"
    return "large" if population >= LARGE_POPULATION else "medium"


def funding_sources(text, name: str | None = None) -> tuple[list[str], list[str]]:
    """(external, internal) sources named in a funding cell.

    >>> funding_sources("Interreg; kommunens egen pulje")
    (['Interreg'], ['kommunens egen pulje'])
    >>> funding_sources("Kolding Kommune", "Kolding")
    ([], ['Kolding Kommune'])
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return [], []
    parts = [p.strip(" .()") for p in _SPLIT.split(str(text))]
    parts = [p for p in parts if p.lower() not in _NOTHING]
    own = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE) if name else None
    internal = [p for p in parts if _INTERNAL.search(p) or (own and own.search(p))]
    return [p for p in parts if p not in internal], internal


def is_dormant(last_activity, today: dt.date):
    """The one dormancy rule: the last recorded activity is DORMANT_YEARS or more years old.

    Takes a year or a Series of years; a missing year is never dormant (nothing recorded is not
    evidence of sleep, only of an intake not yet filled in).

    >>> is_dormant(2015, dt.date(2026, 1, 1)), is_dormant(2022, dt.date(2026, 1, 1))
    (True, False)
    >>> is_dormant(pd.Series([2010, None]), dt.date(2026, 1, 1)).tolist()
    [True, False]
    """
    return today.year - last_activity >= DORMANT_YEARS


def current_intake(acts: pd.DataFrame | None, relations: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Intake rows of current relations, with partner name and a `dormant` flag.

    Dormant as `is_dormant` says. A dormant link never counts toward a green light.
    """
    cols = ["relation_id", "partner_name", "last_activity", "dormant"]
    if acts is None or not len(acts):
        return pd.DataFrame(columns=cols)
    cur = vocab.current(relations)[["relation_id", "partner_name", "world_region"]]
    rows = acts.drop(columns=["partner_name"], errors="ignore").merge(cur, on="relation_id", how="inner")
    last = pd.to_numeric(rows["last_activity"], errors="coerce")
    return rows.assign(last_activity=last.astype("Int64"),
                       dormant=is_dormant(last, today).fillna(False).astype(bool))


def dormant_relations(relations: pd.DataFrame, acts: pd.DataFrame | None, today: dt.date) -> pd.DataFrame:
    """The current relations with no recorded activity for DORMANT_YEARS years (partner, last year)."""
    rows = current_intake(acts, relations, today)
    rows = rows[rows["dormant"]] if len(rows) else rows
    return rows[["relation_id", "partner_name", "last_activity"]].sort_values("partner_name").reset_index(drop=True)


def flagged(rows: pd.DataFrame, keys: tuple[str, ...]) -> pd.Series:
    """True where any of the activity columns `keys` is ticked."""
    present = [k for k in keys if k in rows]
    if not present or not len(rows):
        return pd.Series(False, index=rows.index)
    return rows[present].fillna(False).astype(bool).any(axis=1)


def externally_funded(rows: pd.DataFrame, name: str | None = None) -> pd.Series:
    """True where the funding cell names at least one source other than the municipality's own money."""
    if "funding" not in rows or not len(rows):
        return pd.Series(False, index=rows.index)
    return rows["funding"].map(lambda t: bool(funding_sources(t, name)[0])).astype(bool)


def internally_funded(rows: pd.DataFrame, name: str | None = None) -> pd.Series:
    """True where the funding cell names only the municipality's own money."""
    if "funding" not in rows or not len(rows):
        return pd.Series(False, index=rows.index)
    return rows["funding"].map(lambda t: (lambda e, i: bool(i) and not e)(*funding_sources(t, name))).astype(bool)


def travel_costs(travel: pd.DataFrame | None, names: dict[str, str]) -> pd.DataFrame:
    """Travel per relation: years, trips, participants, cost, and cost per participant (NA without any)."""
    cols = ["relation_id", "partner", "first", "last", "trips", "participants", "cost_dkk", "per_participant"]
    if travel is None or not len(travel):
        return pd.DataFrame(columns=cols)
    num = travel.assign(**{c: pd.to_numeric(travel[c], errors="coerce").fillna(0)
                           for c in ("trips", "participants", "cost_dkk")},
                        year=pd.to_numeric(travel["year"], errors="coerce"))
    g = (num.groupby("relation_id")
            .agg(first=("year", "min"), last=("year", "max"), trips=("trips", "sum"),
                 participants=("participants", "sum"), cost_dkk=("cost_dkk", "sum")).reset_index())
    g["partner"] = g["relation_id"].map(names).fillna(g["relation_id"])
    g["per_participant"] = (g["cost_dkk"] / g["participants"].where(g["participants"] > 0)).astype(float)
    return g.sort_values(["cost_dkk", "partner"], ascending=[False, True])[cols].reset_index(drop=True)


def travel_totals(costs: pd.DataFrame) -> dict:
    """Totals, cost per relation travelled to, and cost per participant (None where undefined)."""
    trips, people, cost, n = (float(costs["trips"].sum()), float(costs["participants"].sum()),
                              float(costs["cost_dkk"].sum()), len(costs))
    return {"trips": trips, "participants": people, "cost": cost, "relations": n,
            "per_relation": cost / n if n else None, "per_participant": cost / people if people else None}
