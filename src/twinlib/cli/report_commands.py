"""`twinlib report` (one municipality, --all/--only, --national) and `twinlib site`, which runs the
report batch for the web edition: the inputs are loaded, verified and resolved once, before any
worker starts, and SIGTERM stops a run as cleanly as Ctrl-C."""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from twinlib import paths
from twinlib.cli import preflight
from twinlib.cli.output import log, say
from twinlib.outpaths import REPORTS, output_dir, writable_dir


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
    """SIGTERM, like Ctrl-C, stops a report run cleanly (see batch/stop.py)."""
    from twinlib.batch import stop

    with stop.on_signals():
        return cmd_report(args)


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
