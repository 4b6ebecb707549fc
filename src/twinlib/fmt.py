"""Danish number and date formatting for report text (1.234,5 and '24. november 2026')."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent


def num(value, decimals: int = 0, locale: str = "da") -> str:
    """'1.234,5' style; a missing value prints as an en dash.

    >>> num(1234.5, 1)
    '1.234,5'
    """
    if value is None or pd.isna(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale)


def pct(share, decimals: int = 0, locale: str = "da") -> str:
    """A share 0..1 as a Danish percentage, with a non-breaking space so '%' never starts a line.

    >>> pct(0.405, 1)
    '40,5\xa0%'
    """
    if share is None or pd.isna(share):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + " %"
    return format_percent(share, format=pattern, locale=locale).replace(" ", "\u00a0")


def date(day: dt.date | None = None, locale: str = "da") -> str:
    """'24. november 2026'.

    >>> date(dt.date(2026, 11, 24))
    '24. november 2026'
    """
    pattern = "d. MMMM y" if locale == "da" else "d MMMM y"
    return format_date(day or dt.date.today(), format=pattern, locale=locale)

