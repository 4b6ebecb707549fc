"""Report sections as plain data: small constructors for the blocks a section is made of.

A section is a dict {"key", "heading", "intro", "blocks"}; every block is a dict with a "type"
and only str/int/float/list values, so it travels as JSON in the notebook and is rendered by
the HTML (Jinja2) and PDF (Typst) templates alike. No block holds markup: escaping is the
templates' job.
"""

from __future__ import annotations

import base64

import pandas as pd

from twinlib import fmt


def section(key: str, heading: str | None, intro: str | None, blocks: list[dict]) -> dict:
    return {"key": key, "heading": heading, "intro": intro, "blocks": [b for b in blocks if b]}


def para(text: str, style: str = "") -> dict:
    """A paragraph; style '' | 'lead' (summary) | 'warning' | 'note' (small print)."""
    return {"type": "p", "text": str(text), "style": style}


def subheading(text: str) -> dict:
    return {"type": "h3", "text": str(text)}


def facts(rows: list[tuple[str, str]], style: str = "keyfigures") -> dict:
    """Label/value pairs: the key-figure box, or the cover's facts."""
    return {"type": "facts", "style": style, "rows": [[str(k), str(v)] for k, v in rows]}


def table(df: pd.DataFrame, numeric: tuple[str, ...] = (), widths: list[float] | None = None) -> dict:
    """A data table: header, rows of strings, which columns are numeric (right-aligned)."""
    cols = [str(c) for c in df.columns]
    rows = [["–" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v) for v in r]
            for r in df.itertuples(index=False, name=None)]  # plain tuples: no class made per table
    return {"type": "table", "columns": cols, "rows": rows, "numeric": [c in numeric for c in cols],
            "widths": widths}


def items(texts: list[str], style: str = "") -> dict:
    return {"type": "list", "style": style, "items": [str(t) for t in texts]}


def figure(fig, caption: str, source: str, *, alt: str, width: float = 1.0) -> dict:
    """A matplotlib figure as PNG (base64) with its caption, source and alternative text (what the
    figure shows, for a screen reader: the PDF is PDF/UA); the figure is closed."""
    from twinlib.figures.plots import to_png_base64

    return {"type": "figure", "png": to_png_base64(fig), "caption": caption, "source": source, "alt": alt,
            "width": width}


def figure_png(png: bytes, caption: str, source: str, *, alt: str, width: float = 1.0) -> dict:
    """A figure already rendered to PNG (a cached map with this report's layer on top)."""
    return {"type": "figure", "png": base64.b64encode(png).decode("ascii"), "caption": caption, "source": source,
            "alt": alt, "width": width}


def light(n: int, title: str, status: str, label: str, evidence: str, next_label: str, next_step: str) -> dict:
    """One assessed recommendation: traffic light, evidence sentence, next step."""
    return {"type": "rec", "n": n, "title": title, "status": status, "label": label, "evidence": evidence,
            "next_label": next_label, "next": next_step}


def card(title: str, verdict: str, verdict_label: str, rows: list[tuple[str, str]], reason: str) -> dict:
    """One relation card: the partner as its title, label/value rows, and the verdict with its reason.
    `verdict` is the code (keep · renew · confirm · end) the templates colour by."""
    return {"type": "card", "title": str(title), "verdict": verdict, "verdict_label": str(verdict_label),
            "rows": [[str(k), str(v)] for k, v in rows], "reason": str(reason)}


def cover(kicker: str, title: str, sub: str, rows: list[tuple[str, str]], colophon: str) -> dict:
    return {"type": "cover", "kicker": kicker, "title": title, "sub": sub,
            "facts": [[str(k), str(v)] for k, v in rows], "colophon": colophon}


class Numbers:
    """Numbers in the report's language (1.234,5 / 40,5 %)."""

    def __init__(self, lang: str):
        self.lang = lang

    def n(self, value, decimals: int = 0) -> str:
        return fmt.num(value, decimals, locale=self.lang)

    def pct(self, share, decimals: int = 0) -> str:
        return fmt.pct(share, decimals, locale=self.lang)

    def year(self, value) -> str:
        return "–" if value is None or pd.isna(value) else str(int(value))



def bars(categories: list[str], panels: list[dict], caption: str, source: str, legend: bool = False,
         axis_label: str | None = None) -> dict:
    """A horizontal bar chart as data, drawn by the templates (HTML: CSS, PDF: Typst) — no image.

    `panels`: [{"title", "max", "series": [{"name", "values", "labels", "colors"}]}]; a colour is a
    key of the house palette: self/accent, peer/main, median/muted.
    """
    return {"type": "bars", "categories": [str(c) for c in categories], "panels": panels, "legend": legend,
            "axis_label": axis_label, "caption": caption, "source": source}


def series(values, labels, colors, name: str | None = None) -> dict:
    return {"name": name, "values": [float(v) for v in values], "labels": [str(x) for x in labels],
            "colors": list(colors)}
