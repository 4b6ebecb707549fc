"""Fold the round-4 follow-up (data/curated/research/round4/followup_*.csv) into data/curated/relations.csv.

Run once, from the checkout: `python scripts/merge_followup.py`. Two files, each row a finding seen on a
source with its URL and the date the source itself states:

- followup_status.csv: round-4 notes that were not applied (links on ice or ended). The row takes the
  finding's status, ended year, source, date and class; the grade is the best its class earns.
- followup_keepers.csv: who keeps each Nordic chain link that round 4 left "unclear" and that was counted.
  Action `association` makes it kind association, `unverified` takes it out of the count (no municipal
  keeper or no evidence newer than 2020), `none` only records the finding in the note.

Every finding goes into its row's note; `checked` (when the evidence page was seen again) becomes the
row's check date where given; rows are matched by relation_id as
merge_round4.py matches them, so a finding whose relation is missing stops the script.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from merge_round4 import CURATED, ROOT, ROUND, add_note, read, relation_keys  # noqa: E402

from twinlib import vocab  # noqa: E402

CHECKED = "2026-12-06"
ACTIONS = {"association", "unverified", "none"}


def row_index(cur: pd.DataFrame, relation_id: str) -> int:
    hit = cur.index[cur["relation_id"] == relation_id]
    if len(hit) != 1:
        sys.exit(f"follow-up finding for {relation_id}: {len(hit)} curated rows match")
    return hit[0]


def apply_status(cur: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    out = cur.copy()
    for f in findings.itertuples():
        i = row_index(out, f.relation_id)
        before = f"{out.at[i, 'status']} {out.at[i, 'evidence_grade']} {out.at[i, 'source_url']}"
        out.loc[i, ["status", "ended_year", "source_url", "evidence_date", "source_class", "evidence_grade",
                    "checked_on"]] = [f.status, f.ended_year or out.at[i, "ended_year"], f.evidence_url,
                                      f.evidence_date, f.source_class, vocab.GRADES_BY_CLASS[f.source_class][0],
                                      CHECKED]
        out.at[i, "note"] = add_note(out.at[i, "note"], f"round 4 follow-up {CHECKED}: {f.status}"
                                     f"{' ' + f.ended_year if f.ended_year else ''} (was {before}) - {f.note}")
    return out


def apply_keepers(cur: pd.DataFrame, findings: pd.DataFrame) -> pd.DataFrame:
    out = cur.copy()
    for f in findings.itertuples():
        if f.action not in ACTIONS:
            sys.exit(f"follow-up keeper for {f.relation_id}: unknown action {f.action!r}")
        i = row_index(out, f.relation_id)
        src = f" ({f.evidence_url}{', ' + f.evidence_date if f.evidence_date else ''}, {f.source_class})"
        text = f"round 4 follow-up {CHECKED}: kept by {f.keeper}{src}"
        if f.action == "association":
            out.at[i, "kind"] = vocab.ASSOCIATION
            text += " -> kind association"
        elif f.action == "unverified":
            out.at[i, "status"] = vocab.UNVERIFIED
            text += " -> unverified, not counted"
        out.at[i, "note"] = add_note(out.at[i, "note"], f"{text}: {f.note}")
        if f.checked:  # the evidence page was seen again on this day
            out.at[i, "checked_on"] = f.checked
    return out


def main() -> int:
    processed = read(ROOT / "data/processed/relations.csv")
    cur = read(CURATED / "relations.csv")
    cur = cur.assign(relation_id=relation_keys(cur, processed))
    cur = apply_status(cur, read(ROUND / "followup_status.csv"))
    cur = apply_keepers(cur, read(ROUND / "followup_keepers.csv"))
    cols = [c for c in cur.columns if c != "relation_id"]
    cur[cols].to_csv(CURATED / "relations.csv", index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
