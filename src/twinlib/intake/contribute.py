"""The municipality's own word as curated evidence: confirmed statuses -> data/curated rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from twinlib import outpaths, paths, vocab
from twinlib.errors import InputError
from twinlib.files import atomic_write
from twinlib.intake.importer import base_relations, read_workbook


def contributions(acts: pd.DataFrame, relations: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """Curated rows (data/curated/relations.csv shape) from the municipality's confirmed statuses.

    Only rows with a status, a role and a date become evidence: grade A, dated by the confirmation,
    source "kommunens oplysning" with the role — never a person's name. Years come from the
    workbook's 'Aktiv fra/til'. Pure: returns a new frame for a maintainer to review and merge.
    """
    from twinlib.pipeline.curated_files import RELATION_COLS

    today = today or dt.date.today()
    done = acts[(acts["status"].fillna("") != "") & (acts["confirmed_on"].fillna("") != "")]
    known = relations.set_index("relation_id")
    rows = []
    for a in done.itertuples(index=False):
        rel = known.loc[a.relation_id] if a.relation_id in known.index else None
        rows.append({
            "municipality_code": a.municipality_code,
            "partner_name": rel["partner_name"] if rel is not None else a.partner_name,
            "partner_country": rel["partner_country"] if rel is not None else a.partner_country,
            "status": a.status,
            "established_year": a.active_from, "ended_year": a.active_to if a.status != vocab.ACTIVE else pd.NA,
            "kind": rel["kind"] if rel is not None else "twinning",
            "evidence_grade": "A", "evidence_date": a.confirmed_on, "source_url": pd.NA,
            "note": f"{vocab.MUNICIPALITY_STATEMENT} ({a.confirmed_role}), {a.confirmed_on}",
            "checked_on": today.isoformat()})
    return pd.DataFrame(rows, columns=RELATION_COLS).astype({"established_year": "Int64", "ended_year": "Int64"})


def contribute(path: Path, out: Path | None = None, data_dir=None) -> tuple[Path, int]:
    """Validate a filled workbook and write its confirmations as curated rows (a CSV for review).

    The stored import (data/intake/) is never changed: contributing proposes rows for the shared
    dataset; `twinlib intake import` is the one command that replaces the stored import."""
    book = read_workbook(path, data_dir=data_dir)
    rows = contributions(book.acts.fillna({"status": "", "confirmed_on": ""}), base_relations(data_dir))
    name = f"curated_{book.code}.csv"
    target = outpaths.file_in(out, name, reads=(paths.processed_dir(data_dir), path))
    try:
        atomic_write(target, rows.to_csv(index=False, lineterminator="\n"))
    except OSError as exc:
        raise InputError(target, f"cannot write here ({exc.strerror or exc})") from None
    return target, len(rows)
