"""The survey kit: the 2017 survey asked again, so the municipalities can say what public pages cannot.

`kit` writes per municipality the intake workbook extended with the survey's questions and its
unverified links, and a cover letter; `returns` imports the filled workbooks through the intake's
checks, staging and overlay (the municipality's word applies at once); `responses` says who answered
(`summary`, read by the national report).
"""

from twinlib.survey.kit import make_kit
from twinlib.survey.responses import load_responses, status_text, summary
from twinlib.survey.returns import import_returns

__all__ = ["import_returns", "load_responses", "make_kit", "status_text", "summary"]
