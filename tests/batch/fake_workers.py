"""Stand-in batch workers for the pool's tests: they follow the real worker's protocol (a "start"
message, then a "done" one, per task) without making reports, so a test can make a worker die at
an exact point. Importable by a spawned child: nothing here but the protocol."""

from __future__ import annotations

import os
from dataclasses import asdict

from twinlib.batch import stop
from twinlib.batch.render import Outcome


def dies_on(tasks, results, dying: frozenset, scratch: str) -> None:
    """Every task is announced; one in `dying` ends the process right after its "start" (as a
    report's cell that kills its worker does), any other is reported done."""
    stop.worker_signals(lambda signum, frame: os._exit(128 + signum))
    while (task := tasks.get()) is not None:
        results.put(("start", (os.getpid(), task.code)))
        if task.code in dying:
            os._exit(3)
        results.put(("done", asdict(Outcome(task.code, task.name, task.slug, "ok"))))
    os._exit(0)


def vanishes_on(tasks, results, vanishing: frozenset, scratch: str) -> None:
    """A task in `vanishing` ends the process as soon as it is taken, before its "start" is sent
    (a worker killed between the two); any other is announced and reported done."""
    stop.worker_signals(lambda signum, frame: os._exit(128 + signum))
    while (task := tasks.get()) is not None:
        if task.code in vanishing:
            os._exit(9)
        results.put(("start", (os.getpid(), task.code)))
        results.put(("done", asdict(Outcome(task.code, task.name, task.slug, "ok"))))
    os._exit(0)
