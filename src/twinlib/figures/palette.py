"""The one palette: every colour of the figures, the HTML edition, the batch index and the PDF.

The templates never repeat a value. `publish/templates/palette.css` (CSS custom properties, read by
the HTML edition and the index) and the palette partial `publish/templates/typst/palette.typ` are
generated from here by `python -m twinlib.figures.palette`; tests/publish/test_palette.py checks
that they agree and that no template or figure module writes a colour of its own.
"""

from __future__ import annotations

from pathlib import Path

INK = "#1d2b36"  # text, axis labels and ticks, map labels
MAIN = "#1f5f7a"  # headings, links, table rules, bars, partner arcs and dots
ACCENT = "#d9822b"  # this municipality: its outline, home marker and bar; the cover's kicker
# secondary text: sources, notes, page header and footer; 7.1:1 on white (WCAG AA needs 4.5:1)
MUTED = "#4a5a66"
GREY = "#9aa8b4"  # neutral graphics: median bars, unverified arcs, axes, leader lines, the grey light
RULE = "#c9dbe5"  # borders of boxes, rules between rows
BAND = "#f3f6f8"  # box fill and table stripes
GREEN, AMBER, RED = "#2f7a4b", "#d9a12b", "#b8453a"  # the traffic lights; RED also warnings
LAND = "#e6ecf0"  # countries on the partner maps
LAND_HOME = "#cfd9e0"  # Denmark on the partner maps
# the choropleth's six classes, CIE L* 93 (neutral grey: none), 82, 67, 52, 37, 22: even steps keep
# neighbours apart in print
CHOROPLETH = ("#ebeae5", "#b2d0e2", "#77aac8", "#3d83a9", "#1e5e78", "#10384d")
# the eight world regions (vocab.WORLD_REGIONS order) in the notebooks' stacked bars
REGIONS = (MAIN, "#5a96b3", ACCENT, "#8c6bb1", "#4d9a6a", "#c44e52", "#b8a34a", GREY)

# the colours the templates use, by the name they use
TEMPLATE_COLOURS = {"ink": INK, "main": MAIN, "accent": ACCENT, "muted": MUTED, "grey": GREY, "rule": RULE,
                    "band": BAND, "green": GREEN, "amber": AMBER, "red": RED}
TEMPLATES = Path(__file__).resolve().parents[1] / "publish" / "templates"
TYPST_BEGIN = "// palette: generated from twinlib/figures/palette.py (python -m twinlib.figures.palette)"
TYPST_END = "// end of palette"


def css() -> str:
    """palette.css: the template colours as CSS custom properties (`var(--main)`).

    >>> css().splitlines()[2]
    '  --ink: #1d2b36;'
    """
    rows = "".join(f"  --{name}: {value};\n" for name, value in TEMPLATE_COLOURS.items())
    return f"/* generated from twinlib/figures/palette.py (python -m twinlib.figures.palette) */\n:root {{\n{rows}}}\n"


def typst() -> str:
    """The palette partial of the Typst template: one `#let` per colour, the lights as a dictionary.

    >>> typst().splitlines()[1]
    '#let ink = rgb("#1d2b36")'
    """
    rows = [f'#let {name} = rgb("{value}")' for name, value in TEMPLATE_COLOURS.items()]
    rows.append("#let lights = (green: green, amber: amber, red: red, grey: grey)")
    return "\n".join([TYPST_BEGIN, *rows, TYPST_END]) + "\n"


def write(templates: Path = TEMPLATES) -> None:
    """Regenerate palette.css and the Typst palette partial after a colour changed here."""
    from twinlib.files import atomic_write

    atomic_write(templates / "palette.css", css())
    atomic_write(templates / "typst" / "palette.typ", typst())


if __name__ == "__main__":
    write()
