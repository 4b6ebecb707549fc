"""What the web edition shows, as plain rows and dicts in one language; the templates turn them into HTML.

Every number comes from the processed tables through the same rules as the reports (vocab.current for
what counts); nothing here writes files, so each function can be checked on a small table.
"""

from __future__ import annotations

import pandas as pd

from twinlib import fmt, names, vocab
from twinlib.i18n import Messages


def municipality_href(code: str, slug: str) -> str:
    """A municipality page's path inside a language tree (the code keeps names unique and plain)."""
    return f"municipality/{code}-{slug}.html"


def country_href(iso2: str) -> str:
    return f"country/{iso2.lower()}.html"


def order(df: pd.DataFrame, column: str, lang: str) -> pd.DataFrame:
    """Rows in the reader's alphabetical order of one column (Danish: Æ Ø Å after Z, Aa as Å)."""
    return df.sort_values(column, key=lambda s: s.map(lambda v: names.collation_key(str(v), lang)), kind="stable")


def _year(v) -> str:
    return "" if pd.isna(v) else str(int(v))


def source_urls(sources: pd.DataFrame) -> dict[str, str]:
    """source_id -> url of sources.csv (empty where the source has no web address)."""
    return dict(zip(sources["source_id"], sources["url"].fillna(""), strict=True))


def source_link(row, source_urls: dict[str, str]) -> tuple[str, bool]:
    """(href, own): the relation's own source URL; else the URL of the public list it came from (its first
    source id with a web address, e.g. the Wikipedia-derived dataset); else the site's sources table.

    >>> source_link({"source_url": None, "source_ids": "wikipedia-en-reverse;wikidata-2017"},
    ...             {"wikidata-2017": "https://example.org/wd"})
    ('https://example.org/wd', False)
    >>> source_link({"source_url": None, "source_ids": "curated"}, {})
    ('downloads.html#sources', False)
    """
    own = row["source_url"]
    if isinstance(own, str) and own.startswith(("http://", "https://")):
        return own, True
    ids = str(row["source_ids"]).split(";") if isinstance(row["source_ids"], str) else []
    listed = [source_urls[i] for i in ids if source_urls.get(i, "").startswith(("http://", "https://"))]
    return (listed[0] if listed else "downloads.html#sources"), False


def relation_rows(relations: pd.DataFrame, municipalities: pd.DataFrame, m: Messages,
                  source_urls: dict[str, str] | None = None) -> list[dict]:
    """One display row per relation, in Danish order of municipality then partner; `counted` is vocab.current;
    `source_urls` (source_id -> url, from sources.csv) links rows that have no URL of their own."""
    munis = municipalities.set_index("code")
    counted = vocab.is_current(relations)
    df = relations.assign(counted=counted, muni=relations["municipality_code"].map(munis["name"]))
    df = order(order(df, "partner_name", m.lang), "muni", m.lang)
    rows = []
    for r in df.itertuples(index=False):
        code = r.municipality_code
        href, own = source_link(r._asdict(), source_urls or {})
        rows.append({
            "municipality": r.muni, "municipality_href": municipality_href(code, munis.at[code, "slug"]),
            "region": munis.at[code, "region"], "partner": names.display_name(r.partner_name),
            "today": r.partner_today if isinstance(r.partner_today, str) else "",
            "country_code": r.partner_country, "country": m.country(r.partner_country),
            "country_href": country_href(r.partner_country),
            "world_region": r.world_region, "world_region_text": m.world_region(r.world_region),
            "status": r.status, "status_text": m(f"status.{r.status}"), "grade": r.evidence_grade,
            "grade_text": m(f"grade.{r.evidence_grade}"), "counted": bool(r.counted),
            "since": _year(r.established_year),
            "evidence_date": r.evidence_date if isinstance(r.evidence_date, str) else "",
            "source_href": href, "source_own": own, "source_local": not href.startswith("http"),
            "source_label": m("site.source_link_label", partner=names.display_name(r.partner_name),
                              municipality=r.muni),
        })
    return rows


