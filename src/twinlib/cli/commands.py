"""What each `twinlib` subcommand does: thin wrappers that call the library and print one result line.

cli.py holds the parser and the error handling around these; each function takes the parsed
arguments and returns the exit code. Every path a command writes goes through the output guard
(outpaths) before work starts, and every line printed goes through `say` (text from data shown as
text, never as terminal control sequences).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from twinlib import paths
from twinlib.cli import preflight
from twinlib.outpaths import BUILD, EXPORT, INTAKE, REPORTS, check_dir, output_dir, output_file, writable_dir
from twinlib.text import visible

log = logging.getLogger("twinlib")


def say(text, err: bool = False) -> None:
    """Print a result (stdout) or an error line (stderr) with control characters made visible."""
    print(visible(str(text)), file=sys.stderr if err else sys.stdout)


def cmd_build(args: argparse.Namespace) -> int:
    from twinlib import pipeline

    if not args.check:  # refuse a foreign or unwritable --out before the build runs
        out = check_dir(args.out or paths.default_processed_dir(), BUILD,
                        reads=(args.sources or paths.default_sources_dir(), paths.reference_dir(), paths.curated_dir()))
        writable_dir(out.parent)
    log.info("twinlib build: reading raw sources from %s", args.sources or "default")
    result = pipeline.run_build(args.sources)
    if args.check:
        same = pipeline.compare_with(result, Path(args.out) if args.out else None)
        if same:
            say("processed tables are identical to the committed ones")
            return 0
        say("processed tables differ from the committed ones:\n" + "\n".join(same.diffs))
        return 1
    out = pipeline.write_outputs(result, Path(args.out) if args.out else None)
    counts = result.tables
    say(pipeline.summary_of_counts(result))
    say(f"wrote {', '.join(sorted(f'{k}.csv' for k in counts))}, build_report.md, "
        f"manifest.json to {out}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from twinlib.research import summary
    from twinlib.tables import data

    tables = data.load(args.data_dir, args.allow_modified)
    say(summary.municipality_text(tables, args.kommune) if args.kommune else summary.national_text(tables))
    return 0


def report_inputs(args: argparse.Namespace, only: list[str] | None) -> None:
    """Before any kernel starts: the output folder is ours, and no chosen municipality has more
    relations than a report holds (preflight.check_size)."""
    from twinlib.research import summary
    from twinlib.tables import data

    data_dir = paths.processed_dir(args.data_dir)
    output_dir(args.out or paths.reports_dir(), REPORTS, reads=(data_dir, paths.reference_dir()))
    tables = data.load(args.data_dir, args.allow_modified)
    munis = tables.municipalities
    wanted = [args.kommune] if args.kommune else only
    if wanted:
        codes = [summary.find_municipality(munis, q)["code"] for q in wanted]
        munis = munis[munis["code"].isin(codes)]
    preflight.check_size(tables.relations, munis, data_dir / "relations.csv")


def cmd_report(args: argparse.Namespace) -> int:
    from twinlib.batch import batch, index

    if args.kommune and (args.all or args.only is not None):
        say("error: give either KOMMUNE or --all/--only, not both", err=True)
        return 2
    if not (args.kommune or args.all or args.only is not None):
        say("error: give a municipality, or --all", err=True)
        return 2
    only = preflight.only_names(args.only)
    report_inputs(args, only)  # before any kernel starts, not after a minute
    if args.all or only:
        jobs = preflight.capped_jobs(args.jobs)
        t0 = time.perf_counter()
        outcomes = batch.run_batch(only=only, jobs=jobs, force=args.force, out_root=args.out,
                                   data_dir=args.data_dir, lang=args.lang,
                                   progress=log.isEnabledFor(logging.INFO))
        counts = {s: sum(o.status == s for o in outcomes) for s in ("ok", "skipped", "failed")}
        page = index.index_file(args.out or paths.reports_dir(), args.lang)
        say(f"{len(outcomes)} municipalities in {time.perf_counter() - t0:.1f} s: {counts['ok']} made, "
            f"{counts['skipped']} unchanged (cached), {counts['failed']} failed; index: {page}")
        table = index.failure_table(outcomes)
        if table:
            say(table, err=True)
            return 1
        return 0
    try:
        res = batch.make_report(args.kommune, out_root=args.out, data_dir=args.data_dir, lang=args.lang)
    except batch.ReportError as exc:
        say(f"error: {exc}", err=True)
        return 1
    say(f"{res.name}: wrote {res.pdf} (+ .html, .ipynb) in {res.seconds:.1f} s")
    return 0


def cmd_report_stoppable(args: argparse.Namespace) -> int:
    """SIGTERM, like Ctrl-C, stops a report run cleanly (see report/stop.py)."""
    from twinlib.batch import stop

    with stop.on_signals():
        return cmd_report(args)


def cmd_intake_template(args: argparse.Namespace) -> int:
    from twinlib import intake

    if args.out and not args.out.is_dir():  # a folder: the file name comes from the municipality
        output_file(args.out, reads=(paths.processed_dir(args.data_dir),))
    path = intake.template(args.kommune, out=args.out, data_dir=args.data_dir)
    say(f"wrote {path}")
    return 0


def cmd_intake_import(args: argparse.Namespace) -> int:
    from twinlib import intake

    check_dir(args.out or paths.intake_dir(), INTAKE, reads=(paths.processed_dir(args.data_dir), args.file))
    if args.out:
        writable_dir(args.out)
    a, t = intake.import_workbook(args.file, data_dir=args.data_dir, out_dir=args.out)
    say(f"imported {args.file}: wrote {a} and {t}")
    return 0


def cmd_intake_contribute(args: argparse.Namespace) -> int:
    from twinlib import intake

    if args.out and not args.out.is_dir():
        output_file(args.out, reads=(paths.processed_dir(args.data_dir), args.file))
    path, n = intake.contribute(args.file, out=args.out, data_dir=args.data_dir)
    say(f"wrote {n} curated row(s) to {path}: review them, add them to data/curated/relations.csv "
        "(replacing rows for the same partner) and propose the change in a pull request")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from twinlib.research import export

    reads = (paths.processed_dir(args.data_dir),)
    if args.out and args.format == "xlsx":  # refuse before the tables are read
        output_file(args.out, reads)
    elif args.out:
        writable_dir(check_dir(args.out, EXPORT, reads).parent)
    files = export.export(args.format, args.out, kommune=args.kommune, data_dir=args.data_dir,
                          allow_modified=args.allow_modified)
    say(f"wrote {len(files)} file(s): {', '.join(str(f) for f in files)}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from twinlib.cli import doctor

    results = doctor.checks(args.data_dir, args.sources)
    say(doctor.text(results))
    bad = [n for n, ok, _ in results if not ok]
    say(f"\n{len(results) - len(bad)} checks ok, {len(bad)} problem(s)" + (f": {', '.join(bad)}" if bad else ""))
    if bad:
        details = "; ".join(f"{n}: {' '.join(str(detail).split())}" for n, ok, detail in results if not ok)
        say(f"error: doctor found {len(bad)} problem(s): {details}", err=True)
    return 1 if bad else 0
