"""The `twinlib` command's entry point (the console script and `python -m twinlib`): the process is
made single-threaded, the command runs (parser.main), and the process leaves without the
interpreter's teardown.

Single-threaded: the batch forks its workers when the process has no other thread
(batch/pool.start_method), and two libraries start one as soon as they load: OpenBLAS, numpy's
linear algebra (a report does none worth a thread; two workers keep both cores busy anyway), and
the jemalloc allocator inside pyarrow (a background thread that returns freed pages; without it
they are returned as memory is allocated). Set before anything imports numpy or pyarrow; a value in
the user's environment wins, and a process that has another thread all the same spawns its workers
instead of forking them.

No teardown (batch.stop.leave): a report's process holds pandas, matplotlib, IPython and Typst's
fonts, and freeing them object by object took 0.35 s after the result line (of a 2 s single
report), time the user waited for and nothing needed. The exit handlers still run first (logging's
flush, temporary directories, multiprocessing). A SystemExit (--help, a usage error) leaves the
usual way.
"""

from __future__ import annotations

import atexit
import os

SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "JE_ARROW_MALLOC_CONF": "background_thread:false"}


def console() -> None:
    for name, value in SINGLE_THREADED.items():
        os.environ.setdefault(name, value)
    from twinlib.batch import stop
    from twinlib.cli.parser import main

    code = main()
    atexit._run_exitfuncs()
    stop.leave(code)
