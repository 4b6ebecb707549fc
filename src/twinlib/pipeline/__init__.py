"""`twinlib build`: raw public sources -> data/processed/, as a recipe: load, process, save.

    load       steps.load_inputs            raw sources (read-only), reference tables
    process    steps.make_geography         the 98 municipalities, their shapes, name lookup
               steps.make_rows              every source's rows in one shape, resolved
               steps.make_relations         public-list relations (unverified, grade D)
               steps.apply_evidence         curated evidence and the rules (curated, rules)
               datapackage.package_file     the tables described as a Frictionless data package
    save       store.write_outputs          validated tables swapped in whole (store)

Modules: sources, municipalities, rows, relations, curated_files, curated, rules, schema,
report_md, datapackage, store, steps.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from twinlib import paths
from twinlib.errors import InputError

if TYPE_CHECKING:
    from twinlib.pipeline.store import BuildResult  # noqa: F811 - the run-time import of the name above

# the package's face, imported when first asked for: a process that needs only one module of the
# build must not load its validation stack (pandera: about 0.25 s at every report start)
_FACE = {"account_table": "report_md", "changes_md": "report_md", "summary_of_counts": "report_md",
         "BuildResult": "store", "compare_with": "store", "render": "store", "write_outputs": "store"}


def __getattr__(name: str):
    if name in _FACE:
        import importlib

        return getattr(importlib.import_module(f"twinlib.pipeline.{_FACE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run_build(sources_dir: Path | None = None, ref_dir: Path | None = None,
              curated_dir: Path | None = None) -> BuildResult:
    """Compute every processed table in memory; raises InputError/ValidationError on bad input."""
    from twinlib.pipeline import curated_files, datapackage, report_md, steps
    from twinlib.pipeline import relations as rels
    from twinlib.pipeline.store import BuildResult  # noqa: F811 - the run-time import of the name above

    src = Path(sources_dir or paths.default_sources_dir())
    if not src.is_dir():
        raise InputError(src, "raw sources directory not found (use --sources DIR)")
    curated_dir = curated_dir or paths.curated_dir()
    if curated_dir is None:
        raise InputError(Path("data/curated"), "not shipped with the package: twinlib build runs in a source checkout")
    inp = steps.load_inputs(src, Path(ref_dir or paths.reference_dir()), Path(curated_dir))

    geography = steps.make_geography(inp)
    members = steps.network_members(inp, geography)
    rows = steps.make_rows(inp, geography, members)
    relations, ledger = steps.make_relations(rows, inp, geography)
    cur = curated_files.load_curated(inp.curated_dir, geography.municipalities["code"])
    relations, overrides, recon = steps.apply_evidence(relations, cur, inp, geography)
    tables = steps.make_tables(geography, relations, rels.memberships_from_moves(rows, members), cur,
                               inp.refs["sources"])

    counts = report_md.account(rows, ledger)
    report = (report_md.build_report(counts, ledger, rows, relations, steps.host_check(rows, geography),
                                     geography.municipalities)
              + report_md.curated_report(overrides, recon, cur["coverage"], geography.municipalities))
    files = steps.make_files(inp, geography, tables, counts)
    return BuildResult(tables=tables, ledger=ledger, report_md=report,
                       files=files | datapackage.package_file(tables, files))
