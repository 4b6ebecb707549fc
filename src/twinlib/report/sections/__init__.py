"""The report's sections. Each takes a ReportContext and returns a plain dict (see blocks); the
notebook shows them in `outline.ORDER`.
"""

from __future__ import annotations

from twinlib.report.outline import ORDER
from twinlib.report.sections.advice import recommendations, sources, strategy
from twinlib.report.sections.appendix import method
from twinlib.report.sections.cards import cards
from twinlib.report.sections.checklist import checklist
from twinlib.report.sections.compare import comparison, geography
from twinlib.report.sections.front import cover, partners, summary
from twinlib.report.sections.survey_mix import activities

__all__ = ["ORDER", "activities", "cards", "checklist", "comparison", "cover", "geography", "method", "partners",
           "recommendations", "sources", "strategy", "summary"]
