"""One IPython shell in this process, kept warm across notebooks: the engine's default executor.

Why not a Jupyter kernel: a report's cells take about 0.2 s of CPU, and a kernel added half as much
again around them (measured over 20 warm reports: 266 ms of kernel CPU a report against 195 ms for the
same cells in one process, plus 36 ms in the worker for nbclient's messages), and a second
interpreter per worker to boot and to hold in memory. Here the cells run in the calling process in
an IPython shell of its own, with the libraries imported once and the user namespace reset between
notebooks; outputs are recorded as nbformat outputs (display data, results, streams, the error with
its traceback), exactly the kinds a kernel would send.

The process is the caller's: a batch worker (started by the command, so its `sys.path` is the `twinlib` command's,
never the caller's directory), `twinlib report K`, or papermill's own process (`papermill … --engine
twinlib`). A process that already has an IPython shell (a notebook in JupyterLab calling
`make_report`) keeps it: the engine runs a Jupyter kernel there instead (kernel.py).
"""

from __future__ import annotations

import io
import logging
import os
import signal
import sys
import threading
from contextlib import contextmanager
from functools import lru_cache

import nbformat

log = logging.getLogger("papermill")


def can_run_here() -> bool:
    """True unless this process already runs an IPython shell (ours excepted): a second one would
    take over its display hooks."""
    from IPython.core.interactiveshell import InteractiveShell

    return not InteractiveShell.initialized() or isinstance(InteractiveShell.instance(), _shell_class())


class _Sink:
    """The outputs of the cell that is running, in the order they came; consecutive writes to one
    stream become one output, as a notebook shows them."""

    def __init__(self):
        self.outputs: list = []

    def stream(self, name: str, text: str) -> None:
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.outputs.append(nbformat.v4.new_output("stream", name=name, text=text))

    def add(self, output) -> None:
        self.outputs.append(output)


class _Stream(io.TextIOBase):
    """sys.stdout / sys.stderr while a cell runs."""

    def __init__(self, sink: _Sink, name: str):
        self.sink, self.name = sink, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if text:
            self.sink.stream(self.name, str(text))
        return len(text)

    @property
    def encoding(self) -> str:
        return "utf-8"


@lru_cache(maxsize=1)
def _shell_class():
    """The shell, built on first use: IPython is imported only by a process that runs notebooks."""
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets import Type

    class Publisher(DisplayPublisher):
        """display(): a display_data output of the running cell."""

        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            # from_dict, not new_output: the whole notebook is validated once when it is written, and
            # new_output's check of every section's nested JSON cost ~4 ms a report
            self.shell.sink.add(nbformat.from_dict({"output_type": "display_data", "data": data,
                                                    "metadata": metadata or {}}))

        def clear_output(self, wait=False):
            self.shell.sink.outputs.clear()

    class Hook(DisplayHook):
        """A cell's last expression: an execute_result, not a printed Out[n]."""

        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            self.shell.sink.add(nbformat.v4.new_output("execute_result", data=format_dict, metadata=md_dict or {},
                                                       execution_count=self.prompt_count))

        def finish_displayhook(self):
            self._is_active = False

    class Shell(InteractiveShell):
        display_pub_class = Type(Publisher)
        displayhook_class = Type(Hook)
        sink = _Sink()

        def init_sys_modules(self):
            """Leave this process's __main__ alone (the shell's namespace is its own)."""

        def _showtraceback(self, etype, evalue, stb):
            self.sink.add(nbformat.v4.new_output("error", ename=etype.__name__, evalue=str(evalue), traceback=stb))

    return Shell


class CellTimeout(Exception):
    """A cell ran longer than the engine's execution timeout."""


# what an IPython kernel reports of itself (ipykernel's language_info), for editors opening the notebook
LANGUAGE_INFO = {"codemirror_mode": {"name": "ipython", "version": 3}, "file_extension": ".py",
                 "mimetype": "text/x-python", "name": "python", "nbconvert_exporter": "python",
                 "pygments_lexer": "ipython3"}


