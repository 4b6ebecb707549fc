"""Words every section shares: a section's heading and intro, and the municipality's official name.

They live here, not in one section's module, so that sections never import each other.
"""

from __future__ import annotations

from twinlib.report.context import ReportContext


def heading(ctx: ReportContext, key: str) -> tuple[str, str | None]:
    """A section heading and its intro (where the catalogue has one) in the report's language."""
    return ctx.m(f"heading.{key}"), ctx.m.texts.get(f"intro.{key}")


def official(ctx: ReportContext) -> str:
    """The official name ('Københavns Kommune') where the context knows it, else '<name> Kommune'."""
    return getattr(ctx, "official", None) or ctx.m("kommune", name=ctx.name)


def partial_date(ctx: ReportContext, text) -> str:
    """A source's date as written in running text: '2024' stays a year, '2024-05' is 'maj 2024',
    '2024-06-11' is '11. juni 2024' (never ISO in a sentence)."""
    import pandas as pd
    from babel.dates import format_date

    from twinlib import fmt

    text = str(text).strip()
    parts = text.split("-")
    if len(parts) == 1:
        return text
    when = pd.Timestamp(text[:10] if len(parts) >= 3 else text + "-01").date()
    if len(parts) >= 3:
        return fmt.date(when, locale=ctx.lang).replace(" ", "\u00a0", 1)
    return format_date(when, "MMMM y", locale=ctx.lang)


def source_lines(sources, m) -> list[str]:
    """One line per raw source (title, licence, where, when retrieved) in the report's language: the
    municipal report's sources section and the national report's method section list them alike."""
    import datetime as dt

    from twinlib import fmt

    return [m("src.line", text=m.texts.get(f"src.text.{r.source_id}", r.title),
              licence=m.texts.get(f"src.licence.{r.source_id}", r.licence),
              url=r.url if str(r.url).startswith("http") else m.texts.get(f"src.where.{r.source_id}", r.url),
              retrieved=fmt.date(dt.date.fromisoformat(r.retrieved), locale=m.lang))
            for r in sources.itertuples(index=False)]
