"""`twinlib export`: processed tables in the formats researchers use, with sources and licences."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import data, summary, vocab
from .files import atomic_write

TABLES = ["municipalities", "relations", "memberships", "strategies", "coverage", "sources"]
FORMATS = ["csv", "xlsx", "parquet"]


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


def export(fmt: str, out: Path, kommune: str | None = None, data_dir=None) -> list[Path]:
    """Write csv (a folder, one file per table), xlsx (one sheet per table) or parquet (a folder).

    Every format carries the sources table with licences (a 'sources' sheet or file).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    tables = select(data.load(data_dir), kommune)
    out = Path(out)
    if fmt == "xlsx":
        import io

        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as xw:
            for name, df in tables.items():
                _safe_for_excel(df).to_excel(xw, sheet_name=name, index=False)
        atomic_write(out, buf.getvalue())
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        target = out / f"{name}.{fmt}"
        if fmt == "csv":
            atomic_write(target, df.to_csv(index=False, lineterminator="\n"))
        else:
            import io

            buf = io.BytesIO()
            df.to_parquet(buf, index=False)
            atomic_write(target, buf.getvalue())
        written.append(target)
    return written


def _safe_for_excel(df: pd.DataFrame) -> pd.DataFrame:
    """Text that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    def fix(v):
        return "'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") and len(v) > 1 else v
    return df.apply(lambda s: s.map(fix) if s.dtype == object or str(s.dtype) in ("string", "str") else s)


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
