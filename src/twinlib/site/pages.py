"""The web edition's pages, one language tree at a time: Danish at the site's root, English under en/.

Pages are rendered by the one Jinja environment (publish/show.environment, autoescaped: names and
URLs from data cannot inject markup), with this package's templates in front of its loader. Every
link is relative, so the site works from file:// and from any folder of any static host.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from twinlib import __version__, fmt
from twinlib.files import atomic_write
from twinlib.i18n import Messages
from twinlib.outpaths import inside

TEMPLATES = Path(__file__).resolve().parent / "templates"
SECOND = "en"  # the English edition's folder; Danish is the site's root


@lru_cache(maxsize=1)
def environment():
    """publish/show's environment with the site's templates first (same autoescaping and settings)."""
    from jinja2 import ChoiceLoader, FileSystemLoader

    from twinlib.publish.show import environment as shared

    base = shared()
    return base.overlay(loader=ChoiceLoader([FileSystemLoader(str(TEMPLATES)), base.loader]))


def tree(site: Path, lang: str) -> Path:
    return site if lang == "da" else site / SECOND


def links(lang: str, page: str) -> dict[str, str]:
    """Relative prefixes of a page: to the site's root (assets, reports, data), to its language tree,
    and the same page in the other language.

    >>> links("en", "municipality/621-kolding.html")["root"], links("da", "index.html")["other"]
    ('../../', 'en/index.html')
    """
    depth = page.count("/")
    root = "../" * (depth + (lang != "da"))
    other = f"{root}{SECOND}/{page}" if lang == "da" else f"{root}{page}"
    return {"root": root, "home": "../" * depth, "other": other}


def write_page(site: Path, lang: str, page: str, template: str, today: dt.date, **context) -> Path:
    """Render one page of one language tree and write it atomically; returns its path."""
    m = Messages(lang)
    html = environment().get_template(template).render(
        lang=lang, m=m, page=page, made=m("site.made", date=fmt.date(today, locale=lang), version=__version__),
        **links(lang, page), **context)
    target = inside(site, tree(site, lang) / page)
    atomic_write(target, html)
    return target


def write_language(site: Path, lang: str, content: dict, today: dt.date) -> list[Path]:
    """Every page of one language: home, relations, countries, downloads, one per municipality and
    per partner country. `content` is what build.py assembled for this language."""
    c = content
    pages = [write_page(site, lang, "index.html", "home.html.j2", today, figures=c["figures"], map=c["map"],
                        municipalities=c["municipalities"], countries=c["countries"], subset=c["subset"]),
             write_page(site, lang, "relations.html", "relations.html.j2", today, rows=c["rows"],
                        filters=c["filters"]),
             write_page(site, lang, "countries.html", "countries.html.j2", today, countries=c["countries"]),
             write_page(site, lang, "downloads.html", "downloads.html.j2", today, files=c["files"],
                        sources=c["sources"])]
    for mu in c["municipalities"]:
        pages.append(write_page(site, lang, mu["href"], "municipality.html.j2", today, mu=mu))
    for co in c["countries"]:
        pages.append(write_page(site, lang, co["href"], "country.html.j2", today, country=co))
    return pages
