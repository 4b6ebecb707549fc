"""A pool of worker processes, each with a warm shell, that survives dead workers.

The main process hands out tasks through a queue, watches every worker, and records one
outcome per task: a worker that dies (killed, out of memory) loses only its current report and
is replaced; a report that runs past its timeout gets its worker killed. Progress is a bar on a
terminal and a plain line per 10 % otherwise.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import threading
import time

from twinlib.batch import stop
from twinlib.batch.render import Outcome, Task

STOP_GRACE = 2.0  # seconds a worker has to clean up after SIGTERM before it is killed
POLL = 0.02  # seconds between looks at the results while none has come
log = logging.getLogger(__name__)


class Progress:
    """tqdm on a terminal; elsewhere (logs, CI) one line per 10 %, never a redraw."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.failed, self.enabled = total, 0, 0, enabled
        self.tty = enabled and sys.stderr.isatty()
        self.bar = None
        if self.tty:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="reports", unit="report", dynamic_ncols=True)
        self.next_line = 0.1

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += outcome.status == "failed"
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(ok=self.done - self.failed, failed=self.failed, left=self.total - self.done)
        elif self.enabled and self.done / self.total >= self.next_line - 1e-9:
            log.info("reports: %d/%d done, %d failed", self.done, self.total, self.failed)
            self.next_line = (int(self.done * 10 / self.total) + 1) / 10

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def start_method() -> str:
    """How workers start: forked where that is safe, else spawned (a fresh interpreter).

    Why fork: a forked worker starts with what the main process has already imported (pandas,
    numpy, the batch's modules) instead of importing it again; the batch's first report came
    about 0.5 s sooner. Safe means Linux (macOS frameworks are not fork-safe, and Python spawns
    there for that reason) and a single-threaded process: no other Python thread, no native one
    (a library's thread pool; the command starts none, see cli/entry.py) and no IPython shell (a
    notebook's kernel, with its zmq threads and display hooks). The command line is such a process;
    a notebook calling run_batch spawns. Chosen once per pool: a worker started again later (one
    died) starts as the first did, though the progress bar's and the queue's threads run by then
    (the child uses neither; multiprocessing renews its queues after a fork)."""
    if not sys.platform.startswith("linux") or _threads() > 1:
        return "spawn"
    shell = sys.modules.get("IPython.core.interactiveshell")
    if shell is not None and shell.InteractiveShell.initialized():
        return "spawn"
    return "fork"


