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
    from twinlib.i18n import Messages
    from twinlib.publish import identity
    from twinlib.publish.show import html_page

    body = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    who = identity.for_cover(identity.from_metadata(nb.metadata.get("twinlib", {}).get("identity")), Messages(lang))
    if who and who["logo"]:
        who = who | {"logo": identity.data_url(who["logo"])}
    return html_page(title, lang, body, who)


def pdf_edition(nb, title: str, lang: str) -> bytes:
    """The PDF; the notebook's metadata may carry changed data files (--allow-modified) and the
    consultant's identity (--identity)."""
    from twinlib.i18n import Messages
    from twinlib.publish import identity
    from twinlib.publish.pdf import sections_of, to_pdf

    m = Messages(lang)
    meta = nb.metadata.get("twinlib", {})
    modified = meta.get("modified_data") or []
    note = m("footer.modified_data", files=", ".join(modified)) if modified else None
    who = identity.for_cover(identity.from_metadata(meta.get("identity")), m)
    return to_pdf(visible_data(sections_of(nb)), visible(title), lang, m("page.label"), keywords=(m("cover.kicker"),),
                  footer_note=note and visible(note), identity=who)
