"""Words the national sections share: headings, numbers, lists of names, region and survey wording."""

from __future__ import annotations

from twinlib import fmt
from twinlib.report import blocks as b
from twinlib.report.national.context import NationalContext
from twinlib.tables import survey


def heading(ctx: NationalContext, key: str) -> tuple[str, str | None]:
    return ctx.m(f"nat.heading.{key}"), ctx.m.texts.get(f"nat.intro.{key}")


def num(ctx: NationalContext) -> b.Numbers:
    return b.Numbers(ctx.lang)


def joined(ctx: NationalContext, names: list[str]) -> str:
    """'A', 'A og B', 'A, B og C' in the report's language."""
    names = [str(n) for n in names]
    if len(names) < 2:
        return "".join(names)
    return ctx.m("front.and", first=", ".join(names[:-1]), last=names[-1])


def region(ctx: NationalContext, name: str) -> str:
    return ctx.m.texts.get(f"front.region.{name}", name)


def region_short(ctx: NationalContext, name: str) -> str:
    """The region's short name for a table column headed 'Region' (Hovedstaden / Capital Region)."""
    return ctx.m.texts.get(f"nat.region.{name}", name)


def estimate_text(ctx: NationalContext) -> str:
    """'183 (177–194)': the estimate and its interval."""
    e, n = ctx.estimate, num(ctx)
    return f"{n.n(e['estimate'])} ({n.n(e['low'])}–{n.n(e['high'])})"


def survey_figures() -> dict:
    """The 2017 survey's own figures (data/reference/survey_2017.yml): the only figures not computed."""
    return survey.load()


def day(ctx: NationalContext) -> str:
    return fmt.date(ctx.today, locale=ctx.lang)


def yes_no(ctx: NationalContext, value: bool) -> str:
    return ctx.m("nat.yes") if value else "–"
