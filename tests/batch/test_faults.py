"""Faults leave previous outputs intact: a full disk during a build or a report write, an
interrupted build. (Killed workers and dead kernels are in test_batch.py.)"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from twinlib import paths, pipeline
from twinlib.files import atomic_write


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture()
def processed_copy(tmp_path):
    out = tmp_path / "processed"
    shutil.copytree(paths.default_processed_dir(), out)
    return out


def test_full_disk_during_build_keeps_previous_tables(built, processed_copy, monkeypatch):
    before = _snapshot(processed_copy)
    real_write = Path.write_bytes  # the build writes every file's bytes (files.replace_dir)
    calls = {"n": 0}

    def failing_write(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:  # the third file of the new build hits a full disk
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(OSError, match="No space left"):
        pipeline.write_outputs(built, processed_copy)
    monkeypatch.undo()
    assert _snapshot(processed_copy) == before
    assert not [p for p in processed_copy.parent.iterdir() if p.name.startswith(".processed-")]
    pipeline.write_outputs(built, processed_copy)  # the rerun completes
    assert (processed_copy / "relations.csv").exists()


def test_interrupted_build_keeps_previous_tables(built, processed_copy, monkeypatch):
    before = _snapshot(processed_copy)
    real_replace = os.replace
    fired = []

    def interrupted(src, dst):
        if Path(dst) == processed_copy and not fired:  # Ctrl-C just before the new directory is swapped in
            fired.append(True)
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pipeline.write_outputs(built, processed_copy)
    monkeypatch.undo()
    assert _snapshot(processed_copy) == before  # moved aside for the swap, then put back
    assert not list(processed_copy.parent.glob(".old-processed-*"))
    assert not list(processed_copy.parent.glob(".processed-*"))


def test_full_disk_during_report_write_keeps_the_old_pdf(tmp_path, monkeypatch):
    target = tmp_path / "621-kolding" / "kolding.pdf"
    atomic_write(target, b"%PDF-old")
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    with pytest.raises(OSError, match="No space left"):
        atomic_write(target, b"%PDF-new")
    monkeypatch.undo()
    assert target.read_bytes() == b"%PDF-old"
    assert sorted(p.name for p in target.parent.iterdir()) == ["kolding.pdf"]
