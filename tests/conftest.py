"""Shared fixtures. Everything under tests/fixtures is small, hand-made EXAMPLE data for tests only."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from twinlib import paths

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    src = paths.default_sources_dir()
    if not (src / "twinning").is_dir():
        pytest.skip(f"raw sources not available at {src}")
    return src


@pytest.fixture(scope="session")
def built(sources_dir):
    """One in-memory build of the real sources, shared by the tests that inspect it."""
    from twinlib import pipeline

    return pipeline.run_build(sources_dir)


@pytest.fixture()
def messy_rows() -> pd.DataFrame:
    """EXAMPLE rows in the shape of the Wikipedia scrape, with the usual problems."""
    return pd.read_csv(FIXTURES / "messy_twin_rows.csv", dtype="string").assign(
        source_row=lambda d: range(2, len(d) + 2))


# Modules that run kernels, papermill, whole batches, a wheel build or the full raw-source build:
# marked `slow`, so that `pytest -m "not slow and not browser"` is the fast lane (README).
SLOW_MODULES = {"test_batch", "test_report", "test_explore", "test_shutdown", "test_typst_memory", "test_wheel",
                "test_build", "test_benchmark", "test_faults", "test_cli_walk", "test_research", "test_corpus"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
