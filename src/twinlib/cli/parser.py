"""The `twinlib` command: the parser, logging set-up and one-line errors; the command groups
(report_commands, intake_commands, data_commands) do the work."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from twinlib import __version__, logs
from twinlib.cli import data_commands, intake_commands, preflight, report_commands
from twinlib.cli.output import say
from twinlib.errors import InputError, ValidationError
from twinlib.outpaths import command_environment

log = logging.getLogger("twinlib")


def _data_dir(p: argparse.ArgumentParser, allow_modified: bool = True) -> None:
    p.add_argument("--data-dir", type=Path, default=None,
                   help="processed data directory (default: $TWINLIB_DATA, else the data twinlib comes with)")
    if allow_modified:
        p.add_argument("--allow-modified", action="store_true", default=None,
                       help="use processed tables that differ from their manifest (edited on purpose); "
                            "reports then say so on every page")


def _add_build(sub) -> None:
    b = sub.add_parser("build", help="rebuild data/processed/ from the raw sources",
                       description="Read the raw public sources, clean, reconcile and validate "
                                   "them, and write data/processed/ atomically.")
    b.add_argument("--sources", type=Path, default=None,
                   help="raw sources directory (default: ../shared/data-sources or $TWINLIB_SOURCES)")
    b.add_argument("--out", type=Path, default=None, help="output directory (default: data/processed)")
    b.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if a rebuild would differ from what is there")
    b.set_defaults(func=data_commands.cmd_build)


def _add_summary(sub) -> None:
    s = sub.add_parser("summary", help="print national figures or one municipality's partners",
                       description="National figures (confirmed relations, unverified links, the estimated "
                                   "true total, per region and world region) or, with --kommune, one municipality.")
    s.add_argument("--kommune", help="municipality name or code (forgiving: case, æøå/aa, 'Kommune')")
    _data_dir(s)
    s.set_defaults(func=data_commands.cmd_summary)


def _add_report(sub) -> None:
    r = sub.add_parser("report", help="make one municipality's PDF report, or all of them",
                       description="Execute notebooks/templates/kommune_report.ipynb for one municipality "
                                   "and export it to PDF (Typst); writes reports/<code>-<slug>/<slug>.pdf, "
                                   ".html and the executed .ipynb.")
    r.add_argument("kommune", nargs="?", help="municipality name or code (forgiving)")
    r.add_argument("--all", action="store_true", help="all 98 municipalities (warm worker pool, cached)")
    r.add_argument("--national", action="store_true",
                   help="the national report (notebooks/templates/national_report.ipynb): "
                        "writes <out>/national/national.pdf, .html and the executed .ipynb")
    r.add_argument("--only", metavar="K1,K2", help="a comma-separated subset, run like --all (at least one name)")
    r.add_argument("--jobs", type=preflight.jobs_arg, default=max(1, min(preflight.cpu_count(), 4)),
                   help="worker processes, each running reports in one warm shell (default: CPU count, at most 4; "
                        "more than the CPUs is capped to them with a warning)")
    r.add_argument("--force", action="store_true", help="rebuild even when the inputs are unchanged")
    r.add_argument("--quiet", action="store_true", help="no progress bar (the same as twinlib -q report)")
    r.add_argument("--out", type=Path, default=None, help="output root (default: ./reports)")
    _data_dir(r)
    r.add_argument("--lang", default="da", choices=["da", "en"],
                   help="report language: da (default) or en (written as <slug>.en.pdf beside the Danish one)")
    r.add_argument("--identity", type=Path, metavar="FILE", default=None,
                   help="a consultant's identity for the cover and the PDF's metadata: a .toml or .yaml file "
                        "with client, consultancy, author and logo (a PNG or JPEG path, relative to the file)")
    r.set_defaults(func=report_commands.cmd_report_stoppable)


def _add_intake(sub) -> None:
    i = sub.add_parser("intake", help="consultant's intake workbook (activities, funding, travel, status)",
                       description="Write a pre-filled .xlsx for a municipality, import a filled one, or turn "
                                   "its confirmed statuses into curated rows.")
    isub = i.add_subparsers(dest="intake_command", required=True, metavar="ACTION")
    it = isub.add_parser("template", help="write the pre-filled workbook",
                         description="Write an .xlsx with the municipality's known relations and sheets for "
                                     "activities, years, funding, status and travel.")
    it.add_argument("kommune", help="municipality name or code")
    it.add_argument("--out", type=Path, default=None, help="output .xlsx path")
    _data_dir(it)
    it.set_defaults(func=intake_commands.cmd_intake_template)
    ii = isub.add_parser("import", help="validate a filled workbook and store it under data/intake/",
                         description="Validate every cell (formulas and markup are rejected, never evaluated) "
                                     "and store data/intake/<code>.csv and <code>-travel.csv.")
    ii.add_argument("file", type=Path, help="the filled .xlsx")
    ii.add_argument("--out", type=Path, default=None,
                    help="output directory (default: $TWINLIB_INTAKE, a checkout's data/intake, else ./twinlib-intake)")
    _data_dir(ii)
    ii.set_defaults(func=intake_commands.cmd_intake_import)
    ic = isub.add_parser("contribute", help="turn the municipality's confirmed statuses into curated rows",
                         description="Validate a filled workbook (as import does) and write each relation whose "
                                     "status the municipality confirmed (role + date, never a name) as a "
                                     "data/curated/relations.csv row: grade A, source 'kommunens oplysning'. "
                                     "The stored import (data/intake/) is not changed; `intake import` "
                                     "is the command that replaces it.")
    ic.add_argument("file", type=Path, help="the filled .xlsx")
    ic.add_argument("--out", type=Path, default=None, help="output CSV (default: ./curated_<code>.csv)")
    _data_dir(ic)
    ic.set_defaults(func=intake_commands.cmd_intake_contribute)


def _add_survey(sub) -> None:
    s = sub.add_parser("survey", help="the survey kit: questionnaires out, answers in, who answered",
                       description="Send every municipality the 2017 survey's questions with its intake workbook "
                                   "and a cover letter, import the returned workbooks as the municipality's own "
                                   "word, and show the response rates.")
    ssub = s.add_subparsers(dest="survey_command", required=True, metavar="ACTION")
    k = ssub.add_parser("kit", help="write a questionnaire (.xlsx) and a cover letter (PDF) per municipality",
                        description="The intake workbook extended with the survey's questions (strategy and "
                                    "political anchoring, budget and staff time, plans) and the unverified links "
                                    "to confirm or close, and a one-page cover letter addressed by role.")
    k.add_argument("--out", type=Path, default=None, help="output directory (default: ./survey-kit)")
    k.add_argument("--only", metavar="K1,K2", help="a comma-separated subset of municipalities")
    _data_dir(k)
    k.set_defaults(func=intake_commands.cmd_survey_kit)
    i = ssub.add_parser("import", help="check the returned workbooks in a folder and store the good ones",
                        description="Check every returned .xlsx with the intake's limits (one error line per bad "
                                    "file); store each good one with who answered (role and date, never a name); "
                                    "its confirmations apply at once in the municipality's report.")
    i.add_argument("file", type=Path, metavar="DIR", help="the folder holding the returned workbooks")
    i.add_argument("--out", type=Path, default=None,
                   help="intake directory (default: $TWINLIB_INTAKE, a checkout's data/intake, else ./twinlib-intake)")
    _data_dir(i)
    i.set_defaults(func=intake_commands.cmd_survey_import)
    st = ssub.add_parser("status", help="response rates by region and who is missing",
                         description="How many municipalities answered, by region, and which have not.")
    st.add_argument("--intake", type=Path, default=None, help="intake directory to read (default as for import)")
    _data_dir(st)
    st.set_defaults(func=intake_commands.cmd_survey_status)


def _add_tools(sub) -> None:
    d = sub.add_parser("doctor", help="check the environment and the data before a batch",
                       description="Versions, Typst with the report font (æøå), the Jupyter kernel, optional "
                                   "TeX, and whether the processed data match their manifest.")
    _data_dir(d, allow_modified=False)
    d.add_argument("--sources", type=Path, default=None, help="raw sources directory")
    d.set_defaults(func=data_commands.cmd_doctor)
    e = sub.add_parser("export", help="export processed tables as csv, xlsx or parquet",
                       description="Export every processed table (with a sources/licences table and the "
                                   "`current` column) as a csv folder, one xlsx workbook or a parquet folder.")
    e.add_argument("--format", choices=["csv", "xlsx", "parquet"], default="csv")
    e.add_argument("--kommune", help="only this municipality's rows")
    e.add_argument("--out", type=Path, default=None, help="output folder (csv, parquet) or .xlsx file")
    _data_dir(e)
    e.set_defaults(func=data_commands.cmd_export)


def _add_site(sub) -> None:
    w = sub.add_parser("site", help="write the web edition: a static, bilingual site of the data and reports",
                       description="A static site (Danish, English under en/): national page, all relations in "
                                   "one searchable table, a page per municipality and partner country, downloads. "
                                   "Works from file:// and on any static host; nothing is fetched from elsewhere.")
    w.add_argument("--out", type=Path, required=True, help="a new or empty folder for the site")
    w.add_argument("--only", metavar="K1,K2", help="only these municipalities (a small site for a check)")
    w.add_argument("--reports", type=Path, default=None, metavar="DIR",
                   help="use the reports already in DIR (made by twinlib report --all) instead of running the "
                        "batch into ./reports first")
    w.add_argument("--jobs", type=preflight.jobs_arg, default=max(1, min(preflight.cpu_count(), 4)),
                   help="worker processes for the reports batch (default: CPU count, at most 4)")
    _data_dir(w, allow_modified=False)
    w.set_defaults(func=report_commands.cmd_site)


def _add_release(sub) -> None:
    r = sub.add_parser("release", help="write the dataset as a versioned zip with SHA-256 sums",
                       description="Write DIR/twinlib-venskabsbyer-<version>.zip (the data package, its tables "
                                   "and maps, README, CHANGES, licences, CITATION.cff, SHA256SUMS) and "
                                   "DIR/SHA256SUMS with the zip's own sum. DIR must be new or empty.")
    r.add_argument("--out", type=Path, required=True, metavar="DIR", help="a new or empty folder")
    _data_dir(r, allow_modified=False)
    r.set_defaults(func=data_commands.cmd_release)


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="twinlib", description=(
        "Open data and reports on Danish municipalities' twin-town relations (venskabsbyer)."))
    p.add_argument("--version", action="version", version=f"twinlib {__version__}")
    loud = p.add_mutually_exclusive_group()
    loud.add_argument("-v", "--verbose", action="store_true", help="debug messages on stderr")
    loud.add_argument("-q", "--quiet", dest="log_quiet", action="store_true",
                      help="only errors on stderr (no progress); results still go to stdout")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_add_build, _add_summary, _add_report, _add_intake, _add_survey, _add_tools, _add_site,
                _add_release):
        add(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    logs.configure(args.verbose, args.log_quiet or getattr(args, "quiet", False))  # report --quiet: alias of -q
    log.debug("twinlib %s on Python %s; command: %s", __version__, sys.version.split()[0], args.command)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        with command_environment(args):  # relative paths made absolute; restored afterwards
            code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler below, not at interpreter exit
        return code
    except ValidationError as exc:
        say(f"error: validation failed, nothing written:\n{exc.report()}", err=True)
        return 2
    except InputError as exc:
        say(f"error: {exc}", err=True)
        return 2
    except BrokenPipeError:  # `twinlib summary | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # unwritable output, full disk, vanished file: one line, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        say(f"error: {where}{exc.strerror or exc}", err=True)
        return 1
    except Exception as exc:  # a failed notebook cell: say which cell and what, not a traceback
        if type(exc).__name__ == "PapermillExecutionError":
            say(f"error: report failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}", err=True)
            return 1
        if os.environ.get("TWINLIB_DEBUG"):
            raise
        say(f"error: unexpected {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''} "
            "(TWINLIB_DEBUG=1 shows the traceback)", err=True)
        return 1
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM where a command turns it into one (report)
        summary = getattr(exc, "summary", "")
        say("interrupted" + (f": {summary}" if summary else ""), err=True)
        return 128 + getattr(exc, "signum", 2)


if __name__ == "__main__":
    sys.exit(main())
