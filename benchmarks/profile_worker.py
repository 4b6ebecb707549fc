"""Where a warm worker's time goes: pyinstrument over N reports done the way a batch worker does them.

    .venv/bin/python benchmarks/profile_worker.py [N]      # prints the profile tree (needs pyinstrument)

The template's cells run in this process, as in a batch worker, so one profile shows both halves:
the sections (figures, tables) and the exporters (HTML edition, Typst PDF).
"""

from __future__ import annotations

import sys

from pyinstrument import Profiler

from twinlib import paths
from twinlib.batch.render import Exporters, parameterize
from twinlib.publish import show
from twinlib.report import sections
from twinlib.report.context import context


def one(code: str, exporters: Exporters) -> None:
    ctx = context(code, fingerprint="profile")  # as in a warm kernel: the tables keyed on the batch's fingerprint
    outputs = [getattr(sections, name)(ctx) for name in sections.ORDER]
    nb = parameterize(str(paths.notebook_template()), code, None, "da")
    # put the sections into the code cells, as the kernel would
    cells = [c for c in nb.cells if c.cell_type == "code"][-len(outputs):]
    for cell, section in zip(cells, outputs, strict=True):
        cell.outputs = [{"output_type": "display_data", "data": show.bundle(section), "metadata": {}}]
    exporters.export(nb, ctx.name, "da")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    codes = ["101", "151", "370", "461", "621", "661", "751", "825", "851", "860"][:n]
    exporters = Exporters()
    one("621", exporters)  # warm-up, like a worker after its first report
    prof = Profiler(interval=0.002)
    prof.start()
    for c in codes:
        one(c, exporters)
    prof.stop()
    print(prof.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
