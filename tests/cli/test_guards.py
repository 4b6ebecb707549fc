"""Issue 24: no command destroys what it did not make (one output guard), arguments that mean
nothing are refused, a data copy too big for a report is stopped before any kernel, and text from
data never reaches a terminal as control sequences."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import stat
from pathlib import Path

import pandas as pd
import pytest

from twinlib import files, outpaths, paths
from twinlib.batch import batch
from twinlib.cli import parser as cli
from twinlib.cli import preflight
from twinlib.errors import InputError

TABLE_FILES = ("municipalities.csv", "relations.csv", "sources.csv")


@pytest.fixture()
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture()
def processed_copy(tmp_path):
    out = tmp_path / "processed"
    shutil.copytree(paths.default_processed_dir(), out)
    return out


@pytest.fixture()
def no_batch(monkeypatch):
    """Stand in for the batch: a refused run must not reach it."""
    calls = []
    monkeypatch.setattr(batch, "run_batch", lambda **kw: calls.append(kw) or [])
    return calls


def _one_error(code: int, err: str, *fragments: str) -> str:
    assert code == 2 and "Traceback" not in err, (code, err)
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and all(f in lines[0] for f in fragments), err
    return lines[0]


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- never a device, FIFO or socket ----------------------------------------------------------------

@pytest.mark.parametrize("argv", [["export", "--format", "xlsx", "--out", "{node}"],
                                  ["intake", "template", "Kolding", "--out", "{node}"],
                                  ["export", "--format", "csv", "--out", "{node}"],
                                  ["report", "Kolding", "--out", "{node}"],
                                  ["build", "--out", "{node}"]])
@pytest.mark.parametrize("node", ["fifo", "socket", "link-to-fifo"])
def test_a_special_file_is_never_replaced(argv, node, here, capsys, no_batch):
    target = here / "node"
    if node == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
    else:
        _fifo(here / "fifo") if node == "link-to-fifo" else _fifo(target)
        if node == "link-to-fifo":
            target.symlink_to(here / "fifo")
    code = cli.main([a.replace("{node}", str(target)) for a in argv])
    _one_error(code, capsys.readouterr().err, "refusing")
    assert not stat.S_ISREG((here / ("fifo" if node == "link-to-fifo" else "node")).stat().st_mode)
    assert no_batch == []


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_character_device_is_never_replaced(here, capsys):
    os.mknod(here / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a second /dev/null, in tmp
    for argv in (["export", "--format", "xlsx"], ["intake", "template", "Kolding"]):
        _one_error(cli.main([*argv, "--out", str(here / "null")]), capsys.readouterr().err, "character device")
        assert stat.S_ISCHR((here / "null").stat().st_mode)


def test_contribute_to_a_fifo_is_refused(here, capsys):
    book = here / "k.xlsx"
    assert cli.main(["intake", "template", "Kolding", "--out", str(book)]) == 0
    capsys.readouterr()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TWINLIB_INTAKE", str(here / "intake"))
        code = cli.main(["intake", "contribute", str(book), "--out", str(_fifo(here / "c.csv"))])
        _one_error(code, capsys.readouterr().err, "FIFO")
        code = cli.main(["intake", "contribute", str(book), "--out", str(book)])  # over its own input
        _one_error(code, capsys.readouterr().err, "which this command reads")
    assert book.read_bytes().startswith(b"PK")


def test_atomic_write_refuses_a_fifo_whoever_calls_it(tmp_path):
    """The last line of defence, for writers that do not exist yet (site, release, survey)."""
    with pytest.raises(InputError, match="not a regular file"):
        files.atomic_write(_fifo(tmp_path / "f"), "x")
    assert [p.name for p in tmp_path.iterdir()] == ["f"]  # no temp file left


# --- never under the data being read ---------------------------------------------------------------

@pytest.mark.parametrize("argv", [["export", "--format", "csv", "--out", "{data}"],
                                  ["export", "--format", "parquet", "--out", "{data}/sub"],
                                  ["export", "--format", "xlsx", "--out", "{data}/relations.csv"],
                                  ["intake", "template", "Kolding", "--out", "{data}/relations.csv"],
                                  ["report", "Kolding", "--out", "{data}"]])
def test_outputs_never_land_in_the_data_read(argv, processed_copy, capsys, no_batch):
    before = _snapshot(processed_copy)
    code = cli.main([a.replace("{data}", str(processed_copy)) for a in argv] + ["--data-dir", str(processed_copy)])
    _one_error(code, capsys.readouterr().err, "which this command reads")
    assert _snapshot(processed_copy) == before and no_batch == []


# --- never a foreign folder ------------------------------------------------------------------------

def _project(root: Path) -> Path:
    """A project folder that must survive: a git directory, code, a website's index.html."""
    (root / ".git").mkdir(parents=True)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "src").mkdir()
    (root / "src" / "app.py").write_text("print('mine')\n")
    (root / "index.html").write_text("<h1>my site</h1>\n")
    return root


