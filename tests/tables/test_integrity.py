"""Issue 16 faults: changed, cut or unchecked data is refused (or, with --allow-modified, said on
every page); exports a spreadsheet cannot run; a cache that trusts only what it can verify; report
paths that stay under their root; a relative --data-dir that means the caller's directory."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from twinlib import paths


@pytest.fixture()
def processed_copy(tmp_path):
    out = tmp_path / "processed"
    shutil.copytree(paths.default_processed_dir(), out)
    return out


# --- integrity of the processed tables (issue 16) ------------------------------------------------

def _errors(err: str) -> list[str]:
    assert "Traceback" not in err, err
    return [line for line in err.splitlines() if line.startswith("error:")]


def _edit_partner(data_dir: Path, name: str, lat: float | None = None) -> None:
    """Hand-edit Kolding's first partner (same number of rows, so only the hash can tell)."""
    import pandas as pd

    rel = pd.read_csv(data_dir / "relations.csv", dtype=str, keep_default_na=False)
    first = rel.index[rel["municipality_code"] == "621"][0]
    rel.loc[first, "partner_name"] = name
    if lat is not None:
        rel.loc[first, "partner_lat"] = str(lat)
    rel.to_csv(data_dir / "relations.csv", index=False, lineterminator="\n")


@pytest.mark.parametrize("command", [["summary", "--kommune", "Kolding"], ["summary"],
                                     ["export", "--format", "csv"], ["report", "Kolding"],
                                     ["report", "--only", "Kolding", "--quiet"]])
