"""nbconvert exporter: executed report notebook -> PDF through a print template and WeasyPrint.

Registered as the nbconvert exporter `twinpdf`, so `jupyter nbconvert --to twinpdf X.ipynb`
works. The stylesheet is deliberately small: with WeasyPrint, CSS size dominates render time.
"""

from __future__ import annotations

from pathlib import Path

from nbconvert.exporters import HTMLExporter
from traitlets import Unicode, default

HERE = Path(__file__).resolve().parent


class TwinHTMLExporter(HTMLExporter):
    """Print-ready HTML: no code, no prompts, no JavaScript, the twinlib stylesheet inlined."""

    export_from_notebook = "twinlib print HTML"
    report_title = Unicode("", help="Title in the running header (default: notebook metadata)").tag(config=True)

    @default("template_name")
    def _template_name_default(self):
        return "twinpdf"

    @default("template_file")
    def _template_file_default(self):
        return "index.html.j2"

    @default("extra_template_basedirs")
    def _extra_dirs_default(self):
        return [str(HERE / "templates")]

    @default("exclude_input")
    def _exclude_input_default(self):
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    @default("language_code")
    def _language_default(self):
        return "da"

    @default("anchor_link_text")
    def _anchor_default(self):
        return ""

    def _init_resources(self, resources):
        resources = super()._init_resources(resources)
        resources["twinlib_css"] = (HERE / "report.css").read_text(encoding="utf-8")
        return resources

    def from_notebook_node(self, nb, resources=None, **kw):
        resources = dict(resources or {})
        meta = nb.metadata.get("twinlib", {})
        resources.setdefault("report_title", self.report_title or meta.get("title", ""))
        return super().from_notebook_node(nb, resources=resources, **kw)


class TwinPDFExporter(TwinHTMLExporter):
    """The same HTML rendered to PDF by WeasyPrint (Pango; no browser, no TeX)."""

    export_from_notebook = "twinlib PDF"
    output_mimetype = "application/pdf"

    @default("file_extension")
    def _file_extension_default(self):
        return ".pdf"

    def from_notebook_node(self, nb, resources=None, **kw):
        html, resources = super().from_notebook_node(nb, resources=resources, **kw)
        resources["output_extension"] = ".pdf"
        return html_to_pdf(html), resources


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(HERE)).write_pdf()
