"""One message catalogue per language (twinlib/messages/<lang>.yml) for every text a report prints."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale

LANGUAGES = ("da", "en")
HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=4)
def catalogue(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not available; choose one of {', '.join(LANGUAGES)}")
    return yaml.safe_load((HERE / "messages" / f"{lang}.yml").read_text(encoding="utf-8"))


class Messages:
    """m('key', field=value) -> text in the report's language; also country and region names."""

    def __init__(self, lang: str = "da"):
        self.lang = lang
        self.texts = catalogue(lang)

    def __call__(self, key: str, **fields) -> str:
        return self.texts[key].format(**fields) if fields else self.texts[key]

    def country(self, iso2: str) -> str:
        """Country name in the report language from CLDR (babel); Åland, Greenland, Faroe included."""
        return Locale(self.lang).territories.get(iso2, iso2)

    def world_region(self, name: str) -> str:
        return self.texts.get(f"wr.{name}", name)
