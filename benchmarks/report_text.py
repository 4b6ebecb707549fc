"""Behaviour check for a restructure: the text of every report, before and after.

A move must not change what a reader sees. `snapshot DIR` makes all 98 reports into a scratch folder
and keeps only each PDF's text (read back with pypdf, as the PDF tests do); `compare A B` prints every difference
between two snapshots except the version line on the cover, and exits 1 when there is one.

    python benchmarks/report_text.py snapshot /tmp/text-before
    ... move code ...
    python benchmarks/report_text.py snapshot /tmp/text-after
    python benchmarks/report_text.py compare /tmp/text-before /tmp/text-after
"""

from __future__ import annotations

import argparse
import difflib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

# the cover's version line is the one line a move may change ("version 0.1.0 · ..." / git describe)
VERSION_LINE = re.compile(r"\bversion \d")


def snapshot(out: Path, twinlib: str) -> int:
    """Make every report into a scratch folder and keep the text of each PDF in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run([twinlib, "report", "--all", "--force", "--out", tmp], check=False)
        pdfs = sorted(Path(tmp).glob("*/*.pdf"))
        for pdf in pdfs:
            text = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
            (out / f"{pdf.parent.name}.txt").write_text(text, encoding="utf-8")
    print(f"{len(pdfs)} report texts in {out} (batch exit code {run.returncode})")
    return 0 if pdfs and run.returncode == 0 else 1


def _lines(path: Path) -> list[str]:
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if not VERSION_LINE.search(ln)]


def compare(before: Path, after: Path) -> int:
    """Print each report whose text differs (version line ignored); 1 if any differs or is missing."""
    names = sorted({p.name for p in before.glob("*.txt")} | {p.name for p in after.glob("*.txt")})
    changed = 0
    for name in names:
        a, b = before / name, after / name
        if not (a.exists() and b.exists()):
            print(f"{name}: only in {'before' if a.exists() else 'after'}")
            changed += 1
            continue
        diff = list(difflib.unified_diff(_lines(a), _lines(b), str(a), str(b), lineterm="", n=0))
        if diff:
            changed += 1
            print("\n".join(diff[:40]))
    print(f"{len(names)} reports compared, {changed} differ (version line ignored)")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot", help="make all reports and keep their PDF text")
    s.add_argument("out", type=Path)
    s.add_argument("--twinlib", default=shutil.which("twinlib") or str(Path(sys.executable).parent / "twinlib"))
    c = sub.add_parser("compare", help="compare two snapshots")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    a = p.parse_args(argv)
    return snapshot(a.out, a.twinlib) if a.cmd == "snapshot" else compare(a.before, a.after)


if __name__ == "__main__":
    sys.exit(main())
