"""Writing files safely: whole or not at all, with the mode a plain `open()` would give (0644 under umask 022)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


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


def atomic_write(target: Path, payload: bytes | str) -> None:
    """Write beside the target and rename: readers see the old file or the new one, never half."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload.encode("utf-8") if isinstance(payload, str) else payload)
        os.chmod(tmp, file_mode())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
