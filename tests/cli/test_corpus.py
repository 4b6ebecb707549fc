"""The bad-input corpus (tests/corpus): each case gets a clear error or documented safe handling,
and no processed file or report changes."""

from __future__ import annotations

import csv
import hashlib
import shlex
import shutil
from pathlib import Path

import pandas as pd
import pytest

from twinlib import paths
from twinlib.batch import batch as report
from twinlib.cli import parser as cli
from twinlib.errors import InputError, ValidationError
from twinlib.pipeline import curated_files, sources

CORPUS = Path(__file__).parents[1] / "corpus"
CASES = list(csv.DictReader(open(CORPUS / "cases.csv", encoding="utf-8")))
CODES = pd.read_csv(paths.default_processed_dir() / "municipalities.csv", dtype=str)["code"]


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module", autouse=True)
def nothing_changes():
    before = (_tree_hash(paths.default_processed_dir()), _tree_hash(paths.reports_dir()))
    yield
    assert (_tree_hash(paths.default_processed_dir()), _tree_hash(paths.reports_dir())) == before


def test_corpus_is_big_enough():
    assert len(CASES) >= 40
    assert {c["target"] for c in CASES} >= {"raw", "curated", "cli", "intake"}


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_case(case, tmp_path, capsys):
    target, expect, fragment = case["target"], case["expect"], case["fragment"]
    if target == "raw":
        path = CORPUS / case["file_or_args"]
        if expect == "error":
            with pytest.raises(InputError) as err:
                sources.read_table(path, ["city1", "country1", "city2", "country2"])
            assert fragment in str(err.value) and path.name in str(err.value)
        else:
            df = sources.read_table(path, ["city1", "country1", "city2", "country2"])
            assert f"{len(df)} rows" == fragment and df["city1"].iloc[0] == "Køge"
    elif target == "curated":
        shutil.copy(CORPUS / case["file_or_args"], tmp_path / "relations.csv")
        if expect == "error":
            with pytest.raises(InputError) as err:
                curated_files.load_curated(tmp_path, CODES)
            text = err.value.report() if isinstance(err.value, ValidationError) else str(err.value)
            assert fragment in text and "relations.csv" in text, text
            if isinstance(err.value, ValidationError):
                assert all(p.row is not None or p.column is not None for p in err.value.problems), text
        else:
            df = curated_files.load_curated(tmp_path, CODES)["relations"]
            assert f"{len(df)} rows" == fragment
    elif target == "intake":
        _intake_case(case, tmp_path, capsys)
    elif target == "survey":
        _survey_case(case, tmp_path, capsys)
    else:
        _cli_case(shlex.split(case["file_or_args"]), expect, fragment, tmp_path, capsys)


def _cli_case(args, expect, fragment, tmp_path, capsys):
    """Run in tmp/cwd/here: whatever the arguments say, nothing may appear outside it."""
    here = tmp_path / "cwd" / "here"
    here.mkdir(parents=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(here)
        if expect == "usage":
            with pytest.raises(SystemExit) as exc:
                cli.main(args)
            assert exc.value.code == 2 and fragment in capsys.readouterr().err
        elif expect == "safe":
            assert cli.main(args) == 0
            assert fragment in capsys.readouterr().out
        else:
            assert cli.main(args) in (1, 2)
            err = capsys.readouterr().err
            assert fragment in err and "Traceback" not in err, err
    assert [p.name for p in tmp_path.iterdir()] == ["cwd"] and [p.name for p in (tmp_path / "cwd").iterdir()] == [
        "here"]


def _intake_case(case, tmp_path, capsys):
    """`twinlib intake import` of a bad workbook: exit 2, the fragment (sheet/row/column), nothing stored.
    A 'safe' one: exit 0, the fragment in what it prints or stores, and the report's summary builds."""
    path = tmp_path / Path(case["file_or_args"]).name
    shutil.copy(CORPUS / case["file_or_args"], path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TWINLIB_INTAKE", str(tmp_path / "intake"))
        code = cli.main(["intake", "import", str(path)])
        out, err = capsys.readouterr()
        if case["expect"] == "safe":
            stored = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "intake").glob("*.csv")))
            assert code == 0 and case["fragment"] in out + stored, out + err
            from twinlib.report.context import context
            from twinlib.report.sections import front

            front.summary(context("Kolding"))
            return
    assert code == 2 and case["fragment"] in err and "Traceback" not in err, err
    assert not (tmp_path / "intake").exists()


def _survey_case(case, tmp_path, capsys):
    """`twinlib survey import DIR` of a folder holding one bad return: exit 2, one `error:` line naming
    the file with the fragment (sheet, row, column), nothing stored."""
    returns = tmp_path / "returns"
    returns.mkdir()
    shutil.copy(CORPUS / case["file_or_args"], returns)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TWINLIB_INTAKE", str(tmp_path / "intake"))
        code = cli.main(["survey", "import", str(returns)])
    err = capsys.readouterr().err
    assert code == 2 and case["fragment"] in err and Path(case["file_or_args"]).name in err, err
    assert err.count("error: ") == 1 and "Traceback" not in err and not (tmp_path / "intake").exists(), err


def test_report_escapes_markup_from_data(tmp_path):
    """A partner named like an attack is printed as text, never executed or interpreted."""
    data_dir = tmp_path / "processed"
    shutil.copytree(paths.default_processed_dir(), data_dir)
    rel = pd.read_csv(data_dir / "relations.csv", dtype=str, keep_default_na=False)
    kolding = rel.index[rel["municipality_code"] == "621"]
    rel.loc[kolding[0], "partner_name"] = "<script>alert(1)</script>"
    rel.loc[kolding[1], "partner_name"] = "$\\input{/etc/passwd}$"
    rel.loc[kolding[2], "partner_name"] = "<style>body{display:none}</style>**x**"
    rel.to_csv(data_dir / "relations.csv", index=False)
    with pytest.MonkeyPatch.context() as mp:  # edited on purpose: --allow-modified
        mp.setenv("TWINLIB_ALLOW_MODIFIED", "1")
        res = report.make_report("Kolding", out_root=tmp_path / "reports", data_dir=data_dir)
    html = res.html.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<style>body{display:none}</style>" not in html
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(res.pdf).pages)
    assert "<script>alert(1)</script>" in text and "\\input{/etc/passwd}" in text
    assert res.pdf.parent.name == "621-kolding"  # the path comes from the code, not from the data
