"""Stopping a report run cleanly: signals in the main process, parent-death watches in its children.

The main process turns SIGINT and SIGTERM into one `Interrupted` exception, so the batch can stop
its workers, remove their files, write the index of what finished and exit 130/143.
Workers ignore SIGINT (a terminal's Ctrl-C reaches the whole process group; only the main process
should act on it) and stop on SIGTERM. Children are asked to die with their parent (Linux
PR_SET_PDEATHSIG; elsewhere a thread polls the parent's pid), so a `kill -9` of the main process
takes the workers (and any Jupyter kernel a process started) with it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

PR_SET_PDEATHSIG = 1
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM reached the main process; `summary` says what was made before it."""

    def __init__(self, signum: int = signal.SIGINT, summary: str = ""):
        super().__init__(signum)
        self.signum, self.summary, self.outcomes = signum, summary, []

    @classmethod
    def of(cls, exc: BaseException) -> Interrupted:
        """A plain KeyboardInterrupt (library use without `on_signals`) counts as SIGINT."""
        return exc if isinstance(exc, Interrupted) else cls(signal.SIGINT)


_held = {"depth": 0, "signum": 0}  # a signal that came while a child was being started


@contextmanager
def on_signals():
    """Within: SIGINT and SIGTERM raise `Interrupted` once; a repeat while stopping is ignored."""
    fired: list[int] = []

    def handler(signum, frame):
        if fired:
            return
        fired.append(signum)
        if _held["depth"]:
            _held["signum"] = signum
            return
        raise Interrupted(signum)

    old = {s: signal.signal(s, handler) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


@contextmanager
def starting_child():
    """Around starting a child process: an interrupt waits until the child has all it needs (cut
    short, it would die with a traceback), and the child is born with SIGINT and SIGTERM blocked:
    a Ctrl-C while it boots cannot raise KeyboardInterrupt in it, and a forked child (which starts
    with this process's handlers) cannot take a SIGTERM for the main process's, before `worker_signals`
    has set its own."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, set(STOP_SIGNALS))
    _held["depth"] += 1
    try:
        yield
    finally:
        _held["depth"] -= 1
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
        signum, _held["signum"] = _held["signum"], 0
        if signum and not _held["depth"]:
            raise Interrupted(signum)


def leave(code: int = 0) -> None:
    """End this process now, without the interpreter's teardown of its heap: stdout and stderr are
    flushed (a reader gone or a stream closed is no reason to fail), then os._exit. Why: freeing a
    report process's heap object by object took ~0.4 s that nobody needed, at a batch worker's end
    and after a command's result line. Exit handlers are the caller's choice: the command runs them
    first (cli.entry.console); a worker does not (the pool removes its scratch directory)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def worker_signals(on_term) -> None:
    """In a worker: SIGINT ignored (a pending one discarded), SIGTERM handled by `on_term` (a
    pending one runs it now); both then unblocked (starting_child blocked them)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, on_term)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, set(STOP_SIGNALS))


@lru_cache(maxsize=1)
def libc():
    """The C library on Linux (prctl, mallopt), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None


def _prctl():
    return getattr(libc(), "prctl", None)


def die_with_parent(parent: int, signum: int = signal.SIGTERM) -> None:
    """Have `signum` sent to this process when `parent` dies (checked once too: it may be gone)."""
    prctl = _prctl()
    if prctl is None or prctl(PR_SET_PDEATHSIG, int(signum), 0, 0, 0) != 0:
        threading.Thread(target=_poll_parent, args=(parent, signum), daemon=True).start()
    if os.getppid() != parent:
        os.kill(os.getpid(), signum)


def _poll_parent(parent: int, signum: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os.kill(os.getpid(), signum)


def child_dies_with_me():
    """A Popen `preexec_fn`: the child (a kernel) is killed when the process starting it dies."""
    prctl, parent = _prctl(), os.getpid()

    def preexec() -> None:
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return preexec if prctl is not None else None


def kill_group(pgid: int | None) -> None:
    """SIGKILL a process group (a kernel and anything it started); gone already is fine."""
    if pgid and pgid > 1 and pgid != os.getpgrp():
        try:
            os.killpg(pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def remove_partial_writes(folders) -> None:
    """The temp files of writes cut short (files.atomic_write names them .<name>.<random>.tmp)."""
    for folder in folders:
        for tmp in Path(folder).glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