@pytest.mark.parametrize("argv", [["build", "--out", "."], ["build", "--out", "{proj}"],
                                  ["export", "--format", "csv", "--out", "{proj}"],
                                  ["export", "--format", "parquet", "--out", "{proj}"],
                                  ["report", "Kolding", "--out", "{proj}"],
                                  ["report", "--only", "Kolding", "--out", "{proj}"],
                                  ["report", "--all", "--quiet"]])
def test_a_foreign_folder_is_never_written_into(argv, here, capsys, no_batch):
    proj = _project(here / "proj") if "{proj}" in argv else _project(here)
    (here / "reports").mkdir(exist_ok=True)  # `report --all` writes ./reports: here someone else's
    (here / "reports" / "index.html").write_text("<h1>my reports page</h1>\n")
    before = _snapshot(here)
    code = cli.main([a.replace("{proj}", str(proj)) for a in argv])
    _one_error(code, capsys.readouterr().err, "not empty and not a")
    assert _snapshot(here) == before and no_batch == []


def test_build_replaces_only_a_previous_build(processed_copy, tmp_path):
    assert outpaths.check_dir(processed_copy, outpaths.BUILD) == processed_copy
    assert outpaths.check_dir(tmp_path / "new", outpaths.BUILD) == tmp_path / "new"
    (processed_copy / "notes.txt").write_text("mine")  # a previous build with a user's file in it
    with pytest.raises(InputError, match="notes.txt"):
        outpaths.check_dir(processed_copy, outpaths.BUILD)
    only_csv = tmp_path / "mine"
    only_csv.mkdir()
    (only_csv / "relations.csv").write_text("a,b\n")  # a table's name, but no manifest: not a build
    with pytest.raises(InputError, match="not a processed data folder"):
        outpaths.check_dir(only_csv, outpaths.BUILD)


def test_build_out_refuses_a_folder_holding_what_it_reads(tmp_path):
    with pytest.raises(InputError, match="which this command reads"):
        outpaths.check_dir(tmp_path, outpaths.BUILD, reads=(tmp_path / "sources",))


def test_export_folder_is_marked_replaced_whole_and_reused(tmp_path, capsys):
    out = tmp_path / "x"
    assert cli.main(["export", "--format", "csv", "--out", str(out)]) == 0
    assert (out / outpaths.MARKER).is_file() and (out / "relations.csv").is_file()
    assert cli.main(["export", "--format", "parquet", "--out", str(out)]) == 0  # ours: replaced whole
    assert sorted(p.name for p in out.iterdir()) == sorted([outpaths.MARKER] + [
        f"{t}.parquet" for t in ("municipalities", "relations", "memberships", "strategies", "coverage", "sources")])
    (out / "notes.txt").write_text("mine")
    _one_error(cli.main(["export", "--format", "csv", "--out", str(out)]), capsys.readouterr().err, "notes.txt")
    assert (out / "notes.txt").read_text() == "mine"


def test_a_folder_with_a_table_name_and_more_is_not_an_export(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "relations.csv").write_text("a,b\n")
    (mine / "data.csv").write_text("a,b\n")
    with pytest.raises(InputError, match="data.csv"):
        outpaths.check_dir(mine, outpaths.EXPORT)
    (mine / "data.csv").unlink()  # only the tables an older twinlib wrote: recognised
    assert outpaths.check_dir(mine, outpaths.EXPORT) == mine


