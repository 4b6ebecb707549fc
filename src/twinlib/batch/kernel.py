"""One Jupyter kernel kept warm across reports: libraries imported once, namespace reset between.

Used where a report cannot run in its own process's shell (shell.py): a process that already runs an
IPython shell, such as a notebook in JupyterLab calling `make_report`. The kernel runs only our
code: it starts in a private working directory (its socket directory), never the caller's, and under
Python's -P, because Python and IPython put a kernel's working directory first on sys.path and a
`pandas.py` or `babel.py` lying in the caller's folder would otherwise be imported instead of the
library (a `matplotlibrc` there would restyle the figures). Whatever the kernel would have resolved
against the caller's directory is handed to it as an absolute path (the data directory, the intake
folder; see `kernel_env`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import weakref

from twinlib.batch import stop


class KernelDied(RuntimeError):
    """The kernel died while it ran a notebook (nbclient's DeadKernelError, raised as our own so that
    code handling it need not import nbclient)."""


# every kernel this process started and has not shut down: killed at once when the process is stopped
_LIVE: weakref.WeakSet = weakref.WeakSet()

WARMUP = ("import matplotlib; matplotlib.use('Agg')\n"
          "import pandas, numpy, babel, jinja2, IPython.display\n"  # not pandera: reports never validate
          "import twinlib.report.sections, twinlib.publish.show, twinlib.figures.maps, twinlib.figures.plots\n"
          "twinlib.figures.maps.warm_up()\n")


class WarmKernel:
    """One Jupyter kernel kept alive across notebooks, with the libraries imported once."""

    def __init__(self, wait: bool = True):
        """Launch the kernel process; with `wait` also wait until it is ready and warm. Without it
        the caller does other work while the kernel boots and calls `ready()` later (the kernel must
        be launched from a thread that lives as long as it: Linux sends the parent-death signal when
        the launching *thread* ends)."""
        from jupyter_client.manager import KernelManager

        # IPC sockets in a private directory: local only, no TCP ports, removed at shutdown
        self.sockets = tempfile.mkdtemp(prefix="twinlib-kernel-")
        self.km = KernelManager(kernel_name="python3", kernel_spec_manager=this_python(), transport="ipc",
                                ip=os.path.join(self.sockets, "k"),
                                connection_file=os.path.join(self.sockets, "kernel.json"))
        self.kc = None
        self._booting: threading.Thread | None = None
        self._boot_error: BaseException | None = None
        self.start(wait)

    def start(self, wait: bool = True):
        if self.km.has_kernel:
            self.km.restart_kernel(now=True, cwd=self.sockets, env=kernel_env())
        else:
            # the kernel dies with this process even if it is killed with no chance to clean up
            self.km.start_kernel(cwd=self.sockets, env=kernel_env(), preexec_fn=stop.child_dies_with_me())
            _LIVE.add(self)
        if self.kc is not None:
            self.kc.stop_channels()
        self.kc = self.km.client()
        self.kc.start_channels()
        if wait:
            self._warm()
        else:
            self._booting = threading.Thread(target=self._boot, daemon=True)
            self._booting.start()

    def _warm(self):
        self.kc.wait_for_ready(timeout=60)
        self.run(WARMUP)

    def _boot(self):
        try:
            self._warm()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller by ready()
            self._boot_error = exc

    def ready(self) -> WarmKernel:
        """Wait until a kernel launched with wait=False is ready and warm (its error, if it failed)."""
        if self._booting is not None:
            self._booting.join()
            self._booting = None
            if self._boot_error is not None:
                raise self._boot_error
        return self

    def run(self, code: str, timeout: float = 120):
        reply = self.kc.execute_interactive(code, timeout=timeout, store_history=False)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def reset(self):
        """Clear the user namespace (imports stay cached in sys.modules: that is the point).

        IPython's own reset without the forced full garbage collection it ends with (70 ms of the
        ~80 ms measured); cyclic garbage is still collected by Python's automatic collector. The
        no-leak test proves the namespace is clean.
        """
        self.ready()
        self.run("__import__('twinlib.batch.kernel', fromlist=['fast_reset']).fast_reset()")

    def execute(self, nb_man, timeout: int | None = 300, **client_options):
        """Run all cells of papermill's managed notebook in the warm kernel, as papermill's own engine
        does (cell timings and status in the metadata; the first failing cell keeps its error output
        and ends the run); raise KernelDied promptly if the kernel dies.

        nbclient with a reused blocking client does not notice a dead kernel while it waits for a
        reply (measured: it hangs), so the run happens in a thread watched from here.
        """
        from nbclient.exceptions import DeadKernelError
        from papermill.clientwrap import PapermillNotebookClient

        self.ready()
        client = PapermillNotebookClient(nb_man, km=self.km, timeout=timeout, kernel_name="python3", **client_options)
        client.kc = self.kc
        result: dict = {}

        def target():
            try:
                client.execute(cleanup_kc=False)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller below
                result["exc"] = exc

        thread = threading.Thread(target=target, daemon=True)
        thread.start()
        while thread.is_alive():
            thread.join(0.25)
            if thread.is_alive() and not self.km.is_alive():
                thread.join(1.0)
                if thread.is_alive():
                    raise KernelDied("Kernel died")
        if isinstance(result.get("exc"), DeadKernelError):
            raise KernelDied(str(result["exc"])) from result["exc"]
        if "exc" in result:
            raise result["exc"]
        return nb_man.nb

    @property
    def pgid(self) -> int | None:
        """The kernel's process group (jupyter_client starts it in a session of its own)."""
        return getattr(self.km.provisioner, "pgid", None) if self.km.has_kernel else None

    def shutdown(self):
        _LIVE.discard(self)
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        except Exception:  # noqa: BLE001 - best effort at exit
            pass
        shutil.rmtree(self.sockets, ignore_errors=True)

    def kill(self):
        """Stop now, without a word to the kernel: its process group killed, its sockets removed."""
        _LIVE.discard(self)
        stop.kill_group(self.pgid)
        shutil.rmtree(self.sockets, ignore_errors=True)


