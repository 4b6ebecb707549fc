"""`twinlib site --out DIR`: the recipe — check the target, build beside it, rename at the end.

The whole site is written into a temporary folder next to DIR and renamed to DIR only when complete,
so a failed or interrupted build leaves nothing half-written, and DIR is refused if it is not empty.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from twinlib import names, outpaths, paths
from twinlib.files import atomic_write, dir_mode
from twinlib.i18n import LANGUAGES, Messages
from twinlib.outpaths import writable_dir
from twinlib.publish.pdf import TEMPLATES as PUBLISH_TEMPLATES
from twinlib.research import summary
from twinlib.site import content, downloads, maps, pages
from twinlib.tables import data, survey

log = logging.getLogger("twinlib")
ASSETS = Path(__file__).resolve().parent / "assets"


def site_target(out: str | Path, data_dir=None) -> Path:
    """The one place the site's output path is checked, by the shared output guard (outpaths):
    absent or an empty folder (never a device or a file), not in the data it reads, in a writable parent."""
    target = outpaths.check_dir(out, outpaths.FRESH, reads=(paths.processed_dir(data_dir), paths.reference_dir()))
    writable_dir(target.parent)
    return target


def select(municipalities: pd.DataFrame, only: list[str] | None) -> pd.DataFrame:
    """All municipalities, or those named in --only (forgiving names or codes, as everywhere)."""
    if not only:
        return municipalities
    codes = {summary.find_municipality(municipalities, q)["code"] for q in only}
    return municipalities[municipalities["code"].isin(codes)]


def _image(site: Path, rel: str, image: dict) -> dict:
    """Write an image's PNG and give the page its path and pixel size (no layout shift, no fetch)."""
    import io

    from PIL import Image

    atomic_write(site / rel, image["png"])
    w, h = Image.open(io.BytesIO(image["png"])).size
    return {**{k: v for k, v in image.items() if k != "png"}, "src": rel, "width": w, "height": h}


def _reports(mu: dict, found: dict, site: Path, lang: str, m: Messages) -> list[dict]:
    """The municipality's report editions, this page's language first."""
    order = [lang] + [x for x in LANGUAGES if x != lang]
    out = []
    for ed in order:
        files = found.get((mu["code"], ed))
        if files:
            size = downloads.size_text((site / files["pdf"]).stat().st_size, lang) if "pdf" in files else ""
            out.append({**files, "lang": ed, "lang_text": m(f"site.lang.{ed}"), "pdf_size": size})
    return out


def _files(site: Path, written: dict, package: Path | None, licence: bool, m: Messages) -> list[dict]:
    """The downloads page's groups (CSV, XLSX, Parquet, data package, licence) with each file's size;
    the package group stays, saying it is not built yet, so a visitor learns it is meant to be there."""
    def entry(p: Path) -> dict:
        return {"href": p.relative_to(site).as_posix(), "name": p.relative_to(site / downloads.DATA).as_posix(),
                "size": downloads.size_text(p.stat().st_size, m.lang)}

    groups = [{"key": k, "title": m(f"site.downloads.{k}"), "files": [entry(p) for p in written[k]]}
              for k in ("csv", "xlsx", "parquet")]
    groups.append({"key": "package", "title": m("site.downloads.package"), "files": [entry(package)] if package
                   else [], "missing": m("site.downloads.package_missing")})
    if licence:
        groups.append({"key": "licence", "title": m("site.downloads.licence"),
                       "files": [entry(site / downloads.DATA / downloads.DATA_LICENCE)]})
    return groups


def language_content(t: data.Tables, shown: pd.DataFrame, site: Path, lang: str, found: dict, files: dict,
                     data_dir=None) -> dict:
    """Everything the pages of one language show, images written on the way."""
    m = Messages(lang)
    rel = t.relations[t.relations["municipality_code"].isin(shown["code"])]
    rows = content.relation_rows(rel, t.municipalities, m, content.source_urls(t.sources))
    munis = content.municipality_list(shown, rows, m)
    by_code = shown.set_index("code", drop=False)
    for mu in munis:
        muni = by_code.loc[mu["code"]]
        drawn = maps.partner_map(muni, t.relations, m, data_dir)
        mu["map"] = _image(site, f"assets/maps/{mu['code']}.{lang}.png", drawn) if drawn else None
        mu["counts"] = content.counts_text(mu["rows"], m, "site.municipality.counts")
        mu["reports"] = _reports(mu, found, site, lang, m)
    countries = content.countries(rows, m)
    for c in countries:
        c["counts"] = content.counts_text(c["rows"], m, "site.country.counts")
    sources = t.sources.fillna("").sort_values("title", key=lambda s: s.map(lambda v: names.collation_key(v, lang)))
    return {"rows": rows, "filters": content.filters(rows, m), "municipalities": munis, "countries": countries,
            "figures": content.key_figures(t.relations, survey.load(), m),
            "map": _image(site, f"assets/choropleth.{lang}.png", maps.choropleth(t.municipalities, t.relations, m,
                                                                              data_dir)),
            "subset": m("site.home.subset", n=len(shown)) if len(shown) < len(t.municipalities) else "",
            "files": files[lang], "sources": [{**s, "href": s["url"] if s["url"].startswith(("http://", "https://"))
                                               else ""} for s in sources.to_dict("records")]}


def build_site(out: str | Path, only: list[str] | None = None, reports_root: Path | None = None,
               data_dir=None, today: dt.date | None = None) -> tuple[Path, int, int]:
    """Write the site to `out` (new or empty); returns (path, files, bytes). `reports_root` holds the
    reports made by `twinlib report` (reports/<code>-<slug>/); municipalities without one say so."""
    target = site_target(out, data_dir)
    today = today or dt.date.today()
    t = data.load(data_dir)
    downloads.package(data_dir)  # refused before anything is written
    shown = select(t.municipalities, only)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        for asset in ASSETS.iterdir():
            atomic_write(tmp / "assets" / asset.name, asset.read_bytes())
        atomic_write(tmp / "assets" / "palette.css", (PUBLISH_TEMPLATES / "palette.css").read_bytes())
        found = downloads.copy_reports(tmp, reports_root, shown, LANGUAGES) if reports_root else {}
        written = downloads.export_tables(tmp, data_dir)
        package = downloads.data_package_zip(tmp, data_dir)
        licence = downloads.data_licence()
        if licence:
            shutil.copyfile(licence, tmp / downloads.DATA / downloads.DATA_LICENCE)
        files = {lang: _files(tmp, written, package, bool(licence), Messages(lang)) for lang in LANGUAGES}
        for lang in LANGUAGES:
            pages.write_language(tmp, lang, language_content(t, shown, tmp, lang, found, files, data_dir), today)
        for d in (tmp, *(p for p in tmp.rglob("*") if p.is_dir())):
            os.chmod(d, dir_mode())
        if target.is_dir():
            target.rmdir()  # empty (checked above); the rename needs the name free
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    n, size = downloads.tree_size(target)
    return target, n, size
