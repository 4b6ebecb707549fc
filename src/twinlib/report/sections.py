"""The report's sections, in order. Each takes a ReportContext and returns a plain dict (see blocks)."""

from __future__ import annotations

from .activities import activities
from .advice import recommendations, sources, strategy
from .compare import comparison, geography
from .front import cover, partners, summary
from .method import method

ORDER = ("cover", "summary", "partners", "comparison", "geography", "activities", "strategy", "recommendations",
         "sources", "method")
__all__ = ["ORDER", "activities", "comparison", "cover", "geography", "method", "partners", "recommendations",
           "sources", "strategy", "summary"]