def kill_all() -> None:
    """Kill every kernel this process started (a stopped worker, an interrupted single report)."""
    for kernel in list(_LIVE):
        kernel.kill()


CALLER_DIR = "TWINLIB_CALLER_DIR"  # the caller's working directory, for a relative data_dir parameter


def kernel_env() -> dict[str, str]:
    """The caller's environment with every location the kernel would resolve against the caller's
    working directory made absolute: $TWINLIB_DATA, the intake folder ($TWINLIB_INTAKE, set to
    where this process finds it) and relative $PYTHONPATH entries (an empty one, meaning the working
    directory, is dropped); and the caller's directory itself, against which the report resolves a
    relative `data_dir` parameter (`papermill … -p data_dir data --engine twinlib`)."""
    from twinlib import paths

    env = dict(os.environ) | {CALLER_DIR: os.getcwd()}
    if env.get("TWINLIB_DATA"):
        env["TWINLIB_DATA"] = os.path.abspath(env["TWINLIB_DATA"])
    env["TWINLIB_INTAKE"] = os.path.abspath(paths.intake_dir())
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(os.path.abspath(p) for p in env["PYTHONPATH"].split(os.pathsep) if p)
    return env


def this_python():
    """Kernel specs that always name this interpreter (sys.executable), whatever 'python3' kernelspec
    is installed elsewhere: a report then runs the twinlib it was asked from (e.g. a wheel in a fresh venv).
    With -P (Python >= 3.11, safe_path): neither Python nor IPython puts the working directory on sys.path.
    Without IPython's input history: a report kernel never reads it back, and writing every cell to
    its SQLite file cost ≈ 25 ms of kernel CPU a report (measured over 10 reports: 222-237 -> 202 ms)."""
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            spec = get_kernel_dict()
            argv = [spec["argv"][0], "-P", *spec["argv"][1:], "--HistoryManager.enabled=False"]
            return KernelSpec(resource_dir=RESOURCES, **spec | {"argv": argv})

    return ThisPython()


def fast_reset() -> None:
    """IPython's reset(new_session=False) with gc.collect made a no-op, on the process's shell: run
    inside a kernel (WarmKernel.reset) and by the in-process shell (shell.WarmShell.reset)."""
    import gc

    from IPython import get_ipython

    collect = gc.collect
    gc.collect = lambda *args, **kwargs: 0
    try:
        get_ipython().reset(new_session=False)
    finally:
        gc.collect = collect
