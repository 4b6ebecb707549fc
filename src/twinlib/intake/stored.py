"""A municipality's stored intake (data/intake/<code>.csv) and what the report makes of it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .workbook import ACTIVITIES, intake_dir


def load_intake(code: str, intake_path: Path | None = None) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The stored intake for a municipality, or (None, None) when none was imported."""
    base = Path(intake_path or intake_dir())
    a, t = base / f"{code}.csv", base / f"{code}-travel.csv"
    if not a.exists():
        return None, None
    acts = pd.read_csv(a, dtype={"municipality_code": str, "relation_id": str})
    trav = pd.read_csv(t, dtype={"municipality_code": str, "relation_id": str}) if t.exists() else None
    return acts, trav


def activity_mix(acts: pd.DataFrame) -> pd.DataFrame:
    """Share of relations with each activity, for comparison with the 2017 national shares."""
    n = max(len(acts), 1)
    return pd.DataFrame({"key": [k for k, _ in ACTIVITIES], "label": [lbl for _, lbl in ACTIVITIES],
                         "relations": [int(acts[k].astype(bool).sum()) for k, _ in ACTIVITIES],
                         "share": [float(acts[k].astype(bool).sum()) / n for k, _ in ACTIVITIES]})
