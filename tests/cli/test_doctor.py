"""`twinlib doctor`: versions against the lock, template, messages, fonts, the stock PDF route."""

from __future__ import annotations

import importlib.metadata as md
import json
import shutil

import pytest

from twinlib import paths
from twinlib.cli import doctor
from twinlib.cli import parser as cli


def _rows(rows) -> dict[str, tuple[bool, str]]:
    return {name: (ok, detail) for name, ok, detail in rows}


def test_a_version_different_from_the_lock_is_bad(tmp_path):
    pandas = md.version("pandas")
    lock = tmp_path / "lock.txt"
    lock.write_text(f"pandas==0.0.1\n    # via twinlib\nmatplotlib=={md.version('matplotlib')}\n"
                    "jupyter-core==0.0.2\nno-such-package==1.0\n", encoding="utf-8")
    rows = _rows(doctor.version_checks(lock))
    assert rows["pandas"] == (False, f"installed {pandas}, lock 0.0.1")
    assert rows["matplotlib"][0] is True
    ok, detail = rows["other locked packages"]
    assert not ok and f"jupyter-core (installed {md.version('jupyter-core')}, lock 0.0.2)" in detail
    assert "no-such-package" not in detail  # absent: needed only on another Python (markers)


def test_this_environment_matches_requirements_lock():
    """scripts/setup.sh installs with the lock as constraints, so every locked version is the installed one."""
    assert doctor.lock_path().is_file()
    bad = [(n, d) for n, ok, d in doctor.version_checks() if not ok]
    assert bad == []


def test_lock_pins_every_runtime_dependency():
    pins = doctor.read_lock(doctor.lock_path())
    for pkg in doctor.DIRECT:
        assert doctor.canonical(pkg) in pins, pkg


@pytest.mark.parametrize(("version", "ok"), [((3, 10), False), ((3, 11), True), ((3, 12), True), ((3, 13), True),
                                             ((3, 14), False)])
def test_python_versions_accepted(version, ok):
    assert doctor.python_check(version)[1] is ok


def test_template_check(tmp_path):
    assert doctor.template_check()[1] is True
    assert doctor.template_check(tmp_path / "none.ipynb") == ("notebook template", False,
                                                               f"{tmp_path / 'none.ipynb'}: missing "
                                                               "(No such file or directory)")
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [', encoding="utf-8")
    ok, detail = doctor.template_check(broken)[1:]
    assert not ok and "not valid JSON" in detail
    untagged = tmp_path / "untagged.ipynb"
    untagged.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": "x = 1"}]}))
    assert doctor.template_check(untagged)[1] is False


def test_messages_and_fonts():
    rows = _rows(doctor.message_checks() + [doctor.font_check()])
    assert rows["messages da"][0] and rows["messages en"][0]
    assert rows["font DejaVu Sans"][0] and rows["font DejaVu Sans"][1].endswith("DejaVuSans.ttf")


def test_missing_pandoc_and_tex_are_optional_not_bad(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda exe: None)
    rows = doctor.pdf_route_checks()
    assert [r[0] for r in rows] == ["pandoc for nbconvert --to pdf", "TeX (xelatex) for nbconvert --to pdf"]
    assert all(ok and detail.startswith("optional, missing") for _, ok, detail in rows)
    assert doctor.text(rows).splitlines()[0].startswith("--  pandoc")


def test_doctor_command_lists_every_check(capsys):
    code = cli.main(["doctor"])
    out = capsys.readouterr().out
    for name in ("python", "pandas", "other locked packages", "notebook template", "messages da", "messages en",
                 "font DejaVu Sans", "pandoc for nbconvert", "TeX (xelatex)", "relations.csv"):
        assert f" {name}" in out, name
    assert code == (1 if "\nBAD" in "\n" + out else 0)
    assert str(paths.notebook_template()) in out
