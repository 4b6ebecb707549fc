"""The project's vocabulary: statuses, evidence grades, kinds, world regions, and the one rule
that says which relations count.

Every module that counts, ranks, maps or scores relations calls `current()`; nothing else
decides it. A relation known only from public lists is `unverified` and is shown apart.
"""

from __future__ import annotations

import pandas as pd

# status of a relation, from the best evidence seen
ACTIVE, ENDED, SUSPENDED, LAPSED, UNVERIFIED = "active", "ended", "suspended", "lapsed", "unverified"
STATUSES = (ACTIVE, ENDED, SUSPENDED, LAPSED, UNVERIFIED)

# evidence grades: A the municipality's own current page, strategy or council decision; B the
# partner's official page, or the municipality's minutes or press release; C a dated news report;
# D public lists only (Wikipedia, Wikidata)
GRADES = ("A", "B", "C", "D")
CONFIRMING_GRADES = ("A", "B", "C")
PUBLIC_GRADE = "D"

KINDS = ("twinning", "friendship", "cooperation", "association")

WORLD_REGIONS = ("Norden", "Øvrige Europa", "Asien", "Nordamerika", "Latinamerika", "Afrika",
                 "Mellemøsten", "Oceanien")
EUROPE = frozenset({"Norden", "Øvrige Europa"})

# public-list source ids (the raw sources); "curated" marks hand-checked evidence
PUBLIC_SOURCES = ("wikipedia-en-dk", "wikipedia-en-reverse", "wikidata-2017")
CURATED_SOURCE = "curated"

# the year of the 2007 municipal reform: a predecessor town's link needs evidence after it
REFORM_YEAR = 2007
# evidence older than this many years does not show a link is alive today (a 2010 press release
# listing partners says nothing of 2026): such a relation is `unverified`, its evidence kept
STALE_AFTER_YEARS = 8


def is_current(relations: pd.DataFrame) -> pd.Series:
    """True where a relation counts: status active with evidence grade A, B or C.

    >>> df = pd.DataFrame({"status": ["active", "active", "unverified", "ended"],
    ...                    "evidence_grade": ["A", "D", "D", "A"]})
    >>> is_current(df).tolist()
    [True, False, False, False]
    """
    return (relations["status"] == ACTIVE) & relations["evidence_grade"].isin(CONFIRMING_GRADES)


def current(relations: pd.DataFrame) -> pd.DataFrame:
    """The relations that count in every figure, rank, map line and light (see is_current)."""
    return relations[is_current(relations)]


def unverified(relations: pd.DataFrame) -> pd.DataFrame:
    """Links seen only in public lists (or with only old evidence): shown apart, never counted."""
    return relations[relations["status"] == UNVERIFIED]


def outside_europe(world_region: pd.Series) -> pd.Series:
    return ~world_region.isin(EUROPE)

# the note that marks a curated fact given by the municipality itself (intake contribute): grade A
# evidence without a URL, dated by the confirmation
MUNICIPALITY_STATEMENT = "kommunens oplysning"

# quality flags: codes in the data (`quality_flags`, ';'-joined), words only when printed
# (messages flag.<code>). A flag with details carries them after colons: point_outside:<origin>:<iso2>.
FLAG_NOT_ON_OWN_LIST = "not_on_own_list"
FLAG_PREDECESSOR = "predecessor_no_evidence_after_2007"
FLAG_STALE = "evidence_older_than_8_years"
FLAG_NO_COORDINATES = "no_coordinates"
FLAG_POINT_OUTSIDE = "point_outside"
FLAG_RERESOLVED = "reresolved_geonames"
FLAGS = (FLAG_NOT_ON_OWN_LIST, FLAG_PREDECESSOR, FLAG_STALE, FLAG_NO_COORDINATES, FLAG_POINT_OUTSIDE,
         FLAG_RERESOLVED)


def add_flag(flags: pd.Series, flag: str) -> pd.Series:
    """Append a flag code to each entry of a quality_flags column (NA = none yet), without duplicates.

    >>> add_flag(pd.Series([None, "no_coordinates"]), "not_on_own_list").tolist()
    ['not_on_own_list', 'no_coordinates;not_on_own_list']
    """
    return flags.map(lambda f: ";".join(dict.fromkeys(([f] if isinstance(f, str) and f else []) + [flag])))


def flag_codes(text) -> list[tuple[str, list[str]]]:
    """[(code, details)] of a quality_flags cell.

    >>> flag_codes("point_outside:Wikidata:US;no_coordinates")
    [('point_outside', ['Wikidata', 'US']), ('no_coordinates', [])]
    """
    if not isinstance(text, str) or not text:
        return []
    return [(p.split(":")[0], p.split(":")[1:]) for p in text.split(";") if p]
