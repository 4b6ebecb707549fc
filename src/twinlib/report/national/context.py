"""Everything the national report needs: the shared tables and the per-municipality figures.

The same cached tables the municipal reports use (report.context.national), so a warm kernel that
has made municipal reports makes the national one without reading the data again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from twinlib import i18n
from twinlib.analysis import estimate
from twinlib.analysis import national as national_figures
from twinlib.report.context import national
from twinlib.tables import data


@dataclass
class NationalContext:
    tables: data.Tables
    per_muni: pd.DataFrame
    today: dt.date
    data_dir: object = None
    m: i18n.Messages = field(default_factory=i18n.Messages)

    @property
    def lang(self) -> str:
        return self.m.lang

    @cached_property
    def estimate(self) -> dict:
        """The estimated true national total (analysis.estimate): computed once, quoted in several sections."""
        return estimate.national_estimate(self.tables.relations, self.tables.estimate_sample)

    @cached_property
    def uptake(self) -> dict:
        """What the public record shows of the survey's six recommendations (analysis.national): the
        strategy counts are quoted in the summary, the policies and the recommendations."""
        t = self.tables
        return national_figures.recommendation_uptake(self.per_muni, t.relations, t.policies, t.strategies, self.today)

    @cached_property
    def names(self) -> dict[str, str]:
        t = self.tables.municipalities
        return dict(zip(t["code"], t["name"], strict=True))


def national_context(data_dir=None, lang: str = "da", today: dt.date | None = None) -> NationalContext:
    m = i18n.Messages(lang)  # raises a clear error for an unknown language
    nat = national(data_dir)
    return NationalContext(tables=nat.tables, per_muni=nat.per_muni, today=today or dt.date.today(),
                           data_dir=data_dir, m=m)
