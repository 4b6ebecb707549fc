"""The municipality's own word: `twinlib intake` (the workbook: template, import, contribute) and
`twinlib survey` (the kit, its returns, the status). An interrupted import keeps every earlier
import whole."""

from __future__ import annotations

import argparse
import logging
import sys

from twinlib import outpaths, paths
from twinlib.cli.output import log, say
from twinlib.outpaths import INTAKE, check_dir, output_dir, output_file, writable_dir


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
