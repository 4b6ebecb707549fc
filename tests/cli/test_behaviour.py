"""Tools that behave: file modes follow the umask, -v/-q, progress lines, pipes, fuzzy suggestions."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from twinlib import files, intake, logs
from twinlib.batch import batch
from twinlib.batch.pool import Progress
from twinlib.batch.render import Outcome
from twinlib.cli import parser as cli
from twinlib.errors import InputError
from twinlib.research import export, summary
from twinlib.tables import data

VENV_BIN = Path(sys.executable).parent
# the umask and the mode a file written under it must have (as `open()` would give)
UMASKS = [(0o022, 0o644), (0o027, 0o640)]


@pytest.fixture()
def umask():
    """Set a umask for one test and always restore the old one."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mode & 0o777 for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("mask", "mode"), UMASKS)
def test_atomic_write_honours_the_umask(tmp_path, umask, mask, mode):
    umask(mask)
    files.atomic_write(tmp_path / "a.txt", "x")
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == mode


@pytest.mark.parametrize(("mask", "mode"), UMASKS)
def test_exports_and_intake_files_follow_the_umask(tmp_path, umask, mask, mode, monkeypatch):
    monkeypatch.setenv("TWINLIB_INTAKE", str(tmp_path / "intake"))
    umask(mask)
    for fmt in export.FORMATS:
        export.export(fmt, tmp_path / "out" / (f"t.{fmt}" if fmt == "xlsx" else fmt), kommune="Kolding")
    book = intake.template("Kolding", out=tmp_path / "out" / "kolding.xlsx")
    intake.import_workbook(book, out_dir=tmp_path / "out" / "intake")
    got = _modes(tmp_path / "out")
    assert len(got) >= 15 and set(got.values()) == {mode}, got


@pytest.mark.slow  # runs a kernel, a build or every section of twelve reports
def test_build_outputs_follow_the_umask(built, tmp_path, umask):
    from twinlib import pipeline

    umask(0o027)
    out = pipeline.write_outputs(built, tmp_path / "processed")
    assert out.stat().st_mode & 0o777 == 0o750  # mkdtemp's 0700 would hide the tables
    assert set(_modes(out).values()) == {0o640}


