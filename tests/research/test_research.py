"""Researchers' tools: exports round-trip, CHANGES.md, doctor (the notebooks: research/test_explore.py)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from twinlib import paths, pipeline, vocab
from twinlib.cli import doctor
from twinlib.cli import parser as cli
from twinlib.research import export
from twinlib.tables import data


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_export_round_trips(fmt, tmp_path):
    out = tmp_path / ("x.xlsx" if fmt == "xlsx" else "x")
    export.export(fmt, out)
    back = export.read_back(fmt, out)
    assert set(back) == set(export.TABLES)
    t = data.load()
    for name in export.TABLES:
        want = getattr(t, name).reset_index(drop=True)
        if name == "relations":  # the export carries the counting rule as a column
            want = want.assign(current=vocab.is_current(want))
        got = back[name]
        assert len(got) == len(want), name
        assert list(got.columns) == list(want.columns), name
        # same values; dtypes normalised (a csv cannot say Int64 vs float, xlsx has no NA type)
        pd.testing.assert_frame_equal(got.convert_dtypes(), want.convert_dtypes(), check_dtype=False, obj=name)


def test_export_one_municipality_keeps_the_sources(tmp_path):
    export.export("csv", tmp_path, kommune="Kolding")
    rel = pd.read_csv(tmp_path / "relations.csv", dtype=str)
    assert set(rel["municipality_code"]) == {"621"}
    assert rel.loc[rel["partner_name"] == "Pisa", "current"].tolist() == ["False"]  # ended: not counted
    assert len(pd.read_csv(tmp_path / "sources.csv")) == len(data.load().sources)


def test_changes_md_lists_added_removed_and_status(tmp_path):
    out = tmp_path / "processed"
    shutil.copytree(paths.default_processed_dir(), out)
    old = pd.read_csv(out / "relations.csv", dtype=str)
    new = old.copy()
    new.loc[0, "status"] = "ended" if new.loc[0, "status"] != "ended" else "active"
    extra = new.iloc[[2]].assign(relation_id="621-xx-testtown")
    new = pd.concat([new.drop(index=1), extra], ignore_index=True)
    md = pipeline.changes_md(old, new)
    assert "1 added, 1 removed, 1 changed status" in md
    assert "621-xx-testtown" in md and old.loc[1, "relation_id"] in md and old.loc[0, "relation_id"] in md
    assert pipeline.changes_md(old, old) is None


def test_doctor_reports_environment_and_data(capsys):
    results = {name: ok for name, ok, _ in doctor.checks()}
    assert results["relations.csv"] and results["municipalities.csv"] and results["typst + DejaVu Sans"]
    assert cli.main(["doctor"]) in (0, 1)
    out = capsys.readouterr().out
    assert "typst" in out and "checks ok" in out


def test_doctor_notices_edited_processed_data(tmp_path):
    d = tmp_path / "processed"
    shutil.copytree(paths.default_processed_dir(), d)
    rel = pd.read_csv(d / "relations.csv", dtype=str)
    rel.iloc[:-1].to_csv(d / "relations.csv", index=False)
    bad = [name for name, ok, _ in doctor.data_checks(d) if not ok]
    assert bad == ["relations.csv"]
