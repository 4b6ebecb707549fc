"""The batch: no state leaks between reports, cache and resume, failures and dead workers."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from twinlib import paths
from twinlib.batch import batch, index, pool, render
from twinlib.batch.engine import TwinlibEngine
from twinlib.batch.kernel import WarmKernel
from twinlib.batch.shell import WarmShell
from twinlib.cli import parser as cli


def _outputs(nb) -> list:
    """Cell outputs without execution counts and metadata (timestamps)."""
    return [[{k: v for k, v in o.items() if k not in ("execution_count", "metadata")} for o in c.get("outputs", [])]
            for c in nb.cells if c.cell_type == "code"]


def _run(kernel, nb):
    return TwinlibEngine.execute_notebook(nb, "python3", kernel=kernel, progress_bar=False)


@pytest.mark.parametrize("executor", [WarmShell, WarmKernel], ids=["shell", "kernel"])
def test_no_state_leaks_between_reports_in_one_executor(executor):
    """The batch's warm shell, and the kernel a notebook in JupyterLab gets (worker.executor)."""
    template = str(paths.notebook_template())
    k1 = executor()
    try:
        _run(k1, render.parameterize(template, "851", None, "da"))  # Aalborg first
        k1.run("leaked_marker = 42")
        k1.reset()
        after_a = _run(k1, render.parameterize(template, "825", None, "da"))  # then Læsø
        k1.reset()
        k1.run("assert 'leaked_marker' not in globals() and 'ctx' not in globals()")
    finally:
        k1.shutdown()
    k2 = WarmKernel()
    try:
        alone = _run(k2, render.parameterize(template, "825", None, "da"))
    finally:
        k2.shutdown()
    assert _outputs(after_a) == _outputs(alone)  # and the shell's outputs are the kernel's


def test_a_kernel_that_dies_mid_notebook_fails_that_report_and_is_restarted(tmp_path):
    """The kernel route (a notebook in JupyterLab calling make_report): the report fails with one line."""
    template = _template_with(tmp_path, 'import os\nos._exit(1)')
    task = render.Task("825", "Læsø", "laesoe", str(tmp_path / "r"), "digest")
    kernel = WarmKernel()
    try:
        nb, failed = render.execute(task, kernel, str(template))
        assert nb is None and failed.status == "failed" and failed.error == "kernel died; restarted"
        kernel.run("assert 1 + 1 == 2")  # restarted and usable
    finally:
        kernel.shutdown()


def _template_with(tmp_path: Path, code_line: str) -> Path:
    """The real template with one extra first cell after the parameters (a test-only fault)."""
    nb = nbformat.read(paths.notebook_template(), as_version=4)
    idx = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(idx + 1, nbformat.v4.new_code_cell(code_line))
    out = tmp_path / "template.ipynb"
    nbformat.write(nb, out)
    return out


def test_cache_skips_unchanged_and_force_rebuilds(tmp_path):
    out = tmp_path / "reports"
    first = batch.run_batch(only=["Kolding", "Læsø"], jobs=2, out_root=out, progress=False)
    assert [o.status for o in first] == ["ok", "ok"]
    pdf = out / "621-kolding" / "kolding.pdf"
    mtime = pdf.stat().st_mtime_ns
    again = batch.run_batch(only=["Kolding", "Læsø"], jobs=2, out_root=out, progress=False)
    assert [o.status for o in again] == ["skipped", "skipped"] and pdf.stat().st_mtime_ns == mtime
    forced = batch.run_batch(only=["Kolding"], jobs=1, out_root=out, force=True, progress=False)
    assert forced[0].status == "ok" and pdf.stat().st_mtime_ns != mtime
    index = (out / "index.csv").read_text(encoding="utf-8")
    assert "Kolding" in index and "621-kolding/kolding.pdf" in index
    assert len(index.strip().splitlines()) == 3  # header + the two reports that exist
    assert 'href="621-kolding/kolding.pdf"' in (out / "index.html").read_text(encoding="utf-8")


def test_a_failing_municipality_does_not_stop_the_batch(tmp_path, capsys):
    template = _template_with(tmp_path, 'if kommune == "825":\n    raise ValueError("test fault for Læsø")')
    outcomes = batch.run_batch(only=["Kolding", "Læsø"], jobs=1, out_root=tmp_path / "r", template=template,
                               progress=False)
    by_code = {o.code: o for o in outcomes}
    assert by_code["621"].status == "ok"
    assert by_code["825"].status == "failed" and "ValueError: test fault for Læsø" in by_code["825"].error
    assert by_code["825"].cell.isdigit()
    assert not (tmp_path / "r" / "825-laesoe").exists() or not list((tmp_path / "r" / "825-laesoe").glob("*.pdf"))
    assert "failed" in index.failure_table(outcomes)


