"""Every subcommand, walked with an output it cannot write and an input that is not there: one
`error:` line on stderr, exit 1 or 2, never a traceback, and nothing started in vain.

The unwritable place is a path under a regular file, which even root cannot create (root ignores
directory modes, and the suite may run as root)."""

from __future__ import annotations

import pytest

from twinlib.cli import parser as cli


@pytest.fixture()
def where(tmp_path, monkeypatch):
    """Run in an empty directory; `blocked` is a path under a regular file; `missing` is not there."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.txt").write_text("a regular file\n")
    return {"blocked": str(tmp_path / "file.txt" / "sub"), "missing": str(tmp_path / "no-such-dir"),
            "tmp": tmp_path}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    """A real intake workbook (the unfilled template), so import/contribute reach their writes."""
    out = tmp_path_factory.mktemp("wb") / "kolding.xlsx"
    assert cli.main(["intake", "template", "Kolding", "--out", str(out)]) == 0
    return str(out)


def _one_error(code: int, err: str) -> None:
    assert code in (1, 2), (code, err)
    assert "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err


UNWRITABLE = [
    ["build", "--out", "{blocked}/processed"],
    ["report", "Kolding", "--out", "{blocked}"],
    ["report", "--all", "--quiet", "--out", "{blocked}"],
    ["report", "--only", "Kolding,Vejle", "--quiet", "--out", "{blocked}"],
    ["intake", "template", "Kolding", "--out", "{blocked}/kolding.xlsx"],
    ["intake", "import", "{workbook}", "--out", "{blocked}"],
    ["intake", "contribute", "{workbook}", "--out", "{blocked}/curated.csv"],
    ["export", "--format", "csv", "--out", "{blocked}"],
    ["export", "--format", "xlsx", "--out", "{blocked}/x.xlsx"],
    ["export", "--format", "parquet", "--out", "{blocked}"],
    ["export", "--format", "csv", "--kommune", "Kolding", "--out", "{blocked}"],
    ["site", "--out", "{blocked}", "--only", "Kolding"],
    ["site", "--out", "{blocked}/site", "--reports", "{tmp}"],
    ["release", "--out", "{blocked}/release"],
    ["survey", "kit", "--only", "Kolding", "--out", "{blocked}"],
    ["survey", "import", "{tmp}", "--out", "{blocked}"],
]
MISSING = [
    ["build", "--sources", "{missing}", "--check"],
    ["summary", "--data-dir", "{missing}"],
    ["summary", "--kommune", "Kolding", "--data-dir", "{missing}"],
    ["report", "Kolding", "--data-dir", "{missing}", "--out", "{tmp}/r"],
    ["report", "--all", "--quiet", "--data-dir", "{missing}", "--out", "{tmp}/r"],
    ["report", "--only", "Kolding", "--quiet", "--data-dir", "{missing}", "--out", "{tmp}/r"],
    ["intake", "template", "Kolding", "--data-dir", "{missing}"],
    ["intake", "import", "{missing}/kolding.xlsx", "--out", "{tmp}/i"],
    ["intake", "contribute", "{missing}/kolding.xlsx"],
    ["export", "--format", "csv", "--data-dir", "{missing}"],
    ["export", "--format", "xlsx", "--data-dir", "{missing}"],
    ["export", "--format", "parquet", "--data-dir", "{missing}"],
    ["doctor", "--data-dir", "{missing}"],
    ["site", "--out", "{tmp}/s", "--reports", "{missing}"],
    ["site", "--out", "{tmp}/s", "--reports", "{tmp}", "--data-dir", "{missing}"],
    ["release", "--data-dir", "{missing}", "--out", "{tmp}/release"],
    ["survey", "kit", "--only", "Kolding", "--data-dir", "{missing}", "--out", "{tmp}/k"],
    ["survey", "import", "{missing}", "--out", "{tmp}/i"],
    ["survey", "status", "--data-dir", "{missing}"],
]


def _ids(cases):
    return ["-".join(a for a in c if not a.startswith(("{", "--out", "--quiet"))) for c in cases]


@pytest.mark.parametrize("argv", UNWRITABLE, ids=_ids(UNWRITABLE))
def test_unwritable_output_is_one_line(argv, where, workbook, capsys):
    args = [a.format(workbook=workbook, **where) for a in argv]
    _one_error(cli.main(args), capsys.readouterr().err)
    assert sorted(p.name for p in where["tmp"].iterdir()) == ["file.txt"]  # no temp file left behind


@pytest.mark.parametrize("argv", MISSING, ids=_ids(MISSING))
def test_missing_input_is_one_line(argv, where, capsys):
    err_code = cli.main([a.format(**where) for a in argv])
    err = capsys.readouterr().err
    _one_error(err_code, err)
    assert "no-such-dir" in err or "not found" in err  # the line names what is missing


def test_read_only_reports_dir_is_found_before_any_kernel(where, capsys, monkeypatch):
    """`report --all` into a place it cannot write stops at once, not after a minute of rendering."""
    from twinlib.batch import batch

    monkeypatch.setattr(batch, "plan", lambda *a, **k: pytest.fail("planned although the output is unwritable"))
    code = cli.main(["report", "--all", "--quiet", "--out", where["blocked"]])
    err = capsys.readouterr().err
    _one_error(code, err)
    assert "cannot write here" in err and "file.txt" in err


def test_walk_covers_every_subcommand():
    parser = cli.make_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    walked = {c[0] for c in UNWRITABLE + MISSING}
    assert set(sub.choices) == walked, set(sub.choices) ^ walked
