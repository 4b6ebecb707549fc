"""twinlib works wherever it is installed: a built wheel in a fresh venv, run from an empty directory.

The fresh venv sees the dependencies already installed in .venv through a .pth line naming .venv's
site-packages (nested .pth files, such as the editable install's, are then not processed), so the
only twinlib it can import is the wheel's. A decoy 'python3' kernelspec for a missing interpreter
(like a stale one in ~/.local/share/jupyter) comes first on JUPYTER_PATH: the report must run its
kernel under the interpreter twinlib runs under, not whatever kernelspec is installed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from twinlib import paths

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kw)


def _fresh_venv(tmp: Path) -> Path:
    """A venv with the wheel installed (--no-deps) and .venv's packages visible: its python.

    The wheel is built as a user builds it, in an isolated build environment ([build-system]):
    .venv's own setuptools (65, from ensurepip) cannot read pyproject's SPDX license string.
    """
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                  "--disable-pip-version-check", "-w", tmp / "dist", ROOT], cwd=ROOT)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp / "dist").glob("twinlib-*.whl"))
    venv = tmp / "venv"
    assert _run([sys.executable, "-m", "venv", "--without-pip", venv]).returncode == 0
    py = venv / "bin" / "python"
    # installed before the .pth exists, so pip sees no twinlib at all in the new venv
    inst = _run([sys.executable, "-m", "pip", "--python", py, "install", "--no-deps", "-q",
                 "--disable-pip-version-check", wheel])
    assert inst.returncode == 0, inst.stderr
    site = _run([py, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip()
    deps = dict.fromkeys([sysconfig.get_path("purelib"), sysconfig.get_path("platlib")])
    Path(site, "twinlib_test_deps.pth").write_text("".join(f"{d}\n" for d in deps), encoding="utf-8")
    return py


def _decoy_kernels(tmp: Path) -> Path:
    spec = tmp / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "stale", "language": "python"}), encoding="utf-8")
    return spec.parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(bin dir of the fresh venv, an empty working directory, the environment to run in)."""
    tmp = tmp_path_factory.mktemp("wheel")
    py = _fresh_venv(tmp)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWINLIB_")
           and k not in {"VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_PATH"}}
    env["JUPYTER_PATH"] = str(_decoy_kernels(tmp))
    work = tmp / "empty"
    work.mkdir()
    return py.parent, work, env


def test_wheel_imports_its_own_copy(installed):
    bindir, work, env = installed
    out = _run([bindir / "python", "-c", "import twinlib, twinlib.paths as p; print(twinlib.__file__); "
                "print(p.checkout_root()); print(p.default_processed_dir())"], cwd=work, env=env)
    file, root, processed = out.stdout.split("\n")[:3]
    assert Path(file).is_relative_to(bindir.parent) and root == "None", out.stdout + out.stderr
    assert Path(processed, "manifest.json").is_file() and Path(processed, "geo").is_dir()


def test_wheel_commands_from_an_empty_directory(installed):
    bindir, work, env = installed
    twinlib = bindir / "twinlib"
    national = _run([twinlib, "summary"], cwd=work, env=env)
    assert national.returncode == 0 and "98" in national.stdout, national.stderr
    kolding = _run([twinlib, "summary", "--kommune", "Kolding"], cwd=work, env=env)
    assert kolding.returncode == 0 and "Kolding" in kolding.stdout, kolding.stderr
    exported = _run([twinlib, "export", "--format", "csv"], cwd=work, env=env)
    assert exported.returncode == 0, exported.stderr
    assert (work / "twinlib-export" / "relations.csv").is_file()
    doctor = _run([twinlib, "doctor"], cwd=work, env=env)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "not shipped with the package" in doctor.stdout


def test_wheel_report_from_an_empty_directory(installed):
    from pypdf import PdfReader

    bindir, work, env = installed
    made = _run([bindir / "twinlib", "report", "Kolding"], cwd=work, env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    pdf = work / "reports" / "621-kolding" / "kolding.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Kolding" in "".join(page.extract_text() for page in PdfReader(pdf).pages[:2])


def test_resolution_order_outside_a_checkout(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(paths, "checkout_root", lambda: None)
    for var in ("TWINLIB_DATA", "TWINLIB_INTAKE"):
        monkeypatch.delenv(var, raising=False)
    packaged = paths.bundled("data/processed")
    assert paths.processed_dir() == packaged and paths.curated_dir() is None
    assert paths.intake_dir() == tmp_path / "twinlib-intake" and paths.reports_dir() == tmp_path / "reports"
    monkeypatch.setenv("TWINLIB_DATA", str(tmp_path / "env"))
    assert paths.processed_dir() == tmp_path / "env"
    assert paths.processed_dir(tmp_path / "flag") == tmp_path / "flag"
