"""The data and the tool: `twinlib build`, `summary`, `export`, `release` and `doctor`."""

from __future__ import annotations

import argparse
from pathlib import Path

from twinlib import paths
from twinlib.cli.output import log, say
from twinlib.outpaths import BUILD, EXPORT, check_dir, output_file, writable_dir


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


def cmd_release(args: argparse.Namespace) -> int:
    from twinlib.publish import release

    made = release.release(args.out, data_dir=args.data_dir)
    say(f"wrote {made.zip_path} ({made.files} files) and {made.zip_path.parent / 'SHA256SUMS'}")
    say(f"{made.sha256}  {made.zip_path.name}")
    return 0
