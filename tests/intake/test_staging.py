"""Interrupted imports: SIGTERM or Ctrl-C leaves the previous pair and no staging folder; a process
killed between the two renames leaves a half pair that the next start rolls back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from twinlib import intake
from twinlib.batch import stop
from twinlib.cli import parser as cli
from twinlib.statements import staging


@pytest.fixture()
def intake_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TWINLIB_INTAKE", str(tmp_path / "intake"))
    return tmp_path


def _book(tmp_path: Path, name: str, cost: int) -> Path:
    """Kolding's template with one EXAMPLE travel row and funding note."""
    path = intake.template("Kolding", out=tmp_path / name)
    wb = load_workbook(path)
    wb["Rejser"].delete_rows(2, wb["Rejser"].max_row)  # a template made after an import carries its travel
    wb["Rejser"].append([wb["Relationer"]["A2"].value, 2024, 1, 2, cost])
    wb["Relationer"]["O2"] = f"EXAMPLE fund {cost}"  # both files differ between two books
    wb.save(path)
    return path


def _stored(intake_env) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((intake_env / "intake").iterdir())}


def test_an_interrupt_between_the_renames_restores_the_old_pair(intake_env, monkeypatch, capsys):
    """SIGTERM inside the swap arrives as the exception stop.on_signals raises (raised here directly,
    so a missing handler cannot take pytest down; the real signal is sent below): rolled back, one line."""
    intake.import_workbook(_book(intake_env, "old.xlsx", 100))
    before = _stored(intake_env)
    new = _book(intake_env, "new.xlsx", 999)
    real, calls = os.replace, []

    def interrupted(*a, **k):
        calls.append(a)
        if len(calls) == 2:
            raise stop.Interrupted(signal.SIGTERM)
        return real(*a, **k)
    monkeypatch.setattr(os, "replace", interrupted)
    assert cli.main(["intake", "import", str(new)]) == 128 + signal.SIGTERM
    err = capsys.readouterr().err
    assert err.strip() == "interrupted" and "Traceback" not in err
    assert _stored(intake_env) == before  # the old pair, and no staging folder


KILL = textwrap.dedent("""
    import os, sys
    from twinlib import intake
    real, calls = os.replace, []
    def replace(*a, **k):
        calls.append(a)
        if len(calls) == 2:
            os._exit(9)  # killed between the two renames: no cleanup runs
        return real(*a, **k)
    os.replace = replace
    intake.import_workbook(sys.argv[1])
""")


def _killed_import(path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", KILL, str(path)], env=os.environ.copy(), capture_output=True,
                          timeout=120)
    assert proc.returncode == 9, proc.stderr.decode()


@pytest.mark.slow  # a subprocess of its own (signals, pipes or a fresh interpreter)
def test_a_kill_between_the_renames_is_repaired_by_the_next_start(intake_env):
    intake.import_workbook(_book(intake_env, "old.xlsx", 100))
    before = _stored(intake_env)
    _killed_import(_book(intake_env, "new.xlsx", 999))
    left = {p.name for p in (intake_env / "intake").iterdir()}
    assert any(n.startswith(staging.PREFIX) for n in left)  # the half pair and its staging folder
    assert intake.load_intake("621")[1]["cost_dkk"].tolist() == [100]  # the next reader rolls it back
    assert _stored(intake_env) == before


@pytest.mark.slow  # a subprocess of its own (signals, pipes or a fresh interpreter)
def test_a_first_import_killed_half_way_leaves_nothing_and_the_next_import_says_so(intake_env, caplog):
    _killed_import(_book(intake_env, "new.xlsx", 999))
    assert (intake_env / "intake" / "621.csv").exists()  # the first file renamed in, the second not
    assert cli.main(["intake", "import", str(_book(intake_env, "again.xlsx", 5))]) == 0
    assert "an import interrupted in" in caplog.text and "was rolled back (621.csv restored)" in caplog.text
    assert sorted(_stored(intake_env)) == ["621-travel.csv", "621.csv"]


SLOW = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from twinlib.cli import parser
    name, marker, book = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    real, calls = getattr(os, name), []
    def slow(*a, **k):
        calls.append(a)
        if len(calls) == 2:  # fsync: the second staged file; replace: between the two renames
            marker.touch()
            time.sleep(30)
        return real(*a, **k)
    setattr(os, name, slow)
    sys.exit(parser.main(["intake", "import", book]))
""")


@pytest.mark.slow  # a subprocess of its own (signals, pipes or a fresh interpreter)
@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_sigterm_of_a_running_import_is_one_line_and_leaves_no_staging(intake_env, where):
    """A real SIGTERM to `twinlib intake import` while it stages its files or between its two
    renames (held there by a slow os call): one line, exit 143, the previous pair, no staging folder."""
    intake.import_workbook(_book(intake_env, "old.xlsx", 100))
    before = _stored(intake_env)
    marker = intake_env / "reached"
    proc = subprocess.Popen([sys.executable, "-c", SLOW, where, str(marker), str(_book(intake_env, "new.xlsx", 999))],
                            env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, err.strip()) == (143, "interrupted"), (out, err)
    assert _stored(intake_env) == before
