"""Writing a set of files all or nothing: an import's <code>.csv and <code>-travel.csv belong together.

Every file is first written whole in a staging directory beside the targets (same file system, so a
rename is atomic); only then are they renamed into place one by one, keeping a hard link to each
old file. If any step fails (disk full, a read-only directory), the files already replaced are put
back, so readers see the old set or the new set, never a mix.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from twinlib.errors import InputError
from twinlib.files import file_mode


def write_together(files: dict[Path, bytes]) -> None:
    """Write every (path -> payload) in one directory, all or none; OSError becomes one clear InputError."""
    out = next(iter(files)).parent
    try:
        out.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".intake-staging-", dir=out))
    except OSError as exc:
        raise InputError(out, f"cannot write here ({exc.strerror or exc}); nothing was changed") from None
    try:
        staged = {target: _stage(stage / target.name, payload) for target, payload in files.items()}
        _swap(staged, stage)
    except OSError as exc:
        raise InputError(out, f"writing failed ({exc.strerror or exc}); nothing was changed") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _stage(path: Path, payload: bytes) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, file_mode())  # as a plain open() would give under the umask (0644 under 022)
    return path


def _swap(staged: dict[Path, Path], stage: Path) -> None:
    """Rename staged files over their targets; on failure restore the ones already replaced."""
    done: list[tuple[Path, Path | None]] = []
    try:
        for target, new in staged.items():
            backup = _backup(target, stage)
            os.replace(new, target)
            done.append((target, backup))
    except OSError:
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
    keep = stage / f"{target.name}.old"
    try:
        os.link(target, keep)
    except OSError:
        shutil.copy2(target, keep)
    return keep
