"""The build's steps, each a small function from inputs to tables; `run_build` chains them."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from shapely.geometry import Point

from twinlib import __version__, names, vocab
from twinlib.files import sha256
from twinlib.pipeline import curated, curated_files, geo, rules, schema, sources
from twinlib.pipeline import relations as rels
from twinlib.pipeline import rows as rw
from twinlib.pipeline.municipalities import build_municipalities, municipality_lookup
from twinlib.pipeline.store import table_text, text_sha256

RELATION_COLUMNS = ["relation_id", "municipality_code", "local_place", "partner_name",
                    "partner_country", "partner_country_name", "world_region", "partner_lat",
                    "partner_lon", "kind", "status", "established_year", "ended_year", "evidence_grade",
                    "evidence_date", "evidence_note", "source_ids", "source_url", "source_class", "checked",
                    "partner_today", "coord_source", "quality_flags"]
MEMBERSHIP_COLUMNS = ["municipality_code", "network", "source_ids", "url"]
STRATEGY_COLUMNS = ["municipality_code", "title", "adopted", "expires", "focus_areas", "url"]
REFERENCE = {"country_aliases": ["alias", "iso2"], "place_aliases": ["alias", "municipality_code", "source_url"],
             "partner_aliases": ["iso2", "alias", "canonical", "canonical_iso2"],
             "world_regions": ["iso2", "world_region"],
             "network_members": ["network", "member_name", "iso2", "source_url"],
             "rejections": ["dk_place_raw", "partner_raw", "reason"],
             "sources": ["source_id", "title", "url", "publisher", "licence", "retrieved", "path"]}


@dataclass
class Inputs:
    """Everything the build reads: raw public sources, reference tables, the curated files' folder."""
    src: Path
    ref: Path
    curated_dir: Path
    raw: dict[str, object]
    refs: dict[str, pd.DataFrame]


def load_inputs(src: Path, ref: Path, curated_dir: Path) -> Inputs:
    raw = {"twin_raw": sources.load_twin_raw(src), "geocoded": sources.load_twin_geocoded(src),
           "wikidata": sources.load_wikidata(src), "concordance": sources.load_concordance(src),
           "labels": sources.load_muni_labels(src), "population": sources.load_population(src),
           "areas": sources.load_areas(src), "dagi": sources.load_geojson(sources.dagi_path(src)),
           "natural_earth": sources.load_geojson(sources.natural_earth_path(src))}
    refs = {name: sources.read_table(ref / f"{name}.csv", cols, allow_empty=True) for name, cols in REFERENCE.items()}
    return Inputs(src, ref, curated_dir, raw, refs)


@dataclass
class Geography:
    municipalities: pd.DataFrame
    lookup: pd.DataFrame
    shapes: dict  # code -> shapely geometry (Christiansø, 411, is not a municipality)
    dagi_names: dict[str, str]
    countries: pd.DataFrame

    def point_to_code(self, lat, lon) -> str | None:
        p = Point(lon, lat)
        best = min(self.shapes.items(), key=lambda kv: kv[1].distance(p))
        return best[0] if best[1].distance(p) < 0.05 else None


def make_geography(inp: Inputs) -> Geography:
    dagi = inp.raw["dagi"]
    shapes = {c: g for c, g in geo.dissolve_municipalities(dagi).items() if c != "411"}
    dagi_names = {str(f["properties"]["KOMKODE"]).lstrip("0").zfill(3): f["properties"]["KOMNAVN"]
                  for f in dagi["features"]}
    cents = {c: (geo.centroid(g).y, geo.centroid(g).x) for c, g in shapes.items()}
    munis = build_municipalities(dagi_names, inp.raw["concordance"], inp.raw["population"], inp.raw["areas"], cents)
    schema.validate(munis, schema.municipalities_schema(), "municipalities.csv")
    lookup = municipality_lookup(munis, inp.raw["concordance"], inp.raw["labels"], inp.refs["place_aliases"])
    return Geography(munis, lookup, shapes, dagi_names, geo.country_table(inp.raw["natural_earth"]))


def network_members(inp: Inputs, g: Geography) -> pd.DataFrame:
    """Network member lists with Danish members resolved to municipality codes."""
    members, by_key = inp.refs["network_members"], g.lookup.set_index("key")["code"]
    return members.assign(municipality_code=[by_key.get(names.municipality_key(n)) if iso == "DK" else None
                                             for n, iso in zip(members["member_name"], members["iso2"], strict=True)])


def make_rows(inp: Inputs, g: Geography, members: pd.DataFrame) -> pd.DataFrame:
    """Rows from every source in one shape, resolved, keyed, rejected or moved as the tables say."""
    rows = pd.concat([rw.wikipedia_danish_rows(inp.raw["twin_raw"]), rw.wikidata_danish_rows(inp.raw["wikidata"])],
                     ignore_index=True)
    rows = rw.resolve_danish_side(rows, g.lookup, g.point_to_code)
    rows = rw.resolve_country(rows, inp.refs["country_aliases"])
    rows = rw.add_partner_keys(rows, inp.refs["partner_aliases"])
    rows = rw.reject_rows(rows, inp.refs["rejections"])
    rows = rw.move_network_members(rows, members)
    return rw.geocoded_candidates(rows, inp.raw["geocoded"])


