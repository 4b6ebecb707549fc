"""Charts in one restrained style: a small palette, Danish labels, readable at A4 width."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from twinlib import fmt  # noqa: E402

INK = "#1d2b36"
MAIN = "#1f5f7a"
ACCENT = "#d9822b"
MUTED = "#9aa8b4"
LIGHT = "#e6ecf0"
SEQUENTIAL = ["#f1f4f6", "#c9dbe5", "#93bbd0", "#5a96b3", "#2c6f8f", "#154a63"]
DPI = 100

plt.rcParams.update({
    "font.family": "DejaVu Sans", "font.size": 9, "axes.edgecolor": MUTED, "axes.labelcolor": INK,
    "xtick.color": INK, "ytick.color": INK, "axes.spines.top": False, "axes.spines.right": False,
    "axes.titlesize": 10, "axes.titleweight": "bold", "figure.dpi": DPI, "savefig.dpi": DPI,
})


def to_png_base64(fig) -> str:
    """Render and close: the kernel is reused for many reports, so figures must not pile up."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 1})
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def benchmark_chart(rows: pd.DataFrame, highlight: str, titles=("Antal venskabsbyer", "Pr. 10.000 indbyggere"),
                    locale: str = "da"):
    """Two panels: relations and relations per 10,000 inhabitants, highlighted row in accent.

    `rows` has label, relations, per_10k, kind ('self', 'peer', 'median').
    """
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 0.32 * len(rows) + 0.9), sharey=True)
    y = range(len(rows))[::-1]
    colors = [ACCENT if k == "self" else (MUTED if k == "median" else MAIN) for k in rows["kind"]]
    for ax, col, title, dec in [(axes[0], "relations", titles[0], 0), (axes[1], "per_10k", titles[1], 1)]:
        ax.barh(list(y), rows[col], color=colors, height=0.65)
        for yi, v in zip(y, rows[col], strict=True):
            ax.text(v, yi, " " + fmt.num(v, dec, locale=locale), va="center", fontsize=8, color=INK, parse_math=False)
        ax.set_title(title, loc="left")
        ax.set_xlim(0, max(float(rows[col].max()) * 1.25, 1))
        ax.tick_params(axis="x", labelsize=7)
    axes[0].set_yticks(list(y), [str(x).replace("$", r"\$") for x in rows["label"]])
    # fixed margins instead of tight_layout: same look for our labels, a fifth of the draw time
    fig.subplots_adjust(left=0.27, right=0.97, top=1 - 0.35 / fig.get_figheight(),
                        bottom=0.35 / fig.get_figheight(), wspace=0.12)
    return fig


def world_region_chart(mix: pd.DataFrame, name: str, all_label: str = "Alle danske kommuner",
                       axis_label: str = "Andel af venskabsbyerne (%)", locale: str = "da"):
    """Share of partners per world region: the municipality against all Danish relations."""
    mix = mix[(mix["count"] > 0) | (mix["national_count"] > 0)]
    fig, ax = plt.subplots(figsize=(7.2, 0.42 * len(mix) + 0.8))
    y = list(range(len(mix)))[::-1]
    h = 0.38
    ax.barh([v + h / 2 for v in y], mix["share"] * 100, height=h, color=ACCENT, label=name)
    ax.barh([v - h / 2 for v in y], mix["national_share"] * 100, height=h, color=MAIN, label=all_label)
    for yi, s in zip(y, mix["share"], strict=True):
        ax.text(s * 100, yi + h / 2, " " + fmt.pct(s, locale=locale), va="center", fontsize=7.5)
    for yi, s in zip(y, mix["national_share"], strict=True):
        ax.text(s * 100, yi - h / 2, " " + fmt.pct(s, locale=locale), va="center", fontsize=7.5)
    ax.set_yticks(y, mix["world_region"])
    ax.set_xlabel(axis_label)
    ax.set_xlim(0, max(float(mix["share"].max()), float(mix["national_share"].max())) * 115 + 1)
    ax.legend(frameon=False, loc="lower right", fontsize=8)
    fig.subplots_adjust(left=0.16, right=0.97, top=1 - 0.15 / fig.get_figheight(),
                        bottom=0.5 / fig.get_figheight())
    return fig


def as_image(fig):
    """A figure as an IPython PNG image, for notebooks (works with any matplotlib backend)."""
    from IPython.display import Image

    return Image(data=base64.b64decode(to_png_base64(fig)))
