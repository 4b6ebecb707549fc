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
