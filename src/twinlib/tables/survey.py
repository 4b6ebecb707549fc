"""The 2017 national survey's figures, read from data/reference/survey_2017.yml."""

from __future__ import annotations

from functools import lru_cache

from twinlib import paths
from twinlib.files import load_yaml


@lru_cache(maxsize=1)
def load() -> dict:
    return load_yaml((paths.reference_dir() / "survey_2017.yml").read_text(encoding="utf-8"))
