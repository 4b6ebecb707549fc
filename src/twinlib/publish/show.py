"""One way to put a section into a notebook: text/html for people, JSON for the PDF exporter.

`show(section)` displays the section's HTML (Jinja2, autoescaped: no markup from data can get
through) and the same section as `application/vnd.twinlib.section+json`, which the twinpdf
exporter typesets with Typst. JupyterLab shows the HTML; papermill keeps both.
"""

from __future__ import annotations

import json
from functools import lru_cache

from twinlib.publish.pdf import SECTION_MIME, TEMPLATES  # noqa: F401 - defined once, beside the PDF code
from twinlib.text import visible, visible_data


@lru_cache(maxsize=1)
def environment():
    """The one Jinja environment of every HTML twinlib writes (report sections, pages, the batch index):
    autoescaped, so no markup from data gets through; built once per process."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


def to_html(section: dict) -> str:
    return environment().get_template("section.html.j2").render(s=section)


def html_page(title: str, lang: str, sections_html: list[str], identity: dict | None = None) -> str:
    """The HTML edition: the sections' HTML (already escaped) in a page with the stylesheet, whose
    colours are the palette's (palette.css, generated from twinlib.figures.palette), and the
    consultant's identity above the cover (identity.for_cover; the logo as a data: URL)."""
    css = "".join((TEMPLATES / f).read_text(encoding="utf-8") for f in ("palette.css", "report.css"))
    page = environment().get_template("page.html.j2")
    return page.render(title=visible(title), lang=lang, css=css, body=visible("\n".join(sections_html)), who=identity)


def bundle(section: dict) -> dict:
    """The MIME bundle of a section; the JSON is checked to be plain data (it must survive a round
    trip), and control characters from data are made visible for the HTML and the PDF alike."""
    data = visible_data(json.loads(json.dumps(section, ensure_ascii=False)))
    return {"text/html": to_html(data), SECTION_MIME: data}


def show(section: dict) -> None:
    from IPython.display import display

    display(bundle(section), raw=True)
