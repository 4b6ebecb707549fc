"""Charts in one restrained style: a small palette, Danish labels, readable at A4 width."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

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


def as_image(fig):
    """A figure as an IPython PNG image, for notebooks (works with any matplotlib backend)."""
    from IPython.display import Image

    return Image(data=base64.b64decode(to_png_base64(fig)))