def make_relations(rows: pd.DataFrame, inp: Inputs, g: Geography) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Public-list relations (status unverified, grade D) with region, Danish name and coordinates."""
    relations, ledger = rels.merge_relations(rows)
    relations = rels.add_country_names(rels.assign_world_region(relations, g.countries, inp.refs["world_regions"]))
    rid = ledger[ledger["outcome"].isin(["kept", "merged"])][["source_id", "source_row", "relation_id"]]
    cand = rows.merge(rid, on=["source_id", "source_row"], how="inner")
    cand = pd.concat([cand.assign(lat=cand["p_lat"], lon=cand["p_lon"], origin="geocoded file", o=0),
                      cand.assign(lat=cand["wd_lat"], lon=cand["wd_lon"], origin="Wikidata", o=1)]
                     ).dropna(subset=["lat"]).sort_values(["relation_id", "o", "source_id", "source_row"])
    relations = rels.attach_coordinates(relations, cand[["relation_id", "lat", "lon", "origin"]],
                                        dict(zip(g.countries["iso2"], g.countries["geometry"], strict=True)))
    relations = relations.assign(kind="twinning", status=vocab.UNVERIFIED, established_year=pd.NA, ended_year=pd.NA,
                                 evidence_grade=vocab.PUBLIC_GRADE, evidence_date=pd.NA, evidence_note=pd.NA,
                                 source_class=pd.NA, checked=pd.NA, partner_today=pd.NA)
    return relations.astype({"established_year": "Int64", "ended_year": "Int64"}), ledger


def build_date(cur: dict[str, pd.DataFrame]) -> dt.date:
    """The date the data speak for: the newest curated check. Not today, so rebuilds are identical."""
    checked = pd.to_datetime(cur["relations"]["checked_on"], errors="coerce").dropna()
    return checked.max().date() if len(checked) else dt.date(2026, 1, 1)


def apply_evidence(relations: pd.DataFrame, cur: dict, inp: Inputs, g: Geography):
    """Curated evidence over the public lists, then the rules; validated. Returns (relations, overrides, recon)."""
    relations, overrides, recon = curated.apply_curated(relations, cur, inp.refs["partner_aliases"], g.countries,
                                                        inp.refs["world_regions"])
    relations = rules.apply_staleness_rule(rules.apply_predecessor_rule(relations), build_date(cur))
    relations = relations[RELATION_COLUMNS].sort_values("relation_id").reset_index(drop=True)
    schema.validate(relations, schema.relations_schema(list(g.municipalities["code"])), "relations.csv")
    return relations, overrides, recon


def make_tables(g: Geography, relations: pd.DataFrame, moved: pd.DataFrame, cur: dict,
                source_list: pd.DataFrame) -> dict[str, pd.DataFrame]:
    memberships = pd.concat([moved.rename(columns={"network_url": "url"})[MEMBERSHIP_COLUMNS],
                             cur["memberships"].assign(source_ids="curated")[MEMBERSHIP_COLUMNS]], ignore_index=True)
    strategies = cur["strategies"][STRATEGY_COLUMNS].sort_values(["municipality_code", "title"])
    return {"municipalities": g.municipalities, "relations": relations,
            "memberships": memberships.sort_values(["municipality_code", "network"]).reset_index(drop=True),
            "strategies": strategies.reset_index(drop=True),
            "coverage": cur["coverage"].sort_values("municipality_code").reset_index(drop=True),
            "policies": cur["policies"].sort_values("municipality_code").reset_index(drop=True),
            "estimate_sample": cur["estimate_sample"],
            "sources": source_list}


def make_files(inp: Inputs, g: Geography, tables: dict, counts: pd.DataFrame) -> dict[str, str]:
    """Simplified map geometry and the manifest (input hashes, row counts, and the sha256 of every
    table and map written, so a reader can tell a table changed or cut since the build)."""
    world = dict(zip(g.countries["iso2"], g.countries["geometry"], strict=True))
    inputs = {p: sha256(inp.src / p) for p in tables["sources"]["path"].dropna() if p}
    inputs.update({f"reference/{p.name}": sha256(p) for p in sorted(inp.ref.glob("*.*"))})
    inputs.update({f"curated/{p.name}": sha256(p) for p in sorted(inp.curated_dir.glob("*.csv"))})
    sample = inp.curated_dir / curated_files.SAMPLE_FILE
    if sample.is_file():
        inputs[f"curated/{curated_files.SAMPLE_FILE}"] = sha256(sample)
    files = {"geo/kommuner.geojson": geo.to_feature_collection(
                 g.shapes, 0.003, {c: {"name": g.dagi_names[c]} for c in g.shapes}),
             "geo/world.geojson": geo.to_feature_collection(world, 0.05)}
    outputs = {f"{k}.csv": text_sha256(table_text(v)) for k, v in tables.items()}
    outputs.update({k: text_sha256(v) for k, v in files.items()})
    manifest = {"twinlib_version": __version__, "inputs_sha256": dict(sorted(inputs.items())),
                "row_counts": {k: int(len(v)) for k, v in tables.items()}, "raw_rows": counts.to_dict("records"),
                "tables_sha256": dict(sorted(outputs.items()))}
    return files | {"manifest.json": json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"}


def host_check(rows: pd.DataFrame, g: Geography) -> pd.DataFrame:
    """Danish-side coordinates of the sources that fall outside their municipality (documented, unused)."""
    return rw.danish_host_check(rows.assign(dk_lat=rows["h_lat"].fillna(rows["dk_lat"]),
                                            dk_lon=rows["h_lon"].fillna(rows["dk_lon"])), g.shapes)