def filters(rows: list[dict], m: Messages) -> list[dict]:
    """The table's select filters: each with the values present, in a reader's order (statuses and grades
    in the vocabulary's order, countries and regions alphabetically)."""
    def present(key: str, text: str, ordered=None) -> list[tuple[str, str]]:
        seen = {r[key]: r[text] for r in rows}
        keys = [k for k in ordered if k in seen] if ordered else sorted(seen, key=lambda k: names.collation_key(
            seen[k], m.lang))
        return [(k, seen[k]) for k in keys]

    return [{"key": "status", "label": m("site.filter.status"), "options": present("status", "status_text",
                                                                                    vocab.STATUSES)},
            {"key": "grade", "label": m("site.filter.grade"), "options": present("grade", "grade_text", vocab.GRADES)},
            {"key": "country", "label": m("site.filter.country"), "options": present("country_code", "country")},
            {"key": "region", "label": m("site.filter.region"), "options": present("region", "region")},
            {"key": "world_region", "label": m("site.filter.world_region"),
             "options": present("world_region", "world_region_text", vocab.WORLD_REGIONS)}]


def counts_text(rows: list[dict], m: Messages, key: str) -> str:
    """'3 bekræftede venskabsbyer og 2 ikke bekræftede forbindelser; 7 kendte forbindelser i alt.'"""
    current = sum(r["counted"] for r in rows)
    unverified = sum(r["status"] == vocab.UNVERIFIED for r in rows)
    return m(key, current=m.plural("site.municipality.current", current),
             unverified=m.plural("site.municipality.unverified", unverified), total=len(rows))


def key_figures(relations: pd.DataFrame, survey: dict, m: Messages) -> list[dict]:
    """The national figures beside the 2017 survey's (data/reference/survey_2017.yml); a figure the survey
    did not give shows a dash, and the survey's 'knap 20' stays in its own words."""
    cur = vocab.current(relations)
    rows = [("relations", len(cur), fmt.num(survey["relations_total"]["value"], locale=m.lang)),
            ("municipalities", cur["municipality_code"].nunique(), m("site.fig.none")),
            ("asia", int((cur["world_region"] == "Asien").sum()), m("site.fig.asia_2017")),
            ("usa", int((cur["partner_country"] == "US").sum()), fmt.num(survey["usa"]["value"], locale=m.lang)),
            ("unverified", len(vocab.unverified(relations)), m("site.fig.none"))]
    return [{"label": m(f"site.fig.{k}"), "now": fmt.num(now, locale=m.lang), "then": then} for k, now, then in rows]


def countries(rows: list[dict], m: Messages) -> list[dict]:
    """One entry per partner country with its relations (counted and all), in the reader's order."""
    by: dict[str, list[dict]] = {}
    for r in rows:
        by.setdefault(r["country_code"], []).append(r)
    out = [{"code": c, "name": rs[0]["country"], "href": country_href(c), "rows": rs,
            "counted": sum(r["counted"] for r in rs), "total": len(rs)} for c, rs in by.items()]
    return sorted(out, key=lambda c: names.collation_key(c["name"], m.lang))


def municipality_list(municipalities: pd.DataFrame, rows: list[dict], m: Messages) -> list[dict]:
    """The municipalities shown, in Danish order, with their counted and total relations."""
    out = []
    for r in order(municipalities, "name", m.lang).itertuples(index=False):
        own = [x for x in rows if x["municipality"] == r.name]
        out.append({"code": r.code, "slug": r.slug, "name": r.name, "region": r.region,
                    "href": municipality_href(r.code, r.slug), "rows": own,
                    "counted": sum(x["counted"] for x in own), "total": len(own),
                    "meta": m("site.municipality.meta", region=r.region, population=fmt.num(int(r.population),
                                                                                           locale=m.lang),
                              year=int(r.population_year))})
    return out
