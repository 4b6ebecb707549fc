"""Intake workbook round trip (template -> filled by the test -> import -> report) and bad workbooks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook

from twinlib import intake
from twinlib.errors import InputError, ValidationError
from twinlib.pipeline import curated_files
from twinlib.publish import show
from twinlib.report import assessments  # the six assessments in words
from twinlib.report.context import context
from twinlib.report.sections import survey_mix as activities


@pytest.fixture()
def intake_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TWINLIB_INTAKE", str(tmp_path / "intake"))
    return tmp_path


def _filled(tmp_path, edit=None):
    """A Kolding workbook filled like a consultant would (EXAMPLE values for tests only)."""
    path = intake.template("Kolding", out=tmp_path / "kolding.xlsx")
    wb = load_workbook(path)
    ws = wb["Relationer"]
    rows = list(ws.iter_rows(min_row=2))
    col = {c.value: i for i, c in enumerate(ws[1])}
    for i, cells in enumerate(rows):
        cells[col["Seneste aktivitet (år)"]].value = 2025 if i % 2 == 0 else 2012
        cells[col["Kultur"]].value = "x"
        if i < 3:
            cells[col["Erhvervsudvikling"]].value = "x"
            cells[col["Finansiering"]].value = "Interreg; Nordisk Ministerråd"
    tr = wb["Rejser"]
    tr.append([rows[0][0].value, 2025, 2, 8, "12.500"])
    tr.append([rows[1][0].value, 2024, 1, 3, 4100])
    if edit:
        edit(wb)
    wb.save(path)
    return path


def test_template_is_prefilled_with_known_relations(intake_env):
    path = intake.template("Kolding", out=intake_env / "k.xlsx")
    ws = load_workbook(path)["Relationer"]
    towns = {r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert {"Örebro", "Panevėžys", "Stykkishólmur"} <= towns
    assert [c.value for c in ws[1]] == intake.REL_HEADER


def test_round_trip_import_and_report(intake_env):
    a_path, t_path, _ = intake.import_workbook(_filled(intake_env))
    assert a_path.name == "621.csv" and t_path.name == "621-travel.csv"
    ctx = context("Kolding")
    assert ctx.acts is not None and len(ctx.acts) >= 12
    html = show.to_html(activities.activities(ctx))
    assert "Andel i kommunen" in html and "Rejseregnskab" in html and "16.600" in html  # 12.500 + 4.100 kr.
    mix = intake.activity_mix(ctx.acts).set_index("key")
    assert mix.loc["culture", "share"] == 1.0 and mix.loc["business", "relations"] == 3
    # the municipality's own activity years decide the cards' verdicts: 2012 is dormant, recent is kept
    from twinlib.report.decisions import relation_verdicts
    v = relation_verdicts(dataclasses.replace(ctx, today=dt.date(2026, 11, 25)))
    assert {("end", "dormant"), ("keep", "activity")} <= set(zip(v["verdict"], v["reason"], strict=True))
    assert 2012 in set(v.loc[v["reason"] == "dormant", "active_year"])
    recs = {a.key: a for a in assessments.assess(ctx.profile, ctx.peers, ctx.relations, ctx.tables.strategies,
                                               ctx.tables.memberships, dt.date(2026, 11, 25), ctx.acts)}
    assert recs["funding"].status == "green" and recs["core_tasks"].status != "grey"


def _set(sheet, cell, value):
    def edit(wb):
        wb[sheet][cell] = value
    return edit


@pytest.mark.parametrize(("edit", "sheet", "column", "words"), [
    (_set("Relationer", "G2", "=HYPERLINK(\"http://evil\",\"x\")"), "Relationer", "Politisk/administrativt", "formula"),
    (_set("Relationer", "O2", "<script>alert(1)</script>"), "Relationer", "Finansiering", "markup"),
    (_set("Relationer", "F2", 2999), "Relationer", "Seneste aktivitet (år)", "outside 1900"),
    (_set("Relationer", "H2", "måske"), "Relationer", "Kultur", "use x"),
    (_set("Relationer", "A2", "999-xx-nowhere"), "Relationer", "relation_id", "not a relation"),
    (_set("Rejser", "E2", -5), "Rejser", "Udgift (kr.)", "negative"),
    (_set("Rejser", "C2", "mange"), "Rejser", "Antal rejser", "expected a number"),
])
def test_bad_workbooks_get_sheet_row_and_column(intake_env, edit, sheet, column, words):
    path = _filled(intake_env, edit)
    with pytest.raises(ValidationError) as err:
        intake.import_workbook(path)
    hit = [p for p in err.value.problems if p.column == column]
    assert hit and hit[0].row == 2 and f"sheet '{sheet}'" in str(hit[0]) and words in str(hit[0]), \
        [str(p) for p in err.value.problems]
    assert not (intake_env / "intake").exists()  # nothing written


def test_wrong_header_and_not_a_workbook(intake_env):
    path = _filled(intake_env, _set("Relationer", "B1", "By"))
    with pytest.raises(InputError, match="header must be"):
        intake.import_workbook(path)
    bogus = intake_env / "bogus.xlsx"
    bogus.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="not a valid .xlsx workbook"):
        intake.import_workbook(bogus)


def _confirm(rows: dict[int, tuple[str, str | None, object]]):
    """Fill Status / role / date on the given sheet rows (EXAMPLE confirmations for tests only)."""
    def edit(wb):
        ws = wb["Relationer"]
        col = {c.value: c.column for c in ws[1]}
        for row, (status, role, when) in rows.items():
            ws.cell(row, col["Status"]).value = status
            ws.cell(row, col["Bekræftet af (rolle)"]).value = role
            ws.cell(row, col["Bekræftet (dato)"]).value = when
            ws.cell(row, col["Aktiv fra (år)"]).value = 1990
            ws.cell(row, col["Aktiv til (år)"]).value = 2024 if status == "ophørt" else None
    return edit


def test_template_prefills_the_known_status(intake_env):
    ws = load_workbook(intake.template("Kolding", out=intake_env / "k.xlsx"))["Relationer"]
    col = {c.value: i for i, c in enumerate(ws[1])}
    assert {r[col["Status"]] for r in ws.iter_rows(min_row=2, values_only=True)} == {"aktiv"}


def test_confirmed_statuses_become_grade_a_curated_rows_without_names(intake_env):
    path = _filled(intake_env, _confirm({2: ("ophørt", "international koordinator", dt.datetime(2026, 11, 2)),
                                         3: ("aktiv", "sekretariatet", "2026-10-01"),
                                         4: ("aktiv", None, None)}))
    out, n = intake.contribute(path, out=intake_env / "contrib.csv")
    got = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert n == 2 and list(got.columns) == curated_files.RELATION_COLS
    ended = got[got["status"] == "ended"].iloc[0]
    assert (ended["evidence_grade"], ended["evidence_date"], ended["ended_year"]) == ("A", "2026-11-02", "2024")
    assert ended["note"] == "kommunens oplysning (international koordinator), 2026-11-02"
    assert (got["source_url"] == "").all() and set(got["established_year"]) == {"1990"}
    (intake_env / "relations.csv").write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
    loaded = curated_files.load_curated(intake_env, ["621"])["relations"]  # the curated schema accepts them
    assert len(loaded) == 2


@pytest.mark.parametrize(("confirm", "column", "words"), [
    ({2: ("aktiv", "Jens Hansen", "2026-11-01")}, "Bekræftet af (rolle)", "names of persons are not stored"),
    ({2: ("aktiv", "sekretariatet", None)}, "Bekræftet (dato)", "both a role and a date"),
    ({2: ("måske", None, None)}, "Status", "choose one of"),
    ({2: ("aktiv", "sekretariatet", "1. nov")}, "Bekræftet (dato)", "expected a date"),
    ({2: ("aktiv", "sekretariatet", "2999-01-01")}, "Bekræftet (dato)", "outside 2000"),
])
def test_bad_confirmations_are_rejected_with_row_and_column(intake_env, confirm, column, words):
    with pytest.raises(ValidationError) as err:
        intake.import_workbook(_filled(intake_env, _confirm(confirm)))
    hit = [p for p in err.value.problems if p.column == column]
    assert hit and hit[0].row == 2 and words in str(hit[0]), [str(p) for p in err.value.problems]
