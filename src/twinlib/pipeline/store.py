"""Writing the processed tables: whole or not at all, and comparing a rebuild with what is on disk.

Nothing is written unless every table validates; the new directory replaces the old one only
when complete, so an interrupted build leaves the previous tables intact.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from twinlib import paths
from twinlib.files import replace_dir
from twinlib.outpaths import BUILD, check_dir
from twinlib.pipeline.report_md import changes_md


@dataclass
class BuildResult:
    tables: dict[str, pd.DataFrame]
    ledger: pd.DataFrame
    report_md: str
    files: dict[str, str] = field(default_factory=dict)  # relative path -> text


def table_text(df: pd.DataFrame) -> str:
    """A processed table exactly as written (the manifest holds the sha256 of this text)."""
    return df.to_csv(index=False, lineterminator="\n")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def render(result: BuildResult) -> dict[str, str]:
    """Every output file as text, keyed by path relative to the processed directory."""
    files = {f"{name}.csv": table_text(df) for name, df in result.tables.items()}
    files["build_report.md"] = result.report_md
    files.update(result.files)
    return files


@dataclass
class Comparison:
    diffs: list[str]

    def __bool__(self) -> bool:  # truthy when identical
        return not self.diffs


def compare_with(result: BuildResult, out_dir: Path | None = None) -> Comparison:
    """Byte-compare a fresh build with what is on disk (CI: the committed tables)."""
    out = Path(out_dir or paths.default_processed_dir())
    diffs = []
    for rel, text in render(result).items():
        target = out / rel
        if not target.exists():
            diffs.append(f"missing: {rel}")
        elif target.read_bytes() != text.encode("utf-8"):
            diffs.append(f"differs: {rel}")
    return Comparison(diffs)


def write_outputs(result: BuildResult, out_dir: Path | None = None) -> Path:
    """Write every file to a temp dir beside the target, then swap it in with renames (files.replace_dir).

    Only a previous build (or a new or empty folder) is replaced: `build --out .` in a project
    folder is refused, never wiped (outpaths.check_dir). A crash before the swap leaves the old
    directory untouched; the swap itself is two renames.
    """
    out = check_dir(out_dir or paths.default_processed_dir(), BUILD)  # a previous build, or new/empty
    out.parent.mkdir(parents=True, exist_ok=True)
    files = {rel: text.encode("utf-8") for rel, text in render(result).items()}
    old_rel = pd.read_csv(out / "relations.csv", dtype=str) if (out / "relations.csv").exists() else None
    diff = changes_md(old_rel, result.tables["relations"].astype(str))
    if diff is not None:
        files["CHANGES.md"] = diff.encode("utf-8")
    elif (out / "CHANGES.md").exists():  # nothing changed: keep the last diff
        files["CHANGES.md"] = (out / "CHANGES.md").read_bytes()
    replace_dir(out, files)  # whole or not at all; an error names `out`, not the temp folder
    return out