class WarmShell:
    """The executor `render.execute` and the papermill engine hand notebooks to (the interface of
    kernel.WarmKernel that they use: ready, reset, run, execute, kill, shutdown)."""

    def __init__(self):
        from traitlets.config import Config

        config = Config()
        config.HistoryManager.enabled = False  # a report never reads its input history back
        config.InteractiveShell.colors = "nocolor"  # tracebacks as plain text in the notebook and the logs
        # figures are drawn here, never shown: a cell that imports pyplot gets Agg, not a window (read
        # when matplotlib is first imported; a process that chose a backend already keeps it)
        os.environ.setdefault("MPLBACKEND", "Agg")
        self.shell = _shell_class().instance(config=config)

    def ready(self) -> WarmShell:
        return self

    def kill(self) -> None:
        """Nothing to kill: the cells ran in this process."""

    def shutdown(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Clear the user namespace (imports stay cached in sys.modules: that is the point), as a
        warm kernel is reset: without the full garbage collection IPython's reset ends with."""
        from twinlib.batch.kernel import fast_reset

        fast_reset()

    def run(self, code: str) -> list:
        """Run code in the namespace; its outputs, or RuntimeError with the error (as WarmKernel.run)."""
        outputs, error = self._run_cell(code, None)
        if error is not None:
            raise RuntimeError(f"{error.ename}: {error.evalue}")
        return outputs

    def execute(self, nb_man, timeout: float | None = None, log_output: bool = False, stdout_file=None,
                stderr_file=None, **_):
        """Run the managed notebook's cells in order, as papermill's own engine does: cell timings
        and status in the metadata, the first failing cell keeps its error output and ends the run.
        `timeout` (seconds per cell) holds in the main thread only (a batch's pool times its workers)."""
        nb = nb_man.nb
        nb.metadata["language_info"] = LANGUAGE_INFO | {"version": sys.version.split()[0]}
        for index, cell in enumerate(nb.cells):
            try:
                nb_man.cell_start(cell, index)
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                cell.execution_count = self.shell.execution_count
                cell.outputs, error = self._run_cell(cell.source, timeout)
                for output in cell.outputs:
                    _pass_on(output, log_output, stdout_file, stderr_file)
                if error is not None:
                    nb_man.cell_exception(cell, cell_index=index, exception=error.ename)
                    break
            finally:
                nb_man.cell_complete(cell, cell_index=index)
        return nb

    def _run_cell(self, source: str, timeout: float | None):
        sink = _Sink()
        self.shell.sink = sink
        with _captured(sink), _time_limit(timeout):
            result = self.shell.run_cell(source, store_history=True)
        for exc in (result.error_before_exec, result.error_in_exec):
            if isinstance(exc, KeyboardInterrupt):
                raise exc  # Ctrl-C or SIGTERM (stop.Interrupted) stops the run, not just the cell
        error = next((o for o in sink.outputs if o.output_type == "error"), None)
        return sink.outputs, error


@contextmanager
def _captured(sink: _Sink):
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Stream(sink, "stdout"), _Stream(sink, "stderr")
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextmanager
def _time_limit(seconds: float | None):
    """CellTimeout raised in the cell after `seconds` (main thread only, where signals arrive)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise CellTimeout(f"the cell ran longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _pass_on(output, log_output: bool, stdout_file, stderr_file) -> None:
    """papermill's --log-output, --stdout-file and --stderr-file, as its own engine does them."""
    if output.output_type == "stream":
        target = stdout_file if output.name == "stdout" else stderr_file
        if log_output:
            (log.info if output.name == "stdout" else log.warning)(output.text)
        if target is not None:
            target.write(output.text)
            target.flush()
    elif log_output and "text/plain" in output.get("data", {}):
        log.info(output.data["text/plain"])
