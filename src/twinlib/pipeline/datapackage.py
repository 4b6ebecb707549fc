"""data/processed/datapackage.json: the processed tables described as a Frictionless data package.

The build writes it beside the manifest so it can never drift from the tables: fields and their order
come from the tables as built, enums and patterns from twinlib.vocab and the curated files' rules, byte
counts and sha256 from the very text written. What no table can say (titles, keys, licences, sources)
lives in datapackage.yml beside this module. No clock is read: the version is the month of the newest
check in the data, so a rebuild of unchanged inputs is byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from twinlib import paths, vocab
from twinlib.errors import InputError
from twinlib.files import load_yaml
from twinlib.pipeline import curated_files, schema
from twinlib.pipeline.store import table_text, text_sha256

DESCRIPTOR = Path(__file__).with_name("datapackage.yml")
FILE_NAME = paths.DATA_PACKAGE
# the columns that date a check, whose newest value names the dataset's version (YYYY.MM)
CHECK_DATES = {"relations": "checked", "policies": "checked", "coverage": "checked_on"}


def _bare(pattern: str) -> str:
    """A Table Schema pattern is matched whole already: drop the regex anchors."""
    return pattern.removeprefix("^").removesuffix("$")


def _codes_list(codes) -> str:
    """A pattern for a ';'-separated list of codes drawn from `codes`.

    >>> import re; bool(re.fullmatch(_codes_list(["a", "b"]), "a;b")), bool(re.fullmatch(_codes_list(["a"]), "a;c"))
    (True, False)
    """
    one = "(" + "|".join(codes) + ")"
    return f"{one}(;{one})*"


def constraints() -> dict[str, dict[str, dict]]:
    """Per table and field, the constraints the project's vocabulary already fixes."""
    grade, source_class = {"enum": list(vocab.GRADES)}, {"enum": list(vocab.SOURCE_CLASSES)}
    evidence_date = {"pattern": _bare(schema.EVIDENCE_DATE)}
    year = {"minimum": 1900}
    return {
        "municipalities": {"code": {"pattern": r"\d{3}", "unique": True}, "slug": {"pattern": "[a-z0-9-]+"},
                           "region": {"enum": list(schema.REGIONS)}, "population": {"minimum": 1}},
        "relations": {"partner_country": {"pattern": "[A-Z]{2}"}, "world_region": {"enum": list(vocab.WORLD_REGIONS)},
                      "partner_lat": {"minimum": -90, "maximum": 90},
                      "partner_lon": {"minimum": -180, "maximum": 180},
                      "kind": {"enum": list(vocab.KINDS)}, "status": {"enum": list(vocab.STATUSES)},
                      "established_year": year, "ended_year": year, "evidence_grade": grade,
                      "evidence_date": evidence_date, "source_class": source_class},
        "coverage": {"outcome": {"enum": list(curated_files.COVERAGE_OUTCOMES)}},
        "policies": {"outcome": {"enum": list(curated_files.POLICY_OUTCOMES)},
                     "stance": {"pattern": _codes_list(vocab.STANCES)}, "goals": {"pattern": _codes_list(vocab.GOALS)}},
        "estimate_sample": {"finding": {"enum": list(curated_files.SAMPLE_FINDINGS)}, "evidence_grade": grade,
                            "source_class": source_class, "evidence_date": evidence_date},
    }


def field_type(dtype) -> str:
    """The Table Schema type of a column as built (text unless pandas holds numbers).

    >>> field_type(pd.Series([1]).dtype), field_type(pd.Series([0.5], dtype="Float64").dtype), field_type(object)
    ('integer', 'number', 'string')
    """
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    return "number" if pd.api.types.is_float_dtype(dtype) else "string"


