"""The in-process shell records a cell's outputs as a kernel would send them, and stops as a run must."""

from __future__ import annotations

import signal

import nbformat
import pytest

from twinlib.batch.engine import TwinlibEngine
from twinlib.batch.shell import WarmShell


def _execute(shell: WarmShell, *sources: str, timeout: float | None = None):
    """Through the papermill engine, as render.execute runs a report."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources],
                                  metadata={"papermill": {}})  # as papermill's parameterising leaves it
    return TwinlibEngine.execute_notebook(nb, "python3", kernel=shell, progress_bar=False, execution_timeout=timeout)


@pytest.fixture()
def shell():
    s = WarmShell()
    yield s
    s.reset()


def test_outputs_are_the_kinds_a_kernel_sends(shell):
    nb = _execute(shell, 'import sys\nprint("a")\nprint("b")\nprint("c", file=sys.stderr)',
                  'from IPython.display import display\ndisplay({"text/html": "<b>x</b>"}, raw=True)\n6 * 7',
                  "1 / 0", 'print("never")')
    first, second, third, fourth = (c.outputs for c in nb.cells)
    assert [(o.output_type, o.name, o.text) for o in first] == [("stream", "stdout", "a\nb\n"),
                                                              ("stream", "stderr", "c\n")]
    assert second[0].output_type == "display_data" and second[0].data == {"text/html": "<b>x</b>"}
    assert second[1].output_type == "execute_result" and second[1].data["text/plain"] == "42"
    assert third[0].output_type == "error" and third[0].ename == "ZeroDivisionError"
    assert any("1 / 0" in line for line in third[0].traceback)
    assert fourth == [] and nb.cells[3].metadata.papermill["status"] == "pending"  # the run ends at the error
    assert nb.cells[2].metadata.papermill["status"] == "failed"
    nbformat.validate(nb)


def test_a_cell_that_runs_too_long_fails_with_a_timeout(shell):
    before = signal.getsignal(signal.SIGALRM)
    nb = _execute(shell, "import time\ntime.sleep(5)", timeout=0.3)
    error = nb.cells[0].outputs[-1]
    assert error.output_type == "error" and error.ename == "CellTimeout"
    assert signal.getsignal(signal.SIGALRM) is before  # the alarm is put back


def test_an_interrupt_stops_the_run_instead_of_failing_a_cell(shell):
    with pytest.raises(KeyboardInterrupt):
        _execute(shell, "raise KeyboardInterrupt", 'print("never")')


def test_reset_empties_the_namespace_but_keeps_imports(shell):
    shell.run("import json\nleaked = 1")
    shell.reset()
    with pytest.raises(RuntimeError, match="NameError"):
        shell.run("leaked")
    shell.run("import json")  # from sys.modules: nothing to load again


PROCESS_WITH_A_SHELL = ("from IPython.core.interactiveshell import InteractiveShell\n"
                        "InteractiveShell.instance()  # as in a notebook's kernel\n"
                        "from twinlib.batch import worker\n"
                        "k = worker.executor()\n"
                        "print(type(k).__name__)\n"
                        "k.kill()\n")


@pytest.mark.slow  # starts a Jupyter kernel
def test_a_process_that_runs_ipython_already_gets_a_kernel_not_a_second_shell():
    """A notebook in JupyterLab calling make_report: its own shell keeps its display hooks."""
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-c", PROCESS_WITH_A_SHELL], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip() == "WarmKernel"


def test_this_process_gets_a_shell():
    from twinlib.batch import worker

    executor = worker.executor()
    try:
        assert isinstance(executor, WarmShell)
    finally:
        executor.kill()  # a kernel, had this process run another IPython shell
