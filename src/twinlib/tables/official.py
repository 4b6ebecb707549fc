"""Official municipality names in each language (data/reference/official_names.csv), read once.

A reference reader like the others in tables/: the report's cover, the survey kit's letters and the
site all name a municipality the same way.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from twinlib import i18n, paths


@lru_cache(maxsize=1)
def official_names() -> dict[tuple[str, str], str]:
    """(code, lang) -> official name, from data/reference/official_names.csv (the exceptions matter:
    Københavns Kommune, Bornholms Regionskommune, Høje-Taastrup Kommune)."""
    path = paths.reference_dir() / "official_names.csv"
    if not path.is_file():
        return {}
    df = pd.read_csv(path, dtype=str)
    return {(r.code, lang): getattr(r, f"name_{lang}") for r in df.itertuples(index=False) for lang in i18n.LANGUAGES
            if isinstance(getattr(r, f"name_{lang}", None), str)}


def official_name(code: str, name: str, m: i18n.Messages) -> str:
    """The official name; the rule '<name> Kommune' when the file has none for this code and language."""
    return official_names().get((str(code), m.lang)) or m("kommune", name=name)
