"""Where a command may write: paths as the caller meant them, and nothing outside the chosen root.

A relative --data-dir or --out means the caller's working directory, also for a report kernel
that runs elsewhere; an output name never comes from what a user typed, and every write is checked
to stay under its output directory after '..' and links are resolved. An unwritable location is
found before any long work starts.
"""

from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from twinlib.errors import InputError

SAFE_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]*")
PATH_ENV = ("TWINLIB_DATA", "TWINLIB_INTAKE", "TWINLIB_SOURCES")


def absolute(path: str | Path | None) -> Path | None:
    """The path relative to the caller's working directory, made absolute (None stays None)."""
    if path is None or str(path) == "":
        return None
    p = Path(path).expanduser()
    return p if p.is_absolute() else Path.cwd() / p


@contextmanager
def command_environment(args):
    """For one command: path arguments and TWINLIB_DATA etc. made absolute from the caller's
    directory (a report kernel runs elsewhere), --allow-modified passed to the kernels through the
    environment; the environment is restored afterwards (commands also run in-process)."""
    from twinlib.tables.integrity import ALLOW_ENV

    saved = {k: os.environ.get(k) for k in (ALLOW_ENV, *PATH_ENV)}
    try:
        for name in ("data_dir", "out", "sources", "file"):
            if getattr(args, name, None) is not None:
                setattr(args, name, absolute(getattr(args, name)))
        for key in PATH_ENV:
            if os.environ.get(key):
                os.environ[key] = str(absolute(os.environ[key]))
        if getattr(args, "allow_modified", None):
            os.environ[ALLOW_ENV] = "1"
        yield args
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def safe_name(text: str, what: str = "name") -> str:
    """A file-name part from data (a code or a slug): letters, digits, '-' and '_' only."""
    if not SAFE_NAME.fullmatch(str(text)):
        raise InputError(None, f"refusing to use {text!r} as a {what} in a file name")
    return str(text)


def inside(root: str | Path, target: str | Path) -> Path:
    """The target, checked to stay under root after resolving '..' and links."""
    r, t = Path(root).resolve(), Path(target).resolve()
    if t != r and r not in t.parents:
        raise InputError(target, f"outside the output directory {root}; refusing to write there")
    return Path(target)


def writable_dir(directory: str | Path) -> Path:
    """Make the directory and prove a file can be created in it (root ignores modes, so try it)."""
    d = Path(directory)
    blocker = next((p for p in (d, *d.parents) if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise InputError(d, f"cannot write here: {blocker} is not a directory")
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".twinlib-probe-", dir=d)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(d, f"cannot write here ({exc.strerror or exc})") from None
    return d
