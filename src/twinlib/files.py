"""Writing files safely: whole or not at all, with the mode a plain `open()` would give (0644 under umask 022)."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from twinlib.errors import InputError


def sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes (the manifest's input hashes, checked again by doctor)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def current_umask() -> int:
    """The process umask (read by setting and restoring it: POSIX offers no other way)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """0666 less the umask, as for any file a program creates: a shared folder or web server can read it.

    mkstemp makes 0600 files; without this every report would be private to its writer.
    """
    return 0o666 & ~current_umask()


def dir_mode() -> int:
    """0777 less the umask (mkdtemp makes 0700 directories)."""
    return 0o777 & ~current_umask()


def replaceable(target: Path) -> None:
    """Refuse to rename over anything but a regular file: a rename onto /dev/null, a FIFO or a
    socket would replace the node itself (as root, the system's own). The last line of defence
    behind outpaths.output_file, for every writer."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise InputError(target, "is not a regular file (a device, FIFO, socket or folder); refusing to replace it")


def atomic_write(target: Path, payload: bytes | str) -> None:
    """Write beside the target and rename: readers see the old file or the new one, never half.

    A failure names the target the user asked for, never the temporary file beside it."""
    target = Path(target)
    replaceable(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload.encode("utf-8") if isinstance(payload, str) else payload)
        os.chmod(tmp, file_mode())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_dir(target: Path, files: dict[str, bytes]) -> None:
    """Write a whole folder beside the target, then swap it in with two renames: a full disk or a
    crash leaves the previous folder (or none), never a partial one. The caller has checked that the
    target is ours to replace (outpaths.check_dir)."""
    target = Path(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    old = None
    try:
        tmp.chmod(dir_mode())  # mkdtemp makes 0700
        for rel, payload in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)  # mode: 0777 less the umask
            (tmp / rel).write_bytes(payload)
            os.chmod(tmp / rel, file_mode())
        if target.exists() or target.is_symlink():
            old = target.with_name(f".old-{target.name}-{os.getpid()}")
            os.replace(target, old)
        os.replace(tmp, target)
    except OSError as exc:
        _undo(tmp, old, target)
        raise OSError(exc.errno, exc.strerror or str(exc), str(target)) from None
    except BaseException:
        _undo(tmp, old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True) if old.is_dir() and not old.is_symlink() else old.unlink()


def _undo(tmp: Path, old: Path | None, target: Path) -> None:
    """Put the previous folder back if the swap was cut between its two renames; drop the new one."""
    if old is not None and old.exists() and not target.exists():
        os.replace(old, target)
    shutil.rmtree(tmp, ignore_errors=True)


def load_yaml(text: str):
    """YAML read safely (no Python objects), by libyaml where it is installed: the same documents,
    about eight times faster (the message catalogues took 0.25 s to parse at every report start).
    YAMLError as yaml raises it."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