def _workers_replaced(tmp_path: Path) -> None:
    """Læsø's report kills its worker (SIGKILL), Kolding's ends it: each fails alone, a new worker
    takes the rest, and a rerun with the real template completes what is missing."""
    out = tmp_path / "r"
    # the reports run in the worker's own shell
    fault = ('import os, signal\n'
             'if kommune == "825":\n    os.kill(os.getpid(), signal.SIGKILL)\n'
             'if kommune == "621":\n    os._exit(1)')
    template = _template_with(tmp_path, fault)
    outcomes = batch.run_batch(only=["Kolding", "Læsø", "Ballerup"], jobs=1, out_root=out, template=template,
                               progress=False, task_timeout=120)
    by_code = {o.code: o for o in outcomes}
    assert by_code["825"].status == "failed" and "worker process died" in by_code["825"].error
    assert by_code["621"].status == "failed" and "worker process died (exit code 1)" in by_code["621"].error
    assert by_code["151"].status == "ok"
    for folder in out.glob("*-*"):
        assert not list(folder.glob(".*.tmp")), "a temp file was left behind"
    assert not (out / "825-laesoe" / "laesoe.pdf").exists()
    rerun = batch.run_batch(only=["Kolding", "Læsø", "Ballerup"], jobs=1, out_root=out, progress=False)
    assert {o.code: o.status for o in rerun} == {"621": "ok", "825": "ok", "151": "ok"}
    assert (out / "825-laesoe" / "laesoe.pdf").read_bytes().startswith(b"%PDF")


def test_killed_and_exited_workers_are_replaced_and_a_rerun_completes(tmp_path, monkeypatch):
    # spawned: this test process is no place to fork (earlier tests left kernels' threads in it)
    monkeypatch.setattr(pool, "start_method", lambda: "spawn")
    _workers_replaced(tmp_path)


def test_forked_workers_are_replaced_too(tmp_path):
    """The same in a process set up as the command sets itself up (cli/entry.py), where the pool forks
    its workers: the replacements are forked after the queue's feeder thread has started."""
    import os
    import subprocess
    import sys

    from twinlib.cli.entry import SINGLE_THREADED

    code = ("import importlib.util, sys\n"
            "from pathlib import Path\n"
            "from twinlib.batch import pool\n"
            "chosen, choose = [], pool.start_method\n"
            "pool.start_method = lambda: chosen.append(choose()) or chosen[-1]\n"
            f"spec = importlib.util.spec_from_file_location('under_test', {str(Path(__file__))!r})\n"
            "t = importlib.util.module_from_spec(spec); spec.loader.exec_module(t)\n"
            "t._workers_replaced(Path(sys.argv[1]))\n"
            "print(*chosen)\n")
    res = subprocess.run([sys.executable, "-c", code, str(tmp_path)], env=os.environ | SINGLE_THREADED,
                         capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stdout.split() == ["fork", "fork"], res.stdout  # both batches forked their workers


def test_cli_batch_exit_code_and_failure_table(tmp_path, capsys, monkeypatch):
    template = _template_with(tmp_path, 'raise RuntimeError("always fails")')
    monkeypatch.setattr(paths, "notebook_template", lambda: template)
    code = cli.main(["report", "--only", "Læsø", "--jobs", "1", "--out", str(tmp_path / "r"), "--quiet"])
    captured = capsys.readouterr()
    assert code == 1
    assert "1 report(s) failed" in captured.err and "RuntimeError: always fails" in captured.err
    index = json.dumps((tmp_path / "r" / "index.csv").read_text(encoding="utf-8"))
    assert "failed" in index


def test_report_without_target_is_a_usage_error(capsys):
    assert cli.main(["report"]) == 2
    assert "give a municipality" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["report", "--jobs", "x"])


# --- one engine: papermill --engine twinlib and twinlib report run the same code --------------

def test_papermill_engine_twinlib_gives_the_sections_twinlib_report_gives(tmp_path, monkeypatch):
    """Registered in-process (the entry point is read from pyproject.toml in test_engine.py)."""
    import papermill
    from papermill.engines import papermill_engines

    from twinlib.publish.pdf import sections_of

    monkeypatch.setitem(papermill_engines._engines, "twinlib", TwinlibEngine)
    made = batch.make_report("Læsø", out_root=tmp_path / "r")
    nb = papermill.execute_notebook(str(paths.notebook_template()), str(tmp_path / "pm.ipynb"),
                                    parameters={"kommune": "Læsø"}, engine_name="twinlib", progress_bar=False)
    ours = nbformat.read(made.notebook, as_version=4)
    assert sections_of(nb) == sections_of(ours)
    assert nb.metadata.papermill["exception"] is None and all(
        c.metadata.papermill["status"] == "completed" for c in ours.cells)  # papermill's bookkeeping in both


def test_papermill_engine_twinlib_raises_on_a_failing_cell(tmp_path, monkeypatch):
    import papermill
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillExecutionError

    monkeypatch.setitem(papermill_engines._engines, "twinlib", TwinlibEngine)
    template = _template_with(tmp_path, 'raise RuntimeError("always fails")')
    with pytest.raises(PapermillExecutionError, match="always fails"):
        papermill.execute_notebook(str(template), str(tmp_path / "out.ipynb"), parameters={"kommune": "825"},
                                   engine_name="twinlib", progress_bar=False)


