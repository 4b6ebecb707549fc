"""Intake faults: size limits before parsing, all-or-nothing import, unwritable outputs.

The big workbooks (a zip bomb, a million rows) are generated here, streamed into a few KB or MB in
tmp_path, and never committed.
"""

from __future__ import annotations

import errno
import os
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from twinlib import intake
from twinlib.cli import parser as cli
from twinlib.errors import InputError
from twinlib.statements import limits

SHEET = "xl/worksheets/sheet3.xml"  # 'Rejser', the third sheet of the template


@pytest.fixture()
def intake_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TWINLIB_INTAKE", str(tmp_path / "intake"))
    return tmp_path


def _good(tmp_path: Path, name="good.xlsx", cost=100) -> Path:
    path = intake.template("Kolding", out=tmp_path / name)
    wb = load_workbook(path)
    rid = wb["Relationer"]["A2"].value
    wb["Rejser"].delete_rows(2, wb["Rejser"].max_row)  # a template made after an import carries its travel
    wb["Rejser"].append([rid, 2024, 1, 2, cost])
    wb.save(path)
    return path


def _with_part(src: Path, target: Path, name: str, chunks) -> Path:
    """A copy of src whose part `name` is replaced by the streamed chunks (memory stays small)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != name:
                zout.writestr(info.filename, zin.read(info))
        with zout.open(name, "w", force_zip64=True) as fh:
            for chunk in chunks:
                fh.write(chunk)
    return target


def _rows_xml(rows):
    yield b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>relation_id</t></is></c><c r="B1" t="inlineStr"><is><t>'
    yield "År</t></is></c>".encode() + b'<c r="C1" t="inlineStr"><is><t>Antal rejser</t></is></c>'
    yield b'<c r="D1" t="inlineStr"><is><t>Deltagere</t></is></c><c r="E1" t="inlineStr"><is><t>'
    yield b"Udgift (kr.)</t></is></c></row>"
    batch = []
    for r in rows:
        batch.append(r)
        if len(batch) == 10_000:
            yield b"".join(batch)
            batch = []
    yield b"".join(batch) + b"</sheetData></worksheet>"


def _no_parse(monkeypatch):
    import openpyxl

    def refuse(*a, **k):
        raise AssertionError("the workbook was parsed although it exceeds a limit")
    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_long_string_bomb_is_refused_before_parsing(intake_env, monkeypatch):
    """A 30 MB shared string packs into ~30 KB (the 415 KB / 400 MB attack, smaller)."""
    big = b"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>"
    path = _with_part(_good(intake_env), intake_env / "bomb.xlsx", "xl/sharedStrings.xml",
                      [big] + [b"A" * 1_000_000] * 30 + [b"</t></si></sst>"])
    assert path.stat().st_size < 200_000
    _no_parse(monkeypatch)
    with pytest.raises(InputError, match="unpacks to 30,000,"):
        intake.import_workbook(path)
    assert not (intake_env / "intake").exists()


def test_high_compression_ratio_is_refused(intake_env, monkeypatch):
    path = _with_part(_good(intake_env), intake_env / "ratio.xlsx", "xl/sharedStrings.xml",
                      [b"<sst><si><t>", b"B" * 3_000_000, b"</t></si></sst>"])
    assert path.stat().st_size < 50_000
    _no_parse(monkeypatch)
    with pytest.raises(InputError, match=r"compressed \d+:1 \(at most 100:1\)"):
        intake.import_workbook(path)


def test_million_row_sheet_is_refused_before_parsing(intake_env, monkeypatch):
    rows = (b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(2, 1_000_002))
    path = _with_part(_good(intake_env), intake_env / "rows.xlsx", SHEET, _rows_xml(rows))
    _no_parse(monkeypatch)
    with pytest.raises(InputError, match="unpacks to"):
        intake.import_workbook(path)


@pytest.mark.slow  # runs a kernel, a build or every section of twelve reports
def test_rows_are_counted_while_streaming(intake_env):
    """Valid-looking rows under the size limits, and a <dimension> that hides them: stopped at MAX_ROWS."""
    good = _good(intake_env)
    rid = load_workbook(good)["Relationer"]["A2"].value.encode()
    rows = (b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%s</t></is></c><c r="B%d"><v>2024</v></c>'
            b'<c r="C%d"><v>1</v></c><c r="D%d"><v>1</v></c><c r="E%d"><v>1</v></c></row>'
            % (i, i, rid, i, i, i, i) for i in range(2, limits.MAX_ROWS + 10))
    path = _with_part(good, intake_env / "rows.xlsx", SHEET, _rows_xml(rows))
    with pytest.raises(InputError, match=f"sheet 'Rejser' has more than {limits.MAX_ROWS} rows"):
        intake.import_workbook(path)
    empty = (b'<row r="%d"/>' % i for i in range(2, 900_000))  # 16 MB of empty rows: under the part limit
    path = _with_part(good, intake_env / "empty.xlsx", SHEET, _rows_xml(empty))
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="more than"):
        intake.import_workbook(path)
    assert time.perf_counter() - t0 < 20


def test_oversized_file_is_refused(intake_env):
    path = intake_env / "huge.xlsx"
    path.write_bytes(os.urandom(limits.MAX_FILE_BYTES + 1))
    with pytest.raises(InputError, match="an intake workbook may be at most"):
        intake.import_workbook(path)


def _stored(intake_env) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((intake_env / "intake").iterdir())}


def _fail_on(n: int, real):
    """`real`, except that its n-th call fails as a full disk does."""
    calls = {"n": 0}

    def fake(*a, **k):
        calls["n"] += 1
        if calls["n"] == n:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*a, **k)
    return fake


@pytest.mark.parametrize("where", ["write", "rename"])
def test_import_writes_all_files_or_none(intake_env, monkeypatch, capsys, where):
    """Disk full on the second file (while writing it, or while renaming it in): the old pair stays."""
    intake.import_workbook(_good(intake_env, "old.xlsx", cost=100))
    before = _stored(intake_env)
    new = _good(intake_env, "new.xlsx", cost=999)
    if where == "write":
        monkeypatch.setattr(os, "fdopen", _fail_on(2, os.fdopen))
    else:
        monkeypatch.setattr(os, "replace", _fail_on(2, os.replace))
    assert cli.main(["intake", "import", str(new)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "No space left on device" in err and "Traceback" not in err
    assert _stored(intake_env) == before  # both old, no staging directory or temp file left


def test_template_into_an_existing_directory(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    assert cli.main(["intake", "template", "Kolding", "--out", str(out)]) == 0
    assert [p.name for p in out.iterdir()] == ["intake_621-kolding.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no .tmp beside it either
    assert load_workbook(out / "intake_621-kolding.xlsx")["Relationer"]["A1"].value == "relation_id"


def test_unwritable_outputs_are_one_line_exit_2(intake_env, capsys, monkeypatch):
    """Root ignores chmod, so 'unwritable' is a path under a regular file."""
    blocker = intake_env / "file"
    blocker.write_text("x", encoding="utf-8")
    good = _good(intake_env)
    runs = [["intake", "template", "Kolding", "--out", str(blocker / "k.xlsx")],
            ["intake", "import", str(good), "--out", str(blocker / "intake")],
            ["intake", "contribute", str(good), "--out", str(blocker / "c.csv")]]
    for args in runs:
        assert cli.main(args) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1 and str(blocker) in err, err
    monkeypatch.setenv("TWINLIB_INTAKE", str(blocker / "intake"))
    assert cli.main(["intake", "import", str(good)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert not [p for p in intake_env.rglob("*") if p.name.startswith(".")]  # no temp file or staging dir


def test_a_stored_file_with_an_absurd_cost_is_refused(tmp_path):
    """A travel file written before the import was bounded must not break every later report."""
    (tmp_path / "621.csv").write_text("municipality_code,relation_id\n621,x\n", encoding="utf-8")
    (tmp_path / "621-travel.csv").write_text("municipality_code,relation_id,year,trips,participants,cost_dkk\n"
                                             "621,x,2024,1,2,1e300\n", encoding="utf-8")
    with pytest.raises(InputError, match="cost_dkk .* re-import"):
        intake.load_intake("621", tmp_path)
