"""EXAMPLE survey returns (synthetic, for tests only; never in a real report): the kit's workbook for a
municipality, filled in as a municipality would, or as a careless or hostile one would.

Most are made at test time (`write_return`), so they match the shipped data; a folder of six is
committed under tests/fixtures/survey/ (`python tests/survey/survey_returns.py` rewrites it) and the
corpus keeps bad ones as files (tests/corpus/survey_corpus.py). Text values are labelled EXAMPLE.
"""

from __future__ import annotations

from pathlib import Path

# EXAMPLE answers: a role, never a name; figures invented for the tests
GOOD_ANSWERS = {"respondent_role": "international koordinator", "answered_on": "2026-11-20", "strategy": "ja",
                "strategy_title": "EXAMPLE Internationaliseringsstrategi", "strategy_adopted": 2021,
                "anchoring": "økonomiudvalget", "anchoring_unit": "EXAMPLE Borgmesterens Afdeling",
                "budget_dkk": 250000, "budget_year": 2026, "staff_hours": 800, "external_funding": "ja",
                "plans": "uændret", "plans_note": "EXAMPLE"}


def answer(key: str, value):
    """Set one answer in 'Spørgeskema' (the row whose key is `key`)."""
    def edit(wb):
        ws = wb["Spørgeskema"]
        row = next(c.row for c in ws["A"] if c.value == key)
        ws.cell(row, 4).value = value
    return edit


def good(wb) -> None:
    """Every question answered, and one known link ended by the municipality (EXAMPLE confirmation)."""
    for key, value in GOOD_ANSWERS.items():
        answer(key, value)(wb)


def ends(town: str, year: int):
    """The municipality says a known link ended (status, end year, role and date)."""
    def edit(wb):
        ws = wb["Relationer"]
        col = {c.value: c.column for c in ws[1]}
        row = next(c.row for c in ws["B"] if c.value == town)
        for name, value in {"Status": "ophørt", "Aktiv til (år)": year, "Bekræftet af (rolle)": "borgmester",
                            "Bekræftet (dato)": "2026-11-20"}.items():
            ws.cell(row, col[name]).value = value
    return edit


def municipality(text: str):
    """What the guide sheet's B2 says the workbook is for."""
    def edit(wb):
        wb["Vejledning"]["B2"] = text
    return edit


def write_return(kommune: str, target: Path, *edits) -> Path:
    """The kit's questionnaire for `kommune`, with `edits` applied, saved as `target`."""
    from twinlib.survey import kit
    from twinlib.tables import data

    t = data.load()
    wb = kit.questionnaire(kit.selection(t.municipalities, [kommune]).iloc[0], t)
    for edit in edits:
        edit(wb)
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "survey"
# the committed EXAMPLE returns: file name -> (municipality, edits); imported together as one folder
FIXTURE_RETURNS = {
    "EXAMPLE-good-kolding.xlsx": ("Kolding", (good, ends("Örebro", 2025))),
    "EXAMPLE-bad-cell-aarhus.xlsx": ("Aarhus", (good, answer("budget_dkk", "mange penge"))),
    "EXAMPLE-personal-name-odense.xlsx": ("Odense", (good, answer("respondent_role", "Jens Hansen"))),
    "EXAMPLE-unknown-municipality.xlsx": ("Herning", (good, municipality("Atlantis (999)"))),
    "EXAMPLE-twice-1-vejle.xlsx": ("Vejle", (good,)),
    "EXAMPLE-twice-2-vejle.xlsx": ("Vejle", (good, answer("plans", "flere relationer"))),
}


def main() -> None:
    """Write the committed EXAMPLE returns to tests/fixtures/survey/ (run again when the data change)."""
    for name, (kommune, edits) in FIXTURE_RETURNS.items():
        write_return(kommune, FIXTURES / name, *edits)


if __name__ == "__main__":
    main()
