"""The command line: help on every subcommand, summaries, forgiving names, clear errors."""

from __future__ import annotations

import pytest

from twinlib.cli import parser as cli
from twinlib.errors import InputError
from twinlib.research import summary
from twinlib.tables import data


@pytest.mark.parametrize("sub", [[], ["build"], ["summary"]])
def test_help_on_every_subcommand(sub, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([*sub, "--help"])
    assert exc.value.code == 0
    assert "usage: twinlib" in capsys.readouterr().out


@pytest.mark.parametrize("query", ["Kolding", "kolding kommune", "KOLDING", "621"])
def test_municipality_names_are_matched_forgivingly(query):
    t = data.load()
    assert summary.find_municipality(t.municipalities, query)["code"] == "621"


@pytest.mark.parametrize(("query", "code"), [("Århus", "751"), ("Aarhus Kommune", "751"),
                                             ("lyngby-tårbæk", "173"), ("Hoeje-Taastrup", "169"),
                                             ("høje taastrup", "169")])
def test_aa_and_aeoeaa_spellings(query, code):
    t = data.load()
    assert summary.find_municipality(t.municipalities, query)["code"] == code


def test_unknown_name_gets_suggestions():
    t = data.load()
    with pytest.raises(InputError, match="did you mean Kolding"):
        summary.find_municipality(t.municipalities, "Koldin")


def test_summary_national_and_one_municipality(capsys):
    assert cli.main(["summary"]) == 0
    out = capsys.readouterr().out
    assert "Municipalities with at least one relation" in out and "Hovedstaden" in out
    assert cli.main(["summary", "--kommune", "kolding"]) == 0
    out = capsys.readouterr().out
    assert "Kolding Kommune (code 621" in out and "Örebro" in out and "Panevėžys" in out


def test_summary_unknown_municipality_exits_2(capsys):
    assert cli.main(["summary", "--kommune", "../../etc/passwd"]) == 2
    assert "unknown municipality" in capsys.readouterr().err


@pytest.mark.slow  # three interpreters
def test_the_command_leaves_with_its_code_its_whole_output_and_its_exit_handlers(tmp_path, capsys):
    """`twinlib` skips the interpreter's teardown (cli/entry.console): nothing may be lost by it."""
    import subprocess
    import sys

    assert cli.main(["summary"]) == 0
    expected = capsys.readouterr().out
    piped = subprocess.run([sys.executable, "-m", "twinlib", "summary"], capture_output=True, text=True)
    assert (piped.returncode, piped.stdout) == (0, expected)  # block-buffered to a pipe, flushed whole
    bad = subprocess.run([sys.executable, "-m", "twinlib", "summary", "--kommune", "Nowhere"], capture_output=True,
                         text=True)
    assert bad.returncode == 2 and bad.stderr.startswith("error: unknown municipality 'Nowhere'")
    mark = tmp_path / "exit-handler-ran"
    code = ("import atexit, pathlib, sys; atexit.register(pathlib.Path(sys.argv[1]).touch); "
            "sys.argv[1:] = ['summary']; from twinlib.cli.entry import console; console()")
    ran = subprocess.run([sys.executable, "-c", code, str(mark)], capture_output=True, text=True)
    assert ran.returncode == 0 and mark.exists(), ran.stderr
