"""Where a warm worker's time goes: pyinstrument over N reports done the way a batch worker does them.

    .venv/bin/python benchmarks/profile_worker.py [N]      # prints the profile tree (needs pyinstrument)

The kernel side (notebook cells) runs in this process here, so one profile shows both halves:
reportkit (figures, tables) and the exporter + WeasyPrint.
"""

from __future__ import annotations

import sys

from pyinstrument import Profiler

from twinlib import paths, reportkit
from twinlib.batch import parameterize
from twinlib.exporter import TwinHTMLExporter, html_to_pdf

SECTIONS = ["cover", "key_figures", "summary_sentences", "partner_table", "partner_map", "benchmark",
            "denmark_map", "geography", "activities", "strategy_and_networks", "recommendations", "sources_page"]


def one(code: str, exporter) -> None:
    ctx = reportkit.context(code)
    outputs = [getattr(reportkit, s)(ctx) for s in SECTIONS]
    nb = parameterize(str(paths.NOTEBOOK_TEMPLATE), code, None, "da")
    # put the rendered sections into the code cells, as the kernel would
    cells = [c for c in nb.cells if c.cell_type == "code"][1:]
    for cell, out in zip(cells, outputs, strict=False):
        cell.outputs = [{"output_type": "display_data", "data": {"text/html": out.data}, "metadata": {}}]
    html, _ = exporter.from_notebook_node(nb)
    html_to_pdf(html)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    codes = ["101", "151", "370", "461", "621", "661", "751", "825", "851", "860"][:n]
    exporter = TwinHTMLExporter()
    one("621", exporter)  # warm-up, like a worker after its first report
    prof = Profiler(interval=0.002)
    prof.start()
    for c in codes:
        one(c, exporter)
    prof.stop()
    print(prof.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