def test_truncated_relations_are_refused(command, processed_copy, tmp_path, capsys, monkeypatch):
    """relations.csv cut mid-row parses and gave a confident report from 3 of 13 partners."""
    monkeypatch.chdir(tmp_path)
    payload = (processed_copy / "relations.csv").read_bytes()
    (processed_copy / "relations.csv").write_bytes(payload[: len(payload) // 3])
    assert not payload[: len(payload) // 3].endswith(b"\n")  # really mid-row
    from twinlib.cli import parser as cli

    assert cli.main([*command, "--data-dir", str(processed_copy), "--out", str(tmp_path / "out")]
                    if command[0] != "summary" else [*command, "--data-dir", str(processed_copy)]) == 2
    errors = _errors(capsys.readouterr().err)
    assert len(errors) == 1 and "relations.csv" in errors[0] and "changed since the build" in errors[0], errors
    assert "manifest: 535" in errors[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.pdf"))


def test_hand_edited_table_is_refused_unless_allowed(processed_copy, capsys):
    from twinlib.cli import parser as cli

    _edit_partner(processed_copy, "Edited Town")
    assert cli.main(["summary", "--kommune", "Kolding", "--data-dir", str(processed_copy)]) == 2
    errors = _errors(capsys.readouterr().err)
    assert len(errors) == 1 and "relations.csv" in errors[0] and "--allow-modified" in errors[0]
    assert cli.main(["summary", "--kommune", "Kolding", "--data-dir", str(processed_copy), "--allow-modified"]) == 0
    assert "Edited Town" in capsys.readouterr().out
    assert "TWINLIB_ALLOW_MODIFIED" not in os.environ  # the flag does not leak out of the command


@pytest.mark.parametrize("manifest", [None, b"{not json", b"[]", b'{"row_counts": {}}', b"\xff\xfe",
                                      b'{"row_counts": {}, "tables_sha256": {"../../etc/passwd": "0"}}'])
def test_missing_or_malformed_manifest_is_one_clear_line(manifest, processed_copy, capsys):
    from twinlib.cli import parser as cli

    target = processed_copy / "manifest.json"
    target.unlink() if manifest is None else target.write_bytes(manifest)
    assert cli.main(["summary", "--data-dir", str(processed_copy)]) == 2
    errors = _errors(capsys.readouterr().err)
    assert len(errors) == 1 and "manifest.json" in errors[0], errors
    assert cli.main(["doctor", "--data-dir", str(processed_copy)]) == 1  # a BAD line, no traceback
    out = capsys.readouterr()
    assert "BAD processed data" in out.out and "manifest.json" in out.out and len(_errors(out.err)) == 1


# --- exports a spreadsheet cannot run (OWASP CSV injection) --------------------------------------

ATTACKS = ["=1+2", "@SUM(1+9)*cmd|' /C calc'!A0", "+45 1234", "-2+3", "\t=1", "\r=1"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_neutralises_formula_cells_and_keeps_numbers(fmt, processed_copy, tmp_path, monkeypatch):
    import csv

    import pandas as pd

    from twinlib.research import export

    rel = pd.read_csv(processed_copy / "relations.csv", dtype=str, keep_default_na=False)
    rows = rel.index[rel["municipality_code"] == "621"][: len(ATTACKS)]
    rel.loc[rows, "partner_name"] = ATTACKS
    rel.loc[rows[0], "partner_lat"] = "-33.9"
    rel.to_csv(processed_copy / "relations.csv", index=False, lineterminator="\n", quoting=csv.QUOTE_ALL)
    monkeypatch.setenv("TWINLIB_ALLOW_MODIFIED", "1")
    out = tmp_path / ("x.xlsx" if fmt == "xlsx" else "x")
    export.export(fmt, out, kommune="Kolding", data_dir=processed_copy)
    if fmt == "csv":
        got = list(csv.DictReader(open(out / "relations.csv", encoding="utf-8", newline="")))
        names, lat = [r["partner_name"] for r in got], got[0]["partner_lat"]
    else:
        import openpyxl

        ws = openpyxl.load_workbook(out)["relations"]
        head = [c.value for c in ws[1]]
        values = list(ws.iter_rows(min_row=2, values_only=True))
        names = [r[head.index("partner_name")] for r in values]
        lat = values[0][head.index("partner_lat")]
        assert isinstance(lat, float)  # a negative number stays a number
    for attack in ATTACKS:  # a CR is shown as \x0d (it would break the row), so no formula starts
        shown = "\\x0d=1" if attack == "\r=1" else "'" + attack
        assert attack not in names and shown in names, (attack, names)
    assert float(lat) == -33.9 and not str(lat).startswith("'")


def test_xlsx_export_of_control_characters_does_not_crash(processed_copy, tmp_path, capsys):
    import openpyxl

    from twinlib.cli import parser as cli

    _edit_partner(processed_copy, "Kol\x01ding\x1b[31m\x7f")
    out = tmp_path / "x.xlsx"
    assert cli.main(["export", "--format", "xlsx", "--kommune", "Kolding", "--data-dir", str(processed_copy),
                     "--out", str(out), "--allow-modified"]) == 0
    names = [r[3] for r in openpyxl.load_workbook(out)["relations"].iter_rows(min_row=2, values_only=True)]
    assert "Kol\\x01ding\\x1b[31m\\x7f" in names and not any("\x01" in str(n) or "\x1b" in str(n) for n in names)


# --- the report cache: inputs and the output itself ----------------------------------------------

class _FakeExporters:
    def export(self, nb, title, lang):
        return "<html></html>", b"%PDF-1.7 a report"


def _cached_kolding(out_root: Path, data_dir=None) -> Path:
    """Plan Kolding, 'make' it with a stand-in exporter, and check that a rerun finds it cached."""
    import nbformat

    from twinlib.batch import batch, render

    tasks, _ = batch.plan(["Kolding"], out_root, data_dir, "da", False, paths.notebook_template())
    done = render.finish(tasks[0], nbformat.v4.new_notebook(), _FakeExporters())
    assert done.status == "ok", done.error
    assert batch.plan(["Kolding"], out_root, data_dir, "da", False, paths.notebook_template())[0] == []
    return Path(done.pdf)


@pytest.mark.parametrize("damage", [b"", b"<html>garbage</html>", b"%PDF-1.7 edited by hand"])
def test_empty_garbage_or_replaced_pdf_is_made_again(damage, tmp_path):
    from twinlib.batch import batch

    pdf = _cached_kolding(tmp_path)
    pdf.write_bytes(damage)
    tasks, skipped = batch.plan(["Kolding"], tmp_path, None, "da", False, paths.notebook_template())
    assert [t.code for t in tasks] == ["621"] and skipped == []


def test_cache_key_holds_the_tables_not_only_the_manifest(processed_copy, tmp_path, monkeypatch):
    """A table edited under an unchanged manifest (--allow-modified) is a new report."""
    from twinlib.batch import batch

    _cached_kolding(tmp_path, processed_copy)
    monkeypatch.setenv("TWINLIB_ALLOW_MODIFIED", "1")
    _edit_partner(processed_copy, "Edited Town")
    tasks, _ = batch.plan(["Kolding"], tmp_path, processed_copy, "da", False, paths.notebook_template())
    assert [t.code for t in tasks] == ["621"] and tasks[0].modified == ("relations.csv",)


def test_a_warm_kernels_tables_follow_an_edit_under_the_same_manifest(processed_copy, monkeypatch):
    """A long-lived kernel (JupyterLab, a batch worker) must not keep serving the tables it read
    before a table was edited in place (--allow-modified): its cache is keyed on the files too."""
    from twinlib.report.context import context

    monkeypatch.setenv("TWINLIB_ALLOW_MODIFIED", "1")
    before = set(context("Kolding", processed_copy).relations["partner_name"])
    _edit_partner(processed_copy, "Edited Town")
    after = set(context("Kolding", processed_copy).relations["partner_name"])
    assert "Edited Town" not in before and "Edited Town" in after


# --- output paths --------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "slug"), [("621", "../../etc"), ("621", "a/b"), ("..", "kolding"), ("621", "")])
def test_report_folder_never_leaves_the_output_root(code, slug, tmp_path):
    from twinlib.batch.render import output_dir
    from twinlib.errors import InputError

    with pytest.raises(InputError, match="file name"):
        output_dir(code, slug, tmp_path)


# --- one real report each: a relative --data-dir, and the footer of --allow-modified -------------

def _pdf_pages(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(pdf).pages]


@pytest.mark.slow  # runs a kernel, a build or every section of twelve reports
def test_relative_data_dir_means_the_callers_directory(processed_copy, tmp_path, monkeypatch, capsys):
    """The kernel runs in the project root; a relative --data-dir is the caller's, not the kernel's."""
    from twinlib.cli import parser as cli

    monkeypatch.chdir(tmp_path)
    assert cli.main(["report", "Kolding", "--data-dir", "processed", "--out", "reports"]) == 0, capsys.readouterr().err
    pdf = tmp_path / "reports" / "621-kolding" / "kolding.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not any("ændrede data" in page for page in _pdf_pages(pdf))


@pytest.mark.slow  # runs a kernel, a build or every section of twelve reports
def test_allow_modified_is_said_on_every_page(processed_copy, tmp_path, capsys):
    from twinlib.cli import parser as cli

    _edit_partner(processed_copy, "Edited Town")
    assert cli.main(["report", "Kolding", "--data-dir", str(processed_copy), "--out", str(tmp_path / "reports"),
                     "--allow-modified"]) == 0, capsys.readouterr().err
    pages = _pdf_pages(tmp_path / "reports" / "621-kolding" / "kolding.pdf")
    assert len(pages) > 3
    for page in pages:
        assert "Lavet med ændrede data" in page and "relations.csv" in page, page[-300:]
    assert "Edited Town" in "\n".join(pages)
