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

from twinlib import outpaths, paths
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


def report_inputs(args: argparse.Namespace, only: list[str] | None):
    """The output folder is ours, and no chosen municipality has more relations than a report holds
    (preflight.check_size); returns the tables, loaded and verified once for the whole command, and
    the chosen municipalities (None: all), resolved once here and handed on to the batch."""
    from twinlib.batch import batch
    from twinlib.tables import data

    data_dir = paths.processed_dir(args.data_dir)
    output_dir(args.out or paths.reports_dir(), REPORTS, reads=(data_dir, paths.reference_dir()))
    tables = data.load(args.data_dir, args.allow_modified)
    wanted = [args.kommune] if args.kommune else only
    chosen = batch.choose(tables.municipalities, wanted) if wanted else None
    preflight.check_size(tables.relations, tables.municipalities if chosen is None else chosen,
                         data_dir / "relations.csv")
    return tables, chosen


def cmd_report(args: argparse.Namespace) -> int:
    if getattr(args, "national", False):
        return _national(args)
    if args.kommune and (args.all or args.only is not None):
        say("error: give either KOMMUNE or --all/--only, not both", err=True)
        return 2
    if not (args.kommune or args.all or args.only is not None):
        say("error: give a municipality, or --all", err=True)
        return 2
    only = preflight.only_names(args.only)
    who = _identity(args)
    if args.all or only:
        tables, chosen = report_inputs(args, only)  # before any worker starts, not after a minute
        from twinlib.batch import batch, index

        jobs = preflight.capped_jobs(args.jobs)
        t0 = time.perf_counter()
        outcomes = batch.run_batch(only=only, jobs=jobs, force=args.force, out_root=args.out,
                                   data_dir=args.data_dir, lang=args.lang, identity=who, tables=tables,
                                   chosen=chosen, progress=log.isEnabledFor(logging.INFO))
        counts = {s: sum(o.status == s for o in outcomes) for s in ("ok", "skipped", "failed")}
        page = index.index_file(args.out or paths.reports_dir(), args.lang)
        say(f"{len(outcomes)} municipalities in {time.perf_counter() - t0:.1f} s: {counts['ok']} made, "
            f"{counts['skipped']} unchanged (cached), {counts['failed']} failed; index: {page}")
        table = index.failure_table(outcomes)
        if table:
            say(table, err=True)
            return 1
        return 0
    tables, chosen = report_inputs(args, None)
    from twinlib.batch import batch

    try:
        res = batch.make_report(args.kommune, out_root=args.out, data_dir=args.data_dir, lang=args.lang,
                                identity=who, tables=tables, chosen=chosen)
    except batch.ReportError as exc:
        say(f"error: {exc}", err=True)
        return 1
    say(f"{res.name}: wrote {res.pdf} (+ .html, .ipynb) in {res.seconds:.1f} s")
    return 0


def _national(args: argparse.Namespace) -> int:
    """`report --national`: alone, never with a municipality or --all/--only."""
    from twinlib import paths
    from twinlib.batch import batch, national

    if args.kommune or args.all or args.only:
        say("error: give --national alone, without a municipality or --all/--only", err=True)
        return 2
    writable_dir(args.out or paths.reports_dir())
    try:
        res = national.make_national(out_root=args.out, data_dir=args.data_dir, lang=args.lang)
    except batch.ReportError as exc:
        say(f"error: {exc}", err=True)
        return 1
    say(f"{res.name}: wrote {res.pdf} (+ .html, .ipynb) in {res.seconds:.1f} s")
    return 0


def _identity(args: argparse.Namespace) -> dict | None:
    """The --identity file, checked before any report is made (one error line naming file and key)."""
    from twinlib.publish import identity

    return identity.load(args.identity).as_metadata() if getattr(args, "identity", None) else None


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
    from twinlib.batch import stop

    with stop.on_signals():  # SIGTERM, like Ctrl-C: one line, the previous import kept, no staging left
        from twinlib import intake

        check_dir(args.out or paths.intake_dir(), INTAKE, reads=(paths.processed_dir(args.data_dir), args.file))
        if args.out:
            writable_dir(args.out)
        done = intake.import_workbook(args.file, data_dir=args.data_dir, out_dir=args.out)
        say(f"imported {args.file}: wrote {done.acts_path} and {done.travel_path}")
        say("\n".join(["what changes in the report (the municipality's own word):", *done.changes])
            if done.changes else "no change to the report's relations (no confirmed status, year or town)")
        sys.stdout.flush()
    return 0


