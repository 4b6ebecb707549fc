"""The worker pool on its own, with stand-in workers (fake_workers.py): every task gets exactly one
outcome, whatever order a dead worker's messages and its death are seen in."""

from __future__ import annotations

import signal

import pytest
from fake_workers import dies_on

from twinlib.batch import pool
from twinlib.batch.render import Task


def _tasks(*codes: str) -> list[Task]:
    return [Task(c, f"EXAMPLE {c}", f"example-{c}", "/nonexistent", "digest") for c in codes]


@pytest.fixture
def deadline():
    """A hung pool fails the test after 60 s instead of hanging the suite (pool.run stops its
    workers on any exception)."""
    def expired(signum, frame):
        raise TimeoutError("the pool did not finish within 60 s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def test_a_dead_workers_unread_messages_are_read_before_its_death_is_judged(deadline):
    """The worker finished A, announced B and died, all before the pool read a message: B fails
    (its worker died), A stays made, and the pool does not wait for B forever."""
    p = pool.WorkerPool(_tasks("A", "B"), 1, dies_on, (frozenset({"B"}), True), progress=False, task_timeout=60,
                        start="spawn")
    p.respawns_left = 0
    try:
        p.workers = [p.spawn()]
        for t in p.tasks:
            p.task_q.put(t)
        p.workers[0].join(30)
        assert p.workers[0].exitcode == 3  # dead, with "start A", "done A", "start B" unread
        p.replace_dead()
        assert {c: o.status for c, o in p.done.items()} == {"A": "ok", "B": "failed"}
        assert "worker process died (exit code 3)" in p.done["B"].error
        assert p.running == {}
    finally:
        p.stop()


def test_every_task_gets_one_outcome_when_workers_keep_dying(deadline):
    """Two workers, three of six tasks kill theirs: the dead are replaced, the batch ends."""
    dying = frozenset({"B", "C", "E"})
    p = pool.WorkerPool(_tasks(*"ABCDEF"), 2, dies_on, (dying, True), progress=False, task_timeout=60, start="spawn")
    outcomes = {o.code: o.status for o in p.run()}
    assert outcomes == {c: "failed" if c in dying else "ok" for c in "ABCDEF"}


def test_a_report_taken_by_a_worker_that_died_unannounced_fails_as_lost(deadline):
    """B's worker dies between taking B and announcing it: the others are made, and B fails as lost
    once nothing has run or been heard for the report timeout (2 s here) instead of hanging."""
    p = pool.WorkerPool(_tasks("A", "B", "C"), 1, dies_on, (frozenset({"B"}), False), progress=False,
                        task_timeout=2, start="spawn")
    outcomes = {o.code: o for o in p.run()}
    assert {c: o.status for c, o in outcomes.items()} == {"A": "ok", "B": "failed", "C": "ok"}
    assert outcomes["B"].error.startswith("lost: no worker announced this report within 2 s")
