"""The funding programmes of data/reference/funding.yml, read and checked in one place.

The file is kept by hand. A mistyped country or activity code would quietly drop a programme from every
report it should appear in, so each entry is checked field by field, and a bad one is named by file,
entry and field (errors.InputError) instead of surfacing later as a missing line in a report.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry
import yaml

from twinlib import paths, vocab
from twinlib.errors import InputError
from twinlib.files import load_yaml

FILE = "funding.yml"
# the five regions as data/processed/municipalities.csv names them (a test keeps the two in step)
DANISH_REGIONS = ("Hovedstaden", "Midtjylland", "Nordjylland", "Sjælland", "Syddanmark")
FUNDS = vocab.ACTIVITIES + vocab.FUNDING_THEMES
REQUIRED = ("id", "name_da", "name_en", "url", "funds", "applicants", "countries", "danish_regions", "checked",
            "note")
OPTIONAL = ("partial_countries", "danish_municipalities", "min_countries", "see_also")
COLUMNS = ["id", "name_da", "name_en", "url", "funds", "applicants_da", "applicants_en", "countries",
           "partial_countries", "danish_regions", "danish_municipalities", "min_countries", "checked", "note",
           "see_also"]
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://\S+$")
_CODE = re.compile(r"^\d{3}$")
# YAML 1.1 reads a bare NO (Norway) as false
BOOL_HINT = "a yes/no value where a code belongs: quote it, e.g. \"NO\" for Norway"


def default_path() -> Path:
    return paths.reference_dir() / FILE


def load(path: str | Path | None = None) -> pd.DataFrame:
    """One row per programme, in the file's order; list fields as tuples, `countries` with groups expanded.

    Raises InputError when any entry breaks a rule: one line naming the file, the first bad entry and field,
    and how many more problems there are (the CLI prints it as one `error:` line).
    """
    path = Path(path) if path is not None else default_path()
    if not path.is_file():
        raise InputError(path, "file not found")
    return _checked(path, path.stat().st_mtime_ns).copy()


@lru_cache(maxsize=4)
def _checked(path: Path, mtime_ns: int) -> pd.DataFrame:
    """load() for one version of the file: every report of a batch reads the same one (mtime in the key)."""
    doc = parse(path)
    groups, problems = read_groups(doc.get("groups"), path)
    entries = doc.get("programmes")
    if not isinstance(entries, list) or not entries:
        problems.append(InputError(path, "field 'programmes': a non-empty list of programmes is required"))
        entries = []
    for n, entry in enumerate(entries, start=1):
        problems += entry_problems(n, entry, groups, path)
    problems += duplicate_ids(entries, path)
    if problems:
        more = f" (+{len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise InputError(problems[0].path, problems[0].message + more)
    return pd.DataFrame([record(e, groups) for e in entries], columns=COLUMNS)


def parse(path: Path) -> dict:
    """The YAML document as a mapping, or an InputError naming the file (and the line YAML stopped at)."""
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(path, f"not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(doc, dict):
        raise InputError(path, "expected a mapping with 'groups' and 'programmes'")
    return doc


def read_groups(raw, path: Path) -> tuple[dict[str, tuple[str, ...]], list[InputError]]:
    """Named country groups ({name: ISO codes}) and the problems found in them."""
    groups: dict[str, tuple[str, ...]] = {}
    if raw is not None and not isinstance(raw, dict):
        return groups, [InputError(path, "field 'groups': a mapping of group names to countries is required")]
    problems = []
    for name, spec in (raw or {}).items():
        where = f"group {name!r}"
        codes = spec.get("countries") if isinstance(spec, dict) else None
        if not isinstance(codes, list) or not codes:
            problems.append(InputError(path, f"{where}, field 'countries': a non-empty list is required"))
            continue
        bad = [c for c in codes if not is_iso2(c)]
        if any(isinstance(c, bool) for c in codes):
            problems.append(InputError(path, f"{where}, field 'countries': {BOOL_HINT}"))
        elif bad:
            problems.append(InputError(path, f"{where}, field 'countries': not ISO 3166-1 alpha-2: {bad}"))
        if not isinstance(spec.get("url"), str) or not _URL.match(spec["url"]):
            problems.append(InputError(path, f"{where}, field 'url': an http(s) URL is required"))
        groups[str(name)] = tuple(codes)
    return groups, problems


def entry_problems(n: int, entry, groups: dict[str, tuple[str, ...]], path: Path) -> list[InputError]:
    """Every rule an entry breaks, each as an InputError naming the file, the entry and the field."""
    if not isinstance(entry, dict):
        return [InputError(path, f"entry {n}: a mapping of fields is required")]

    def problem(field: str, message: str) -> InputError:
        return InputError(path, f"entry {n} ({entry.get('id', '?')}), field {field!r}: {message}")

    out = [problem(f, "required") for f in REQUIRED if entry.get(f) in (None, "", [], {})]
    out += [problem(f, "unknown field") for f in entry if f not in REQUIRED + OPTIONAL]
    checks = {
        "id": lambda v: None if isinstance(v, str) and _ID.match(v) else "lower-case words joined by '-'",
        "name_da": text_rule, "name_en": text_rule, "note": text_rule,
        "url": url_rule,
        "funds": lambda v: code_rule(v, FUNDS, "activity code"),
        "applicants": applicants_rule,
        "countries": lambda v: code_rule(v, tuple(groups), "ISO 3166-1 alpha-2 code or group", iso=True),
        "partial_countries": lambda v: partial_rule(v, expand(entry.get("countries"), groups)),
        "danish_regions": lambda v: code_rule(v, DANISH_REGIONS, "Danish region"),
        "danish_municipalities": lambda v: None if isinstance(v, list) and all(
            isinstance(c, str) and _CODE.match(c) for c in v) else "a list of 3-digit municipality codes as text",
        "min_countries": lambda v: None if type(v) is int and v >= 2 else "a whole number of 2 or more",
        "checked": date_rule,
        "see_also": lambda v: None if isinstance(v, list) and all(url_rule(u) is None for u in v)
        else "a list of http(s) URLs",
    }
    for field, rule in checks.items():
        if entry.get(field) not in (None, "", [], {}) and (message := rule(entry[field])):
            out.append(problem(field, message))
    return out


def text_rule(value) -> str | None:
    return None if isinstance(value, str) and value.strip() else "text is required"


def url_rule(value) -> str | None:
    return None if isinstance(value, str) and _URL.match(value) else "an http(s) URL is required"


def date_rule(value) -> str | None:
    if isinstance(value, dt.date):
        return None
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return f"a date YYYY-MM-DD is required, found {value!r}"
    return None


def applicants_rule(value) -> str | None:
    ok = isinstance(value, dict) and all(isinstance(value.get(k), str) and value[k].strip() for k in ("da", "en"))
    return None if ok else "Danish and English text under 'da' and 'en' is required"


def code_rule(value, known: tuple[str, ...], what: str, iso: bool = False) -> str | None:
    """None when `value` is a list of known codes without repeats, else what is wrong."""
    if not isinstance(value, list):
        return f"a list of {what}s is required"
    if any(isinstance(c, bool) for c in value):
        return BOOL_HINT
    bad = [c for c in value if c not in known and not (iso and is_iso2(c))]
    if bad:
        return f"unknown {what} {', '.join(map(repr, bad))} (known: {', '.join(known)})"
    return f"repeated {what}" if len(set(value)) < len(value) else None


def partial_rule(value, countries: tuple[str, ...]) -> str | None:
    if not isinstance(value, list):
        return "a list of ISO codes is required"
    outside = [c for c in value if c not in countries]
    return f"not among the programme's countries: {outside}" if outside else None


def duplicate_ids(entries: list, path: Path) -> list[InputError]:
    ids = [e.get("id") for e in entries if isinstance(e, dict)]
    return [InputError(path, f"entry {n} ({i}), field 'id': repeats an earlier entry's id")
            for n, i in enumerate(ids, start=1) if i is not None and ids.index(i) < n - 1]


def is_iso2(code) -> bool:
    """True for an ISO 3166-1 alpha-2 code (upper case), e.g. 'DE', 'GL', 'AX'.

    >>> is_iso2("GL"), is_iso2("EN"), is_iso2("de")
    (True, False, False)
    """
    return isinstance(code, str) and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def expand(codes, groups: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """ISO codes with group names replaced by their members, in order, without repeats.

    >>> expand(["NORDIC", "EE"], {"NORDIC": ("DK", "SE")})
    ('DK', 'SE', 'EE')
    """
    if not isinstance(codes, list):
        return ()
    return tuple(dict.fromkeys(c for code in codes for c in groups.get(code, (code,))))


def record(entry: dict, groups: dict[str, tuple[str, ...]]) -> dict:
    """A checked entry as one row: tuples for the list fields, the date as text."""
    checked = entry["checked"]
    return {"id": entry["id"], "name_da": entry["name_da"].strip(), "name_en": entry["name_en"].strip(),
            "url": entry["url"], "funds": tuple(entry["funds"]),
            "applicants_da": entry["applicants"]["da"].strip(), "applicants_en": entry["applicants"]["en"].strip(),
            "countries": expand(entry["countries"], groups),
            "partial_countries": tuple(entry.get("partial_countries") or ()),
            "danish_regions": tuple(entry["danish_regions"]),
            "danish_municipalities": tuple(entry.get("danish_municipalities") or ()),
            "min_countries": entry.get("min_countries", 2),
            "checked": checked.isoformat() if isinstance(checked, dt.date) else str(checked),
            "note": " ".join(entry["note"].split()), "see_also": tuple(entry.get("see_also") or ())}
