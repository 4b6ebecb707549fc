"""Bad survey returns for the corpus: Kolding's questionnaire from `twinlib survey kit`, filled in with
EXAMPLE answers and then spoiled as a careless or hostile user would. Each is refused by
`twinlib survey import DIR` with one `error:` line naming file, sheet, row and column.

Run `python tests/corpus/survey_corpus.py` to write only these files and their rows (appended to
cases.csv); make_corpus.py writes them too when the whole corpus is regenerated.
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
# EXAMPLE answers (a role, never a name)
GOOD = {"respondent_role": "international koordinator", "answered_on": "2026-11-20", "strategy": "ja",
        "budget_dkk": 250000, "staff_hours": 800, "plans": "uændret"}


def _answers(**changes):
    """GOOD with `changes` (None empties an answer) written into 'Spørgeskema'."""
    def edit(wb):
        ws = wb["Spørgeskema"]
        rows = {c.value: c.row for c in ws["A"]}
        for key, value in (GOOD | changes).items():
            ws.cell(rows[key], 4).value = value
    return edit


def _then(*edits):
    def edit(wb):
        for e in edits:
            e(wb)
    return edit


def _b2(text):
    def edit(wb):
        wb["Vejledning"]["B2"] = text
    return edit


def _key(row: int, key: str):
    def edit(wb):
        wb["Spørgeskema"].cell(row, 1).value = key
    return edit


def _drop_questions(wb):
    del wb["Spørgeskema"]


# (case, edit, fragment the error line must contain)
SURVEY_CASES = [
    ("survey_budget_text", _answers(budget_dkk="mange penge"),
     "row 9, column 'Svar': sheet 'Spørgeskema': expected a number, found 'mange penge'"),
    ("survey_budget_dot_decimal", _answers(budget_dkk="12.5"), "sheet 'Spørgeskema': cannot read '12.5' safely"),
    ("survey_staff_hours_fraction", _answers(staff_hours=12.5),
     "row 11, column 'Svar': sheet 'Spørgeskema': expected a whole number"),
    ("survey_staff_hours_huge", _answers(staff_hours=10**6), "1e+06 is above the limit of 20,000"),
    ("survey_personal_name_role", _answers(respondent_role="Jens Hansen"),
     "row 2, column 'Svar': sheet 'Spørgeskema': respondent_role: choose one of"),
    ("survey_no_respondent", _answers(respondent_role=None, answered_on=None),
     "sheet 'Spørgeskema': say who answered: respondent_role is empty"),
    ("survey_future_date", _answers(answered_on="2999-01-01"), "date 2999-01-01 outside 2000–today"),
    ("survey_choice_typo", _answers(strategy="jaa"), "strategy: choose one of ja, nej, under udarbejdelse"),
    ("survey_formula_answer", _answers(plans_note="=HYPERLINK(\"http://e\")"),
     "sheet 'Spørgeskema': formula or formula-like text rejected"),
    ("survey_markup_answer", _answers(plans_note="<script>alert(1)</script>"), "sheet 'Spørgeskema': markup rejected"),
    ("survey_bidi_answer", _answers(anchoring_unit="EXAMPLE\u202eenhed"),
     "sheet 'Spørgeskema': invisible or control character U+202E"),
    ("survey_unknown_question", _then(_answers(), _key(5, "salary")), "row 5, column 'Nøgle': sheet 'Spørgeskema': "
                                                                       "unknown question 'salary'"),
    ("survey_duplicate_question", _then(_answers(), _key(5, "strategy")), "row 5, column 'Nøgle': sheet "
                                                                           "'Spørgeskema': duplicate of row 4"),
    ("survey_missing_sheet", _then(_answers(), _drop_questions), "sheet 'Spørgeskema' is missing"),
    ("survey_unknown_municipality", _then(_answers(), _b2("Atlantis (999)")),
     "row 2, column 'B': sheet 'Vejledning': unknown municipality code 999"),
]


def write_survey_cases(writer, listed: frozenset[str] = frozenset()) -> None:
    """Write each case's workbook under files/, and its row to `writer` (a csv.writer on cases.csv)
    unless the case is `listed` already."""
    for case, edit, fragment in SURVEY_CASES:
        name = f"files/{case}.xlsx"
        write_return(HERE / name, edit)
        if case not in listed:
            writer.writerow([case, "survey", "error", name, fragment])


def write_return(target: Path, edit) -> None:
    """Kolding's questionnaire (the kit's own) with `edit` applied."""
    from twinlib.survey import kit
    from twinlib.tables import data

    t = data.load()
    wb = kit.questionnaire(kit.selection(t.municipalities, ["Kolding"]).iloc[0], t)
    edit(wb)
    wb.save(target)


def main() -> None:
    """Append only the survey cases to cases.csv (rows already there are left as they are)."""
    with open(HERE / "cases.csv", encoding="utf-8") as fh:
        listed = frozenset(r["case"] for r in csv.DictReader(fh))
    with open(HERE / "cases.csv", "a", newline="", encoding="utf-8") as fh:
        write_survey_cases(csv.writer(fh, lineterminator="\n"), listed)


if __name__ == "__main__":
    main()