def test_a_full_disk_during_export_leaves_the_previous_folder(tmp_path, monkeypatch, capsys):
    out = tmp_path / "x"
    assert cli.main(["export", "--format", "csv", "--out", str(out)]) == 0
    before = _snapshot(out)
    real = Path.write_bytes

    def full(self, payload):
        if self.name == "relations.csv":
            raise OSError(28, "No space left on device", str(self))
        return real(self, payload)
    monkeypatch.setattr(Path, "write_bytes", full)
    assert cli.main(["export", "--format", "csv", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"error: {out}: No space left on device" in err and ".tmp" not in err, err
    assert _snapshot(out) == before and sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_reports_folder_of_an_older_twinlib_is_recognised(tmp_path):
    old = tmp_path / "reports"
    (old / "621-kolding").mkdir(parents=True)
    (old / "index.html").write_text("x")
    assert outpaths.output_dir(old, outpaths.REPORTS) == old and (old / outpaths.MARKER).is_file()
    (old / "notes.txt").write_text("mine")  # marked: a user may keep notes beside the reports
    assert outpaths.output_dir(old, outpaths.REPORTS) == old


def test_intake_import_refuses_a_foreign_folder(tmp_path, capsys):
    book = tmp_path / "k.xlsx"
    assert cli.main(["intake", "template", "Kolding", "--out", str(book)]) == 0
    capsys.readouterr()
    _project(tmp_path / "proj")
    code = cli.main(["intake", "import", str(book), "--out", str(tmp_path / "proj")])
    _one_error(code, capsys.readouterr().err, "not empty and not an intake folder")


# --- arguments -------------------------------------------------------------------------------------

@pytest.mark.parametrize("only", [",", " , ,", "", " "])
def test_only_without_names_is_an_error(only, here, capsys, no_batch):
    _one_error(cli.main(["report", "--only", only]), capsys.readouterr().err, "names no municipality")
    assert no_batch == [] and not (here / "reports").exists()


@pytest.mark.parametrize("jobs", ["0", "-3", str(10**20), "1025", "1e3", "9" * 5000])
def test_absurd_jobs_are_refused(jobs, capsys, no_batch):
    with pytest.raises(SystemExit) as exc:
        cli.main(["report", "--all", "--jobs", jobs])
    assert exc.value.code == 2 and "--jobs" in capsys.readouterr().err and no_batch == []


def test_jobs_above_the_cpus_are_capped_with_a_warning(here, capsys, monkeypatch, no_batch):
    monkeypatch.setattr(preflight, "cpu_count", lambda: 2)
    assert cli.main(["report", "--only", "Kolding, kolding ,621", "--jobs", "64"]) == 0
    assert no_batch[0]["jobs"] == 2 and no_batch[0]["only"] == ["Kolding", "kolding", "621"]
    assert "--jobs 64 is more than the 2 CPU(s) here; using 2" in capsys.readouterr().err


# --- size ------------------------------------------------------------------------------------------

def _many_relations(data_dir: Path, code: str, n: int) -> None:
    rel = pd.read_csv(data_dir / "relations.csv", dtype=str, keep_default_na=False)
    one = rel[rel["municipality_code"] == code].iloc[[0]]
    extra = pd.concat([one] * n, ignore_index=True)
    extra["relation_id"] = [f"{code}-xx-copy{i}" for i in range(n)]
    pd.concat([rel, extra]).to_csv(data_dir / "relations.csv", index=False, lineterminator="\n")


@pytest.mark.parametrize("argv", [["report", "Kolding"], ["report", "--only", "Vejle,Kolding"],
                                  ["report", "--all"]])
def test_thousands_of_relations_are_refused_before_any_kernel(argv, processed_copy, here, capsys, no_batch):
    _many_relations(processed_copy, "621", 3000)
    code = cli.main([*argv, "--data-dir", str(processed_copy), "--allow-modified"])
    _one_error(code, capsys.readouterr().err, "relations.csv", "3,0", "Kolding (621)",
               f"at most {preflight.MAX_RELATIONS}")
    assert no_batch == []


def test_a_long_report_is_warned_about_and_others_are_not_refused(processed_copy, here, capsys, no_batch):
    _many_relations(processed_copy, "621", 3000)
    _many_relations(processed_copy, "630", preflight.WARN_RELATIONS)
    assert cli.main(["report", "--only", "Vejle", "--data-dir", str(processed_copy), "--allow-modified"]) == 0
    assert "Vejle (630) has" in capsys.readouterr().err and len(no_batch) == 1


# --- control characters from data ------------------------------------------------------------------

ATTACK = "Evil\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://e.x/\x1b\\click\x1b]8;;\x1b\\\x9b31m\u202etxt"


def _raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f or c == "\u202e"]


def test_summary_shows_control_characters_as_text(processed_copy, capsys):
    rel = pd.read_csv(processed_copy / "relations.csv", dtype=str, keep_default_na=False)
    rel.loc[rel.index[rel["municipality_code"] == "621"][0], "partner_name"] = ATTACK
    rel.to_csv(processed_copy / "relations.csv", index=False, lineterminator="\n")
    assert cli.main(["summary", "--kommune", "Kolding", "--data-dir", str(processed_copy),
                     "--allow-modified"]) == 0
    out = capsys.readouterr().out
    assert _raw_controls(out) == [] and "Evil\\x1b[2J\\x1b]0;pwned\\x07" in out and "\\u202etxt" in out


def test_error_lines_and_log_lines_show_control_characters_as_text(capsys):
    assert cli.main(["summary", "--kommune", ATTACK]) == 2
    err = capsys.readouterr().err
    assert "unknown municipality" in err and _raw_controls(err) == [], err
    from twinlib import logs

    logs.configure()
    logging.getLogger("twinlib").warning("name %s", ATTACK)
    assert _raw_controls(capsys.readouterr().err) == []


def test_html_and_pdf_sections_get_no_control_characters():
    from twinlib.publish import editions, show

    section = {"id": "x", "title": ATTACK, "blocks": [{"type": "text", "text": ATTACK, "items": [ATTACK]}]}
    b = show.bundle(section)
    assert _raw_controls(b["text/html"]) == [] and _raw_controls(str(b[show.SECTION_MIME])) == []
    assert section["title"] == ATTACK  # the input is not changed
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell()
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": f"<p>{ATTACK}</p>"})]
    nb.cells.append(cell)
    assert _raw_controls(editions.html_edition(nb, ATTACK, "da")) == []


def test_a_write_of_ours_cut_short_does_not_make_a_folder_foreign(tmp_path):
    store = tmp_path / "intake"
    store.mkdir()
    (store / "621.csv").write_text("x")
    (store / ".621-travel.csv.k2j3.tmp").write_text("half")  # a killed atomic_write
    (store / ".intake-staging-ab12").mkdir()
    assert outpaths.check_dir(store, outpaths.INTAKE) == store
    (store / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="notes.txt"):
        outpaths.check_dir(store, outpaths.INTAKE)


def test_a_fresh_clones_reports_folder_is_ours(tmp_path, monkeypatch, capsys, no_batch):
    """reports/ holds only .gitkeep in a clone: `bash scripts/main.sh` must still write there."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / ".gitkeep").write_text("")
    assert cli.main(["report", "--only", "Kolding"]) == 0, capsys.readouterr().err
    assert (tmp_path / "reports" / outpaths.MARKER).is_file() and len(no_batch) == 1


def test_the_reports_index_shows_control_characters_as_text(processed_copy, tmp_path, monkeypatch):
    from twinlib.batch import index

    muni = pd.read_csv(processed_copy / "municipalities.csv", dtype=str, keep_default_na=False)
    muni.loc[muni["code"] == "621", "name"] = ATTACK
    muni.to_csv(processed_copy / "municipalities.csv", index=False, lineterminator="\n")
    monkeypatch.setenv("TWINLIB_ALLOW_MODIFIED", "1")
    from twinlib.batch.render import Outcome

    failed = Outcome("621", ATTACK, "kolding", "failed", error=ATTACK)
    index.write_index([failed], tmp_path / "reports", processed_copy)
    for name in ("index.html", "index.csv"):
        text = (tmp_path / "reports" / name).read_text(encoding="utf-8")
        assert _raw_controls(text) == [] and "Evil\\x1b[2J" in text, name
