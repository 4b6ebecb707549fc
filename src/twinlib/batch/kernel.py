"""One Jupyter kernel kept warm across reports: libraries imported once, namespace reset between."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import weakref

from twinlib.batch import stop

# every kernel this process started and has not shut down: killed at once when the process is stopped
_LIVE: weakref.WeakSet = weakref.WeakSet()

WARMUP = ("import matplotlib; matplotlib.use('Agg')\n"
          "import pandas, numpy, babel, jinja2, IPython.display\n"  # not pandera: reports never validate
          "import twinlib.report.sections, twinlib.publish.show, twinlib.figures.maps, twinlib.figures.plots\n"
          "twinlib.figures.maps.warm_up()\n")


class WarmKernel:
    """One Jupyter kernel kept alive across notebooks, with the libraries imported once."""

    def __init__(self):
        from jupyter_client.manager import KernelManager

        # IPC sockets in a private directory: local only, no TCP ports, removed at shutdown
        self.sockets = tempfile.mkdtemp(prefix="twinlib-kernel-")
        self.km = KernelManager(kernel_name="python3", kernel_spec_manager=this_python(), transport="ipc",
                                ip=os.path.join(self.sockets, "k"),
                                connection_file=os.path.join(self.sockets, "kernel.json"))
        self.kc = None
        self.start()

    def start(self):
        if self.km.has_kernel:
            self.km.restart_kernel(now=True)
        else:
            # the kernel dies with this process even if it is killed with no chance to clean up
            self.km.start_kernel(cwd=os.getcwd(), preexec_fn=stop.child_dies_with_me())
            _LIVE.add(self)
        if self.kc is not None:
            self.kc.stop_channels()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.run(WARMUP)

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
        self.run("__import__('twinlib.batch.kernel', fromlist=['fast_reset']).fast_reset()")

    def execute(self, nb, timeout: int = 300):
        """Run all cells in the warm kernel; raise DeadKernelError promptly if the kernel dies.

        nbclient with a reused blocking client does not notice a dead kernel while it waits for a
        reply (measured: it hangs), so the run happens in a thread watched from here.
        """
        from nbclient import NotebookClient
        from nbclient.exceptions import DeadKernelError

        client = NotebookClient(nb, km=self.km, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": os.getcwd()}})
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
                    raise DeadKernelError("Kernel died")
        if "exc" in result:
            raise result["exc"]
        return nb

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


def this_python():
    """Kernel specs that always name this interpreter (sys.executable), whatever 'python3' kernelspec
    is installed elsewhere: a report then runs the twinlib it was asked from (e.g. a wheel in a fresh venv)."""
    from ipykernel.kernelspec import RESOURCES, get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class ThisPython(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(resource_dir=RESOURCES, **get_kernel_dict())

    return ThisPython()


def fast_reset() -> None:
    """Runs inside the kernel: IPython's reset(new_session=False) with gc.collect made a no-op."""
    import gc

    from IPython import get_ipython

    collect = gc.collect
    gc.collect = lambda *args, **kwargs: 0
    try:
        get_ipython().reset(new_session=False)
    finally:
        gc.collect = collect
