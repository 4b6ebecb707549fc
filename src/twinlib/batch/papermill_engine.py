"""The papermill engine `twinlib`: a notebook executed in a warm in-process shell (batch/shell.py).

Registered under papermill's entry point group `papermill.engine`, so

    papermill notebooks/templates/kommune_report.ipynb out.ipynb -p kommune Kolding --engine twinlib

runs the template exactly as `twinlib report` does: `render.execute` calls this class for every
report, handing it the worker's warm shell; papermill's command line gets a shell of its own in
papermill's process. Only a process that already runs an IPython shell (a notebook in JupyterLab)
gets a Jupyter kernel instead, started for the one notebook (in a private working directory, see
kernel.py) and shut down after. papermill's NotebookExecutionManager wraps all of them, so cell
timings, status and the error output of a failing cell are recorded the same way, and papermill
raises on that error as with its own engine.

Import it as `twinlib.batch.engine`, never this module directly: papermill loads its entry points
when it is first imported, and a module that is itself the first to import papermill is still half
made when papermill asks it for the class.
"""

from __future__ import annotations

from papermill.engines import Engine

from twinlib.batch.kernel import WarmKernel
from twinlib.batch.shell import WarmShell, can_run_here

DEFAULT_TIMEOUT = 300  # seconds per cell when the caller gives none (a report's cells take well under 1 s)


class TwinlibEngine(Engine):
    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, kernel: WarmShell | WarmKernel | None = None,
                                 execution_timeout: float | None = None, log_output: bool = False,
                                 stdout_file=None, stderr_file=None, **kwargs):
        """Run the managed notebook in `kernel` (a warm shell or kernel, reused by the caller), else in
        a shell in this process (a kernel when the process has an IPython shell already).
        `kernel_name` is ignored: the cells always run under this interpreter, so the report uses the
        twinlib it was asked from (see kernel.this_python). papermill's --log-output, --stdout-file
        and --stderr-file work as with its own engine."""
        streams = {k: v for k, v in (("stdout_file", stdout_file), ("stderr_file", stderr_file)) if v is not None}
        own = kernel is None
        kernel = kernel or (WarmShell() if can_run_here() else WarmKernel())
        try:
            return kernel.execute(nb_man, timeout=execution_timeout or DEFAULT_TIMEOUT, log_output=log_output,
                                  **streams)
        finally:
            if own:
                kernel.shutdown()
