"""The Typst step's memory: a batch worker typesets ~50 reports, and what Typst memoised for one
report must not stay alive for more than the next RELEASE_EVERY (see publish/pdf.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

GROWTH = """
import sys, tempfile
from pathlib import Path
import numpy as np
from PIL import Image
from twinlib.publish import pdf

def anon_mib():
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return int(status["RssAnon"].split()[0]) / 1024

pdf.EVICT_AGE = int(sys.argv[1])
rng = np.random.default_rng(0)
with tempfile.TemporaryDirectory() as tmp:
    for i in range(12):  # a new 800x800 figure each time, ~1.9 MiB decoded, as each report has its own
        pixels = rng.integers(0, 255, (800, 800, 3), dtype=np.uint8)
        Image.fromarray(pixels).save(Path(tmp) / "fig.png", compress_level=0)
        pdf.compiler().compile(input=b'#image("fig.png")', root=tmp)
        pdf.release_caches()
        if i == 1:
            base = anon_mib()
    print(anon_mib() - base)
"""


def _growth(evict_age: int) -> float:
    out = subprocess.run([sys.executable, "-c", GROWTH, str(evict_age)], capture_output=True, text=True,
                         check=True, timeout=120)
    return float(out.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_typst_memory_does_not_grow_with_each_document():
    from twinlib.publish.pdf import RELEASE_EVERY

    kept = _growth(0)  # without the release: ten documents' figures stay memoised
    released = _growth(10)  # released after every RELEASE_EVERY-th: at most that many stay
    assert kept > 30, f"the control should grow (Typst memoises each image): {kept:.1f} MiB"
    assert released < kept * (RELEASE_EVERY + 1) / 10, (
        f"grew {released:.1f} MiB over 10 documents (control: {kept:.1f} MiB, released every {RELEASE_EVERY})")


def test_every_pdf_releases_what_typst_memoised(monkeypatch):
    """The release is part of typesetting itself, so no caller (batch, nbconvert exporter) can forget it."""
    from twinlib.publish import pdf

    calls = []
    monkeypatch.setattr(pdf, "release_caches", lambda: calls.append(1))
    monkeypatch.setattr(pdf, "compiler", lambda: type("Fake", (), {"compile": lambda self, **kw: b"%PDF-fake"})())
    section = {"id": "cover", "blocks": [{"type": "para", "text": "x"}]}
    assert pdf.to_pdf([section], "Kolding", "da", "Side {page} af {pages}") == b"%PDF-fake"
    assert calls == [1]
