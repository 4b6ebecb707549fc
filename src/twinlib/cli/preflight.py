"""Checks of a report run's arguments and inputs before any worker starts.

A mistyped `--only ","` must not run all 98, `--jobs 64` on two cores must not start 64 workers,
and a data copy with thousands of relations for one municipality must not become a 477-page PDF
after a minute of work: each is found here, in a fraction of a second, and said in one line.
"""

from __future__ import annotations

import argparse
import logging
import os

import pandas as pd

from twinlib.errors import InputError

log = logging.getLogger("twinlib")

MOST_JOBS = 1024  # more worker processes than any machine twinlib runs on has cores: a typo
MAX_RELATIONS = 200  # relations of one municipality a report is made for (today's most: 36)
WARN_RELATIONS = 60  # above this a report runs long; the user is told


def cpu_count() -> int:
    """The CPUs this process may use (a container's share, not the host's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def jobs_arg(text: str) -> int:
    """argparse type of --jobs: a whole number from 1 up; 0, negative and absurd values refused."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if not 1 <= n <= MOST_JOBS:
        raise argparse.ArgumentTypeError(f"must be from 1 to the number of CPUs ({cpu_count()} here; more is "
                                         f"capped to that, above {MOST_JOBS} refused), got {text}")
    return n


def capped_jobs(jobs: int, cpus: int | None = None) -> int:
    """Never more workers than CPUs: each is a whole report process, so more only adds memory and waiting."""
    cpus = cpus or cpu_count()
    if jobs > cpus:
        log.warning("warning: --jobs %d is more than the %d CPU(s) here; using %d", jobs, cpus, cpus)
        return cpus
    return jobs


def only_names(text: str | None) -> list[str] | None:
    """The names of --only (None when not given); refused when nothing is left after splitting."""
    if text is None:
        return None
    names = list(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
    if not names:
        raise InputError(None, f"--only {text!r} names no municipality; give names or codes separated by commas")
    return names


def check_size(relations: pd.DataFrame, municipalities: pd.DataFrame, path) -> None:
    """Refuse above MAX_RELATIONS relations for a municipality to be reported; warn above WARN_RELATIONS."""
    counts = relations["municipality_code"].value_counts()
    names = municipalities.set_index("code")["name"]
    chosen = counts[counts.index.isin(municipalities["code"])]
    too_many = chosen[chosen > MAX_RELATIONS]
    if len(too_many):
        code, n = too_many.index[0], int(too_many.iloc[0])
        more = f" (+{len(too_many) - 1} more municipalities)" if len(too_many) > 1 else ""
        raise InputError(path, f"{n:,} relations for {names.get(code, code)} ({code}){more}; a report holds "
                               f"at most {MAX_RELATIONS}: check the data copy, or leave it out with --only")
    long = chosen[chosen > WARN_RELATIONS]
    if len(long):  # one line, however many
        shown = ", ".join(f"{names.get(c, c)} ({c}) has {n}" for c, n in long.head(3).items())
        more = f" (+{len(long) - 3} more)" if len(long) > 3 else ""
        log.warning("warning: %s relations%s; a report above %d relations runs long", shown, more, WARN_RELATIONS)
