"""Fold one research round (data/curated/research/<round>/) into data/curated/relations.csv.

Run once per round by a maintainer; the result is reviewed and committed, then edited by hand.
Inputs per region: <prefix>_findings.csv (one row per public-only relation researched, plus
new relations and updates of curated rows) and <prefix>_official_graded.csv (the curated rows
with their evidence grade and date). Rules applied here, each visible in the row's note:
- a finding keeps the partner name of the relation it was asked about, so it matches that row;
- grade A-C without a date is not gradable as such: it becomes grade D (note says why);
- a finding that updates an existing curated row replaces status, years, kind and evidence.

    python scripts/merge_research.py data/curated/research/round3
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from twinlib import names  # noqa: E402
from twinlib.pipeline.curated_files import RELATION_COLS  # noqa: E402


def _read(paths) -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(paths)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _aliases() -> dict:
    a = pd.read_csv(ROOT / "data/reference/partner_aliases.csv", dtype=str, keep_default_na=False)
    return names.alias_table(a)


def key(code: str, iso: str, name: str, aliases: dict) -> tuple[str, str, str]:
    canon, canon_iso = names.canonical_partner(name, iso, aliases)
    return code, canon_iso, names.place_key(canon)


def _join(*notes: str) -> str:
    return " | ".join(n.strip() for n in notes if n and n.strip())


def row_from_finding(f, name: str, iso: str) -> dict:
    grade, date, note = f.evidence_grade, f.evidence_date, f.note
    if grade != "D" and not date:
        grade, note = "D", _join(note, "evidence undated, so not graded A-C")
    return {"municipality_code": f.municipality_code, "partner_name": name, "partner_country": iso,
            "status": f.status, "established_year": f.established_year, "ended_year": f.ended_year,
            "kind": f.kind or "twinning", "evidence_grade": grade, "evidence_date": date,
            "source_url": f.source_url, "checked_on": f.checked_on or "2026-11-25",
            "note": note}


def merge(curated: pd.DataFrame, findings: pd.DataFrame, graded: pd.DataFrame, todo: pd.DataFrame,
          aliases: dict) -> tuple[pd.DataFrame, list[str]]:
    log = []
    cur = curated.copy()
    idx = {key(r.municipality_code, r.partner_country, r.partner_name, aliases): i for i, r in cur.iterrows()}
    for g in graded.itertuples(index=False):
        i = idx.get(key(g.municipality_code, g.partner_country, g.partner_name, aliases))
        if i is None:
            log.append(f"graded row not in curated: {g.municipality_code} {g.partner_name}")
            continue
        cur.loc[i, ["evidence_grade", "evidence_date", "note"]] = [g.evidence_grade, g.evidence_date or
                                                                   g.checked_on, g.note]
    asked = todo.set_index("relation_id")
    new_rows = []
    for f in findings.itertuples(index=False):
        if f.relation_id:
            t = asked.loc[f.relation_id]
            name, iso = t["partner_name"], t["partner_country"]
            row = row_from_finding(f, name, iso)
            if f.partner_name != name:
                row["note"] = _join(row["note"], f"researched as {f.partner_name}")
        else:
            row = row_from_finding(f, f.partner_name, f.partner_country)
        k = key(row["municipality_code"], row["partner_country"], row["partner_name"], aliases)
        if k in idx:
            i = idx[k]
            if f.relation_id:
                log.append(f"finding duplicates a curated row, kept the curated row: {f.relation_id}")
                continue
            old_note = cur.loc[i, "note"]
            for c in RELATION_COLS:
                if c in ("partner_name", "partner_country"):
                    continue
                if row[c] != "" or c in ("status", "evidence_grade", "evidence_date", "kind"):
                    cur.loc[i, c] = row[c]
            cur.loc[i, "note"] = _join(old_note, row["note"])
            log.append(f"updated {row['municipality_code']} {row['partner_name']}: {row['status']}")
        else:
            idx[k] = ("new", len(new_rows))
            new_rows.append(row)
    out = pd.concat([cur, pd.DataFrame(new_rows)], ignore_index=True)[RELATION_COLS].fillna("")
    return out.sort_values(["municipality_code", "partner_country", "partner_name"]).reset_index(drop=True), log


def main(folder: str) -> None:
    folder = Path(folder)
    curated = pd.read_csv(ROOT / "data/curated/relations.csv", dtype=str, keep_default_na=False)
    findings = _read(folder.glob("*_findings.csv"))
    graded = _read(folder.glob("*_official_graded.csv"))
    todo = _read(folder.glob("*_todo.csv"))
    out, log = merge(curated, findings, graded, todo, _aliases())
    out.to_csv(ROOT / "data/curated/relations.csv", index=False, lineterminator="\n")
    print("\n".join(log))
    print(f"{len(curated)} curated rows before, {len(out)} after")


if __name__ == "__main__":
    main(sys.argv[1])
