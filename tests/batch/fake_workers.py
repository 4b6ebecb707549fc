"""Stand-in batch workers for the pool's tests: they follow the real worker's protocol (a "start"
message, then a "done" one, per task) without making reports, so a test can make a worker die at
an exact point. Importable by a spawned child: nothing here but the protocol."""

from __future__ import annotations

import os
from dataclasses import asdict

from twinlib.batch import stop
from twinlib.batch.render import Outcome


def dies_on(tasks, results, dying: frozenset, announced: bool, scratch: str) -> None:
    """Every task is announced and reported done, except that one in `dying` ends the process:
    right after its "start" when `announced` (as a report's cell that kills its worker does, exit
    code 3), else as soon as it is taken, before its "start" (a worker killed between the two,
    exit code 9)."""
    stop.worker_signals(lambda signum, frame: os._exit(128 + signum))
    while (task := tasks.get()) is not None:
        if task.code in dying and not announced:
            os._exit(9)
        results.put(("start", (os.getpid(), task.code)))
        if task.code in dying:
            os._exit(3)
        results.put(("done", asdict(Outcome(task.code, task.name, task.slug, "ok"))))
    os._exit(0)
