"""The political year a decision has to fit: the council term, the budget negotiations, and the
first meeting a proposal can reach.

A council decides on a prepared case: the administration writes it, a committee reads it, the
council takes it. Eight weeks is the least that takes, so no decision is due sooner; what cannot
wait (a strategy expiring within eight weeks) gets an interim decision first. Municipal elections
are held every four years in November and the new term starts on 1 January (2022-2025, 2026-2029,
...). The budget for a year is negotiated in August-October of the year before, and strategies are
usually renewed early in a term.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

LEAD = dt.timedelta(weeks=8)
FIRST_TERM = 2026  # a term starts every four years from here (2022, 2026, 2030, ...)


@dataclass(frozen=True)
class Window:
    """When a decision can be taken: from `start` to `end`; `budget_year` for budget decisions."""
    start: dt.date
    end: dt.date
    budget_year: int | None = None


def term(today: dt.date) -> tuple[int, int]:
    """The council term that contains `today`.

    >>> term(dt.date(2026, 12, 6)), term(dt.date(2025, 12, 31)), term(dt.date(2030, 1, 1))
    ((2026, 2029), (2022, 2025), (2030, 2033))
    """
    start = FIRST_TERM + 4 * ((today.year - FIRST_TERM) // 4)
    return start, start + 3


def earliest(today: dt.date) -> dt.date:
    """The first day a prepared decision can be taken: eight weeks from today, at a month's start.

    >>> earliest(dt.date(2026, 12, 6))
    datetime.date(2027, 2, 1)
    """
    first = today + LEAD
    return first if first.day == 1 else dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)


def early_term(today: dt.date) -> Window:
    """Early in the term, where strategies are renewed: from the earliest meeting until the end of
    June in the term's second year, or four months if that has passed.

    >>> early_term(dt.date(2026, 12, 6))
    Window(start=datetime.date(2027, 2, 1), end=datetime.date(2027, 6, 30), budget_year=None)
    """
    start = earliest(today)
    end = dt.date(term(today)[0] + 1, 6, 30)
    if end < start + dt.timedelta(days=90):
        end = _month_end(start, 4)
    return Window(start, end)


def budget(today: dt.date) -> Window:
    """The next budget negotiations (mid-August to mid-October) that a prepared proposal can reach.

    >>> budget(dt.date(2026, 12, 6))
    Window(start=datetime.date(2027, 8, 15), end=datetime.date(2027, 10, 15), budget_year=2028)
    >>> budget(dt.date(2027, 7, 1)).budget_year
    2029
    """
    for year in (today.year, today.year + 1):
        start = dt.date(year, 8, 15)
        if start >= today + LEAD:
            return Window(start, dt.date(year, 10, 15), year + 1)
    raise AssertionError("unreachable: next year's negotiations are always eight weeks away")


def before(today: dt.date, deadline: dt.date) -> Window:
    """An interim decision at the next meeting before `deadline` (which is less than eight weeks away)."""
    return Window(today, max(deadline, today))


def _month_end(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    nxt = dt.date(day.year + y + (m + 1) // 12, (m + 1) % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
