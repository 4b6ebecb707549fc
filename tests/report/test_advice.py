"""Recommendations, start advice, activity chart and travel ledger as report sections (issue 14, item 3).

Intake values here are EXAMPLE data written to a temporary TWINLIB_INTAKE, never to data/intake.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from twinlib import vocab
from twinlib.report.context import context
from twinlib.report.sections import advice, survey_mix

TODAY = dt.date(2026, 11, 25)
KEYS = ("political", "culture", "pupil_exchange", "sport", "urban_development", "business", "good_governance",
        "projects")


def _texts(section: dict) -> list[str]:
    out = []
    for b in section["blocks"]:
        out += [b.get("text", ""), b.get("evidence", ""), b.get("next", ""), *b.get("items", [])]
        out += [cell for row in b.get("rows", []) for cell in row]
    return [t for t in out if t]


def _blocks(section: dict, kind: str) -> list[dict]:
    return [b for b in section["blocks"] if b["type"] == kind]


@pytest.fixture()
def kolding_intake(tmp_path, monkeypatch):
    """Kolding with an EXAMPLE intake: one dormant link, own-budget and external funding, a travel ledger."""
    monkeypatch.setenv("TWINLIB_INTAKE", str(tmp_path))
    cur = vocab.current(context("Kolding").relations).sort_values("partner_name")
    n = len(cur)
    acts = pd.DataFrame({"municipality_code": "621", "relation_id": cur["relation_id"].tolist(),
                         "partner_name": cur["partner_name"].tolist(), "partner_country": "",
                         "active_from": "", "active_to": "", "last_activity": [2014] + [2025] * (n - 1),
                         "funding": ["Interreg"] + ["kommunens egen pulje"] * (n - 1)})
    for key in KEYS:
        acts[key] = [key in ("culture", "business")] * n
    acts.to_csv(tmp_path / "621.csv", index=False)
    ids = cur["relation_id"].tolist()
    pd.DataFrame({"municipality_code": "621", "relation_id": [ids[1], ids[1], ids[2]], "year": [2024, 2025, 2025],
                  "trips": [1, 1, 2], "participants": [3, 5, 0], "cost_dkk": [4100, 6000, 900]}
                 ).to_csv(tmp_path / "621-travel.csv", index=False)
    return context("Kolding", today=TODAY), cur


def test_a_municipality_without_relations_gets_start_advice_not_empty_lights():
    ctx = context("Læsø", today=TODAY)
    assert ctx.profile["relations"] == 0
    rec = advice.recommendations(ctx)
    assert not _blocks(rec, "rec")  # no six grey "Ingen data" lights
    steps = _blocks(rec, "list")[0]["items"]
    assert len(steps) == 6 and steps[0].startswith("Sikre et bedre strategisk udgangspunkt:")
    text = " ".join(_texts(rec) + _texts(survey_mix.activities(ctx)))
    assert "Læsø Kommune har ingen aktuelle venskabsbyer" in text and "ikke et mål i sig selv" in text
    assert "hver relation" not in text and "pr. venskabsby" not in text and "indtastningsark" not in text


def test_copenhagen_is_named_officially_and_told_of_its_unconfirmed_links_and_networks():
    rec = advice.recommendations(context("København", today=TODAY))
    text = " ".join(_texts(rec))
    assert "Københavns Kommune har ingen aktuelle venskabsbyer" in text and "København Kommune" not in text
    assert "Bekræft eller afvis dem" in text and "Eurocities" in text


def test_next_steps_differ_between_ballerup_and_aero():
    got = {k: [a.next_step for a in advice.assessments(context(k, today=TODAY))] for k in ("Ballerup", "Ærø")}
    assert not set(got["Ballerup"]) & set(got["Ærø"])
    assert any("Ystad" in s for s in got["Ballerup"])


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("kommune", ["Kolding", "Læsø"])
def test_no_command_names_in_the_report_text(kommune, lang):
    ctx = context(kommune, lang=lang, today=TODAY)
    for section in (survey_mix.activities(ctx), advice.recommendations(ctx), advice.sources(ctx)):
        for text in _texts(section):
            assert not re.search(r"twinlib (intake|build|report|summary|export|doctor)\b|`", text), text


def test_dormant_link_is_named_and_never_green(kolding_intake):
    ctx, cur = kolding_intake
    rec = advice.recommendations(ctx)
    warning = [b["text"] for b in _blocks(rec, "p") if b["style"] == "warning"]
    first = cur["partner_name"].iloc[0]
    assert warning and f"{first} (2014)" in warning[0]
    lights = {b["title"]: b for b in _blocks(rec, "rec")}
    funding = lights["Bliv bedre til at tiltrække ekstern finansiering"]
    # the only external source belongs to the dormant link; the rest is the municipality's own pool
    assert funding["status"] == "amber" and "alene af kommunens egne midler" in funding["evidence"]
    assert first in funding["evidence"]


def test_activity_chart_beside_the_table_and_travel_cost_per_participant(kolding_intake):
    ctx, cur = kolding_intake
    sec = survey_mix.activities(ctx)
    kinds = [b["type"] for b in sec["blocks"]]
    assert kinds.index("bars") == kinds.index("table") + 1  # the chart follows its table
    chart = _blocks(sec, "bars")[0]
    assert len(chart["categories"]) == 8 and chart["legend"]
    mine, nation = chart["panels"][0]["series"]
    assert mine["values"][chart["categories"].index("Kultur")] == 1.0 and nation["labels"][1] == "40,5\xa0%"
    ledger = _blocks(sec, "table")[1]
    assert ledger["columns"][-1] == "Kr. pr. deltager"
    rows = {r[0]: r for r in ledger["rows"]}
    second, third = cur["partner_name"].iloc[1], cur["partner_name"].iloc[2]
    assert rows[second][1] == "2024–2025" and rows[second][4] == "10.100" and rows[second][5] == "1.262"
    assert rows[third][5] == "–"  # no participants: no cost per participant
    total = [b["text"] for b in _blocks(sec, "p") if "pr. deltager" in b["text"]][0]
    assert "11.000 kr." in total and "5.500 kr. pr. relation" in total and "1.375 kr. pr. deltager" in total


def test_travel_ledger_in_english(kolding_intake, monkeypatch):
    ctx = context("Kolding", lang="en", today=TODAY)
    total = [b["text"] for b in _blocks(survey_mix.activities(ctx), "p") if "per participant" in b["text"]][0]
    assert "DKK 5,500 per relation" in total and "DKK 1,375 per participant" in total


def test_quality_flags_count_in_the_right_grammatical_number():
    """Ærø has one relation without a start year: '1 relation', never '1 relationer'; no flag for zero."""
    aero = advice.quality_flags(context("Ærø"))
    assert "1 relation har intet oprettelsesår." in aero
    assert not any("har intet oprettelsesår" in f for f in advice.quality_flags(context("Hvidovre")))
    assert not any(f.endswith("..") for f in aero)
