"""Where things live, for a source checkout and for an installed wheel alike.

The checkout's top-level data/ and notebooks/ are the one source of truth; a built wheel carries
a copy of what a report needs (setup.py puts it under twinlib/_bundled/ with the same layout).
Read-only inputs come from the checkout when running from one (editable install), else from that
copy; outputs go under the current directory, never into the checkout or site-packages.
"""

from __future__ import annotations

import atexit
import contextlib
import os
from importlib.resources import as_file, files
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLE = "_bundled"  # the wheel's copy of data/reference, data/processed and the report template
TEMPLATE = "notebooks/templates/kommune_report.ipynb"
# the data package descriptor the build writes beside the processed tables
DATA_PACKAGE = "datapackage.json"
# set to "1" (by --allow-modified) to use processed tables changed since the build, said on every page
ALLOW_ENV = "TWINLIB_ALLOW_MODIFIED"

_resources = contextlib.ExitStack()  # as_file() copies only for a zipped install; cleaned at exit
atexit.register(_resources.close)


def checkout_root() -> Path | None:
    """The source checkout twinlib runs from (src/twinlib beside pyproject.toml), or None when installed."""
    root = PACKAGE_DIR.parents[1]
    return root if PACKAGE_DIR.parent.name == "src" and (root / "pyproject.toml").is_file() else None


def bundled(rel: str) -> Path:
    """A file or folder of the copy inside the installed package, as a real path."""
    return _resources.enter_context(as_file(files(__package__).joinpath(BUNDLE, *rel.split("/"))))


def shipped(rel: str) -> Path:
    """`rel` (e.g. data/reference) in the checkout when running from one, else the packaged copy."""
    root = checkout_root()
    return root / rel if root is not None else bundled(rel)


def default_processed_dir() -> Path:
    """The processed tables that come with twinlib (the checkout's data/processed or the packaged copy)."""
    return shipped("data/processed")


def processed_dir(data_dir: str | Path | None = None) -> Path:
    """The processed tables to read: --data-dir, then $TWINLIB_DATA, then the ones that come with twinlib."""
    if data_dir:
        return Path(data_dir)
    env = os.environ.get("TWINLIB_DATA")
    return Path(env) if env else default_processed_dir()


def reference_dir() -> Path:
    """The small hand-kept tables (aliases, regions, recommendations, the 2017 survey)."""
    return shipped("data/reference")


def curated_dir() -> Path | None:
    """Hand-checked facts: only a checkout has them (the build reads them; no report does)."""
    root = checkout_root()
    return root / "data" / "curated" if root is not None else None


def notebook_template() -> Path:
    """The papermill-parameterised report notebook."""
    return shipped(TEMPLATE)


def reports_dir() -> Path:
    """Default output root for reports and their index: ./reports under the current directory."""
    return Path.cwd() / "reports"


def intake_dir() -> Path:
    """Client intake data: $TWINLIB_INTAKE, else the checkout's data/intake (git-ignored), else ./twinlib-intake."""
    env = os.environ.get("TWINLIB_INTAKE")
    if env:
        return Path(env)
    root = checkout_root()
    return root / "data" / "intake" if root is not None else Path.cwd() / "twinlib-intake"


def default_sources_dir() -> Path:
    """Raw sources: $TWINLIB_SOURCES, else ../shared/data-sources beside a checkout, else ./data-sources."""
    env = os.environ.get("TWINLIB_SOURCES")
    if env:
        return Path(env)
    root = checkout_root()
    return root.parent / "shared" / "data-sources" if root is not None else Path.cwd() / "data-sources"
