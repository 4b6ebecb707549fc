"""nbconvert exporters for an executed report notebook: `twinpdf` (Typst) and the print HTML.

Registered as the nbconvert exporter `twinpdf`, so `jupyter nbconvert --to twinpdf X.ipynb`
works on any notebook papermill made from the template. The PDF is typeset from the sections'
JSON bundles (see pdf.py); the HTML edition is the sections' text/html in a print page.
"""

from __future__ import annotations

from nbconvert.exporters import Exporter
from traitlets import Unicode, default


def report_title(nb, fallback: str = "") -> str:
    """The title the template's cover gives (its first section), else the fallback."""
    from .pdf import sections_of

    for s in sections_of(nb):
        for bl in s.get("blocks", []):
            if bl.get("type") == "cover":
                return bl["title"]
    return fallback


class TwinHTMLExporter(Exporter):
    """The HTML edition: the sections' text/html in one print page (no code, prompts or JavaScript)."""

    export_from_notebook = "twinlib HTML"
    output_mimetype = "text/html"
    report_title = Unicode("", help="Title of the page (default: the report's cover)").tag(config=True)
    language_code = Unicode("da", help="The page's language").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self):
        return ".html"

    def from_notebook_node(self, nb, resources=None, **kw):
        from .show import html_page

        # read-only use of the notebook: no deep copy, no preprocessors (nbconvert's default does both)
        resources = dict(resources or {})
        body = [o["data"]["text/html"] for c in nb.cells if c.cell_type == "code"
                for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
        title = self.report_title or report_title(nb, nb.metadata.get("name", ""))
        resources["output_extension"] = ".html"
        return html_page(title, self.language_code, body), resources


class TwinPDFExporter(Exporter):
    """The report's sections typeset by Typst: cover, running header, page x of y, bookmarks."""

    export_from_notebook = "twinlib PDF"
    output_mimetype = "application/pdf"
    report_title = Unicode("", help="PDF title (default: the report's cover)").tag(config=True)
    language_code = Unicode("", help="da or en (default: the notebook's lang parameter)").tag(config=True)

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    def from_notebook_node(self, nb, resources=None, **kw):
        from ..i18n import Messages
        from .pdf import sections_of, to_pdf

        resources = dict(resources or {})
        lang = self.language_code or nb.metadata.get("papermill", {}).get("parameters", {}).get("lang") or "da"
        m = Messages(lang)
        title = self.report_title or report_title(nb, "twinlib")
        pdf = to_pdf(sections_of(nb), title, lang, m("page.label"), keywords=(m("cover.kicker"),))
        resources["output_extension"] = ".pdf"
        return pdf, resources
