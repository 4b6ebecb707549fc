"""A stopped `twinlib report --all` leaves nothing behind: real processes, real signals.

Every process of a run carries a marker in its environment (workers and multiprocessing's resource
tracker inherit it), so the test finds them all in /proc, whatever process group or
session they moved to, and kills any survivor itself at the end.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")

MARK = "TWINLIB_SHUTDOWN_TEST"
ONLY = "101,147,151,153,155,157,159,161,163,165"  # ten municipalities from the capital region
STOP_WITHIN = 5.0


def _marked(marker: str) -> list[int]:
    """Live (not zombie) processes whose environment holds this run's marker."""
    needle = f"{MARK}={marker}".encode()
    found = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if needle in (d / "environ").read_bytes().split(b"\0") and _state(d) != "Z":
                found.append(int(d.name))
        except OSError:
            continue
    return found


def _state(d: Path) -> str:
    stat = (d / "stat").read_text()
    return stat[stat.rindex(")") + 2]


def _has_typst(pid: int) -> bool:
    try:
        return b"_typst" in Path(f"/proc/{pid}/maps").read_bytes()
    except OSError:
        return False


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


class Run:
    """One `twinlib report` (default: ten reports, two workers) in a session of its own, with
    private temp dirs."""

    def __init__(self, base: Path, what: tuple[str, ...] = ("--only", ONLY, "--jobs", "2", "--force")):
        self.marker = uuid.uuid4().hex
        self.out, self.runtime = base / "reports", base / "runtime"
        self.tmp = Path(tempfile.mkdtemp(prefix="tw-"))
        self.runtime.mkdir()
        self.err_file = base / "stderr.txt"
        env = os.environ | {MARK: self.marker, "TMPDIR": str(self.tmp), "JUPYTER_RUNTIME_DIR": str(self.runtime)}
        cmd = [sys.executable, "-m", "twinlib", "report", *what, "--quiet", "--out", str(self.out)]
        with open(self.err_file, "wb") as err:
            self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err,
                                         start_new_session=True)

    def wait_for(self, what, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while not what():
            assert self.proc.poll() is None, f"the run ended early: {self.stderr()}"
            assert time.monotonic() < deadline, "timed out waiting for the run to get going"
            time.sleep(0.1)

    def workers_at_work(self, n: int = 2) -> bool:
        """n processes of the run (the main one for a single report, else the workers) have loaded
        Typst, the last thing a worker prepares before its first report's cells run."""
        return sum(_has_typst(p) for p in _marked(self.marker)) >= n

    def a_pdf_made(self) -> bool:
        return any(self.out.glob("*/*.pdf"))

    def stop(self, signum: int, group: bool = False) -> tuple[float | None, float]:
        """Signal the run; seconds until the main process exits (None if it did not within
        STOP_WITHIN) and until its last process is gone (or STOP_WITHIN has passed)."""
        t0 = time.monotonic()
        (os.killpg if group else os.kill)(self.proc.pid, signum)
        exited = None
        while time.monotonic() - t0 < STOP_WITHIN:
            if exited is None and self.proc.poll() is not None:
                exited = time.monotonic() - t0
            if exited is not None and not _marked(self.marker):
                break
            time.sleep(0.05)
        return exited, time.monotonic() - t0

    def stderr(self) -> str:
        return self.err_file.read_text(errors="replace")

    def leftovers(self) -> list[str]:
        """Files this run left in its temp dir, its Jupyter runtime dir and as partial writes."""
        return ([str(p) for p in self.tmp.rglob("*")] + [str(p) for p in self.runtime.rglob("*")]
                + [str(p) for p in self.out.rglob(".*.tmp")])

    def clean_up(self) -> None:
        for pid in _marked(self.marker):  # only this run's processes, by pid
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture()
def run(tmp_path):
    r = Run(tmp_path)
    yield r
    r.clean_up()


def _assert_stopped_cleanly(run: Run, exited, gone, code: int, total: int = 10) -> None:
    print(f"main exited after {exited} s, last process gone after {gone:.2f} s")
    err = run.stderr()
    assert exited is not None, f"still running {STOP_WITHIN} s after the signal"
    assert run.proc.returncode == code, err
    assert not _marked(run.marker), "processes of the run outlived it"
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("interrupted: "), err
    assert f"of {total} reports made; index: " in lines[0], err
    assert (run.out / "index.html").is_file()
    assert not run.leftovers()


def test_sigterm_stops_the_workers_and_writes_the_index(tmp_path):
    run = Run(tmp_path, ("--all", "--jobs", "2", "--force"))  # all 98: still at work a second after the first
    try:
        _sigterm_mid_batch(run)
    finally:
        run.clean_up()


def _sigterm_mid_batch(run: Run) -> None:
    run.wait_for(run.workers_at_work)
    # the command is single-threaded when it starts its workers (cli/entry.py), so it forks them:
    # no process of the run is multiprocessing's spawned interpreter (nor its resource tracker)
    assert not [p for p in _marked(run.marker) if b"multiprocessing" in _cmdline(p)]
    run.wait_for(run.a_pdf_made)
    time.sleep(1)  # its outcome has reached the main process
    exited, gone = run.stop(signal.SIGTERM)
    _assert_stopped_cleanly(run, exited, gone, 143, total=98)
    pdfs = list(run.out.glob("*/*.pdf"))
    made = int(run.stderr().split("interrupted: ")[1].split(" of 98 reports made")[0])
    assert 1 <= made <= len(pdfs)  # one written as the signal came may be on disk, not counted
    page = (run.out / "index.html").read_text(encoding="utf-8")
    assert all(f"{pdf.parent.name}/{pdf.name}" in page for pdf in pdfs)
    time.sleep(1)
    assert len(list(run.out.glob("*/*.pdf"))) == len(pdfs), "PDFs still being written after the stop"


def test_ctrl_c_to_the_process_group_stops_quietly(run):
    run.wait_for(run.workers_at_work)
    exited, gone = run.stop(signal.SIGINT, group=True)  # as a terminal's Ctrl-C does
    _assert_stopped_cleanly(run, exited, gone, 130)


def test_killed_main_process_takes_the_workers_with_it(run):
    run.wait_for(run.workers_at_work)
    run.wait_for(run.a_pdf_made)  # reports are in flight in both workers
    exited, gone = run.stop(signal.SIGKILL)
    print(f"last process gone {gone:.2f} s after kill -9")
    assert not _marked(run.marker), [_cmdline(p) for p in _marked(run.marker)]
    assert not run.leftovers()
    pdfs = len(list(run.out.glob("*/*.pdf")))
    time.sleep(1)
    assert len(list(run.out.glob("*/*.pdf"))) == pdfs, "PDFs still being written after the kill"


def test_ctrl_c_stops_a_single_report_quietly(tmp_path):
    run = Run(tmp_path, ("Kolding",))
    try:
        run.wait_for(lambda: run.workers_at_work(1))  # the report's cells are about to run in the main process
        exited, gone = run.stop(signal.SIGINT, group=True)
        _assert_stopped_cleanly(run, exited, gone, 130, total=1)
    finally:
        run.clean_up()
