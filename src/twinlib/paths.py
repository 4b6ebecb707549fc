"""Where things live. Defaults resolve relative to the checkout so a clone works without ../shared."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parents[1]
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
CURATED_DIR = DATA_DIR / "curated"
PROCESSED_DIR = DATA_DIR / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOK_TEMPLATE = PROJECT_ROOT / "notebooks" / "templates" / "kommune_report.ipynb"


def default_sources_dir() -> Path:
    """Raw sources sit beside the checkout (../shared/data-sources) unless TWINLIB_SOURCES says so."""
    env = os.environ.get("TWINLIB_SOURCES")
    if env:
        return Path(env)
    return PROJECT_ROOT.parent / "shared" / "data-sources"


def processed_dir(data_dir: str | Path | None = None) -> Path:
    """The processed tables to read: an explicit data dir, TWINLIB_DATA, or the committed default."""
    if data_dir:
        return Path(data_dir)
    env = os.environ.get("TWINLIB_DATA")
    return Path(env) if env else PROCESSED_DIR