def _threads() -> int:
    """This process's threads as Linux counts them: Python's and native ones (a library's thread
    pool) alike; where /proc cannot be read, the threads Python knows of."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


class WorkerPool:
    def __init__(self, tasks: list[Task], jobs: int, target, args: tuple, progress: bool, task_timeout: float,
                 prepare=None, start: str | None = None):
        """Workers are started first (in `run`); `prepare` (if given) completes each task while they
        boot. `start`: 'fork' or 'spawn', default start_method()."""
        self.ctx = mp.get_context(start or start_method())
        self.tasks, self.by_code = tasks, {t.code: t for t in tasks}
        # results travel through a SimpleQueue, whose put writes at once: a report's cells run in its
        # worker, and a cell that ends the process must not take the worker's "start" with it (a Queue
        # hands the message to a thread that may never get to write it, and the report would be lost)
        self.task_q, self.result_q = self.ctx.Queue(), self.ctx.SimpleQueue()
        self.target, self.args, self.timeout = target, args, task_timeout
        self.jobs, self.prepare = jobs, prepare
        self.workers: list = []
        self.started: list = []  # every worker process, tracked before it starts
        self.scratch: dict = {}  # worker process -> its temp directory (Typst's files)
        self.respawns_left = 2 * jobs + len(tasks)
        # worker pid -> (code, started): the one report a worker is making (a dead worker loses it)
        self.running: dict[int, tuple[str, float]] = {}
        self.done: dict[str, Outcome] = {}
        self.heard = time.monotonic()  # when a worker last sent a message (or the pool began)
        self.progress = Progress(len(tasks), progress)

    def spawn(self):
        scratch = tempfile.mkdtemp(prefix="twinlib-worker-")
        p = self.ctx.Process(target=self.target, args=(self.task_q, self.result_q, *self.args, scratch),
                             daemon=True)
        self.started.append(p)
        self.scratch[p] = scratch
        with stop.starting_child():
            p.start()
        return p

    def finish(self, o: Outcome) -> None:
        if o.code not in self.done:
            self.done[o.code] = o
            self.progress.update(o)

    def fail(self, code: str, error: str) -> None:
        t = self.by_code[code]
        self.finish(Outcome(code, t.name, t.slug, "failed", cell="-", error=error))

    def receive(self, timeout: float = 0.5) -> bool:
        """Handle one message from the workers; False when none came within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while self.result_q.empty():
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL)
        self.handle(self.result_q.get())
        return True

    def handle(self, message: tuple) -> None:
        self.heard = time.monotonic()
        kind, payload = message
        if kind == "start":
            pid, code = payload
            self.running[pid] = (code, time.monotonic())
        elif kind == "done":
            o = Outcome(**payload)
            self.running = {pid: r for pid, r in self.running.items() if r[0] != o.code}
            self.finish(o)

    def read_sent(self) -> None:
        """Every message already in the results pipe, without waiting for more."""
        while not self.result_q.empty():
            self.handle(self.result_q.get())

    def replace_dead(self) -> None:
        """A dead worker loses only its current report; it is replaced while work remains.

        What a dead worker sent is read first. Why: it may have sent "done" for one report and
        "start" for the next and died before this process read either; judged on the messages read
        so far, that next report was running nowhere, so it was neither failed nor made, and the
        batch waited for it forever. A worker's messages are written before it goes on (the results
        queue writes synchronously), so once it is seen dead they are all in the pipe."""
        dead = [i for i, p in enumerate(self.workers) if not p.is_alive()]
        if dead:
            self.read_sent()
        for i in dead:
            p = self.workers[i]
            self.forget(p)
            code, _ = self.running.pop(p.pid, (None, 0.0))
            if code is not None and code not in self.done:
                self.fail(code, f"worker process died (exit code {p.exitcode}); restarted")
            if len(self.done) + len(self.running) < len(self.tasks) and self.respawns_left > 0:
                self.respawns_left -= 1
                self.workers[i] = self.spawn()
            elif not any(w.is_alive() for w in self.workers):
                for t in self.tasks:
                    if t.code not in self.done:
                        self.fail(t.code, "no worker could be started")

    def kill_overdue(self) -> None:
        for pid, (_, started) in list(self.running.items()):
            if time.monotonic() - started > self.timeout:
                proc = next((w for w in self.workers if w.pid == pid), None)
                if proc is not None:
                    proc.kill()

    def fail_lost(self) -> None:
        """Reports still missing when no report has run and no worker has said anything for a
        report's timeout fail as lost, instead of the batch waiting for them forever.

        Why: a worker takes a report from the queue and then announces it; killed between the two
        (an instant, but SIGKILL and the OOM killer choose no moment), it takes the report along
        unannounced, so nothing fails it and the workers left wait for work that will not come.
        A worker that hangs while it starts, before its first report, ends the same way."""
        if self.running or time.monotonic() - self.heard <= self.timeout:
            return
        for t in self.tasks:
            if t.code not in self.done:
                self.fail(t.code, f"lost: no worker announced this report within {self.timeout:g} s "
                                  "(one may have died as it took it)")

    def forget(self, p) -> None:
        """A worker gone: its temp directory goes too."""
        scratch = self.scratch.pop(p, None)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)

    def run(self) -> list[Outcome]:
        """All tasks' outcomes; interrupted, the workers are stopped and `stop.Interrupted` carries
        the outcomes of the reports that finished."""
        try:
            self.workers = [self.spawn() for _ in range(self.jobs)]
            for t in self.tasks:
                self.task_q.put(self.prepare(t) if self.prepare else t)
            while len(self.done) < len(self.tasks):
                self.receive()
                self.replace_dead()
                self.kill_overdue()
                self.fail_lost()
        except BaseException as exc:
            self.stop()
            if not isinstance(exc, KeyboardInterrupt):
                raise
            interrupted = stop.Interrupted.of(exc)
            interrupted.outcomes = list(self.done.values())
            raise interrupted from None
        self.close()
        return list(self.done.values())

    def close(self) -> None:
        self.progress.close()
        for _ in self.workers:
            self.task_q.put(None)
        for p in self.workers:
            p.join(timeout=15)
            if p.is_alive():
                p.kill()
                p.join(1)
            self.forget(p)

    def stop(self) -> None:
        """SIGTERM to every worker (each removes its files), SIGKILL to any still there after
        STOP_GRACE; then their temp directories and partial writes."""
        self.progress.close()
        self.task_q.cancel_join_thread()  # queued notebooks nobody will read must not hold up the exit
        started = [p for p in self.started if p.pid is not None]
        for p in started:
            if p.is_alive():
                p.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for p in started:
            p.join(max(0.0, deadline - time.monotonic()))
            if p.is_alive():
                p.kill()
                p.join(1)
        for p in self.started:
            self.forget(p)
        stop.remove_partial_writes({t.folder for t in self.tasks})
        self.drain()

    def drain(self) -> None:
        """Outcomes the stopped workers sent but nobody read yet: reports finished before the stop."""
        try:
            while self.receive(timeout=0.05):
                pass
        except Exception:  # noqa: BLE001 - a message cut short by the interrupt ends the reading
            pass
