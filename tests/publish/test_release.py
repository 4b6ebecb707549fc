"""`twinlib release --out DIR`: a versioned, checksummed, reproducible zip, or one error line and nothing."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import frictionless
import pytest

from twinlib import paths
from twinlib.cli import parser as cli
from twinlib.files import current_umask
from twinlib.publish import release

PROCESSED = paths.default_processed_dir()
VERSION = json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))["version"]
FOLDER = f"twinlib-venskabsbyer-{VERSION}"


def _release(out: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = cli.main(["release", "--out", str(out), *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_release_zip_holds_the_dataset_with_its_sums(tmp_path, capsys):
    out = tmp_path / "rel"
    code, stdout, _ = _release(out, capsys)
    assert code == 0
    archive = out / f"{FOLDER}.zip"
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    assert f"{digest}  {archive.name}" in stdout.splitlines()  # the zip's own sum, printed
    assert (out / "SHA256SUMS").read_text() == f"{digest}  {archive.name}\n"
    assert sorted(p.name for p in out.iterdir()) == ["SHA256SUMS", archive.name]
    assert oct(archive.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "x")
    root = tmp_path / "x" / FOLDER
    for name in ("datapackage.json", "relations.csv", "municipalities.csv", "geo/kommuner.geojson", "README.md",
                 "CHANGES.md", "LICENSE", "LICENSE-DATA", "CITATION.cff", "SHA256SUMS"):
        assert (root / name).is_file(), name
    check = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=root, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert frictionless.validate(str(root / "datapackage.json")).valid


def test_release_is_reproducible_and_may_go_into_an_empty_folder(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert _release(tmp_path / "empty", capsys)[0] == 0
    assert _release(tmp_path / "again", capsys)[0] == 0
    a, b = (tmp_path / d / f"{FOLDER}.zip" for d in ("empty", "again"))
    assert a.read_bytes() == b.read_bytes()


def test_a_non_empty_folder_is_refused_and_left_alone(tmp_path, capsys):
    out = tmp_path / "rel"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    code, stdout, err = _release(out, capsys)
    assert (code, stdout) == (2, "")
    assert err.startswith("error: ") and "not empty" in err and str(out) in err and len(err.splitlines()) == 1
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_an_unwritable_path_is_refused(tmp_path, capsys):
    (tmp_path / "file").write_text("a file, not a folder")
    code, _, err = _release(tmp_path / "file" / "rel", capsys)
    assert code == 2 and err.startswith("error: ") and "not a directory" in err and len(err.splitlines()) == 1


def test_a_missing_data_package_is_refused_and_nothing_written(tmp_path, capsys):
    data = tmp_path / "processed"
    shutil.copytree(PROCESSED, data)
    (data / "datapackage.json").unlink()
    code, _, err = _release(tmp_path / "rel", capsys, "--data-dir", str(data))
    assert code == 2 and "datapackage.json" in err and "twinlib build" in err and len(err.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


def test_a_table_edited_after_the_build_is_not_released(tmp_path, capsys):
    data = tmp_path / "processed"
    shutil.copytree(PROCESSED, data)
    with (data / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write("99,example,EXAMPLE,https://example.org,EXAMPLE,EXAMPLE,2026-01-01,\n")
    code, _, err = _release(tmp_path / "rel", capsys, "--data-dir", str(data))
    assert code == 2 and "sources.csv" in err and "sha256" in err
    assert not (tmp_path / "rel").exists()


def test_an_interrupted_release_leaves_nothing(tmp_path, monkeypatch):
    def fail(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(release.os, "replace", fail)
    with pytest.raises(KeyboardInterrupt):
        release.release(tmp_path / "rel")
    assert list(tmp_path.iterdir()) == []



def test_an_installed_package_without_a_checkout_says_so(tmp_path, monkeypatch):
    """LICENSE-DATA and CITATION.cff live in the checkout: without one the release is refused, not partial."""
    monkeypatch.setattr(release.paths, "checkout_root", lambda: None)
    with pytest.raises(release.InputError, match="source checkout"):
        release.release(tmp_path / "rel")
    assert list(tmp_path.iterdir()) == []
