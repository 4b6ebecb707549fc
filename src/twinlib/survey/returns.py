"""`twinlib survey import DIR`: every returned workbook checked with the intake's limits and cell rules,
the good ones stored through the intake's staging (relations, travel and answers in one swap), so the
municipality's confirmations reach its report at once (statements/overlay.py).

Refused, one `error:` line per file: a workbook with any bad cell (sheet, row and column named), one for
a municipality that does not exist, a person's name where a role belongs (refused, never stripped: a
name is not stored, and a guess at which part is the name could keep it), and two returns for the same
municipality (both refused: which one is the municipality's word is for it to say, not for us to guess).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from twinlib.errors import InputError
from twinlib.intake import importer
from twinlib.statements import staging
from twinlib.statements.workbook import intake_dir
from twinlib.survey import questions, responses
from twinlib.survey.outputs import output_path
from twinlib.tables import data


class Return(NamedTuple):
    """A returned workbook that passed every check, not yet stored."""
    path: Path
    book: importer.Workbook
    answers: dict


class Outcome(NamedTuple):
    """What became of one file: stored (with the report changes) or refused (one line)."""
    path: Path
    code: str
    ok: bool
    message: str
    changes: tuple[str, ...] = ()


def read_return(path: Path, data_dir=None) -> Return:
    """Check one returned workbook (the intake's sheets, then the questionnaire); nothing is written."""
    book = importer.read_workbook(path, data_dir, allow_empty=True)
    with importer.open_workbook(path) as wb:
        answers = questions.read_answers(wb, path)
    return Return(path, book, answers)


def returned_files(directory: Path) -> list[Path]:
    """The .xlsx files in DIR, by name (Excel's lock files ~$x.xlsx and hidden files left out)."""
    d = Path(directory)
    if not d.is_dir():
        raise InputError(d, "directory not found; give the folder holding the returned workbooks")
    files = sorted(p for p in d.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith(("~$", ".")))
    if not files:
        raise InputError(d, "no .xlsx workbook here; nothing to import")
    return files


def import_returns(directory: Path, data_dir=None, out_dir: Path | None = None,
                   today: dt.date | None = None) -> list[Outcome]:
    """Check every return first, refuse duplicates, then store each good one (all or nothing per file)."""
    out = Path(out_dir or intake_dir())
    checked: list[Return] = []
    outcomes: list[Outcome] = []
    for path in returned_files(directory):
        try:
            checked.append(read_return(path, data_dir))
        except InputError as exc:
            outcomes.append(Outcome(path, "", False, str(exc)))
    by_code: dict[str, list[Return]] = {}
    for r in checked:
        by_code.setdefault(r.book.code, []).append(r)
    mun = data.load(data_dir).municipalities
    slugs = dict(zip(mun["code"], mun["slug"], strict=True))
    stamp = (today or dt.date.today()).isoformat()
    for code, group in sorted(by_code.items()):
        if len(group) > 1:
            names = ", ".join(r.path.name for r in group)
            outcomes += [Outcome(r.path, code, False, f"{r.path}: municipality {code} returned {len(group)} "
                                 f"workbooks ({names}); keep the one that is its answer and import again")
                         for r in group]
            continue
        r = group[0]
        answers_file = output_path(out, code, slugs[code], "answers")
        try:
            changes = store(r, out, answers_file, responses.to_csv(code, r.answers, stamp), data_dir)
        except InputError as exc:
            outcomes.append(Outcome(r.path, code, False, str(exc)))
            continue
        outcomes.append(Outcome(r.path, code, True, f"imported {r.path.name}: municipality {code}", changes))
    return sorted(outcomes, key=lambda o: o.path.name)


def store(r: Return, out: Path, answers_file: Path, answers: bytes, data_dir=None) -> tuple[str, ...]:
    """The answers with the relations and travel they came with, in one swap (intake's staging); a
    return without relations (a municipality that has none) stores its answers alone and keeps any
    earlier intake import. Returns what changes in the municipality's report."""
    if r.book.acts.empty:
        staging.write_together({answers_file: answers})
        return ()
    return tuple(importer.store_workbook(r.book, data_dir, out, {answers_file.name: answers}).changes)
