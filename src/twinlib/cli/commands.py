"""What each `twinlib` subcommand does: thin wrappers that call the library and print one result line.

cli.py holds the parser and the error handling around these; each function takes the parsed
arguments and returns the exit code.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from twinlib.outpaths import writable_dir

log = logging.getLogger("twinlib")


def cmd_build(args: argparse.Namespace) -> int:
    from twinlib import pipeline

    if args.out and not args.check:  # find an unwritable --out before the build runs
        writable_dir(Path(args.out).parent)
    log.info("twinlib build: reading raw sources from %s", args.sources or "default")
    result = pipeline.run_build(args.sources)
    if args.check:
        same = pipeline.compare_with(result, Path(args.out) if args.out else None)
        if same:
            print("processed tables are identical to the committed ones")
            return 0
        print("processed tables differ from the committed ones:\n" + "\n".join(same.diffs))
        return 1
    out = pipeline.write_outputs(result, Path(args.out) if args.out else None)
    counts = result.tables
    print(pipeline.summary_of_counts(result))
    print(f"wrote {', '.join(sorted(f'{k}.csv' for k in counts))}, build_report.md, "
          f"manifest.json to {out}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from twinlib.research import summary
    from twinlib.tables import data

    tables = data.load(args.data_dir, args.allow_modified)
    if args.kommune:
        print(summary.municipality_text(tables, args.kommune))
    else:
        print(summary.national_text(tables))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from twinlib import paths

    if args.kommune and (args.all or args.only):
        print("error: give either KOMMUNE or --all/--only, not both", file=sys.stderr)
        return 2
    if not (args.kommune or args.all or args.only):
        print("error: give a municipality, or --all", file=sys.stderr)
        return 2
    writable_dir(args.out or paths.reports_dir())  # before any kernel starts, not after a minute
    if args.all or args.only:
        from twinlib.batch import batch, index

        only = [k.strip() for k in args.only.split(",") if k.strip()] if args.only else None
        t0 = time.perf_counter()
        outcomes = batch.run_batch(only=only, jobs=args.jobs, force=args.force, out_root=args.out,
                                   data_dir=args.data_dir, lang=args.lang,
                                   progress=log.isEnabledFor(logging.INFO))
        counts = {s: sum(o.status == s for o in outcomes) for s in ("ok", "skipped", "failed")}
        page = index.index_file(args.out or paths.reports_dir(), args.lang)
        print(f"{len(outcomes)} municipalities in {time.perf_counter() - t0:.1f} s: {counts['ok']} made, "
              f"{counts['skipped']} unchanged (cached), {counts['failed']} failed; index: {page}")
        table = index.failure_table(outcomes)
        if table:
            print(table, file=sys.stderr)
            return 1
        return 0
    from twinlib.batch.kernel import WarmKernel

    kernel = WarmKernel(wait=False)  # boots in its own process while the libraries and the tables load
    from twinlib.batch import batch

    try:
        res = batch.make_report(args.kommune, out_root=args.out, data_dir=args.data_dir, lang=args.lang,
                                kernel=kernel)
    except batch.ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{res.name}: wrote {res.pdf} (+ .html, .ipynb) in {res.seconds:.1f} s")
    return 0


def cmd_report_stoppable(args: argparse.Namespace) -> int:
    """SIGTERM, like Ctrl-C, stops a report run cleanly (see report/stop.py)."""
    from twinlib.batch import stop

    with stop.on_signals():
        return cmd_report(args)


def cmd_intake_template(args: argparse.Namespace) -> int:
    from twinlib import intake

    if args.out:
        writable_dir(args.out.parent)
    path = intake.template(args.kommune, out=args.out, data_dir=args.data_dir)
    print(f"wrote {path}")
    return 0


def cmd_intake_import(args: argparse.Namespace) -> int:
    from twinlib import intake

    if args.out:
        writable_dir(args.out)
    a, t = intake.import_workbook(args.file, data_dir=args.data_dir, out_dir=args.out)
    print(f"imported {args.file}: wrote {a} and {t}")
    return 0


def cmd_intake_contribute(args: argparse.Namespace) -> int:
    from twinlib import intake

    if args.out:
        writable_dir(args.out.parent)
    path, n = intake.contribute(args.file, out=args.out, data_dir=args.data_dir)
    print(f"wrote {n} curated row(s) to {path}: review them, add them to data/curated/relations.csv "
          "(replacing rows for the same partner) and propose the change in a pull request")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from twinlib.research import export

    if args.out:
        writable_dir(args.out.parent if args.format == "xlsx" else args.out)
    files = export.export(args.format, args.out, kommune=args.kommune, data_dir=args.data_dir,
                          allow_modified=args.allow_modified)
    print(f"wrote {len(files)} file(s): {', '.join(str(f) for f in files)}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from twinlib.cli import doctor

    results = doctor.checks(args.data_dir, args.sources)
    print(doctor.text(results))
    bad = [n for n, ok, _ in results if not ok]
    print(f"\n{len(results) - len(bad)} checks ok, {len(bad)} problem(s)" + (f": {', '.join(bad)}" if bad else ""))
    if bad:
        details = "; ".join(f"{n}: {' '.join(str(detail).split())}" for n, ok, detail in results if not ok)
        print(f"error: doctor found {len(bad)} problem(s): {details}", file=sys.stderr)
    return 1 if bad else 0
