"""Report sections (JSON bundles of an executed notebook) -> PDF with Typst, in-process.

Typst typesets a 12-page report in well under 0.1 s; the compiler (fonts loaded once) is kept per
process. Figures travel as PNG in the sections and are written beside the document for Typst.
Fonts: DejaVu Sans as shipped with matplotlib, so no system font is needed.

Every PDF is PDF/UA-1 (Danish public bodies must publish accessible documents): Typst tags the
structure and refuses to write a document that breaks the standard (an image without alternative
text, a missing title or language), so the build itself is the check.
"""

from __future__ import annotations

import base64
import json
import tempfile
from functools import lru_cache
from pathlib import Path

SECTION_MIME = "application/vnd.twinlib.section+json"  # a report section as JSON (see show.py)
PDF_STANDARDS = ["ua-1"]
TEMPLATES = Path(__file__).resolve().parent / "templates"


def sections_of(nb) -> list[dict]:
    """The section bundles of an executed notebook, in cell order."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            data = o.get("data", {})
            if SECTION_MIME in data:
                out.append(data[SECTION_MIME])
    return out


@lru_cache(maxsize=1)
def compiler():
    import importlib.util

    import typst

    # matplotlib's own DejaVu fonts, found without importing matplotlib (a batch worker need not)
    mpl = Path(importlib.util.find_spec("matplotlib").submodule_search_locations[0])
    fonts = str(mpl / "mpl-data" / "fonts" / "ttf")
    return typst.Compiler(font_paths=[fonts], ignore_system_fonts=True)


# typst-py drops memoised results only when they have gone unused for 10 compilations
# (comemo::evict(10) after every compile, src/compiler.rs of messense/typst-py) and offers no evict
# of its own, so a batch worker kept about ten reports' decoded figures and layouts alive (≈ 150 MiB).
# Compiling an empty document that many times ages one report's entries out (≈ 6 ms per report,
# most of it the freeing itself).
EVICT_AGE = 10


@lru_cache(maxsize=1)
def _blank_compiler():
    import typst

    return typst.Compiler(ignore_system_fonts=True)


def release_caches() -> None:
    """Let Typst free what it memoised for the last document (see EVICT_AGE)."""
    blank = _blank_compiler()
    for _ in range(EVICT_AGE):
        blank.compile(input=b"")


@lru_cache(maxsize=1)
def _template() -> bytes:
    return (TEMPLATES / "report.typ").read_bytes()


def to_pdf(sections: list[dict], title: str, lang: str, page_label: str, keywords: tuple[str, ...] = (),
           footer_note: str | None = None, identity: dict | None = None) -> bytes:
    """Typeset the sections; `page_label` is e.g. 'Side {page} af {pages}'; `footer_note`, when
    given, is printed in every page's footer (data changed since the build, --allow-modified);
    `identity` is the consultant's block for the cover and the authors (identity.for_cover)."""
    if not sections:
        raise ValueError("the notebook holds no report sections (was it executed?)")
    with tempfile.TemporaryDirectory(prefix="twinlib-typst-") as tmp:
        doc = []
        for i, s in enumerate(sections):
            blocks = []
            for j, bl in enumerate(s["blocks"]):
                if bl.get("type") == "figure":
                    name = f"fig-{i}-{j}.png"
                    (Path(tmp) / name).write_bytes(base64.b64decode(bl["png"]))
                    bl = {k: v for k, v in bl.items() if k != "png"} | {"file": "/" + name}
                blocks.append(bl)
            doc.append(s | {"blocks": blocks})
        if identity and identity.get("logo"):  # Typst reads files only under its root: a copy goes there
            logo = Path(identity["logo"])
            (Path(tmp) / f"logo{logo.suffix.lower()}").write_bytes(logo.read_bytes())
            identity = identity | {"logo": f"/logo{logo.suffix.lower()}"}
        data = json.dumps({"title": title, "lang": lang, "page_label": page_label, "keywords": list(keywords),
                           "footer_note": footer_note, "identity": identity, "sections": doc}, ensure_ascii=False)
        try:
            return compiler().compile(input=_template(), root=tmp, sys_inputs={"data": data},
                                     pdf_standards=PDF_STANDARDS)
        finally:
            release_caches()
