"""The `twinlib` command's entry point (the console script and `python -m twinlib`): two native
libraries are told to start no helper thread, then the command runs (parser.console).

Why: the batch forks its workers when the process is single-threaded (batch/pool.start_method), and
two libraries start a thread as soon as they load: OpenBLAS, numpy's linear algebra (a report does
none worth a thread; two workers keep both cores busy anyway), and the jemalloc allocator inside
pyarrow (a background thread that returns freed pages; without it they are returned as memory is
allocated). Set before anything imports numpy or pyarrow; a value in the user's environment wins,
and a process that has another thread all the same spawns its workers instead of forking them.
"""

from __future__ import annotations

import os

SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "JE_ARROW_MALLOC_CONF": "background_thread:false"}


def console() -> None:
    for name, value in SINGLE_THREADED.items():
        os.environ.setdefault(name, value)
    from twinlib.cli.parser import console as run

    run()