@pytest.mark.slow  # runs a kernel, a build or every section of twelve reports
def test_report_run_follows_the_umask_and_stderr_has_no_kernel_noise(tmp_path):
    """A real `twinlib report` under umask 027: every output 0640, no TCP warning or other noise."""
    run = subprocess.run(["sh", "-c", f'umask 027 && exec "{VENV_BIN / "twinlib"}" report Læsø --out "{tmp_path}"'],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "Læsø: wrote" in run.stdout
    assert "TCP" not in run.stderr and "Traceback" not in run.stderr, run.stderr
    got = _modes(tmp_path)
    assert any(p.endswith("laesoe.pdf") for p in got) and any(p.startswith("index") for p in got)
    assert set(got.values()) == {0o640}, got


# --- logging: -v / -q ------------------------------------------------------------------------

def test_quiet_shows_no_information_and_verbose_shows_debug(capsys):
    assert cli.main(["-q", "summary", "--kommune", "Kolding"]) == 0
    out, err = capsys.readouterr()
    assert "Kolding Kommune" in out and err == ""
    assert cli.main(["-v", "summary", "--kommune", "Kolding"]) == 0
    out, err = capsys.readouterr()
    assert "Kolding Kommune" in out and "twinlib: twinlib 0.1.0 on Python" in err
    assert cli.main(["summary", "--kommune", "Kolding"]) == 0
    assert capsys.readouterr().err == ""


def test_quiet_still_prints_errors(capsys):
    assert cli.main(["-q", "summary", "--kommune", "Nowhere"]) == 2
    assert capsys.readouterr().err.startswith("error: unknown municipality 'Nowhere'")


@pytest.mark.parametrize(("argv", "progress"), [(["report", "--only", "Kolding"], True),
                                                 (["-q", "report", "--only", "Kolding"], False),
                                                 (["report", "--only", "Kolding", "--quiet"], False)])
def test_quiet_and_report_quiet_turn_progress_off(argv, progress, monkeypatch, capsys, tmp_path):
    seen = {}

    def fake_batch(**kwargs):
        seen.update(kwargs)
        return [Outcome("621", "Kolding", "kolding", "ok", pdf=str(tmp_path / "k.pdf"))]
    monkeypatch.setattr(batch, "run_batch", fake_batch)
    assert cli.main([*argv, "--out", str(tmp_path)]) == 0
    assert seen["progress"] is progress
    assert "1 municipalities in" in capsys.readouterr().out  # the result line stays on stdout


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_progress_off_a_terminal_is_a_plain_line_per_ten_percent(monkeypatch):
    lines, log = _Lines(), logging.getLogger("twinlib.batch.pool")
    monkeypatch.setattr(log, "handlers", [lines])
    monkeypatch.setattr(log, "level", logging.INFO)
    p = Progress(20, enabled=True)  # pytest's stderr is not a terminal
    for i in range(20):
        p.update(Outcome(str(i), "x", "x", "failed" if i == 0 else "ok"))
    p.close()
    assert p.bar is None
    assert lines.lines == [f"reports: {n}/20 done, 1 failed" for n in range(2, 21, 2)]


def test_progress_lines_go_through_logging_so_quiet_hides_them(capsys):
    logs.configure(quiet=True)
    p = Progress(3, enabled=True)
    p.update(Outcome("1", "x", "x", "ok"))
    assert p.bar is None and capsys.readouterr().err == ""


# --- pipes and python -m ------------------------------------------------------------------------

@pytest.mark.slow  # a subprocess of its own (signals, pipes or a fresh interpreter)
def test_summary_into_a_closed_pipe_ends_quietly():
    r, w = os.pipe()
    os.close(r)  # the reader has gone before the first byte, as `| head -1` may
    try:
        run = subprocess.run([str(VENV_BIN / "twinlib"), "summary"], stdout=w, stderr=subprocess.PIPE,
                             text=True, timeout=120)
    finally:
        os.close(w)
    assert run.stderr == "" and run.returncode == 0


@pytest.mark.slow  # a subprocess of its own (signals, pipes or a fresh interpreter)
@pytest.mark.skipif(shutil.which("head") is None, reason="needs head")
def test_summary_piped_into_head():
    run = subprocess.run(["bash", "-c", f'"{VENV_BIN / "twinlib"}" summary | head -1'],
                         capture_output=True, text=True, timeout=120)
    assert run.stdout.startswith("Municipalities with at least one relation") and run.stderr == ""


def test_python_dash_m_twinlib_version():
    run = subprocess.run([sys.executable, "-m", "twinlib", "--version"], capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.strip() == "twinlib 0.1.0"


# --- fuzzy suggestions ---------------------------------------------------------------------------

NONSENSE = ["Nowhere", "Berlin", "London", "xyz", "asdf", "Qwerty", "Paris", "Stockholm", "123456",
            "../../etc/passwd", "Kommune", "Danmark", "Test", "Zzzzzz", "Hovedstaden", "foo bar"]
TYPOS = {"Koldng": "Kolding", "Aarhuus": "Aarhus", "Kobenhavm": "København", "Lyngby": "Lyngby-Taarbæk",
         "Koldin": "Kolding", "Odnese": "Odense", "Frederiksbreg": "Frederiksberg", "Silkborg": "Silkeborg",
         "Esbjærg": "Esbjerg", "Helsingør Komune": "Helsingør", "Aalbrog": "Aalborg", "Roskile": "Roskilde",
         "Vejel": "Vejle", "Hjørring kommun": "Hjørring"}


def _suggested(query: str) -> str:
    with pytest.raises(InputError) as exc:
        summary.find_municipality(data.load().municipalities, query)
    return str(exc.value)


@pytest.mark.parametrize("query", NONSENSE)
def test_nonsense_gets_no_suggestion(query):
    assert "did you mean" not in _suggested(query)


@pytest.mark.parametrize(("query", "name"), sorted(TYPOS.items()))
def test_typos_suggest_the_right_municipality(query, name):
    said = _suggested(query)
    assert "did you mean " in said and name in said.split("did you mean ")[1].rstrip("?").split(", ")


@pytest.mark.parametrize(("query", "name"), [("Kobenhavn", "København"), ("Laso", "Læsø"), ("Aero", "Ærø"),
                                           ("Nastved", "Næstved"), ("Koge", "Køge"), ("Tonder", "Tønder"),
                                           ("Alborg", "Aalborg")])
def test_ae_oe_aa_typed_as_plain_letters_find_the_municipality(query, name):
    assert summary.find_municipality(data.load().municipalities, query)["name"] == name


def test_the_closest_name_comes_first():
    assert _suggested("Koldng").endswith("did you mean Kolding?")


@pytest.mark.slow  # runs a kernel, a build or every section of twelve reports
def test_papermill_route_uses_the_same_suggestions(tmp_path):
    """The report notebook run by hand (papermill -p kommune ...) fails with the same message."""
    run = subprocess.run([str(VENV_BIN / "papermill"), str(Path(batch.paths.notebook_template())),
                          str(tmp_path / "o.ipynb"), "-p", "kommune", "Nowhere", "--no-progress-bar"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert run.returncode != 0
    assert "\nInputError: unknown municipality 'Nowhere'\n" in run.stderr  # and no "; did you mean"
