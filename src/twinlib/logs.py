"""Logging for the `twinlib` command: informational lines on stderr, -q for errors only, -v for debug.

Results stay on stdout (print); `error: ...` lines are printed by the command itself. The library
only creates loggers under "twinlib", so a program that imports it keeps control of its own logging.
"""

from __future__ import annotations

import logging
import sys

from twinlib.text import visible

LOGGER = "twinlib"


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (tests and embedding programs replace it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


class VisibleFormatter(logging.Formatter):
    """Log lines can carry text from data (a municipality's name): control characters made visible."""

    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record))


def configure(verbose: bool = False, quiet: bool = False) -> logging.Logger:
    """-q: errors only; -v: debug with the logger's name; default: informational lines as plain text."""
    log = logging.getLogger(LOGGER)
    handler = StderrHandler()
    handler.setFormatter(VisibleFormatter("%(name)s: %(message)s" if verbose else "%(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.ERROR if quiet else logging.DEBUG if verbose else logging.INFO)
    log.propagate = False
    return log
