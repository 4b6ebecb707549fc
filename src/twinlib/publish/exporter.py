"""nbconvert exporters for an executed report notebook: `twinpdf` (Typst) and the print HTML.

Registered as the nbconvert exporter `twinpdf`, so `jupyter nbconvert --to twinpdf X.ipynb`
works on any notebook papermill made from the template. The PDF is typeset from the sections'
JSON bundles (see pdf.py); the HTML edition is the sections' text/html in a print page.
"""

from __future__ import annotations

from nbconvert.exporters import Exporter
from traitlets import Unicode, default

from twinlib.publish import editions


class _ReportExporter(Exporter):
    """What both editions share: the title and language traits, and reading the notebook as is
    (no deep copy, no preprocessors: nbconvert's default does both, and the notebook is not changed)."""

    report_title = Unicode("", help="Title (default: the report's cover)").tag(config=True)
    language_code = Unicode("", help="da or en (default: the notebook's lang parameter)").tag(config=True)
    extension = ".out"

    @default("file_extension")
    def _file_extension_default(self):
        return self.extension

    def language(self, nb) -> str:
        return self.language_code or editions.language(nb)

    def title(self, nb) -> str:
        return self.report_title or editions.report_title(nb, nb.metadata.get("name", "") or "twinlib")

    def render(self, nb) -> str | bytes:
        raise NotImplementedError

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = dict(resources or {})
        resources["output_extension"] = self.extension
        return self.render(nb), resources


class TwinHTMLExporter(_ReportExporter):
    """The HTML edition: the sections' text/html in one page (no code, prompts or JavaScript)."""

    export_from_notebook = "twinlib HTML"
    output_mimetype = "text/html"
    extension = ".html"

    def render(self, nb) -> str:
        return editions.html_edition(nb, self.title(nb), self.language(nb))


class TwinPDFExporter(_ReportExporter):
    """The report's sections typeset by Typst: cover, running header, page x of y, bookmarks."""

    export_from_notebook = "twinlib PDF"
    output_mimetype = "application/pdf"
    extension = ".pdf"

    def render(self, nb) -> bytes:
        return editions.pdf_edition(nb, self.title(nb), self.language(nb))
