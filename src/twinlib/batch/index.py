"""reports/index.csv and index.html: the reports that exist, with key figures and this run's status.

Only municipalities with a report (a PDF from this run or an earlier one) or a failure in this run
are listed, so a partial run is not buried among rows for reports never made. The HTML is rendered
by Jinja2 with autoescaping (names come from data) and sorts by any column with a few lines of
inline JavaScript; without JavaScript, and on paper, it is an ordinary table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from babel.dates import format_date

from twinlib import fmt, names, vocab
from twinlib.batch.render import Outcome, file_stem, output_dir
from twinlib.files import atomic_write
from twinlib.i18n import Messages
from twinlib.publish.show import environment
from twinlib.tables import data
from twinlib.text import visible

# this run's status per report; "earlier" = not in this run, its PDF made before
STATUSES = ("ok", "skipped", "failed", "earlier")
CSV_COLUMNS = ["code", "name", "region", "population", "relations", "unverified", "status", "error", "pdf",
               "date"]


def key_figures(municipalities: pd.DataFrame, relations: pd.DataFrame) -> pd.DataFrame:
    """Per municipality: population, current relations (vocab.current) and unverified links apart."""
    from twinlib.analysis import metrics

    per = metrics.relations_per_municipality(municipalities, relations)
    unverified = vocab.unverified(relations).groupby("municipality_code").size()
    out = per[["code", "name", "region", "population", "relations"]].merge(
        municipalities[["code", "slug"]], on="code")
    return out.assign(unverified=out["code"].map(unverified).fillna(0).astype(int),
                      population=out["population"].astype(int))


def existing_reports(municipalities: pd.DataFrame, out_root: Path, lang: str) -> pd.DataFrame:
    """code, pdf (path relative to out_root) and date (of the PDF file) of every report on disk."""
    rows = []
    for m in municipalities.itertuples(index=False):
        pdf = output_dir(m.code, m.slug, out_root) / f"{file_stem(m.slug, lang)}.pdf"
        if pdf.is_file():
            rows.append({"code": m.code, "pdf": pdf.relative_to(out_root).as_posix(),
                         "date": dt.date.fromtimestamp(pdf.stat().st_mtime).isoformat()})
    return pd.DataFrame(rows, columns=["code", "pdf", "date"])


def index_table(figures: pd.DataFrame, reports: pd.DataFrame, outcomes: list[Outcome], today: dt.date,
                lang: str = "da") -> pd.DataFrame:
    """One row per existing report or failure of this run; status of this run, date of the report.

    A failure without a PDF is dated by this run; a municipality neither run nor on disk has no row.
    """
    run = pd.DataFrame([{"code": o.code, "status": o.status, "error": o.error or ""} for o in outcomes],
                       columns=["code", "status", "error"]).drop_duplicates("code", keep="last")
    df = figures.merge(reports, on="code", how="left").merge(run, on="code", how="left")
    df = df[df["pdf"].notna() | df["status"].notna()]
    df = df.assign(status=df["status"].fillna("earlier"), error=df["error"].fillna(""),
                   pdf=df["pdf"].fillna(""), date=df["date"].fillna(today.isoformat()))
    order = df["name"].map(lambda n: names.collation_key(n, lang)).sort_values(kind="stable").index
    return df.loc[order, CSV_COLUMNS].reset_index(drop=True)


def _row(r, m: Messages) -> dict:
    """Display text and sort value of each cell of one row (numbers sort by value, not by text)."""
    return {"name": r.name, "href": r.pdf, "region": m.texts.get(f"index.region.{r.region}", r.region),
            "population": fmt.num(r.population, locale=m.lang), "population_v": r.population,
            "relations": r.relations, "unverified": r.unverified,
            "status": r.status, "status_text": m(f"index.status.{r.status}"), "error": r.error,
            "date": format_date(dt.date.fromisoformat(r.date), format="medium", locale=m.lang), "date_v": r.date}


def render_html(table: pd.DataFrame, lang: str, today: dt.date) -> str:
    """The index page in the language of `lang`: every text from the message catalogue."""
    m = Messages(lang)
    counts = table["status"].value_counts()
    summary = m("index.summary", reports=m.plural("index.reports", len(table)),
                **{k: int(counts.get(s, 0)) for k, s in (("made", "ok"), ("skipped", "skipped"),
                                                         ("failed", "failed"))})
    columns = [(c, m(f"index.col.{c}"), c in ("population", "relations", "unverified"))
               for c in ("name", "region", "population", "relations", "unverified", "status", "date")]
    return environment().get_template("index.html.j2").render(
        lang=lang, title=m("index.title"), updated=m("index.updated", date=fmt.date(today, locale=lang)),
        summary=summary, hint=m("index.sort_hint"), note=m("index.note"), empty=m("index.empty"),
        no_pdf=m("index.no_pdf"), columns=columns, rows=[_row(r, m) for r in table.itertuples(index=False)])


def write_index(outcomes: list[Outcome], out_root: Path, data_dir=None, lang: str = "da",
                today: dt.date | None = None, tables: data.Tables | None = None,
                figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """reports/index.csv and index.html (index.<lang>.* for other languages); returns the table.
    `tables`: the batch's, loaded once (else loaded from data_dir); `figures`: their key_figures,
    when the batch computed them while its workers started."""
    t = tables or data.load(data_dir)
    today = today or dt.date.today()
    table = index_table(figures if figures is not None else key_figures(t.municipalities, t.relations),
                        existing_reports(t.municipalities, out_root, lang), outcomes, today, lang)
    atomic_write(index_file(out_root, lang, "csv"), visible(table.to_csv(index=False, lineterminator="\n")))
    atomic_write(index_file(out_root, lang, "html"), visible(render_html(table, lang, today)))
    return table


def index_file(out_root: Path, lang: str, ext: str = "html") -> Path:
    """index.<ext> for the Danish edition, index.<lang>.<ext> for the others."""
    return Path(out_root) / (f"index.{ext}" if lang == "da" else f"index.{lang}.{ext}")


def failure_table(outcomes: list[Outcome]) -> str:
    failed = [o for o in outcomes if o.status == "failed"]
    if not failed:
        return ""
    lines = [f"{len(failed)} report(s) failed:", f"{'municipality':<22} {'cell':<7} error"]
    lines += [f"{o.name:<22} {o.cell:<7} {o.error}" for o in failed]
    return "\n".join(lines)
