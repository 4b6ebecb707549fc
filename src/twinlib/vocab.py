"""The project's vocabulary: statuses, evidence grades, kinds, world regions, and the one rule
that says which relations count.

Every module that counts, ranks, maps or scores relations calls `current()`; nothing else
decides it. A relation known only from public lists is `unverified` and is shown apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# status of a relation, from the best evidence seen
ACTIVE, ENDED, SUSPENDED, LAPSED, UNVERIFIED = "active", "ended", "suspended", "lapsed", "unverified"
STATUSES = (ACTIVE, ENDED, SUSPENDED, LAPSED, UNVERIFIED)

# evidence grades: A the municipality's own word (page, strategy, decision); B the partner's official
# page, or the municipality's minutes or press release; C dated news; D public lists, blogs,
# directories, association sites (and every undated or missing source)
GRADES = ("A", "B", "C", "D")
CONFIRMING_GRADES = ("A", "B", "C")
PUBLIC_GRADE = "D"

# the class of a source decides the best grade it can earn: only official sources (a municipality's
# or partner's own site, council minutes, a public authority) earn A or B; news earns C; the rest D
SOURCE_CLASSES = ("official", "news", "other")
GRADES_BY_CLASS = {"official": ("A", "B", "C", "D"), "news": ("C", "D"), "other": ("D",)}



def grade_fits_class(grades: pd.Series, classes: pd.Series) -> pd.Series:
    """True where a grade is one its source class can earn (or the class is not recorded).

    >>> grade_fits_class(pd.Series(["B", "B", "C", None]), pd.Series(["official", "news", "news", "other"])).tolist()
    [True, False, True, True]
    """
    ok = [pd.isna(c) or pd.isna(g) or g in GRADES_BY_CLASS.get(c, GRADES) for g, c in zip(grades, classes, strict=True)]
    return pd.Series(ok, index=grades.index, dtype=bool)


# kind `association`: kept alive by a voluntary association (a Foreningen Norden chapter, a friendship
# circle), not by the municipality - shown apart, never counted
KINDS = ("twinning", "friendship", "cooperation", "association")
ASSOCIATION = "association"

WORLD_REGIONS = ("Norden", "Øvrige Europa", "Asien", "Nordamerika", "Latinamerika", "Afrika",
                 "Mellemøsten", "Oceanien")
EUROPE = frozenset({"Norden", "Øvrige Europa"})

CURATED_SOURCE = "curated"
# the coverage outcome (data/curated/coverage.csv) of a municipality whose own page lists all its twin
# towns: that list is the truth its relations are checked against (omitted links end, not counted)
FULL_LIST = "official list found"

# the year of the 2007 municipal reform: a predecessor town's link needs evidence after it
REFORM_YEAR = 2007
# evidence must be dated this year or later to show a link is alive today; older evidence (and
# undated news) leaves a link unverified, shown with its date, until newer evidence appears
RECENT_FROM_YEAR = 2020
# an undated official page (A or B) that lists a link counts only if it was seen this recently
UNDATED_OFFICIAL_DAYS = 365

# a municipality's stated policy on international work and twin towns (policies.csv)
STANCES = ("keep_fixed_partners", "prune", "time_limited_only", "no_general_twinning", "project_based",
           "association_run", "none_stated")
GOALS = ("business", "tourism", "recruitment", "education", "youth", "culture", "climate", "sdg", "health", "welfare",
         "nordic", "eu", "ukraine", "development", "democracy", "research")


# activity codes: the eight of the 2017 survey (figure 2), which are also the intake workbook's columns
ACTIVITIES = ("political", "culture", "pupil_exchange", "sport", "urban_development", "business", "good_governance",
              "projects")
# themes that funding programmes pay for but the survey's list lacks (data/reference/funding.yml `funds`); no
# intake column records them, so a relation never matches a programme through them alone
FUNDING_THEMES = ("adult_education", "youth", "climate", "democracy")


def _parsed_years(values) -> dict:
    """Each distinct evidence date's year by the formulation below (the first four characters as a
    number), worked out once per value and kept: the rule runs some fifteen times a report over the
    same few hundred dates, and pandas' string methods cost a millisecond a call where a lookup costs
    a tenth of that (benchmarks/section_times.py)."""
    new = [v for v in dict.fromkeys(values) if _key(v) not in _YEARS]
    if new:
        if len(_YEARS) > 100_000:  # a long-lived kernel fed ever new data: start afresh, never grow without end
            _YEARS.clear()
        parsed = pd.to_numeric(pd.Series(new, dtype=object).astype("string").str[:4], errors="coerce")
        _YEARS.update(zip(map(_key, new), parsed.to_numpy(dtype=float, na_value=np.nan), strict=True))
    return _YEARS


def _key(value):
    """A date's key in the cache: the text itself, or type and value for anything else (True and 1
    are equal keys in a dict but not the same text)."""
    return value if type(value) is str else (type(value), value)


_YEARS: dict = {}


def _years(relations: pd.DataFrame) -> np.ndarray:
    """evidence_year as a float array (NaN when undated or unreadable)."""
    dates = relations["evidence_date"]
    missing = dates.isna().to_numpy()
    values = dates.to_numpy(dtype=object)
    known = _parsed_years(values[~missing])
    return np.array([np.nan if m else known[_key(v)] for v, m in zip(values, missing, strict=True)], dtype=float)


def evidence_year(relations: pd.DataFrame) -> pd.Series:
    """The year the evidence itself states (NA when undated): the first four characters as a number.

    >>> evidence_year(pd.DataFrame({"evidence_date": ["2021-03", None, "ca. 2010", "2012"]})).tolist()
    [2021.0, <NA>, <NA>, 2012.0]
    """
    return pd.Series(pd.array(_years(relations), dtype="Float64"), index=relations.index)


def _strings_in(column: pd.Series, allowed) -> np.ndarray:
    """True where a text cell is one of `allowed` (NA and non-text never), as plain booleans."""
    allowed = frozenset(allowed)
    return np.fromiter((isinstance(v, str) and v in allowed for v in column.to_numpy(dtype=object)),
                       dtype=bool, count=len(column))


def _recent(relations: pd.DataFrame, as_of) -> np.ndarray:
    """has_recent_evidence as a boolean array."""
    if "evidence_date" not in relations:  # a frame without dates (hand-made, older export): grade alone
        return np.ones(len(relations), dtype=bool)
    year = _years(relations)
    as_of = pd.Timestamp(as_of) if as_of is not None else pd.Timestamp.today().normalize()
    if "checked" in relations:
        checked = relations["checked"]
        checked = checked if pd.api.types.is_datetime64_dtype(checked) else pd.to_datetime(checked, errors="coerce")
        seen = ((as_of - checked) <= pd.Timedelta(days=UNDATED_OFFICIAL_DAYS)).to_numpy(dtype=bool)
    else:
        seen = np.zeros(len(relations), dtype=bool)
    undated_official = np.isnan(year) & _strings_in(relations["evidence_grade"], ("A", "B")) & seen
    with np.errstate(invalid="ignore"):
        return (year >= RECENT_FROM_YEAR) | undated_official


def has_recent_evidence(relations: pd.DataFrame, as_of=None) -> pd.Series:
    """Evidence dated RECENT_FROM_YEAR or later, or an undated official page (A/B) checked within a year.

    >>> df = pd.DataFrame({"evidence_date": ["2021-03", None, None, "2012"],
    ...                    "evidence_grade": ["C", "B", "C", "A"], "checked": ["2026-11-25"] * 4})
    >>> has_recent_evidence(df, as_of="2026-12-06").tolist()
    [True, True, False, False]
    """
    return pd.Series(_recent(relations, as_of), index=relations.index)


def is_current(relations: pd.DataFrame, as_of=None) -> pd.Series:
    """True where a relation counts: active, graded A-C, held by the municipality (not kind
    `association`), and with recent evidence (has_recent_evidence).

    >>> df = pd.DataFrame({"status": ["active", "active", "unverified", "active", "active"],
    ...                    "evidence_grade": ["A", "D", "D", "B", "C"],
    ...                    "kind": ["twinning", "twinning", "twinning", "association", "twinning"],
    ...                    "evidence_date": ["2024", "2024", None, "2024", "2015"],
    ...                    "checked": ["2026-11-25"] * 5})
    >>> is_current(df, as_of="2026-12-06").tolist()
    [True, False, False, False, False]
    """
    held = (~_strings_in(relations["kind"], (ASSOCIATION,)) if "kind" in relations
            else np.ones(len(relations), dtype=bool))
    ok = (_strings_in(relations["status"], (ACTIVE,)) & _strings_in(relations["evidence_grade"], CONFIRMING_GRADES)
          & held & _recent(relations, as_of))
    return pd.Series(ok, index=relations.index)


def current(relations: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """The relations that count in every figure, rank, map line and light (see is_current)."""
    return relations[is_current(relations, as_of)]


def is_held(relations: pd.DataFrame) -> pd.Series:
    """True where the municipality itself holds the link (not kind `association`)."""
    if "kind" not in relations:
        return pd.Series(True, index=relations.index)
    return relations["kind"] != ASSOCIATION


def is_unverified(relations: pd.DataFrame) -> pd.Series:
    """True where a link the municipality would hold is seen only in public lists or on old evidence.
    Association-run links are shown apart in their own table (associations) instead."""
    return (relations["status"] == UNVERIFIED) & is_held(relations)


def unverified(relations: pd.DataFrame) -> pd.DataFrame:
    """Links seen only in public lists (or with only old evidence): shown apart, never counted."""
    return relations[is_unverified(relations)]


def associations(relations: pd.DataFrame) -> pd.DataFrame:
    """Links kept alive by an association, whatever their status: shown apart, never counted."""
    return relations[~is_held(relations)]


def outside_europe(world_region: pd.Series) -> pd.Series:
    return ~world_region.isin(EUROPE)

# the note that marks a curated fact given by the municipality itself (intake contribute): grade A
# evidence without a URL, dated by the confirmation
MUNICIPALITY_STATEMENT = "kommunens oplysning"

# quality flags: codes in the data (`quality_flags`, ';'-joined), words only when printed
# (messages flag.<code>). A flag with details carries them after colons: point_outside:<origin>:<iso2>.
FLAG_NOT_ON_OWN_LIST = "not_on_own_list"
FLAG_PREDECESSOR = "predecessor_no_evidence_after_2007"
FLAG_STALE = "evidence_before_2020"
FLAG_UNDATED_NEWS = "undated_news"
FLAG_NO_COORDINATES = "no_coordinates"
FLAG_POINT_OUTSIDE = "point_outside"
FLAG_RERESOLVED = "reresolved_geonames"
FLAGS = (FLAG_NOT_ON_OWN_LIST, FLAG_PREDECESSOR, FLAG_STALE, FLAG_UNDATED_NEWS, FLAG_NO_COORDINATES,
         FLAG_POINT_OUTSIDE, FLAG_RERESOLVED)


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


# countries where Danish municipalities suspended their links in 2022 (Russia's war on Ukraine)
SUSPENDED_COUNTRIES = ("RU", "BY")

# partner countries by the cooperation they open (policy goals 'nordic' and 'eu'): the Nordic
# countries and autonomous areas, and the 27 EU member states (Denmark itself never a partner)
NORDIC_COUNTRIES = frozenset({"SE", "NO", "FI", "IS", "FO", "GL", "AX"})
EU_MEMBERS = frozenset({"AT", "BE", "BG", "HR", "CY", "CZ", "DE", "EE", "FI", "FR", "GR", "HU", "IE", "IT", "LV",
                        "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"})
