"""Numbers in the travel sheet: typed numbers as they are, text by one Danish rule, never misread
(issue 24: "12.5" became 125 kr., "0.5" 5, "1,234.56" 1.23456, trips "2.5" 25). EXAMPLE values."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from twinlib import intake
from twinlib.errors import ValidationError


@pytest.fixture()
def intake_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TWINLIB_INTAKE", str(tmp_path / "intake"))
    return tmp_path


def _trip(tmp_path, trips, cost):
    path = intake.template("Kolding", out=tmp_path / "k.xlsx")
    wb = load_workbook(path)
    wb["Rejser"].append([wb["Relationer"]["A2"].value, 2025, trips, 4, cost])
    wb.save(path)
    return path


@pytest.mark.parametrize(("cost", "stored"), [
    ("12,5", 12.5), ("1.234,5", 1234.5), ("12.500", 12500.0), ("12.500,50", 12500.5), ("1 234", 1234.0),
    (12.5, 12.5), (1234.56, 1234.56), ("0", 0.0)])
def test_costs_read_by_the_one_rule(intake_env, cost, stored):
    done = intake.import_workbook(_trip(intake_env, 1, cost))
    assert pd.read_csv(done.travel_path)["cost_dkk"].tolist() == [stored]


@pytest.mark.parametrize(("trips", "cost", "column"), [
    (1, "12.5", "Udgift (kr.)"), (1, "0.5", "Udgift (kr.)"), (1, "1,234.56", "Udgift (kr.)"),
    (1, "1,234", "Udgift (kr.)"), (1, "12,505", "Udgift (kr.)"), ("2.5", 100, "Antal rejser"),
    ("2,5", 100, "Antal rejser")])
def test_ambiguous_text_is_refused_never_guessed(intake_env, trips, cost, column):
    with pytest.raises(ValidationError) as err:
        intake.import_workbook(_trip(intake_env, trips, cost))
    hit = [p for p in err.value.problems if p.column == column]
    assert hit and hit[0].row == 2 and "sheet 'Rejser'" in str(hit[0]), err.value.report()
    assert not (intake_env / "intake").exists()
