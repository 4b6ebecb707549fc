"""A municipality's stored intake (data/intake/<code>.csv) and what the report makes of it."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from twinlib.errors import InputError
from twinlib.statements import limits, staging
from twinlib.statements.workbook import ACTIVITIES, intake_dir, new_relation_id

log = logging.getLogger("twinlib")
STORED = re.compile(r"\d{3}\.csv")


def load_intake(code: str, intake_path: Path | None = None) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The stored intake for a municipality, or (None, None) when none was imported.

    A half-done import left by a killed process is rolled back first (staging.recover)."""
    base = Path(intake_path or intake_dir())
    staging.recover(base)
    a, t = base / f"{code}.csv", base / f"{code}-travel.csv"
    if not a.exists():
        return None, None
    acts = with_ids(pd.read_csv(a, dtype={"municipality_code": str, "relation_id": str}))
    trav = pd.read_csv(t, dtype={"municipality_code": str, "relation_id": str}) if t.exists() else None
    if trav is not None:
        _check_stored(t, trav)
    if acts["relation_id"].dropna().duplicated().any():
        raise InputError(a, "stored intake lists a relation twice; re-import the workbook with `twinlib intake import`")
    return acts, trav


def load_imports(intake_path: Path | None = None) -> pd.DataFrame | None:
    """Every municipality's stored import in one frame (None when there is none): what the overlay
    lays over the processed relations. A damaged one is left out with a warning, so it cannot stop
    the other municipalities' reports, nor the import that replaces it (its own report refuses it)."""
    base = Path(intake_path or intake_dir())
    if not base.is_dir():
        return None
    staging.recover(base)
    found = [_readable(p) for p in sorted(base.iterdir()) if STORED.fullmatch(p.name)]
    found = [f for f in found if f is not None and len(f)]
    return pd.concat(found, ignore_index=True) if found else None


def _readable(path: Path) -> pd.DataFrame | None:
    try:
        return load_intake(path.stem, path.parent)[0]
    except (InputError, ValueError, KeyError, OSError) as exc:
        log.warning("intake: %s is not applied (%s); re-import the workbook with `twinlib intake import`",
                    path, exc)
        return None


def with_ids(acts: pd.DataFrame) -> pd.DataFrame:
    """Rows stored without a relation_id (new towns, imported before ids were given) get the stable
    id the import gives them now, so two of them never collide."""
    missing = acts["relation_id"].isna() | (acts["relation_id"].astype(str).str.strip() == "")
    if not missing.any():
        return acts
    ids = [new_relation_id(c, n, i) for c, n, i in
           zip(acts.loc[missing, "municipality_code"], acts.loc[missing, "partner_name"],
               acts.loc[missing, "partner_country"], strict=True)]
    return acts.assign(relation_id=acts["relation_id"].mask(missing, pd.Series(ids, index=acts.index[missing])))


def _check_stored(path: Path, trav: pd.DataFrame) -> None:
    """A file stored before the import bounded its numbers (1e300, inf) would break every report: refuse it."""
    for col, most in (("trips", limits.MAX_TRIPS), ("participants", limits.MAX_PARTICIPANTS),
                      ("cost_dkk", limits.MAX_COST_DKK)):
        x = pd.to_numeric(trav[col], errors="coerce") if col in trav else pd.Series(dtype=float)
        bad = x.notna() & ~x.between(0, most)
        if bad.any():
            raise InputError(path, f"stored {col} {x[bad].iloc[0]!r} is outside 0–{most:,}; re-import the "
                                   "workbook with `twinlib intake import`", row=int(bad.idxmax()) + 2, column=col)


def activity_mix(acts: pd.DataFrame) -> pd.DataFrame:
    """Share of relations with each activity, for comparison with the 2017 national shares."""
    n = max(len(acts), 1)
    return pd.DataFrame({"key": [k for k, _ in ACTIVITIES], "label": [lbl for _, lbl in ACTIVITIES],
                         "relations": [int(acts[k].astype(bool).sum()) for k, _ in ACTIVITIES],
                         "share": [float(acts[k].astype(bool).sum()) / n for k, _ in ACTIVITIES]})
