"""One message catalogue per language for every text a report prints.

A catalogue is `messages/<lang>.yml` plus any `messages/<lang>/*.yml` (one file per topic, so
parts of the report keep their words together); a key defined twice is an error. Plural forms
come from CLDR through Babel: a key `x` with a plural has `x.one` and `x.other` (Danish and
English need no more), chosen by `m.plural("x", n)` — never by string tricks.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import Locale

from twinlib.files import load_yaml

LANGUAGES = ("da", "en")
HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=4)
def catalogue(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not available; choose one of {', '.join(LANGUAGES)}")
    files = [HERE / "messages" / f"{lang}.yml", *sorted((HERE / "messages" / lang).glob("*.yml"))]
    texts: dict[str, str] = {}
    for path in files:
        part = load_yaml(path.read_text(encoding="utf-8")) or {}
        twice = sorted(set(part) & set(texts))
        if twice:
            raise ValueError(f"{path}: message key(s) defined twice: {', '.join(twice)}")
        texts.update(part)
    return texts


def _one_stop(text: str) -> str:
    """A field that ends in an abbreviation ("m.fl.") before the message's own full stop prints one stop.

    >>> _one_stop("Sovende: A, B m.fl..")
    'Sovende: A, B m.fl.'
    """
    return text[:-1] if text.endswith("..") and not text.endswith("...") else text


class Messages:
    """m('key', field=value) -> text in the report's language; also plurals, countries and regions."""

    def __init__(self, lang: str = "da"):
        self.lang = lang
        self.texts = catalogue(lang)
        self.locale = Locale(lang)

    def __call__(self, key: str, **fields) -> str:
        return _one_stop(self.texts[key].format(**fields)) if fields else self.texts[key]

    def plural(self, key: str, n, **fields) -> str:
        """The CLDR plural form of `key` for the number n: 1 venskabsby, 2 venskabsbyer.

        >>> Messages("da").plural("n.twin_towns", 1), Messages("da").plural("n.twin_towns", 3)
        ('1 venskabsby', '3 venskabsbyer')
        """
        form = self.locale.plural_form(abs(n) if n == int(n) else n)
        text = self.texts.get(f"{key}.{form}", self.texts[f"{key}.other"])
        return _one_stop(text.format(n=n, **fields))

    def country(self, iso2: str) -> str:
        """Country name in the report language from CLDR (babel); Åland, Greenland, Faroe included."""
        return self.locale.territories.get(iso2, iso2)

    def world_region(self, name: str) -> str:
        return self.texts.get(f"wr.{name}", name)
