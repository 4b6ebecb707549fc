"""Name normalisation: one key per place however Wikipedia, Wikidata or a municipality spells it."""

from __future__ import annotations

import re
import unicodedata

# Letters that NFKD does not decompose into base + combining mark.
_SPECIAL = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ð": "d", "Ð": "D", "þ": "th",
     "Þ": "TH", "ł": "l", "Ł": "L", "ı": "i", "đ": "d", "Đ": "D", "œ": "oe", "Œ": "OE"}
)
_SUFFIXES = re.compile(
    r"\s+(municipality|kommune|kommun|district|city|kunta|gmina|urban municipality)$",
    re.IGNORECASE,
)
_DASHES = re.compile(r"\s+[–—-]\s+")


def strip_diacritics(text: str) -> str:
    """'Örebro' -> 'Orebro', 'Stykkishólmur' -> 'Stykkisholmur', 'Næstved' -> 'Naestved'.

    >>> strip_diacritics("Panevėžys")
    'Panevezys'
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_place(raw: str) -> tuple[str, str | None]:
    """Split 'Kandava (Tukums)' or 'Tukums – Kandava' into (place, parent).

    Wikipedia writes a place inside a larger unit in these two ways depending on the page.

    >>> split_place("Nakskov (Lolland)")
    ('Nakskov', 'Lolland')
    >>> split_place("Berlin – Steglitz-Zehlendorf")
    ('Steglitz-Zehlendorf', 'Berlin')
    >>> split_place("Örebro")
    ('Örebro', None)
    """
    text = " ".join(str(raw).split())
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    if m:
        return m.group(1).strip(), m.group(2).strip()
    parts = _DASHES.split(text)
    if len(parts) == 2:
        return parts[1].strip(), parts[0].strip()
    return text, None


def display_name(raw: str) -> str:
    """The place name to print: bracketed parent and administrative suffix removed.

    >>> display_name("Örebro Municipality")
    'Örebro'
    """
    place, _ = split_place(raw)
    return _SUFFIXES.sub("", place).strip()


def place_key(raw: str) -> str:
    """Matching key: case, diacritics, punctuation, suffix and parent unit ignored.

    >>> place_key("Örebro Municipality") == place_key("orebro")
    True
    >>> place_key("Anjō")
    'anjo'
    """
    name = strip_diacritics(display_name(raw)).casefold()
    return re.sub(r"[^a-z0-9]", "", name)


def relation_id(code: str, iso2: str, key: str) -> str:
    """A relation's stable id from municipality, country and partner key (place_key), never a row
    number: the build gives it, and the municipality's own word (statements, intake) finds the
    relation by it, so it is one shared rule here.

    >>> relation_id("621", "SE", "orebro")
    '621-se-orebro'
    """
    return f"{code}-{str(iso2).lower()}-{key}"


def slugify(name: str) -> str:
    """ASCII slug with Danish transliteration: 'Lyngby-Taarbæk' -> 'lyngby-taarbaek'.

    >>> slugify("Høje-Taastrup")
    'hoeje-taastrup'
    """
    text = name.translate(str.maketrans({"æ": "ae", "Æ": "ae", "ø": "oe", "Ø": "oe",
                                         "å": "aa", "Å": "aa"}))
    text = strip_diacritics(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def municipality_key(name: str) -> str:
    """Forgiving key for Danish municipality names: case, æøå/aa and 'Kommune' ignored.

    >>> municipality_key("Århus Kommune") == municipality_key("aarhus")
    True
    >>> municipality_key("Lyngby-Tårbæk") == municipality_key("Lyngby-Taarbæk")
    True
    """
    text = " ".join(str(name).split())
    text = re.sub(r"\s+(kommune|kommunes|municipality)$", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^(region)\s+", "", text, flags=re.IGNORECASE)
    text = text.casefold().replace("å", "aa").replace("æ", "ae").replace("ø", "oe")
    return re.sub(r"[^a-z0-9]", "", strip_diacritics(text))


def ascii_key(name: str) -> str:
    """municipality_key with æ, ø, å written as plain a, o, a — as on a keyboard without them.

    >>> ascii_key("Kobenhavn") == ascii_key("København") == ascii_key("Koebenhavn")
    True
    """
    key = municipality_key(name)
    return key.replace("aa", "a").replace("ae", "a").replace("oe", "o")



def alias_table(aliases) -> dict[tuple[str, str], tuple[str, str]]:
    """(iso2, place_key(alias)) -> (canonical name, canonical iso2) from data/reference/partner_aliases.csv.

    Normalising alone cannot join every spelling (Wittenberg / Lutherstadt Wittenberg), and an Åland
    town listed under Finland belongs to AX: an empty `canonical_iso2` keeps the alias's country.
    `aliases` is a DataFrame with columns iso2, alias, canonical, canonical_iso2.

    >>> import pandas as pd
    >>> alias_table(pd.DataFrame({"iso2": ["DE", "FI"], "alias": ["Wittenberg", "Mariehamn"],
    ...     "canonical": ["Lutherstadt Wittenberg", "Mariehamn"], "canonical_iso2": [None, "AX"]}))
    {('DE', 'wittenberg'): ('Lutherstadt Wittenberg', 'DE'), ('FI', 'mariehamn'): ('Mariehamn', 'AX')}
    """
    out = {}
    for a in aliases.itertuples(index=False):
        iso = a.canonical_iso2 if isinstance(a.canonical_iso2, str) and a.canonical_iso2 else a.iso2
        out[(a.iso2, place_key(a.alias))] = (a.canonical, iso)
    return out


def canonical_partner(name: str, iso2: str, table: dict) -> tuple[str, str]:
    """(name, iso2) as the alias table writes the partner; unchanged where no alias matches.

    >>> canonical_partner("Wittenberg", "DE", {("DE", "wittenberg"): ("Lutherstadt Wittenberg", "DE")})
    ('Lutherstadt Wittenberg', 'DE')
    >>> canonical_partner("Örebro", "SE", {})
    ('Örebro', 'SE')
    """
    return table.get((iso2, place_key(name)), (name, iso2))


# Danish alphabet order (as ICU's Danish collation): Æ Ø Å after Z, in that order; Ä sorts with Æ,
# Ö and Ő with Ø, Ü with Y. Æ Ø Å become the three characters after 'z' in ASCII.
_DANISH_ORDER = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "ő": "|", "å": "}", "ü": "y", "ű": "y"})


def collation_key(name: str, lang: str = "da") -> str:
    """Sort key for names as a reader of `lang` expects; one key for the index, notebooks and tables.

    Danish: case and other accents ignored, Æ Ø Å after Z, and Aa read as Å wherever it stands
    (Aabenraa and Faaborg as Åbenrå and Fåborg, as Danish lists and ICU's Danish collation have it).
    Other languages: case and accents ignored. Names equal under the key keep a fixed order (the
    name itself breaks the tie). PyICU would do this too, but it has no wheel to install offline.

    >>> sorted(["Aalborg", "Ærø", "Odense", "Århus", "Østrig", "Zürich", "Åland"], key=collation_key)
    ['Odense', 'Zürich', 'Ærø', 'Østrig', 'Åland', 'Aalborg', 'Århus']
    >>> sorted(["Faaborg-Midtfyn", "Fanø", "Frederiksberg"], key=collation_key)
    ['Fanø', 'Frederiksberg', 'Faaborg-Midtfyn']
    >>> sorted(["Örebro", "Oslo", "Øster", "Ålesund"], key=collation_key)
    ['Oslo', 'Örebro', 'Øster', 'Ålesund']
    >>> sorted(["Aalborg", "Ærø", "Odense", "Zürich"], key=lambda n: collation_key(n, "en"))
    ['Aalborg', 'Ærø', 'Odense', 'Zürich']
    """
    text = " ".join(str(name).split()).casefold()
    if lang == "da":
        text = text.replace("aa", "å").translate(_DANISH_ORDER)
    return strip_diacritics(text) + "\0" + str(name)
