"""The national report's sections. Each takes a NationalContext and returns a plain dict (see
report.blocks); the national template shows them in `outline.ORDER`, through the same show() and
exporters as the municipal reports.
"""

from __future__ import annotations

from twinlib.report.national.back import limits, method
from twinlib.report.national.front import cover, summary
from twinlib.report.national.outline import ORDER
from twinlib.report.national.points import distribution, municipalities, regions, survey
from twinlib.report.national.policy import endings, policies, recommendations
from twinlib.report.national.world import change, world

__all__ = ["ORDER", "change", "cover", "distribution", "endings", "limits", "method", "municipalities", "policies",
           "recommendations", "regions", "summary", "survey", "world"]
