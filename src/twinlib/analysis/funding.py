"""Which funding programmes fit a municipality's relations (data/reference/funding.yml, tables.funding).

A programme fits a relation when the partner's country is eligible, the municipality lies in the
programme's Danish area and, where the intake workbook records the relation's activities, at least one
of them is an activity the programme pays for. Without recorded activities the fit rests on country and
place alone, and says so (basis `country_region`), so the report never claims more than the data shows.
Where only part of the partner's country belongs to the programme area (Interreg), `area_check` asks
the reader to confirm that the partner town lies inside it; where a programme needs partners from more
countries than the two towns' (Nordic Culture Fund, Nordplus Horizontal, CERV networks), `more_partners`
says so. Codes and ids only: the report words them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from twinlib import vocab

BASIS_ACTIVITY = "activity"  # country, area and at least one recorded activity fit
BASIS_PLACE = "country_region"  # no activities recorded for the relation: country and area fit
COLUMNS = ["relation_id", "programme_id", "basis", "activities", "area_check", "more_partners"]


def relation_activities(acts: pd.DataFrame | None) -> dict[str, frozenset[str]]:
    """The activity codes ticked in the intake for each relation; relations with none ticked are left out.

    >>> acts = pd.DataFrame({"relation_id": ["a", "b"], "culture": [True, False], "sport": [True, False]})
    >>> {rid: sorted(codes) for rid, codes in relation_activities(acts).items()}
    {'a': ['culture', 'sport']}
    """
    if acts is None or not len(acts) or "relation_id" not in acts:
        return {}
    codes = [c for c in vocab.ACTIVITIES if c in acts]
    ticked = acts[codes].fillna(False).astype(bool)
    found = {str(rid): frozenset(code for code, on in row.items() if on)
             for rid, row in zip(acts["relation_id"], ticked.to_dict("records"), strict=True)}
    return {rid: got for rid, got in found.items() if got}


def in_area(programme: Mapping, region: str, municipality_code: str | None = None) -> bool:
    """True when the municipality lies in the programme's Danish area: its region is listed, or (for an
    area smaller than a region, such as Bornholm in South Baltic) its own code is.

    >>> p = {"danish_regions": ("Sjælland",), "danish_municipalities": ("400",)}
    >>> in_area(p, "Sjælland"), in_area(p, "Hovedstaden", "400"), in_area(p, "Hovedstaden", "101")
    (True, True, False)
    """
    return region in programme["danish_regions"] or (
        municipality_code is not None and str(municipality_code) in programme.get("danish_municipalities", ()))


def programmes_for(country: str, region: str, activities: Iterable[str], programmes: pd.DataFrame,
                   municipality_code: str | None = None) -> list[dict]:
    """The programmes that fit one relation: [{programme_id, basis, activities, area_check, more_partners}], in
    file order.

    `activities` are the intake's codes for the relation (empty: none recorded, so country and area decide).

    >>> progs = pd.DataFrame([{"id": "de-dk", "funds": ("culture",), "countries": ("DE",),
    ...                        "partial_countries": ("DE",), "danish_regions": ("Syddanmark",), "min_countries": 2}])
    >>> fits = programmes_for("DE", "Syddanmark", ["culture", "sport"], progs)
    >>> [(f["programme_id"], f["basis"], f["activities"], f["area_check"], f["more_partners"]) for f in fits]
    [('de-dk', 'activity', 'culture', True, False)]
    >>> programmes_for("DE", "Syddanmark", ["sport"], progs), programmes_for("US", "Syddanmark", [], progs)
    ([], [])
    """
    done = frozenset(activities)
    out = []
    records = programmes if isinstance(programmes, list) else programmes.to_dict("records")
    for p in records:
        if country not in p["countries"] or not in_area(p, region, municipality_code):
            continue
        shared = [c for c in p["funds"] if c in done]
        if done and not shared:
            continue
        out.append({"programme_id": p["id"], "basis": BASIS_ACTIVITY if done else BASIS_PLACE,
                    "activities": ";".join(shared), "area_check": country in p.get("partial_countries", ()),
                    "more_partners": p.get("min_countries", 2) > 2})
    return out


def match(relations: pd.DataFrame, programmes: pd.DataFrame, region: str,
          activities: pd.DataFrame | Mapping[str, Iterable[str]] | None = None) -> pd.DataFrame:
    """One row per (relation, fitting programme): relation_id, programme_id, basis, activities, area_check,
    more_partners.

    `relations` are one municipality's relations (the caller chooses which, e.g. vocab.current); `region`
    is that municipality's region as municipalities.csv names it; `activities` is the intake's activity
    table (relation_id and one True/False column per activity code) or a mapping relation_id -> codes.
    Relations without a fitting programme have no row. The input frames are left as they are.
    """
    acts = activities if isinstance(activities, Mapping) else relation_activities(activities)
    programmes = programmes.to_dict("records")  # once, not once per relation
    codes = relations["municipality_code"] if "municipality_code" in relations else [None] * len(relations)
    rows = [{"relation_id": rid} | fit
            for rid, country, code in zip(relations["relation_id"], relations["partner_country"], codes, strict=True)
            if isinstance(country, str)
            for fit in programmes_for(country, region, acts.get(str(rid), ()), programmes, code)]
    return pd.DataFrame(rows, columns=COLUMNS).astype({"area_check": bool, "more_partners": bool})


def by_programme(matches: pd.DataFrame) -> pd.DataFrame:
    """The programmes that fit at least one relation: programme_id, relations (how many), relation_ids
    (';'-joined), by_activity (how many of them fit on recorded activities), area_check (any partner to
    place), more_partners, in order of first appearance (the file's order for one relation).

    >>> m = pd.DataFrame({"relation_id": ["a", "b", "a"], "programme_id": ["p", "p", "q"],
    ...                   "basis": ["activity", "country_region", "country_region"], "activities": ["culture", "", ""],
    ...                   "area_check": [False, True, False], "more_partners": [False, False, True]})
    >>> cols = ["programme_id", "relations", "relation_ids", "by_activity", "area_check"]
    >>> by_programme(m)[cols].to_dict("records")[0]
    {'programme_id': 'p', 'relations': 2, 'relation_ids': 'a;b', 'by_activity': 1, 'area_check': True}
    """
    cols = ["programme_id", "relations", "relation_ids", "by_activity", "area_check", "more_partners"]
    if not len(matches):
        return pd.DataFrame(columns=cols)
    g = matches.assign(on_activity=matches["basis"] == BASIS_ACTIVITY).groupby("programme_id", sort=False)
    return pd.DataFrame({"relations": g["relation_id"].nunique(), "relation_ids": g["relation_id"].agg(";".join),
                         "by_activity": g["on_activity"].sum().astype(int),
                         "area_check": g["area_check"].any(),
                         "more_partners": g["more_partners"].any()}).reset_index()[cols]


def shortlist(matches: pd.DataFrame, programmes: pd.DataFrame, relation_ids: Iterable[str] | None = None,
              k: int = 2) -> list[str]:
    """The k programmes to name first for these relations: those covering most of them, the most specific
    (fewest eligible countries) first, never one that needs partners beyond the two towns.

    A report names a programme or two, not the dozen that fit on country alone; the specific ones
    (Interreg for the border region, a bilateral fund) are the ones a council would not think of.

    >>> p = pd.DataFrame({"id": ["wide", "narrow", "net"], "countries": [("DE", "SE", "PL"), ("DE",), ("DE",)]})
    >>> m = pd.DataFrame({"relation_id": ["a", "a", "a"], "programme_id": ["wide", "narrow", "net"],
    ...                   "basis": ["country_region"] * 3, "activities": [""] * 3,
    ...                   "area_check": [False] * 3, "more_partners": [False, False, True]})
    >>> shortlist(m, p)
    ['narrow', 'wide']
    """
    wanted = None if relation_ids is None else set(relation_ids)
    covered: dict[str, set] = {}
    for rid, pid, more in zip(matches["relation_id"], matches["programme_id"], matches["more_partners"], strict=True):
        if (wanted is None or rid in wanted) and not more:
            covered.setdefault(pid, set()).add(rid)
    if not covered:
        return []
    width = dict(zip(programmes["id"], programmes["countries"].map(len), strict=True))
    order = {pid: i for i, pid in enumerate(programmes["id"])}
    ranked = sorted(covered, key=lambda pid: (-len(covered[pid]), width.get(pid, 999), order.get(pid, 999)))
    return ranked[:k]
