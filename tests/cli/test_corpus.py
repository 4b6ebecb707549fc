"""The bad-input corpus (tests/corpus): each case gets a clear error or documented safe handling,
and no processed file or report changes."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import runpy
import shlex
import shutil
import socket
import stat
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
ATTACK = runpy.run_path(str(CORPUS / "guard_corpus.py"))["ATTACK"]
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
    assert len(CASES) >= 120
    assert {c["target"] for c in CASES} >= {"raw", "curated", "cli", "intake", "guard"}


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
    elif target == "guard":
        _guard_case(case, tmp_path, capsys)
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
    rel.loc[kolding[3], "partner_name"] = ATTACK  # escape sequences: shown as text (issue 24)
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
    assert _raw_controls(html) == [] and "Evil\\x1b[2J" in html
    assert _raw_controls(text) == [] and "Evil\\x1b[2J" in text
    assert res.pdf.parent.name == "621-kolding"  # the path comes from the code, not from the data


# --- issue 24: the output guard, manifests, arguments, sizes, control characters (guard_corpus.py) ---

def _raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f or c == "\u202e"]


def _files_of(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _set_up(steps: str, data: Path, here: Path) -> None:
    """Apply a case's SETUP steps (see guard_corpus.py) to the data copy and the working folder."""
    for step in [] if steps == "-" else steps.split(","):
        name, _, arg = step.partition("=")
        if name == "reports":
            (here / "reports").mkdir()
            (here / "reports" / "index.html").write_text("<h1>someone else's page</h1>\n")
        elif name == "link":
            (here / "link").symlink_to(data)
        elif name == "cut":
            lines = (data / f"{arg}.csv").read_bytes().splitlines(keepends=True)
            (data / f"{arg}.csv").write_bytes(b"".join(lines[:-1]))
        elif name == "manifest":
            _edit_manifest(data, arg)
        elif name == "drop":
            table, column = arg.split(".")
            df = pd.read_csv(data / f"{table}.csv", dtype=str, keep_default_na=False)
            df.drop(columns=[column]).to_csv(data / f"{table}.csv", index=False, lineterminator="\n")
        elif name == "many":
            code, n = arg.split(":")
            rel = pd.read_csv(data / "relations.csv", dtype=str, keep_default_na=False)
            extra = pd.concat([rel[rel["municipality_code"] == code].iloc[[0]]] * int(n), ignore_index=True)
            extra["relation_id"] = [f"{code}-xx-copy{i}" for i in range(int(n))]
            pd.concat([rel, extra]).to_csv(data / "relations.csv", index=False, lineterminator="\n")
        elif name in ("ctrl", "ctrl-muni"):
            table, key, column = (("relations", "municipality_code", "partner_name") if name == "ctrl"
                                  else ("municipalities", "code", "name"))
            df = pd.read_csv(data / f"{table}.csv", dtype=str, keep_default_na=False)
            df.loc[df.index[df[key] == arg][0], column] = ATTACK
            df.to_csv(data / f"{table}.csv", index=False, lineterminator="\n")
        else:
            raise AssertionError(f"unknown setup step {step!r}")


def _edit_manifest(data: Path, how: str) -> None:
    path = data / "manifest.json"
    if how.endswith(".json"):
        shutil.copy(CORPUS / "files" / how, path)
        return
    man = json.loads(path.read_text(encoding="utf-8"))
    if how.startswith("drop:"):
        rel = how.removeprefix("drop:")
        del man["tables_sha256"][rel]
        man["row_counts"].pop(Path(rel).stem, None)
    elif how == "extra":
        man["tables_sha256"]["notes.csv"] = "0" * 64
    elif how == "rows-1":
        man["row_counts"]["relations"] -= 1
    path.write_text(json.dumps(man, indent=2), encoding="utf-8")


def _special(here: Path, args: str) -> dict[str, str]:
    """The placeholders: special files, a foreign project, Kolding's workbook, the attack text."""
    where = {"here": str(here), "attack": ATTACK}
    if "{fifo}" in args or "{link-fifo}" in args:
        os.mkfifo(here / "fifo")
        (here / "link-fifo").symlink_to(here / "fifo")
        where |= {"fifo": str(here / "fifo"), "link-fifo": str(here / "link-fifo")}
    if "{socket}" in args:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(here / "socket"))
        where["socket"] = str(here / "socket")
    if "{chardev}" in args:
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(here / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a second /dev/null, in tmp
        where["chardev"] = str(here / "null")
    if "{project}" in args:
        (here / "project" / ".git").mkdir(parents=True)
        (here / "project" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
        (here / "project" / "app.py").write_text("print('mine')\n")
        (here / "project" / "index.html").write_text("<h1>my site</h1>\n")
        where["project"] = str(here / "project")
    if "{workbook}" in args:
        book = here.parent / "wb" / "kolding.xlsx"
        assert cli.main(["intake", "template", "Kolding", "--out", str(book)]) == 0
        where["workbook"] = str(book)
    return where


def _guard_case(case, tmp_path, capsys):
    """Issue 24: set up, run, and check that nothing we did not make was touched or printed raw."""
    setup, _, rest = case["file_or_args"].partition(" ")
    expect, fragment = case["expect"], case["fragment"]
    data, here = tmp_path / "data", tmp_path / "cwd" / "here"
    shutil.copytree(paths.default_processed_dir(), data)
    here.mkdir(parents=True)
    started = []
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(here)
        mp.setenv("TWINLIB_INTAKE", str(tmp_path / "intake"))
        _set_up(setup, data, here)
        where = _special(here, rest) | {"data": str(data)}
        capsys.readouterr()
        args = [a.format(**where) for a in shlex.split(rest)]
        before = {"data": _files_of(data), "project": _files_of(here / "project") if "{project}" in rest else {}}
        mp.setattr(report, "run_batch", lambda **kw: started.append(kw) or [])
        mp.setattr(report, "make_report", lambda *a, **kw: started.append(a) or _Made())
        if expect == "usage":
            with pytest.raises(SystemExit) as exc:
                cli.main(args)
            code = exc.value.code
        else:
            code = cli.main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err and _raw_controls(out + err) == [], (out, err)
    if expect in ("error", "usage"):
        assert code in (1, 2) and fragment in err and started == [], (code, err, started)
        assert expect == "usage" or len([x for x in err.splitlines() if x.startswith("error:")]) == 1, err
    else:
        assert code == 0 and fragment in (out if expect == "safe" else err), (code, out, err)
    assert _files_of(data) == before["data"]
    assert "{project}" not in rest or _files_of(here / "project") == before["project"]
    for name in ("fifo", "socket", "null"):
        assert not (here / name).exists() or not stat.S_ISREG((here / name).stat().st_mode), name
    for written in here.rglob("*.csv"):
        assert _raw_controls(written.read_text(encoding="utf-8")) == [], written


class _Made:
    """What a stand-in make_report returns (only reached when a case expects success)."""

    name, pdf, seconds = "Kolding", Path("kolding.pdf"), 0.0
