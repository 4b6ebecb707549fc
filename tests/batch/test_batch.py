"""The batch: no state leaks between reports, cache and resume, failures and dead workers."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from twinlib import paths
from twinlib.batch import batch, index, render
from twinlib.batch.kernel import WarmKernel
from twinlib.cli import parser as cli


def _outputs(nb) -> list:
    """Cell outputs without execution counts and metadata (timestamps)."""
    return [[{k: v for k, v in o.items() if k not in ("execution_count", "metadata")} for o in c.get("outputs", [])]
            for c in nb.cells if c.cell_type == "code"]


def test_no_state_leaks_between_reports_in_one_kernel():
    template = str(paths.notebook_template())
    k1 = WarmKernel()
    try:
        k1.execute(render.parameterize(template, "851", None, "da"))  # Aalborg first
        k1.run("leaked_marker = 42")
        k1.reset()
        after_a = k1.execute(render.parameterize(template, "825", None, "da"))  # then Læsø
        k1.reset()
        k1.run("assert 'leaked_marker' not in globals() and 'ctx' not in globals()")
    finally:
        k1.shutdown()
    k2 = WarmKernel()
    try:
        alone = k2.execute(render.parameterize(template, "825", None, "da"))
    finally:
        k2.shutdown()
    assert _outputs(after_a) == _outputs(alone)


def _template_with(tmp_path: Path, code_line: str) -> Path:
    """The real template with one extra first cell after the parameters (a test-only fault)."""
    nb = nbformat.read(paths.notebook_template(), as_version=4)
    idx = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    nb.cells.insert(idx + 1, nbformat.v4.new_code_cell(code_line))
    out = tmp_path / "template.ipynb"
    nbformat.write(nb, out)
    return out


def test_cache_skips_unchanged_and_force_rebuilds(tmp_path):
    out = tmp_path / "reports"
    first = batch.run_batch(only=["Kolding", "Læsø"], jobs=2, out_root=out, progress=False)
    assert [o.status for o in first] == ["ok", "ok"]
    pdf = out / "621-kolding" / "kolding.pdf"
    mtime = pdf.stat().st_mtime_ns
    again = batch.run_batch(only=["Kolding", "Læsø"], jobs=2, out_root=out, progress=False)
    assert [o.status for o in again] == ["skipped", "skipped"] and pdf.stat().st_mtime_ns == mtime
    forced = batch.run_batch(only=["Kolding"], jobs=1, out_root=out, force=True, progress=False)
    assert forced[0].status == "ok" and pdf.stat().st_mtime_ns != mtime
    index = (out / "index.csv").read_text(encoding="utf-8")
    assert "Kolding" in index and "621-kolding/kolding.pdf" in index
    assert len(index.strip().splitlines()) == 3  # header + the two reports that exist
    assert 'href="621-kolding/kolding.pdf"' in (out / "index.html").read_text(encoding="utf-8")


def test_a_failing_municipality_does_not_stop_the_batch(tmp_path, capsys):
    template = _template_with(tmp_path, 'if kommune == "825":\n    raise ValueError("test fault for Læsø")')
    outcomes = batch.run_batch(only=["Kolding", "Læsø"], jobs=1, out_root=tmp_path / "r", template=template,
                               progress=False)
    by_code = {o.code: o for o in outcomes}
    assert by_code["621"].status == "ok"
    assert by_code["825"].status == "failed" and "ValueError: test fault for Læsø" in by_code["825"].error
    assert by_code["825"].cell.isdigit()
    assert not (tmp_path / "r" / "825-laesoe").exists() or not list((tmp_path / "r" / "825-laesoe").glob("*.pdf"))
    assert "failed" in index.failure_table(outcomes)


def test_killed_worker_and_dead_kernel_are_replaced_and_a_rerun_completes(tmp_path):
    out = tmp_path / "r"
    # Læsø's kernel kills its worker process (SIGKILL); Kolding's kernel exits mid-notebook
    fault = ('import os, signal\n'
             'if kommune == "825":\n    os.kill(os.getppid(), signal.SIGKILL)\n'
             'if kommune == "621":\n    os._exit(1)')
    template = _template_with(tmp_path, fault)
    outcomes = batch.run_batch(only=["Kolding", "Læsø", "Ballerup"], jobs=1, out_root=out, template=template,
                               progress=False, task_timeout=120)
    by_code = {o.code: o for o in outcomes}
    assert by_code["825"].status == "failed" and "worker process died" in by_code["825"].error
    assert by_code["621"].status == "failed" and "kernel died" in by_code["621"].error
    assert by_code["151"].status == "ok"
    for folder in out.glob("*-*"):
        assert not list(folder.glob(".*.tmp")), "a temp file was left behind"
    assert not (out / "825-laesoe" / "laesoe.pdf").exists()
    # the rerun with the real template finishes only what is missing
    rerun = batch.run_batch(only=["Kolding", "Læsø", "Ballerup"], jobs=1, out_root=out, progress=False)
    assert {o.code: o.status for o in rerun} == {"621": "ok", "825": "ok", "151": "ok"}
    assert (out / "825-laesoe" / "laesoe.pdf").read_bytes().startswith(b"%PDF")


def test_cli_batch_exit_code_and_failure_table(tmp_path, capsys, monkeypatch):
    template = _template_with(tmp_path, 'raise RuntimeError("always fails")')
    monkeypatch.setattr(paths, "notebook_template", lambda: template)
    code = cli.main(["report", "--only", "Læsø", "--jobs", "1", "--out", str(tmp_path / "r"), "--quiet"])
    captured = capsys.readouterr()
    assert code == 1
    assert "1 report(s) failed" in captured.err and "RuntimeError: always fails" in captured.err
    index = json.dumps((tmp_path / "r" / "index.csv").read_text(encoding="utf-8"))
    assert "failed" in index


def test_report_without_target_is_a_usage_error(capsys):
    assert cli.main(["report"]) == 2
    assert "give a municipality" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["report", "--jobs", "x"])
