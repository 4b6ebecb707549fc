"""Issue 24 item 3: integrity that cannot be switched off by editing the manifest, and malformed
manifests or tables that end in one line naming the file (and column), never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from twinlib import paths
from twinlib.cli import parser as cli
from twinlib.tables import data, integrity


@pytest.fixture()
def processed_copy(tmp_path):
    out = tmp_path / "processed"
    shutil.copytree(paths.default_processed_dir(), out)
    return out


def _manifest(d: Path) -> dict:
    return json.loads((d / "manifest.json").read_text(encoding="utf-8"))


def _write_manifest(d: Path, man: dict) -> None:
    (d / "manifest.json").write_text(json.dumps(man, indent=2), encoding="utf-8")


def _drop_last_row(d: Path) -> None:
    lines = (d / "relations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (d / "relations.csv").write_text("".join(lines[:-1]), encoding="utf-8")


def _one_error(code: int, err: str, *fragments: str) -> str:
    assert code == 2 and "Traceback" not in err, (code, err)
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and all(f in lines[0] for f in fragments), err
    return lines[0]


@pytest.mark.parametrize("section", ["tables_sha256", "row_counts", "both"])
def test_deleting_a_tables_entry_does_not_switch_the_check_off(section, processed_copy, capsys):
    """The attack of issue 24: relations.csv cut by a row and its manifest line deleted."""
    man = _manifest(processed_copy)
    if section in ("tables_sha256", "both"):
        del man["tables_sha256"]["relations.csv"]
    if section in ("row_counts", "both"):
        del man["row_counts"]["relations"]
    _write_manifest(processed_copy, man)
    _drop_last_row(processed_copy)
    _one_error(cli.main(["summary", "--data-dir", str(processed_copy)]), capsys.readouterr().err, "relations.csv")
    assert cli.main(["doctor", "--data-dir", str(processed_copy)]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if " relations.csv " in x)
    assert line.startswith("BAD") and "sha256 as built" not in line, line
    modified = integrity.verify(processed_copy, allow_modified=True)
    assert "relations.csv" in modified  # --allow-modified: the footer names the table


def test_an_extra_entry_is_refused(processed_copy, capsys):
    man = _manifest(processed_copy)
    man["tables_sha256"]["extra.csv"] = "0" * 64
    _write_manifest(processed_copy, man)
    _one_error(cli.main(["summary", "--data-dir", str(processed_copy)]), capsys.readouterr().err,
               "manifest.json", "'extra.csv'", "not a table twinlib reads")


def test_a_row_count_edited_to_match_a_cut_table_is_caught(processed_copy, capsys):
    """The hash is the check; a row count that disagrees with the hashed file is a hand-edited manifest."""
    man = _manifest(processed_copy)
    man["row_counts"]["relations"] -= 1
    _write_manifest(processed_copy, man)
    _one_error(cli.main(["summary", "--data-dir", str(processed_copy)]), capsys.readouterr().err,
               "relations.csv", "but manifest.json says")


def test_doctor_vouches_only_for_what_it_hashed(processed_copy, capsys):
    assert cli.main(["doctor", "--data-dir", str(processed_copy)]) in (0, 1)
    out = capsys.readouterr().out
    for rel in integrity.expected_files():
        line = next(x for x in out.splitlines() if f" {rel} " in x)
        assert line.startswith("ok") and "sha256 as built" in line, line
    assert "535 rows, sha256 as built" in out


DEEP = b"[" * 100_000 + b"]" * 100_000
HUGE_NUMBER = b'{"tables_sha256": {}, "row_counts": {"relations": ' + b"9" * 5000 + b"}}"


@pytest.mark.parametrize("payload", [DEEP, b'{"a":' * 50_000 + b"1" + b"}" * 50_000, HUGE_NUMBER,
                                     b"1" * 5000, b"null", b"3", b'"text"', b"[]", b"",
                                     b'{"tables_sha256": {"relations.csv": "x"}, "row_counts": {}}',
                                     b'{"tables_sha256": {"relations.csv": "' + b"0" * 64 + b'"}, '
                                     b'"row_counts": {"relations": "535"}}',
                                     b" " * (integrity.MAX_MANIFEST_BYTES + 1)],
                         ids=["deep-list", "deep-object", "5000-digits", "bare-5000-digits", "null", "number",
                              "string", "list", "empty", "bad-hash", "count-as-text", "too-big"])
def test_a_malformed_manifest_is_one_line_naming_it(payload, processed_copy, capsys):
    (processed_copy / "manifest.json").write_bytes(payload)
    for argv in (["summary"], ["export", "--format", "csv", "--out", str(processed_copy.parent / "x")]):
        _one_error(cli.main([*argv, "--data-dir", str(processed_copy)]), capsys.readouterr().err,
                   "manifest.json", "malformed")
    assert cli.main(["doctor", "--data-dir", str(processed_copy)]) == 1
    out = capsys.readouterr()
    assert "BAD processed data" in out.out and "manifest.json" in out.out and "Traceback" not in out.err


def test_a_manifest_that_is_a_folder_is_one_line(processed_copy, capsys):
    (processed_copy / "manifest.json").unlink()
    (processed_copy / "manifest.json").mkdir()
    _one_error(cli.main(["summary", "--data-dir", str(processed_copy)]), capsys.readouterr().err, "manifest.json")


@pytest.mark.parametrize(("table", "column"), [("relations", "status"), ("municipalities", "code"),
                                               ("sources", "licence"), ("policies", "outcome")])
def test_a_table_without_a_column_names_file_and_column(table, column, processed_copy, capsys):
    df = pd.read_csv(processed_copy / f"{table}.csv", dtype=str, keep_default_na=False)
    df.drop(columns=[column]).to_csv(processed_copy / f"{table}.csv", index=False, lineterminator="\n")
    for argv in (["summary"], ["summary", "--kommune", "Kolding"]):
        _one_error(cli.main([*argv, "--data-dir", str(processed_copy), "--allow-modified"]),
                   capsys.readouterr().err, f"{table}.csv", f"column '{column}'")


def test_every_table_the_loader_reads_is_vouched_for():
    """One list: the manifest's expected files are the loader's tables (plus the map geometry)."""
    tables = data.load()
    read = {name for name in vars(tables) if isinstance(getattr(tables, name), pd.DataFrame)}
    assert {f"{n}.csv" for n in read} | set(integrity.GEO_FILES) == set(integrity.expected_files())
    for name in read:
        assert set(integrity.COLUMNS[name]) <= set(getattr(tables, name).columns)