def test_papermill_engine_twinlib_passes_cell_output_to_stdout_file(tmp_path, monkeypatch):
    import io

    import papermill
    from papermill.engines import papermill_engines

    monkeypatch.setitem(papermill_engines._engines, "twinlib", TwinlibEngine)
    template = _template_with(tmp_path, 'print("hello from the kernel")\nraise RuntimeError("stop here")')
    out = io.StringIO()
    with pytest.raises(Exception, match="stop here"):
        papermill.execute_notebook(str(template), str(tmp_path / "out.ipynb"), parameters={"kommune": "825"},
                                   engine_name="twinlib", progress_bar=False, stdout_file=out)
    assert "hello from the kernel" in out.getvalue()


# --- the kernel runs only our code -----------------------------------------------------------

HOSTILE = ("import pathlib\n"
           "pathlib.Path(__file__).with_name('IMPORTED-' + __name__).write_text('hostile module ran')\n"
           "raise ImportError('hostile ' + __name__)\n")

PAPERMILL_WITH_OUR_ENGINE = ("import sys\n"
                             "from papermill.engines import papermill_engines\n"
                             "from twinlib.batch.engine import TwinlibEngine\n"
                             "papermill_engines.register('twinlib', TwinlibEngine)\n"
                             "from papermill.cli import papermill\n"
                             "sys.argv[0] = 'papermill'\n"
                             "papermill()\n")


def test_modules_in_the_callers_directory_are_never_imported_by_a_report(tmp_path):
    """A `pandas.py` and `babel.py` beside the user (issue 24): the single report, the pool and
    papermill with our engine run their kernels elsewhere, with the data handed over absolute."""
    import subprocess
    import sys

    hostile = tmp_path / "work"
    hostile.mkdir()
    for name in ("pandas", "babel"):
        (hostile / f"{name}.py").write_text(HOSTILE, encoding="utf-8")
    data_copy = hostile / "data"
    import shutil

    shutil.copytree(paths.default_processed_dir(), data_copy)
    bin_dir = Path(sys.executable).parent
    runs = [[str(bin_dir / "twinlib"), "report", "Læsø", "--out", "one", "--data-dir", "data"],
            [str(bin_dir / "twinlib"), "report", "--only", "Læsø", "--jobs", "1", "--out", "pool",
             "--data-dir", "data", "--quiet"],
            # -P: like a console script, papermill's own process does not put the directory on sys.path
            [sys.executable, "-P", "-c", PAPERMILL_WITH_OUR_ENGINE, str(paths.notebook_template()), "pm.ipynb",
             "-p", "kommune", "Læsø", "-p", "data_dir", "data", "--engine", "twinlib", "--no-progress-bar"]]
    for cmd in runs:
        res = subprocess.run(cmd, cwd=hostile, capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stderr[-2000:]
        assert not list(hostile.glob("IMPORTED-*")), (cmd, res.stderr[-2000:])
    assert (hostile / "one" / "825-laesoe" / "laesoe.pdf").is_file()
    assert (hostile / "pool" / "825-laesoe" / "laesoe.pdf").is_file()
    assert "Læsø" in (hostile / "pm.ipynb").read_text(encoding="utf-8")


def test_a_report_past_its_timeout_has_its_worker_killed_and_the_batch_goes_on(tmp_path):
    template = _template_with(tmp_path, 'if kommune == "825":\n    import time\n    time.sleep(120)')
    outcomes = batch.run_batch(only=["Læsø", "Kolding"], jobs=1, out_root=tmp_path / "r", template=template,
                               progress=False, task_timeout=8)
    by_code = {o.code: o for o in outcomes}
    assert by_code["825"].status == "failed" and "worker process died" in by_code["825"].error
    assert by_code["621"].status == "ok"


def test_workers_are_forked_only_from_a_plain_single_threaded_process():
    """A process with another thread, or with an IPython shell (a notebook's kernel), spawns its
    workers; the command line, a plain process, forks them (Linux)."""
    import subprocess
    import sys

    code = ("import _thread, threading, time\n"
            "from twinlib.batch import pool\n"
            "print(pool.start_method())\n"
            "t = threading.Thread(target=time.sleep, args=(1,)); t.start()\n"
            "print(pool.start_method()); t.join()\n"
            "print(pool.start_method())\n"
            "_thread.start_new_thread(time.sleep, (1,))  # a thread `threading` does not know of\n"
            "time.sleep(0.2); print(pool.start_method()); time.sleep(1)\n"
            "from IPython.core.interactiveshell import InteractiveShell\n"
            "InteractiveShell.instance()\n"
            "print(pool.start_method())\n")
    said = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    first = "fork" if sys.platform.startswith("linux") else "spawn"
    assert said == [first, "spawn", first, "spawn", "spawn"]
