"""Who answered the questionnaire: the stored answers (<intake>/<code>-survey.csv) and response rates.

`summary` is pure and small on purpose: the national report reads it (how many municipalities
answered, by region, and which) without knowing how answers are stored.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from twinlib.errors import InputError
from twinlib.statements import staging
from twinlib.statements.workbook import intake_dir
from twinlib.survey.questions import KEYS

SUFFIX = "-survey.csv"
STORED = re.compile(r"(\d{3})-survey\.csv")
COLUMNS = ["municipality_code", "imported_on", *KEYS]


def stored_name(code: str) -> str:
    return f"{code}{SUFFIX}"


def to_csv(code: str, answers: dict, imported_on: str) -> bytes:
    """One row: the municipality, the day of the import, and its answers (a role and a date for who
    answered, never a name: the questionnaire asks for nothing else)."""
    row = {"municipality_code": code, "imported_on": imported_on} | {k: answers.get(k) for k in KEYS}
    return pd.DataFrame([row], columns=COLUMNS).to_csv(index=False, lineterminator="\n").encode("utf-8")


def load_responses(intake_path: Path | None = None) -> pd.DataFrame:
    """Every stored answer, one row per municipality (empty when none); a file that cannot be read
    is one error naming it."""
    base = Path(intake_path or intake_dir())
    if not base.is_dir():
        return pd.DataFrame(columns=COLUMNS)
    staging.recover(base)
    frames = []
    for p in sorted(base.iterdir()):
        if STORED.fullmatch(p.name):
            try:
                frames.append(pd.read_csv(p, dtype={"municipality_code": str}))
            except (ValueError, OSError) as exc:
                raise InputError(p, f"stored survey answers cannot be read ({exc}); import the return again") from None
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True).reindex(columns=COLUMNS)


class Summary(NamedTuple):
    """Response rates by region, the codes that answered, and the municipalities still missing."""
    by_region: pd.DataFrame  # region, municipalities, answered, share (0..1)
    answered: list[str]
    missing: pd.DataFrame  # code, name, region


def summary(municipalities: pd.DataFrame, responses: pd.DataFrame) -> Summary:
    """Response rates by region over today's municipalities (answers from unknown codes are ignored).

    >>> mun = pd.DataFrame({"code": ["101", "147", "621"], "name": ["København", "Frederiksberg", "Kolding"],
    ...                     "region": ["Hovedstaden", "Hovedstaden", "Syddanmark"]})
    >>> s = summary(mun, pd.DataFrame({"municipality_code": ["621", "999"]}))
    >>> s.by_region.to_dict("records")
    [{'region': 'Hovedstaden', 'municipalities': 2, 'answered': 0, 'share': 0.0}, \
{'region': 'Syddanmark', 'municipalities': 1, 'answered': 1, 'share': 1.0}]
    >>> s.answered, s.missing["code"].tolist()
    (['621'], ['147', '101'])
    """
    said = set(responses["municipality_code"].astype(str)) if len(responses) else set()
    mun = municipalities.assign(answered=municipalities["code"].astype(str).isin(said))
    by_region = (mun.groupby("region", sort=True)
                 .agg(municipalities=("code", "size"), answered=("answered", "sum")).reset_index())
    by_region = by_region.assign(answered=by_region["answered"].astype(int),
                                 share=by_region["answered"] / by_region["municipalities"])
    answered = sorted(mun.loc[mun["answered"], "code"].astype(str))
    missing = mun.loc[~mun["answered"], ["code", "name", "region"]].sort_values(["region", "name"])
    return Summary(by_region, answered, missing.reset_index(drop=True))


def status_text(s: Summary) -> str:
    """The terminal's view (English, as every command's output): rates by region, then who is missing."""
    total, answered = int(s.by_region["municipalities"].sum()), len(s.answered)
    lines = [f"{answered} of {total} municipalities answered ({answered / max(total, 1):.0%})", ""]
    lines += [f"  {r.region:<14} {r.answered:>3} of {r.municipalities:>3}  ({r.share:.0%})"
              for r in s.by_region.itertuples(index=False)]
    if len(s.missing):
        lines += ["", "missing:"]
        for region, group in s.missing.groupby("region", sort=True):
            lines.append(f"  {region}: " + ", ".join(f"{r.name} ({r.code})" for r in group.itertuples(index=False)))
    return "\n".join(lines)
