"""Where a command may write: paths as the caller meant them, and nothing outside the chosen root.

A relative --data-dir or --out means the caller's working directory, also for a report run in a
Jupyter kernel elsewhere; an output name never comes from what a user typed, and every write is checked
to stay under its output directory after '..' and links are resolved. An unwritable location is
found before any long work starts. The output guard below (output_file, check_dir, output_dir)
is the one gate every command's output passes: nothing twinlib did not make is replaced.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
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
    directory (a report kernel runs elsewhere), --allow-modified passed to the workers through the
    environment; the environment is restored afterwards (commands also run in-process)."""
    from twinlib.paths import ALLOW_ENV

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


# --- the one output guard ---------------------------------------------------------------------
# Every command that writes asks here first. A file may replace only a regular file; a folder may
# be written into only when it is new, empty, or one twinlib made (its marker file, or nothing but
# the names that kind of output writes); nothing may land under the data the command reads.

MARKER = ".twinlib-output"
LEFTOVER = re.compile(r"\.[^/]+\.tmp")  # a write of ours cut short (files.atomic_write, replace_dir)


@dataclass(frozen=True)
class Kind:
    """What a kind of output folder holds: the names it writes, a name that proves an older twinlib
    made it (folders made before the marker existed), and whether the folder is replaced wholesale
    (then every entry must be ours, marker or not)."""

    what: str
    names: re.Pattern
    signature: re.Pattern
    wholesale: bool


BUILD = Kind("a processed data folder", re.compile(
    r"(municipalities|relations|memberships|sources|strategies|coverage|policies|estimate_sample)\.csv"
    r"|geo|manifest\.json|datapackage\.json|build_report\.md|CHANGES\.md"),
    re.compile(r"manifest\.json"), wholesale=True)
EXPORT = Kind("an export folder", re.compile(r"(municipalities|relations|memberships|strategies|coverage|sources)"
                                            r"\.(csv|parquet)"),
              re.compile(r"(municipalities|relations|sources)\.(csv|parquet)"), wholesale=True)
REPORTS = Kind("a reports folder", re.compile(r"index(\.[a-z]{2})?\.(html|csv)|\d{3}-[a-z0-9-]+"),
               re.compile(r"\d{3}-[a-z0-9-]+"), wholesale=False)
SURVEY_KIT = Kind("a survey kit folder", re.compile(r"(spoergeskema|foelgebrev)-\d{3}-[a-z0-9-]+\.(xlsx|pdf)"),
                  re.compile(r"spoergeskema-\d{3}-[a-z0-9-]+\.xlsx"), wholesale=False)
# a site or a release goes only into a new or empty folder (built beside it, renamed at the end):
# every entry already there is foreign
FRESH = Kind("a new or empty folder", re.compile(r"(?!)"), re.compile(r"(?!)"), wholesale=True)
INTAKE = Kind("an intake folder", re.compile(r"\d{3}(-travel)?\.csv|\.intake-[\w.-]+"),
              re.compile(r"\d{3}\.csv"), wholesale=False)


def _kind_of_node(path: Path) -> str | None:
    """'a directory', 'a character device' … for what is at path (links followed), None if nothing."""
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):  # nothing there (a parent may be a file: said later)
        return None
    except OSError as exc:
        raise InputError(path, f"cannot write here ({exc.strerror or exc})") from None
    for test, name in ((stat.S_ISREG, "a regular file"), (stat.S_ISDIR, "a directory"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def not_under(target: Path, reads, wholesale: bool = False) -> None:
    """Refuse an output at, or under, anything the command reads (`export --out X --data-dir X`);
    a folder replaced wholesale must not hold anything read either."""
    t = Path(target).resolve()
    for r in (Path(p).resolve() for p in reads if p is not None):
        if t == r or r in t.parents:
            raise InputError(target, f"is inside {r}, which this command reads; choose another output path")
        if wholesale and t in r.parents:
            raise InputError(target, f"holds {r}, which this command reads; choose another output path")


def output_file(target: str | Path, reads=()) -> Path:
    """A file to be written (and replaced whole): nothing there yet, or a regular file — never a
    device, FIFO, socket or directory — and not under what the command reads. Its folder is made."""
    target = absolute(target)
    node = _kind_of_node(target)
    if node not in (None, "a regular file"):
        raise InputError(target, f"is {node}, not a regular file; refusing to replace it")
    not_under(target, reads)
    writable_dir(target.parent)
    return target


def file_in(out: str | Path | None, name: str, reads=()) -> Path:
    """OUT itself, OUT/name when OUT is a folder, else ./name — through `output_file`."""
    out = absolute(out)
    return output_file(out / name if out is not None and out.is_dir() else out or Path.cwd() / name, reads)


def foreign(directory: Path, kind: Kind) -> list[str]:
    """The entries that make the folder not ours ([] for a new, empty or twinlib-made folder).
    A .gitkeep (a fresh clone's reports/) and our own cut-short writes do not count."""
    names = sorted(n for n in (p.name for p in directory.iterdir())
                   if n not in (MARKER, ".gitkeep") and not LEFTOVER.fullmatch(n))
    marked = (Path(directory) / MARKER).exists()
    if not names or (marked and not kind.wholesale):
        return []
    strangers = [n for n in names if not kind.names.fullmatch(n)]
    if strangers:
        return strangers
    return [] if marked or any(kind.signature.fullmatch(n) for n in names) else names


def check_dir(directory: str | Path, kind: Kind, reads=()) -> Path:
    """A folder to write into (or replace): refused when something else is there, or when it is not
    a twinlib-made folder of this kind and holds anything; nothing is created."""
    d = absolute(directory)
    node = _kind_of_node(d)
    if node not in (None, "a directory"):
        raise InputError(d, f"is {node}, not a directory; refusing to write there")
    not_under(d, reads, kind.wholesale)
    if node is not None:
        strangers = foreign(d, kind)
        if strangers:
            shown = ", ".join(strangers[:3]) + (f" (+{len(strangers) - 3} more)" if len(strangers) > 3 else "")
            raise InputError(d, f"is not empty and not {kind.what} twinlib made (it holds {shown}); "
                                "choose a new or empty folder")
    return d


def output_dir(directory: str | Path, kind: Kind, reads=()) -> Path:
    """`check_dir`, then the folder made (if new) and marked as twinlib's."""
    d = writable_dir(check_dir(directory, kind, reads))
    mark(d, kind)
    return d


def mark(directory: Path, kind: Kind) -> None:
    """Leave the marker that lets a later run recognise the folder as ours."""
    marker = Path(directory) / MARKER
    if not marker.exists():
        marker.write_text(f"made by twinlib: {kind.what}\n", encoding="utf-8")
