"""`twinlib export`: processed tables in the formats researchers use, with sources and licences."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from twinlib import vocab
from twinlib.files import atomic_write, replace_dir
from twinlib.outpaths import EXPORT, MARKER, check_dir, output_file, safe_name, writable_dir
from twinlib.research import summary
from twinlib.tables import data
from twinlib.text import visible

TABLES = ["municipalities", "relations", "memberships", "strategies", "coverage", "sources"]
FORMATS = ["csv", "xlsx", "parquet"]
FORMULA_START = ("=", "+", "-", "@", "\t")  # OWASP: what a spreadsheet may run as a formula (CR: escaped)


def select(tables: data.Tables, kommune: str | None) -> dict[str, pd.DataFrame]:
    """All exportable tables, optionally narrowed to one municipality (sources always whole)."""
    out = {name: getattr(tables, name) for name in TABLES}
    # the counting rule travels with the data, so nobody re-implements it in a spreadsheet
    out["relations"] = out["relations"].assign(current=vocab.is_current(out["relations"]))
    if kommune:
        code = summary.find_municipality(tables.municipalities, kommune)["code"]
        out["municipalities"] = out["municipalities"][out["municipalities"]["code"] == code]
        for name in ("relations", "memberships", "strategies", "coverage"):
            out[name] = out[name][out[name]["municipality_code"] == code]
    return {k: v.reset_index(drop=True) for k, v in out.items()}


def default_out(fmt: str, kommune: str | None = None, data_dir=None, tables: data.Tables | None = None) -> Path:
    """twinlib-export[-<code>-<slug>][.xlsx] in the working directory: the name comes from the
    municipality found in the data, never from the text typed (`kolding/../..` is Kolding)."""
    stem = "twinlib-export"
    if kommune:
        m = summary.find_municipality((tables or data.load(data_dir)).municipalities, kommune)
        stem += f"-{safe_name(m['code'], 'code')}-{safe_name(m['slug'], 'slug')}"
    return Path.cwd() / (stem + (".xlsx" if fmt == "xlsx" else ""))


def export(fmt: str, out: Path | None = None, kommune: str | None = None, data_dir=None,
           allow_modified: bool | None = None) -> list[Path]:
    """Write csv (a folder, one file per table), xlsx (one sheet per table) or parquet (a folder).

    Every format carries the sources table with licences (a 'sources' sheet or file). Text cells
    of csv and xlsx are made safe for spreadsheets (see `neutralise`).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    loaded = data.load(data_dir, allow_modified)
    tables = select(loaded, kommune)
    out = Path(out) if out else default_out(fmt, kommune, tables=loaded)
    reads = (loaded.directory,)  # never written over the tables being read
    if fmt == "xlsx":
        target = output_file(out, reads)
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as xw:
            for name, df in tables.items():
                neutralise(df).to_excel(xw, sheet_name=name, index=False)
        atomic_write(target, buf.getvalue())
        return [target]
    folder = check_dir(out, EXPORT, reads)
    writable_dir(folder.parent)
    files = {f"{safe_name(name, 'table')}.{fmt}": table_bytes(df, fmt) for name, df in tables.items()}
    replace_dir(folder, files | {MARKER: f"made by twinlib: {EXPORT.what}\n".encode()})
    return [folder / name for name in files]


def table_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """One table as a csv (spreadsheet-safe text) or parquet (the data exactly, typed) file."""
    if fmt == "csv":
        return neutralise(df).to_csv(index=False, lineterminator="\n").encode("utf-8")
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def safe_cell(v):
    """A text cell a spreadsheet shows as typed: control characters (but tab and newline) written
    as visible escapes (text.visible: the data is kept, never passed on raw), then a leading =, +,
    -, @ or tab prefixed with an apostrophe so it is never run as a formula. Numbers, dates and
    missing values are returned unchanged. Parquet keeps the data exactly (a typed format for programs)."""
    if not isinstance(v, str):
        return v
    v = visible(v)
    return "'" + v if v.startswith(FORMULA_START) else v


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Every text column through `safe_cell`; numeric columns (negative numbers too) stay numbers."""
    text = [c for c in df.columns if df[c].dtype == object or isinstance(df[c].dtype, pd.StringDtype)]
    return df.assign(**{c: df[c].map(safe_cell) for c in text}) if text else df


def read_back(fmt: str, out: Path) -> dict[str, pd.DataFrame]:
    """Read an export again (used by the round-trip test and handy for users)."""
    out = Path(out)
    # codes keep their leading zeros (101); strategy dates stay text (2026, 2024-06-11)
    codes = {"code": str, "municipality_code": str, "adopted": str, "expires": str}
    if fmt == "xlsx":
        return pd.read_excel(out, sheet_name=None, dtype=codes)
    if fmt == "csv":
        return {p.stem: pd.read_csv(p, dtype=codes) for p in sorted(out.glob("*.csv"))}
    return {p.stem: pd.read_parquet(p) for p in sorted(out.glob("*.parquet"))}
