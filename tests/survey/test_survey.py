"""The survey kit: questionnaires and letters out, EXAMPLE returns in (tests/survey/survey_returns.py)."""

from __future__ import annotations

import datetime as dt
import stat

import pandas as pd
import pypdf
import pytest
from openpyxl import load_workbook
from survey_returns import FIXTURE_RETURNS, FIXTURES, GOOD_ANSWERS, answer, ends, good, municipality, write_return

from twinlib import survey, vocab
from twinlib.cli import parser as cli
from twinlib.errors import InputError
from twinlib.survey import kit, questions
from twinlib.survey.outputs import output_path
from twinlib.tables import data

TODAY = dt.date(2026, 12, 6)


@pytest.fixture()
def intake(tmp_path, monkeypatch):
    """Imports go to a temporary intake directory, never the checkout's data/intake."""
    target = tmp_path / "intake"
    monkeypatch.setenv("TWINLIB_INTAKE", str(target))
    return target


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    out = tmp_path_factory.mktemp("kit")
    return out, kit.make_kit(out, only=["Kolding", "Bornholm"], today=TODAY)


def test_kit_writes_a_questionnaire_and_a_letter_per_municipality(made):
    out, result = made
    assert [(m.code, m.status) for m in result] == [("400", "ok"), ("621", "ok")]
    names = sorted(p.name for p in out.iterdir())
    assert names == ["foelgebrev-400-bornholm.pdf", "foelgebrev-621-kolding.pdf", "spoergeskema-400-bornholm.xlsx",
                     "spoergeskema-621-kolding.xlsx"]
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o044 == 0o044 for p in out.iterdir())  # readable by others


def test_questionnaire_extends_the_intake_workbook(made):
    out, _ = made
    wb = load_workbook(out / "spoergeskema-400-bornholm.xlsx")
    assert wb.sheetnames == ["Vejledning", "Relationer", "Rejser", "Spørgeskema", "Til bekræftelse"]
    keys = [r[0] for r in wb["Spørgeskema"].iter_rows(min_row=2, max_row=len(questions.QUESTIONS) + 1,
                                                       values_only=True)]
    assert keys == questions.KEYS
    links = {r[0] for r in wb["Til bekræftelse"].iter_rows(min_row=2, values_only=True) if r[0] and r[1]}
    rel = data.load().relations
    assert links == set(vocab.unverified(rel[rel["municipality_code"] == "400"])["relation_id"]) and len(links) > 0


def test_letter_is_one_accessible_page_addressed_by_role(made):
    out, _ = made
    reader = pypdf.PdfReader(out / "foelgebrev-400-bornholm.pdf")
    text = reader.pages[0].extract_text()
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert len(reader.pages) == 1 and "pdfuaid:part" in xmp
    assert "Til den internationale koordinator / kommunaldirektøren" in text
    n = len(vocab.unverified(data.load().relations.query("municipality_code == '400'")))
    assert f"{n} forbindelser, som kun offentlige lister" in " ".join(text.split())
    assert "aldrig et navn" in " ".join(text.split())


def test_one_failing_municipality_does_not_stop_the_kit(tmp_path, monkeypatch):
    real = kit.make_one

    def fail_on_kolding(m, *args, **kw):
        if m["code"] == "621":
            raise OSError("EXAMPLE disk failure")
        return real(m, *args, **kw)

    monkeypatch.setattr(kit, "make_one", fail_on_kolding)
    result = kit.make_kit(tmp_path, only=["Kolding", "Læsø"], today=TODAY)
    assert [(m.code, m.status) for m in result] == [("621", "failed"), ("825", "ok")]
    assert "EXAMPLE disk failure" in result[0].error


def test_kit_refuses_an_unknown_municipality_before_any_work(tmp_path):
    with pytest.raises(InputError, match="unknown municipality 'Atlantis'"):
        kit.make_kit(tmp_path, only=["Kolding", "Atlantis"])
    assert not any(tmp_path.iterdir())


def test_output_names_come_from_code_and_slug_only(tmp_path):
    assert output_path(tmp_path, "621", "kolding", "answers") == tmp_path / "621-survey.csv"
    with pytest.raises(InputError):
        output_path(tmp_path, "621/..", "kolding", "questionnaire")


def test_good_return_is_stored_and_changes_the_report_at_once(tmp_path, intake):
    returns = tmp_path / "returns"
    write_return("Kolding", returns / "kolding.xlsx", good, ends("Örebro", 2025))
    [outcome] = survey.import_returns(returns, today=TODAY)
    assert outcome.ok and any("Örebro (SE): status active → ended" in line for line in outcome.changes)
    stored = pd.read_csv(intake / "621-survey.csv", dtype=str).iloc[0]
    assert stored["respondent_role"] == "international koordinator" and stored["answered_on"] == "2026-11-20"
    assert float(stored["budget_dkk"]) == GOOD_ANSWERS["budget_dkk"] and stored["imported_on"] == "2026-12-06"
    assert sorted(p.name for p in intake.iterdir()) == ["621-survey.csv", "621-travel.csv", "621.csv"]
    orebro = data.load().relations.set_index("relation_id").loc["621-se-orebro"]
    assert orebro["status"] == vocab.ENDED and orebro["evidence_note"].startswith(vocab.MUNICIPALITY_STATEMENT)
    s = survey.summary(data.load().municipalities, survey.load_responses())
    assert s.answered == ["621"] and "621" not in set(s.missing["code"])
    assert s.by_region.set_index("region").loc["Syddanmark", "answered"] == 1


