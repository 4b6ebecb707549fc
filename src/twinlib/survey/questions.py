"""The 2017 survey's questions as a sheet of the intake workbook, and the checked reading of its answers.

The intake workbook already asks, per relation, what the 2017 survey asked per relation (the
activity categories, years, funding, status). What it asked of the municipality as a whole —
strategy and political anchoring, budget and staff time, plans — goes on one more sheet,
'Spørgeskema', one question a row, so a returned answer names its sheet, row and column like every
other cell. Answers are read with the intake's own cell checks (cells.py, limits.py).
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from twinlib.errors import ValidationError
from twinlib.intake.cells import cell_problem, date_value, number, read_sheet, year
from twinlib.statements import limits
from twinlib.statements.workbook import ROLES

SHEET = "Spørgeskema"
LINKS_SHEET = "Til bekræftelse"
HEADER = ["Nøgle", "Spørgsmål", "Svarmuligheder", "Svar"]
LINKS_HEADER = ["relation_id", "Venskabsby", "Land", "Kilde", "Sidst set"]
ANSWER = "Svar"
MAX_STAFF_HOURS = 20_000
"""Staff time a year: about twelve full-time posts, far above what any municipality spends on twin towns."""


class Question(NamedTuple):
    key: str
    kind: str  # role · date · choice · text · year · amount · hours
    choices: tuple[str, ...] = ()


YES_NO = ("ja", "nej")
QUESTIONS = [
    Question("respondent_role", "role", tuple(ROLES)),
    Question("answered_on", "date"),
    Question("strategy", "choice", ("ja", "nej", "under udarbejdelse")),
    Question("strategy_title", "text"),
    Question("strategy_adopted", "year"),
    Question("anchoring", "choice", ("byrådet", "økonomiudvalget", "et fagudvalg", "borgmesteren",
                                     "ingen politisk forankring")),
    Question("anchoring_unit", "text"),
    Question("budget_dkk", "amount"),
    Question("budget_year", "year"),
    Question("staff_hours", "hours"),
    Question("external_funding", "choice", YES_NO),
    Question("plans", "choice", ("flere relationer", "færre relationer", "uændret", "ikke besluttet")),
    Question("plans_note", "text"),
]
KEYS = [q.key for q in QUESTIONS]


def question_rows(m) -> list[list]:
    """The sheet's rows under its header: key, the question in Danish, the choices, an empty answer.
    `m` is the Danish message catalogue (i18n.Messages)."""
    return [[q.key, m(f"survey.q.{q.key}"), ", ".join(q.choices), None] for q in QUESTIONS]


def add_question_sheet(wb, m) -> None:
    """Append 'Spørgeskema' with drop-downs for the questions that have choices."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(SHEET)
    ws.append(HEADER)
    for row in question_rows(m):
        ws.append(row)
    for number_, q in enumerate(QUESTIONS, start=2):
        if q.choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(q.choices) + '"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(f"D{number_}")
    ws.append([])
    ws.append(["", m("survey.sheet.intro")])
    for col, width in zip("ABCD", (18, 70, 40, 40), strict=True):
        ws.column_dimensions[col].width = width
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in ws.iter_rows(min_row=2, max_col=3):
        row[1].alignment = Alignment(wrap_text=True)


def add_links_sheet(wb, links, m) -> None:
    """Append 'Til bekræftelse': every unverified link, to be confirmed or ended in 'Relationer'
    (a list to read; the import does not read it, so it cannot contradict 'Relationer')."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(LINKS_SHEET)
    ws.append(LINKS_HEADER)
    for r in links.sort_values("partner_name").itertuples(index=False):
        ws.append([r.relation_id, r.partner_name, r.partner_country, _text(r.source_url), _text(r.evidence_date)])
    ws.append([])
    ws.append([m("survey.sheet.links") if len(links) else m("survey.sheet.no_links")])
    for c in ws[1]:
        c.font = Font(bold=True)
    for col in "ABCDE":
        ws.column_dimensions[col].width = 24


def _text(v) -> str | None:
    return None if pd.isna(v) or str(v) == "" else str(v)


def read_answers(wb, path) -> dict:
    """The checked answers by key (unanswered keys left out); every problem names sheet, row and column.

    A person's name in the role cell is refused, never stored or stripped: only a role from the list
    is accepted (as for the confirmations in 'Relationer')."""
    rows = read_sheet(wb, SHEET, HEADER, path)
    by_key = {q.key: q for q in QUESTIONS}
    problems, answers, seen = [], {}, {}
    for row, v in rows:
        key = str(v["Nøgle"] or "").strip()
        if not key and v[ANSWER] in (None, ""):
            continue  # the guide line below the questions
        if key not in by_key:
            problems.append(cell_problem(SHEET, row, "Nøgle", f"unknown question {key!r}; use a workbook from "
                                         "`twinlib survey kit`", path))
            continue
        if key in seen:
            problems.append(cell_problem(SHEET, row, "Nøgle", f"duplicate of row {seen[key]}; give each once", path))
            continue
        seen[key] = row
        value = answer(by_key[key], v[ANSWER], row, path, problems)
        if value not in (None, ""):
            answers[key] = value
    missing = [k for k in ("respondent_role", "answered_on") if not answers.get(k)]
    if missing and not problems:  # who answered is recorded with every return: a role and a date
        problems.append(cell_problem(SHEET, seen.get(missing[0]), ANSWER, f"say who answered: {missing[0]} is "
                                     "empty (a role from the list and a date; never a name)", path))
    if problems:
        raise ValidationError(problems)
    return answers


def answer(q: Question, v, row: int, path, problems: list):
    """One answer, checked by its kind (None when empty or refused; a refusal is noted in problems)."""
    if v in (None, ""):
        return None
    if q.kind == "date":
        return date_value(v, row, path, problems, sheet=SHEET, col=ANSWER)
    if q.kind == "year":
        return year(v, SHEET, row, ANSWER, path, problems)
    if q.kind == "amount":
        return number(v, SHEET, row, ANSWER, path, problems, limits.MAX_COST_DKK)
    if q.kind == "hours":
        return number(v, SHEET, row, ANSWER, path, problems, MAX_STAFF_HOURS, whole=True)
    text = str(v).strip()
    if q.kind in ("role", "choice") and text.lower() not in q.choices:
        why = "; names of persons are not stored" if q.kind == "role" else ""
        problems.append(cell_problem(SHEET, row, ANSWER, f"{q.key}: choose one of {', '.join(q.choices)}, "
                                     f"found {text[:40]!r}{why}", path))
        return None
    return text.lower() if q.kind in ("role", "choice") else text
