"""The front of the report: executive summary, official names, status facts, plurals, glossary, PDF text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from twinlib import i18n, paths, vocab
from twinlib.publish import show
from twinlib.report import brief, decisions, sections
from twinlib.report.context import context, official_names
from twinlib.report.sections import appendix, front

TODAY = dt.date(2026, 11, 25)
COMMANDS = re.compile(r"twinlib (build|report|intake|summary|doctor|export)|papermill|nbconvert|--[a-z]|`")


@pytest.fixture(scope="module")
def ballerup():
    return context("Ballerup", today=TODAY)


@pytest.fixture(scope="module")
def koebenhavn():
    return context("København", today=TODAY)


def _blocks(section: dict, kind: str, style: str | None = None) -> list[dict]:
    return [b for b in section["blocks"] if b["type"] == kind and (style is None or b.get("style") == style)]


def test_summary_gives_the_leadership_decisions_not_chores(ballerup):
    summary = front.summary(ballerup)
    acts = _blocks(summary, "list", "actions")[0]["items"]
    assert 1 <= len(acts) <= 3
    # every action is a decision: what, options, the body and a window in the political year
    assert all("Muligheder: a) " in a and ("Kommunalbestyrelsen" in a or "Økonomiudvalget" in a) for a in acts), acts
    assert not any(re.search(r"Bekræft|Registrér|indtastningsarket|Læg en samlet", a) for a in acts), acts
    # Ballerup's strategy expires 31 December 2026, 25 days after TODAY: an interim extension first
    assert acts[0].startswith("Forlæng »Ballerup Kommunes Internationale Strategi« midlertidigt"), acts[0]
    assert "senest 31.\u00a0december 2026" in acts[0]
    # its strategy names East Kilbride as a fixed partner: the advice names the policy, never contradicts it silently
    assert any("strategien prioriterer" in a and "East Kilbride" in a for a in acts), acts
    # another municipality gets other decisions
    assert decisions.decision_texts(context("Ærø", today=TODAY)) != acts


def test_summary_has_findings_trend_limits_and_contents(ballerup):
    summary = front.summary(ballerup)
    texts = json.dumps(summary, ensure_ascii=False)
    assert len(_blocks(summary, "list", "numbered")[0]["items"]) == 3
    assert "317" in texts and "Wikidatas øjebliksbillede fra 2017" in texts
    assert "Det kan tallene ikke sige" in texts
    toc = _blocks(summary, "toc")[0]
    assert [k for k, _ in toc["entries"]] == [k for k in sections.ORDER if k not in ("cover", "summary")]
    assert 'href="#s-method"' in show.to_html(summary) and 'id="s-summary"' in show.to_html(summary)


def test_official_names_on_the_cover_and_in_the_text(koebenhavn):
    cover = front.cover(koebenhavn)["blocks"][0]
    assert cover["title"] == "Københavns Kommune"
    assert brief.finding_count(koebenhavn).startswith("Københavns Kommune har")
    assert front.cover(context("Bornholm"))["blocks"][0]["title"] == "Bornholms Regionskommune"
    assert context("Lyngby-Taarbæk").official == "Lyngby-Taarbæk Kommune"
    assert context("Høje-Taastrup").official == "Høje-Taastrup Kommune"
    assert context("København", lang="en").official == "Copenhagen Municipality"
    names = pd.read_csv(paths.reference_dir() / "official_names.csv", dtype=str)
    assert len(names) == 98 and names["code"].is_unique and names["source_url"].str.startswith("https://").all()
    assert len(official_names()) == 2 * 98


def test_status_facts_show_in_the_text(koebenhavn):
    facts = brief.finding_status(koebenhavn)
    assert "ikke længere indgår generelle venskabsbyaftaler" in facts
    assert "aftale med Kyiv er udløbet" in facts
    partners = json.dumps(front.partners(koebenhavn), ensure_ascii=False)
    assert "aftale med Kyiv er udløbet" in partners and "0 bekræftede" not in partners
    # Copenhagen's policy: no general twinning; nothing on page 2 proposes twin towns against it
    assert not any("venskabsby" in a and "tidsbegrænset projekt med en by i" in a
                   for a in decisions.decision_texts(koebenhavn))
    assert "Foreningen Norden" in brief.finding_status(context("Herning"))
    assert "ikke haft officielle venskabsbyer siden" in brief.finding_status(context("Tønder"))
    assert "eneste venskabsby ligger i Japan" in brief.finding_status(context("Faaborg-Midtfyn"))


def test_plural_forms_and_grammar():
    da = i18n.Messages("da")
    assert da.plural("n.countries", 1) == "1 land" and da.plural("n.countries", 3) == "3 lande"
    assert da.plural("front.n.confirmed", 1) == "1 bekræftet venskabsby"
    one, three = context("Tårnby"), context("Ballerup")
    assert "har 1 bekræftet venskabsby i 1 land " in brief.finding_count(one)
    assert "har 3 bekræftede venskabsbyer i 3 lande " in brief.finding_count(three)
    geo = brief.finding_geography(three)
    assert "øvrige Europa (2)" in geo and "Øvrige" not in geo and "0 af" not in geo
    assert "Venskabsbyen ligger i" in brief.finding_geography(one)
    en = brief.finding_geography(context("Ballerup", lang="en"))
    assert "the rest of Europe (2)" in en and "the Nordic countries (1)" in en


def test_intake_years_fill_since_and_ended(ballerup):
    rel = ballerup.relations
    cur, closed = vocab.current(rel), rel[~vocab.is_current(rel)]
    acts = pd.DataFrame({"relation_id": [cur.iloc[0]["relation_id"], closed.iloc[0]["relation_id"]],
                         "active_from": [1965, 2007], "active_to": [pd.NA, 2020], "last_activity": [2015, 2019]})
    ctx = dataclasses.replace(ballerup, acts=acts)
    table = front.partner_rows(ctx, cur)
    assert table["rows"][0][table["columns"].index("Siden")] == "1965"
    other = front.partner_rows(ctx, closed, closed=True)
    row = other["rows"][0]
    assert (row[other["columns"].index("Siden")], row[other["columns"].index("Ophørt")]) == ("2007", "2020")
    # the intake's last activity (2015) makes the link dormant: named in the findings, and the decision
    # proposes ending it; an intake exists, so registering activities is nobody's action
    name = cur.iloc[0]["partner_name"]
    texts = decisions.decision_texts(ctx)
    assert name in brief.finding_status(ctx) and any("afslut" in a and name in a for a in texts), texts
    assert not any("Registrér aktiviteter" in a for a in texts)


def test_no_relations_gets_no_empty_advice():
    laeso = context("Læsø", today=TODAY)
    acts = decisions.decision_texts(laeso)
    assert 1 <= len(acts) <= 3 and not any("de 0" in a or "hver af" in a for a in acts)
    assert "Beslut, om kommunen vil have internationale partnere" in acts[0]
    assert brief.finding_count(laeso).startswith("Læsø Kommune har ingen")


def test_method_section_has_a_method_box_and_a_glossary(ballerup):
    assert sections.ORDER[-1] == "method"
    sec = appendix.method(ballerup)
    assert sec["heading"] == "Metode og begreber"
    assert _blocks(sec, "list", "box")[0]["items"]
    terms = [k for k, _ in _blocks(sec, "facts", "glossary")[0]["rows"]]
    assert {"Bekræftet aktiv", "Ikke bekræftet", "Evidensgrad A–D", "Sammenlignelige kommuner"} <= set(terms)
    nb = json.loads(paths.notebook_template().read_text(encoding="utf-8"))
    assert any("".join(c["source"]) == "show(s.method(ctx))" for c in nb["cells"])


def test_front_texts_have_no_command_names_or_english(koebenhavn):
    for name in ("cover", "summary", "partners", "method"):
        text = json.dumps(getattr(sections, name)(koebenhavn), ensure_ascii=False)
        assert not COMMANDS.search(text), name
        assert "twinlib" not in text and "vedtaget –" not in text and "(current)" not in text, name


@pytest.mark.slow  # runs a kernel, a build or every section of twelve reports
def test_danish_pdf_of_a_whole_report(tmp_path):
    from twinlib.batch import batch

    res = batch.make_report("København", out_root=tmp_path)
    pages = [p.extract_text() for p in PdfReader(res.pdf).pages]
    assert "Københavns Kommune" in pages[0] and "København Kommune" not in "\n".join(pages)
    assert "Sammenfatning" in pages[1] and "Til beslutning" in pages[1] and "Indhold" in pages[1]
    # the contents' page numbers are where the sections start (the room the contents hold in Typst's
    # first layout pass, blocks.typ toc, never reaches the PDF)
    listed = re.findall(r"^(\d+)\. (.+?)[ .]*\u2060?(\d+)$", pages[1][pages[1].index("Indhold"):], re.M)
    assert len(listed) == len(sections.ORDER) - 2, pages[1]
    for number, title, page in listed:
        starts = [i + 1 for i, p in enumerate(pages) if re.search(rf"^{number}\. {re.escape(title)}$", p, re.M)]
        assert starts[-1:] == [int(page)], (number, title, page, starts)
    text = "\n".join(pages)
    assert "1. Venskabsbyer" in text and "Metode og begreber" in text and "Begreber" in text
    found = COMMANDS.search(text)
    assert not found, text[max(0, found.start() - 80):found.end() + 40]


def test_priority_partners_without_dated_activity_are_never_called_documented():
    """A priority partner that is only unverified (Odense's five Nordic partners) is not documented."""
    from twinlib.report.sections import advice

    texts = [b["text"] for b in advice.strategy(context("Odense", today=TODAY))["blocks"] if b["type"] == "p"]
    said = [t for t in texts if t.startswith("Strategien prioriterer")]
    assert said and "alle har en nyere dateret kilde" not in said[0] and "ingen af dem" in said[0], said