@pytest.mark.parametrize(("edit", "fragment"), [
    (answer("budget_dkk", "mange penge"), "row 9, column 'Svar': sheet 'Spørgeskema': expected a number"),
    (answer("strategy", "måske"), "row 4, column 'Svar': sheet 'Spørgeskema': strategy: choose one of"),
    (answer("respondent_role", "Jens Hansen"), "row 2, column 'Svar': sheet 'Spørgeskema': respondent_role: choose "
                                               "one of"),
    (answer("answered_on", None), "sheet 'Spørgeskema': say who answered: answered_on is empty"),
    (municipality("Atlantis (999)"), "row 2, column 'B': sheet 'Vejledning': unknown municipality code 999"),
], ids=["bad_cell", "bad_choice", "personal_name", "no_date", "unknown_municipality"])
def test_bad_return_is_refused_and_the_good_one_still_imported(tmp_path, intake, edit, fragment):
    returns = tmp_path / "returns"
    write_return("Kolding", returns / "a-bad.xlsx", good, edit)
    write_return("Læsø", returns / "b-good.xlsx", good)
    bad, ok = survey.import_returns(returns, today=TODAY)
    assert not bad.ok and fragment in bad.message and "a-bad.xlsx" in bad.message, bad.message
    # Læsø has no relation: its answers are stored alone (the intake refuses an empty 'Relationer')
    assert ok.ok and sorted(p.name for p in intake.iterdir()) == ["825-survey.csv"]


def test_a_personal_name_is_refused_never_stored(tmp_path, intake):
    write_return("Kolding", tmp_path / "r" / "x.xlsx", good, answer("respondent_role", "Jens Hansen, borgmester"))
    [o] = survey.import_returns(tmp_path / "r", today=TODAY)
    assert not o.ok and "names of persons are not stored" in o.message
    assert not intake.exists()


def test_two_returns_for_one_municipality_are_both_refused(tmp_path, intake):
    returns = tmp_path / "returns"
    write_return("Kolding", returns / "first.xlsx", good)
    write_return("Kolding", returns / "second.xlsx", good, answer("plans", "flere relationer"))
    outcomes = survey.import_returns(returns, today=TODAY)
    assert [o.ok for o in outcomes] == [False, False]
    assert all("municipality 621 returned 2 workbooks (first.xlsx, second.xlsx)" in o.message for o in outcomes)
    assert not intake.exists()


@pytest.mark.slow  # builds a whole report context or imports through the CLI
def test_cli_import_says_one_error_line_per_bad_file_and_status_shows_who_is_missing(tmp_path, intake, capsys):
    returns = tmp_path / "returns"
    write_return("Kolding", returns / "kolding.xlsx", good)
    write_return("Læsø", returns / "laesoe.xlsx", good, answer("staff_hours", 12.5))
    write_return("Aarhus", returns / "aarhus.xlsx", good, answer("budget_dkk", "=1+1"))
    assert cli.main(["survey", "import", str(returns)]) == 2
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines) and "Traceback" not in err
    assert "aarhus.xlsx" in lines[0] and "formula" in lines[0] and "laesoe.xlsx" in lines[1]
    assert "imported kolding.xlsx: municipality 621" in out and "1 of 3 returns imported, 2 refused" in out
    assert cli.main(["survey", "status"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 of 98 municipalities answered (1%)") and "Syddanmark       1 of  22" in out
    assert "Læsø (825)" in out and "Kolding (621)" not in out


def test_cli_import_of_a_missing_folder_is_one_error(tmp_path, capsys):
    assert cli.main(["survey", "import", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_committed_example_returns_imported_as_one_folder(intake):
    """tests/fixtures/survey (EXAMPLE, made by survey_returns.py): the good return is stored; the bad
    cell, the person's name, the unknown municipality and both of Vejle's two returns are refused."""
    outcomes = {o.path.name: o for o in survey.import_returns(FIXTURES, today=TODAY)}
    assert sorted(outcomes) == sorted(FIXTURE_RETURNS)
    assert [n for n, o in outcomes.items() if o.ok] == ["EXAMPLE-good-kolding.xlsx"]
    expected = {"EXAMPLE-bad-cell-aarhus.xlsx": "sheet 'Spørgeskema': expected a number, found 'mange penge'",
                "EXAMPLE-personal-name-odense.xlsx": "names of persons are not stored",
                "EXAMPLE-unknown-municipality.xlsx": "unknown municipality code 999",
                "EXAMPLE-twice-1-vejle.xlsx": "municipality 630 returned 2 workbooks",
                "EXAMPLE-twice-2-vejle.xlsx": "municipality 630 returned 2 workbooks"}
    for name, fragment in expected.items():
        assert fragment in outcomes[name].message and name in outcomes[name].message, outcomes[name].message
    assert sorted(p.name for p in intake.iterdir()) == ["621-survey.csv", "621-travel.csv", "621.csv"]
