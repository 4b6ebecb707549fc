"""The two editions of an executed report notebook: HTML (the sections' text/html) and PDF (Typst).

Shared by the engine (render.py) and the nbconvert exporters (exporter.py), so both give the same
files; kept free of nbconvert so a batch worker does not have to load it.
"""

from __future__ import annotations

from twinlib.text import visible, visible_data


def report_title(nb, fallback: str = "") -> str:
    """The title the template's cover gives (its first section), else the fallback."""
    from twinlib.publish.pdf import sections_of

    for s in sections_of(nb):
        for bl in s.get("blocks", []):
            if bl.get("type") == "cover":
                return bl["title"]
    return fallback


def language(nb, default: str = "da") -> str:
    """The notebook's papermill `lang` parameter."""
    return nb.metadata.get("papermill", {}).get("parameters", {}).get("lang") or default


def html_edition(nb, title: str, lang: str) -> str:
    from twinlib.publish.show import html_page

    body = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    return html_page(title, lang, body)


def pdf_edition(nb, title: str, lang: str) -> bytes:
    from twinlib.i18n import Messages
    from twinlib.publish.pdf import sections_of, to_pdf

    m = Messages(lang)
    modified = nb.metadata.get("twinlib", {}).get("modified_data") or []
    note = m("footer.modified_data", files=", ".join(modified)) if modified else None
    return to_pdf(visible_data(sections_of(nb)), visible(title), lang, m("page.label"), keywords=(m("cover.kicker"),),
                  footer_note=note and visible(note))