def cmd_intake_contribute(args: argparse.Namespace) -> int:
    from twinlib import intake

    if args.out and not args.out.is_dir():
        output_file(args.out, reads=(paths.processed_dir(args.data_dir), args.file))
    path, n = intake.contribute(args.file, out=args.out, data_dir=args.data_dir)
    say(f"wrote {n} curated row(s) to {path}: review them, add them to data/curated/relations.csv "
        "(replacing rows for the same partner) and propose the change in a pull request")
    return 0


def cmd_survey_kit(args: argparse.Namespace) -> int:
    from twinlib import survey
    from twinlib.survey import kit

    out = output_dir(args.out or kit.default_out(), outpaths.SURVEY_KIT, reads=(paths.processed_dir(args.data_dir),))
    only = [k.strip() for k in args.only.split(",") if k.strip()] if args.only else None
    made = survey.make_kit(out, only=only, data_dir=args.data_dir, progress=log.isEnabledFor(logging.INFO))
    failed = [m for m in made if m.status == "failed"]
    say(f"{len(made) - len(failed)} of {len(made)} municipalities: questionnaire and cover letter written to {out}")
    for m in failed:
        say(f"error: {m.name} ({m.code}): {m.error}", err=True)
    return 1 if failed else 0


def cmd_survey_import(args: argparse.Namespace) -> int:
    from twinlib.batch import stop

    with stop.on_signals():  # as `intake import`: an interrupt keeps every earlier import whole
        from twinlib import survey

        if args.out:
            writable_dir(args.out)
        outcomes = survey.import_returns(args.file, data_dir=args.data_dir, out_dir=args.out)
        for o in outcomes:
            if o.ok:
                say(o.message)
                say("\n".join(f"  {line}" for line in o.changes) if o.changes else
                    "  no change to the report's relations (no confirmed status, year or town)")
            else:
                say(f"error: {o.message}", err=True)
        bad = sum(not o.ok for o in outcomes)
        say(f"{len(outcomes) - bad} of {len(outcomes)} returns imported, {bad} refused")
        sys.stdout.flush()
    return 2 if bad else 0


def cmd_survey_status(args: argparse.Namespace) -> int:
    from twinlib import survey
    from twinlib.tables import data

    s = survey.summary(data.load(args.data_dir, args.allow_modified).municipalities,
                       survey.load_responses(args.intake))
    say(survey.status_text(s))
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


def cmd_site(args: argparse.Namespace) -> int:
    """The web edition: the reports come from --reports, or from the batch (cached) run into ./reports."""
    from twinlib import paths
    from twinlib.batch import batch
    from twinlib.site import build, downloads

    build.site_target(args.out, args.data_dir)  # a refused folder is found before any report runs
    only = [k.strip() for k in args.only.split(",") if k.strip()] if args.only else None
    reports = args.reports
    if reports is None:
        reports = paths.reports_dir()
        output_dir(reports, REPORTS, reads=(paths.processed_dir(args.data_dir),))  # the same guard as report
        jobs = preflight.capped_jobs(args.jobs)
        for lang in ("da", "en"):
            outcomes = batch.run_batch(only=only, jobs=jobs, out_root=reports, data_dir=args.data_dir, lang=lang,
                                       progress=log.isEnabledFor(logging.INFO))
            failed = [o.name for o in outcomes if o.status == "failed"]
            if failed:
                log.warning("%d %s report(s) failed; their pages say there is no report: %s", len(failed), lang,
                            ", ".join(failed))
    elif not Path(reports).is_dir():
        say(f"error: {reports}: no such reports folder", err=True)
        return 2
    site, n, size = build.build_site(args.out, only=only, reports_root=reports, data_dir=args.data_dir)
    say(f"wrote the site to {site}: {n} files, {downloads.size_text(size)}; open {site / 'index.html'}")
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


def cmd_release(args: argparse.Namespace) -> int:
    from twinlib.publish import release

    made = release.release(args.out, data_dir=args.data_dir)
    say(f"wrote {made.zip_path} ({made.files} files) and {made.zip_path.parent / 'SHA256SUMS'}")
    say(f"{made.sha256}  {made.zip_path.name}")
    return 0
