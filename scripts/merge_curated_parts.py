"""Merge the per-region research files (data/curated/parts/*_<table>.csv) into data/curated/<table>.csv.

Run once after a research round; afterwards the merged files are the hand-kept source of truth.
"""

from __future__ import annotations

import sys
from pathlib import Path

from twinlib import paths
from twinlib.files import atomic_write
from twinlib.pipeline import curated


def main() -> int:
    parts = Path(sys.argv[1]) if len(sys.argv) > 1 else paths.curated_dir() / "parts"
    for name, df in curated.merge_parts(parts).items():
        target = paths.curated_dir() / f"{name}.csv"
        atomic_write(target, df.to_csv(index=False, lineterminator="\n"))
        print(f"{target}: {len(df)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
