"""Writing a set of files all or nothing: an import's <code>.csv and <code>-travel.csv belong together.

Every file is first written whole in a staging directory beside the targets (same file system, so a
rename is atomic); then a journal naming the targets is written, and only then are they renamed into
place one by one, keeping a hard link to each old file. If any step fails or is interrupted (disk
full, a read-only directory, Ctrl-C or SIGTERM turned into an exception), the files already replaced
are put back and the staging directory is removed, so readers see the old set or the new set.

A process killed outright (SIGKILL, power loss) cannot clean up: its staging directory stays. The
next reader or writer of the directory (`recover`) rolls such a half-done swap back to the old set
using the journal and the kept links, and removes the staging directory. Writers hold an exclusive
lock on the directory, so a staging directory found while holding the lock belongs to a dead writer.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

from twinlib.errors import InputError
from twinlib.files import file_mode

log = logging.getLogger("twinlib")
PREFIX = ".intake-staging-"
JOURNAL = "JOURNAL"
OLD = ".old"


def write_together(files: dict[Path, bytes]) -> None:
    """Write every (path -> payload) in one directory, all or none; OSError becomes one clear InputError.
    A half pair a killed import left is rolled back first (recover)."""
    out = next(iter(files)).parent
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(out, f"cannot write here ({exc.strerror or exc}); nothing was changed") from None
    with _locked(out, wait=False) as held:
        if not held:
            raise InputError(out, "another `twinlib intake import` is writing here; nothing was changed")
        _recover_locked(out)
        try:
            with _signals_held():  # the staging directory exists only once `stage` names it
                stage = Path(tempfile.mkdtemp(prefix=PREFIX, dir=out))
        except OSError as exc:
            raise InputError(out, f"cannot write here ({exc.strerror or exc}); nothing was changed") from None
        try:
            staged = {target: _stage(stage / target.name, payload) for target, payload in files.items()}
            _stage(stage / JOURNAL, "\n".join(t.name for t in staged).encode("utf-8"))
            _swap(staged, stage)
        except OSError as exc:
            raise InputError(out, f"writing failed ({exc.strerror or exc}); nothing was changed") from None
        finally:
            with _signals_held():  # an interrupt here must not leave the staging directory behind
                shutil.rmtree(stage, ignore_errors=True)


def recover(out: Path) -> list[str]:
    """Roll back what a killed import left half done in `out` (see the module note); returns the names
    restored. A directory another import is writing to right now is left alone."""
    if not out.is_dir() or not any(out.glob(PREFIX + "*")):
        return []
    try:
        with _locked(out, wait=False) as held:
            return _recover_locked(out) if held else []
    except OSError as exc:
        raise InputError(out, f"an interrupted import left {PREFIX}* here and it cannot be repaired "
                              f"({exc.strerror or exc}); fix the permissions or run `twinlib intake import` "
                              "again") from None


def _recover_locked(out: Path) -> list[str]:
    restored: list[str] = []
    for stage in sorted(out.glob(PREFIX + "*")):
        journal = stage / JOURNAL
        if journal.is_file():  # the swap had begun: put back every target already replaced
            for name in filter(None, journal.read_text(encoding="utf-8").splitlines()):
                if (stage / name).exists():
                    continue  # still staged: its target was never replaced
                if (stage / (name + OLD)).exists():
                    os.replace(stage / (name + OLD), out / name)
                else:
                    (out / name).unlink(missing_ok=True)  # there was no old file
                restored.append(name)
        shutil.rmtree(stage)
    if restored:
        log.warning("intake: an import interrupted in %s was rolled back (%s restored)", out, ", ".join(restored))
    return restored


@contextmanager
def _locked(directory: Path, wait: bool):
    """An exclusive flock on the directory itself (no lock file is left behind); yields whether held."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


@contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait until the block is done (then they act as usual)."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _stage(path: Path, payload: bytes) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, file_mode())  # as a plain open() would give under the umask (0644 under 022)
    return path


def _swap(staged: dict[Path, Path], stage: Path) -> None:
    """Rename staged files over their targets; on any failure or interrupt restore the ones replaced."""
    done: list[tuple[Path, Path | None]] = []
    try:
        for target, new in staged.items():
            done.append((target, _backup(target, stage)))  # listed first: an interrupt right after the
            os.replace(new, target)                          # rename must still undo it
    except BaseException:
        with _signals_held():
            for target, backup in reversed(done):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink(missing_ok=True)
        raise


def _backup(target: Path, stage: Path) -> Path | None:
    """A second name for the old file (hard link, or a copy where links are not supported)."""
    if not target.exists():
        return None
    keep = stage / f"{target.name}{OLD}"
    try:
        os.link(target, keep)
    except OSError:
        shutil.copy2(target, keep)
    return keep
