"""Load once (issue 21): the calling process reads, verifies and parses every processed table once
and passes the tables on (plan, fingerprint, index); a warm kernel keys its tables on the fingerprint
it is handed and loads them once for all its reports. No kernel runs here."""

from __future__ import annotations

import collections
from pathlib import Path

import pandas as pd

from twinlib import paths
from twinlib.batch import batch, render
from twinlib.report import context as report_context
from twinlib.tables import data


def _counting(monkeypatch) -> tuple[collections.Counter, collections.Counter]:
    """(bytes reads, CSV parses) per processed file, from now on."""
    processed = paths.default_processed_dir().resolve()
    reads, parses = collections.Counter(), collections.Counter()
    real_read_bytes, real_read_csv = Path.read_bytes, pd.read_csv

    def rel(path) -> str | None:
        p = Path(path).resolve()
        return p.relative_to(processed).as_posix() if processed in p.parents else None

    def read_bytes(self):
        reads[rel(self)] += 1
        return real_read_bytes(self)

    def read_csv(path, *args, **kwargs):
        parses[rel(path)] += 1
        return real_read_csv(path, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(pd, "read_csv", read_csv)
    return reads, parses


def test_a_single_report_reads_hashes_and_parses_each_table_once(tmp_path, monkeypatch):
    def no_kernel(tasks, template, kernel=None):
        if kernel is not None:
            kernel.kill()
        return [render.Outcome(t.code, t.name, t.slug, "ok", pdf=f"{t.folder}/x.pdf") for t in tasks]

    monkeypatch.setattr(batch, "run_inline", no_kernel)
    reads, parses = _counting(monkeypatch)
    batch.make_report("Læsø", out_root=tmp_path)
    tables = [n for n in data._DTYPES]
    # measured before this change: 4 reads (verify x3, fingerprint) and 3 parses of every table
    assert all(reads[f"{n}.csv"] == 1 and parses[f"{n}.csv"] == 1 for n in tables), (reads, parses)
    assert reads["geo/world.geojson"] == 1


def test_a_warm_kernel_loads_the_tables_once_for_all_its_reports(monkeypatch):
    report_context._national.cache_clear()
    loads, stamps = [], []
    real_load, real_stamp = data.load, report_context._data_stamp
    monkeypatch.setattr(data, "load", lambda *a, **k: loads.append(1) or real_load(*a, **k))
    monkeypatch.setattr(report_context, "_data_stamp", lambda *a, **k: stamps.append(1) or real_stamp(*a, **k))
    for code in ("825", "621", "151"):
        ctx = report_context.context(code, fingerprint="fingerprint-from-the-batch")
        assert ctx.distribution is not None
    assert (len(loads), len(stamps)) == (1, 0)  # before: 1 load and 2 stamps (manifest + every table) a report
    report_context._national.cache_clear()


def test_the_task_carries_the_fingerprint_into_the_notebook(tmp_path):
    tasks, _ = batch.plan(["Læsø"], tmp_path, None, "da", True, paths.notebook_template())
    nb = render.parameterize(str(paths.notebook_template()), "825", "rel/data", "da", (), tasks[0].fingerprint)
    assert nb.metadata.papermill.parameters == {"kommune": "825", "data_dir": str(Path("rel/data").absolute()),
                                                "lang": "da", "data_fingerprint": tasks[0].fingerprint}


def test_the_command_resolves_each_name_once(tmp_path, monkeypatch):
    """`twinlib report NAME` and `--only A,B` resolve the names once (the size check and the batch
    share the result); before, the batch resolved them again."""
    from twinlib.cli import parser as cli
    from twinlib.research import summary

    asked = []
    real = summary.find_municipality
    monkeypatch.setattr(summary, "find_municipality", lambda munis, q: asked.append(q) or real(munis, q))
    made = []
    monkeypatch.setattr(batch, "run_inline",
                        lambda tasks, template, kernel=None: made.extend(t.code for t in tasks) or
                        [render.Outcome(t.code, t.name, t.slug, "ok", pdf=f"{t.folder}/x.pdf") for t in tasks])
    monkeypatch.setattr(batch, "_run_pool",
                        lambda tasks, *a: made.extend(t.code for t in tasks) or
                        [render.Outcome(t.code, t.name, t.slug, "ok", pdf=f"{t.folder}/x.pdf") for t in tasks])
    assert cli.main(["-q", "report", "Læsø", "--out", str(tmp_path / "one")]) == 0
    assert (asked, made) == (["Læsø"], ["825"])
    asked.clear(), made.clear()
    assert cli.main(["-q", "report", "--only", "Kolding,Aero", "--force", "--out", str(tmp_path / "two")]) == 0
    assert asked == ["Kolding", "Aero"] and sorted(made) == ["492", "621"]
