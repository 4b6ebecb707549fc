"""`twinlib survey kit`: per municipality, the intake workbook extended with the 2017 survey's questions
and its unverified links, and a one-page cover letter; one failure never stops the others."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import NamedTuple

from twinlib import i18n, vocab
from twinlib.files import atomic_write
from twinlib.intake.writer import filled_workbook, save_atomic
from twinlib.survey import letter, questions
from twinlib.survey.outputs import output_path
from twinlib.tables import data

log = logging.getLogger("twinlib")


class Made(NamedTuple):
    """One municipality's kit: ok with its two files, or failed with the reason (one line)."""
    code: str
    name: str
    status: str  # ok · failed
    files: tuple[Path, ...] = ()
    error: str = ""


def default_out() -> Path:
    return Path.cwd() / "survey-kit"


def selection(municipalities, only: list[str] | None):
    """The municipalities to make, in code order; an unknown name in --only is an error before any work."""
    from twinlib.research import summary

    if not only:
        return municipalities.sort_values("code")
    codes = {summary.find_municipality(municipalities, k)["code"] for k in only}
    return municipalities[municipalities["code"].isin(codes)].sort_values("code")


def questionnaire(m, tables, data_dir=None):
    """The intake workbook (intake's own writer) with the survey's questions and the unverified links
    added as two more sheets (openpyxl, not saved)."""
    da = i18n.Messages("da")
    rel = tables.relations[tables.relations["municipality_code"] == m["code"]]
    wb, _ = filled_workbook(m["code"], data_dir)
    guide = wb["Vejledning"]
    first = sum(str(row[0]).isdigit() for row in guide.iter_rows(max_col=1, values_only=True))  # numbered steps
    for n, key in enumerate(("survey.guide.questions", "survey.guide.links"), start=first + 1):
        guide.append([str(n), da(key)])
    questions.add_question_sheet(wb, da)
    questions.add_links_sheet(wb, vocab.unverified(rel), da)
    return wb


def make_one(m, tables, out: Path, today: dt.date, data_dir=None) -> tuple[Path, Path]:
    """Write one municipality's questionnaire and cover letter; returns their paths."""
    from twinlib.tables.official import official_name

    da = i18n.Messages("da")
    rel = tables.relations[tables.relations["municipality_code"] == m["code"]]
    links = vocab.unverified(rel)
    book = output_path(out, m["code"], m["slug"], "questionnaire")
    save_atomic(questionnaire(m, tables, data_dir), book)
    content = letter.letter_content(official_name(m["code"], m["name"], da), len(vocab.current(rel)), len(links),
                                    book.name, today)
    pdf = output_path(out, m["code"], m["slug"], "letter")
    atomic_write(pdf, letter.letter_pdf(content))
    return book, pdf


def make_kit(out: Path | None = None, only: list[str] | None = None, data_dir=None, progress: bool = False,
             today: dt.date | None = None) -> list[Made]:
    """Every selected municipality's kit under `out`; failures are returned, never raised."""
    out = Path(out or default_out())
    tables = data.load(data_dir)
    chosen = selection(tables.municipalities, only)
    bar = Bar(len(chosen), progress)
    made = []
    for m in chosen.to_dict("records"):
        try:
            made.append(Made(m["code"], m["name"], "ok", make_one(m, tables, out, today or dt.date.today(),
                                                                 data_dir)))
        except Exception as exc:  # noqa: BLE001 — one municipality's failure is reported, the kit goes on
            made.append(Made(m["code"], m["name"], "failed", error=f"{type(exc).__name__}: {exc}"))
        bar.update(made[-1].status == "failed")
    bar.close()
    return made


class Bar:
    """tqdm on a terminal; elsewhere one log line per 10 %, as the report batch does (batch/pool.py)."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.failed, self.enabled, self.next_line = total, 0, 0, enabled, 0.1
        self.bar = None
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc="survey kit", unit="municipality", dynamic_ncols=True)

    def update(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(failed=self.failed)
        elif self.enabled and self.done / self.total >= self.next_line - 1e-9:
            log.info("survey kit: %d/%d done, %d failed", self.done, self.total, self.failed)
            self.next_line = (int(self.done * 10 / self.total) + 1) / 10

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
