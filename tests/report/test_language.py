"""Each edition speaks one language: no English word in the Danish edition, no Danish word in the
English one, and Danish typography (no ISO dates in running text, one quote style).

The word lists are drawn from the catalogues themselves: a lower-case word that only the English
catalogue uses is English, one that only the Danish catalogue uses is Danish. Names (capitalised
words), quoted titles and URLs are data, not language, and are left out.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from twinlib import i18n
from twinlib.report import sections
from twinlib.report.context import context

TODAY = dt.date(2026, 12, 6)
SAMPLE = ["Kolding", "Ballerup", "Aalborg", "Læsø", "København", "Ærø", "Tønder", "Herning", "Gladsaxe", "Odense",
          "Bornholm", "Aabenraa"]
WORD = re.compile(r"(?<![\w/.-])[a-zæøåéü]+(?:-[a-zæøåéü]+)*(?![\w/.-])")
# words both languages use, or that the catalogues spell alike only by accident of inflection
SHARED = {"a", "i", "by", "under", "over", "to", "se", "al", "fem", "link", "via", "median"}
NAME = r"\b[A-ZÆØÅÄÖÜ][\w'.-]*"
PARTICLES = r"an|der|in|am|im|upon|on|of|the|and|for|de|la|le|del|di|sur|bei|ob"


def _words(texts) -> set[str]:
    return {w for t in texts for w in WORD.findall(_strip(t))}


def _strip(text: str) -> str:
    """Leave out what is data, not language: quoted titles, URLs, placeholders, names."""
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"»[^«]*«|“[^”]*”|\{[^}]*\}", " ", text)
    # names with lower-case particles: Krems an der Donau, Neustadt in Holstein, Union of the Baltic Cities
    text = re.sub(rf"{NAME}(?:(?:\s+(?:{PARTICLES}))+\s+{NAME})+", " ", text)
    return re.sub(NAME, " ", text)


@pytest.fixture(scope="module")
def only():
    da, en = _words(i18n.catalogue("da").values()), _words(i18n.catalogue("en").values())
    return {"da": (da - en) - SHARED, "en": (en - da) - SHARED}


def _edition_text(name: str, lang: str) -> list[str]:
    ctx = context(name, lang=lang, today=TODAY)
    out = []
    for key in sections.ORDER:
        section = getattr(sections, key)(ctx)
        out += [s for s in _strings(section)]
    return out


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            if k not in ("png", "type", "style", "status", "verdict", "key", "colors", "entries"):
                yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


@pytest.mark.slow  # runs a kernel, a build or every section of twelve reports
@pytest.mark.parametrize("lang,other", [("da", "en"), ("en", "da")])
def test_no_word_of_the_other_language(only, lang, other):
    found = {}
    for name in SAMPLE:
        stray = _words(_edition_text(name, lang)) & only[other]
        if stray:
            found[name] = sorted(stray)
    assert found == {}, json.dumps(found, ensure_ascii=False)


@pytest.mark.slow  # builds a whole report context or imports through the CLI
def test_danish_typography():
    for name in SAMPLE[:6]:
        for text in _edition_text(name, "da"):
            prose = re.sub(r"https?://\S+", " ", text)
            assert not re.search(r"\b(19|20)\d\d-\d\d-\d\d\b", prose), (name, text)  # dates: '11. juni 2024'
            # one quote style, the Danish »…«: never «…» (an opening « or a closing »)
            assert not re.search(r"(^|[\s(])«|\w»", prose), (name, text)
            assert not re.search(r"[a-zæøå,] Øvrige Europa", prose), (name, text)  # lower case mid-sentence
