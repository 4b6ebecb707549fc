"""The one-page cover letter (PDF/UA-1, Typst, the report's publish/pdf.py compiler): addressed by role,
never to a named person; it says what is asked, why, and how the answers are used."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

from twinlib import __version__, fmt, i18n
from twinlib.publish import pdf

TEMPLATE = "survey_letter.typ"


@lru_cache(maxsize=1)
def _template() -> bytes:
    return (pdf.TEMPLATES / TEMPLATE).read_bytes()


def letter_content(official: str, current: int, unverified: int, workbook_name: str, today: dt.date,
                   lang: str = "da") -> dict:
    """The letter's texts from the message catalogue (pure: no file is read but the catalogue).

    >>> c = letter_content("Kolding Kommune", 13, 1, "spoergeskema-621-kolding.xlsx", dt.date(2026, 12, 6))
    >>> c["to"], c["date"]
    ('Til den internationale koordinator / kommunaldirektøren', 'Dato: 6. december 2026')
    >>> "i dag 13 bekræftet aktive venskabsbyer og 1 forbindelse, som kun offentlige lister" in c["known"]
    True
    """
    m = i18n.Messages(lang)
    return {"title": m("survey.letter.title", name=official), "lang": lang,
            "keywords": [k.strip() for k in m("survey.letter.keywords").split(",")],
            "to": m("survey.letter.to"), "addressee": official, "date": m("survey.letter.date",
                                                                        date=fmt.date(today, locale=lang)),
            "heading": m("survey.letter.heading"), "why": m("survey.letter.why"),
            "known": m("survey.letter.known", name=official, current=m.plural("survey.n.current", current),
                       unverified=m.plural("survey.n.unverified", unverified)),
            "asks": m("survey.letter.asks", file=workbook_name),
            "items": [m(f"survey.letter.ask_{k}") for k in ("links", "activities", "questions")],
            "use": m("survey.letter.use"), "reply": m("survey.letter.reply"), "thanks": m("survey.letter.thanks"),
            "footer": m("survey.letter.footer", version=__version__)}


def letter_pdf(content: dict) -> bytes:
    """Typeset the letter as PDF/UA-1 (Typst refuses a document that breaks the standard)."""
    data = json.dumps(content, ensure_ascii=False)
    try:
        return pdf.compiler().compile(input=_template(), sys_inputs={"data": data}, pdf_standards=pdf.PDF_STANDARDS)
    finally:
        pdf.release_caches()
