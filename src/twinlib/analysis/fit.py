"""How a relation fits the goals of the municipality's policy (data round 4's goal codes).

Country alone says whether a link serves Nordic, EU or Ukrainian cooperation; every other goal
(culture, education, business, ...) can only be judged from what the link is used for, which is the
intake's activity list. Without activities those goals are 'unknown', never assumed.
"""

from __future__ import annotations

from twinlib import vocab

# intake activity -> the policy goals it serves (conservative: only the evident ones)
ACTIVITY_GOALS = {"culture": ("culture",), "pupil_exchange": ("education", "youth"), "sport": ("youth",),
                  "business": ("business",), "political": ("democracy",), "good_governance": ("democracy",),
                  "urban_development": ("climate",)}
COUNTRY_GOALS = ("nordic", "eu", "ukraine")


def country_goals(country: str) -> set[str]:
    """The goals a partner country serves by itself.

    >>> sorted(country_goals("SE")), sorted(country_goals("UA")), sorted(country_goals("US"))
    (['eu', 'nordic'], ['ukraine'], [])
    """
    out = set()
    if country in vocab.NORDIC_COUNTRIES:
        out.add("nordic")
    if country in vocab.EU_MEMBERS:
        out.add("eu")
    if country == "UA":
        out.add("ukraine")
    return out


def goal_fit(country: str, activities: tuple[str, ...] | None, goals: tuple[str, ...]) -> tuple[tuple, tuple]:
    """(goals served, goals that cannot be judged) for one relation.

    >>> goal_fit("SE", None, ("nordic", "culture"))
    (('nordic',), ('culture',))
    >>> goal_fit("DE", ("culture",), ("nordic", "culture"))
    (('culture',), ())
    """
    served = country_goals(country)
    if activities is not None:
        served |= {g for a in activities for g in ACTIVITY_GOALS.get(a, ())}
    fits = tuple(g for g in goals if g in served)
    unknown = () if activities is not None else tuple(g for g in goals if g not in COUNTRY_GOALS and g not in fits)
    return fits, unknown