def table_schema(name: str, df: pd.DataFrame, spec: dict, fixed: dict[str, dict]) -> dict:
    """The Table Schema of one table: every column in order, typed, described and constrained."""
    given = spec.get("fields", {})
    unknown = sorted((set(given) | set(fixed)) - set(df.columns))
    if unknown:
        raise InputError(DESCRIPTOR, f"{name} has no column {', '.join(unknown)}")
    fields = []
    for column in df.columns:
        extra = dict(given.get(column, {}))
        field = {"name": column, "type": extra.pop("type", field_type(df[column].dtype))}
        field.update({k: extra.pop(k) for k in ("format", "description") if k in extra})
        rules = {"required": True} if extra.pop("required", False) else {}
        rules.update(fixed.get(column, {}))
        if rules:
            field["constraints"] = rules
        fields.append(field)
    out = {"fields": fields, "primaryKey": spec["primaryKey"]}
    if spec.get("foreignKeys"):
        out["foreignKeys"] = [{"fields": [col], "reference": {"resource": ref.split(".")[0],
                                                               "fields": [ref.split(".")[1]]}}
                              for col, ref in spec["foreignKeys"].items()]
    return out


def dataset_version(tables: dict[str, pd.DataFrame]) -> str:
    """YYYY.MM of the newest check recorded in the data (the dataset's date version)."""
    dates = pd.concat([pd.to_datetime(tables[t][col], errors="coerce", format="%Y-%m-%d")
                       for t, col in CHECK_DATES.items()]).dropna()
    newest = dates.max()
    return f"{newest.year}.{newest.month:02d}"


def _source_entries(sources: pd.DataFrame, ids: list[str]) -> list[dict]:
    rows = sources.set_index("source_id")
    missing = [i for i in ids if i not in rows.index]
    if missing:
        raise InputError(DESCRIPTOR, f"unknown source id {', '.join(missing)} (see sources.csv)")
    out = []
    for i in ids:
        url = str(rows.at[i, "url"])
        entry = {"title": f"{rows.at[i, 'title']} — licence: {rows.at[i, 'licence']}"}
        out.append(entry | {"path": url} if url.startswith("http") else entry)
    return out


def _resource(name: str, res: dict, tables: dict[str, pd.DataFrame], files: dict[str, str], licences: dict,
              fixed: dict) -> dict:
    """One resource: a table with its schema, or a map file; both with size, sha256, licences, sources."""
    common = {"title": res["title"], "description": " ".join(res["description"].split()),
              "licenses": [{"name": k, **licences[k]} for k in res["licenses"]],
              "sources": _source_entries(tables["sources"], res["sources"])}
    if name not in tables:
        text = files[res["path"]]
        return {"name": name, "path": res["path"], "format": "geojson", "mediatype": "application/geo+json",
                "encoding": "utf-8", "bytes": len(text.encode("utf-8")), "hash": f"sha256:{text_sha256(text)}",
                **common}
    text = table_text(tables[name])
    return {"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "bytes": len(text.encode("utf-8")),
            "hash": f"sha256:{text_sha256(text)}", **common,
            "schema": table_schema(name, tables[name], res, fixed.get(name, {}))}


def describe(tables: dict[str, pd.DataFrame], files: dict[str, str]) -> dict:
    """The data package descriptor for the tables and map files as written."""
    spec = load_yaml(DESCRIPTOR.read_text(encoding="utf-8"))
    undescribed = sorted(set(tables) - set(spec["resources"]))
    if undescribed:
        raise InputError(DESCRIPTOR, f"no resource for table {', '.join(undescribed)}")
    licences, fixed = spec["licenses"], constraints()
    return {"profile": "data-package", "name": spec["name"], "title": spec["title"],
            "description": " ".join(spec["description"].split()), "version": dataset_version(tables),
            "keywords": spec["keywords"],
            "licenses": [{"name": k, **v} for k, v in licences.items()],
            "sources": _source_entries(tables["sources"], list(tables["sources"]["source_id"])),
            "resources": [_resource(name, res, tables, files, licences, fixed)
                          for name, res in spec["resources"].items()]}


def package_file(tables: dict[str, pd.DataFrame], files: dict[str, str]) -> dict[str, str]:
    """{'datapackage.json': text}: the descriptor as the build writes it (no clock read, so stable)."""
    return {FILE_NAME: json.dumps(describe(tables, files), indent=2, ensure_ascii=False) + "\n"}
