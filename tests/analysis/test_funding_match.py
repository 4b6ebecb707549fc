"""Issue 23 item 5: programmes matched to relations by partner country, the municipality's region and the
intake's activities. The relations and intake rows here are EXAMPLE data; the programmes are the real file."""

from __future__ import annotations

import pandas as pd
import pytest

from twinlib.analysis import funding as fit
from twinlib.tables import funding

EU_PROGRAMMES = {"cerv-town-twinning", "cerv-networks-of-towns", "erasmus-school", "erasmus-adult",
                 "erasmus-youth", "erasmus-sport", "interreg-deutschland-danmark", "interreg-de-dk-borgerprojektfond",
                 "interreg-oresund-kattegat-skagerrak", "interreg-south-baltic", "interreg-baltic-sea-region",
                 "interreg-north-sea"}


@pytest.fixture(scope="module")
def programmes():
    return funding.load()


def example(country: str, code: str = "621", rid: str | None = None) -> pd.DataFrame:
    """One EXAMPLE relation of municipality `code` with a partner in `country`."""
    return pd.DataFrame({"relation_id": [rid or f"{code}-{country.lower()}-example"], "municipality_code": [code],
                         "partner_name": ["EXAMPLE town"], "partner_country": [country]})


def ids(matches: pd.DataFrame) -> set[str]:
    return set(matches["programme_id"])


def test_a_german_partner_in_syddanmark_gets_interreg_deutschland_danmark(programmes):
    got = fit.match(example("DE"), programmes, "Syddanmark")
    assert {"interreg-deutschland-danmark", "interreg-de-dk-borgerprojektfond", "cerv-town-twinning"} <= ids(got)
    assert "nordplus-junior" not in ids(got)
    assert got.set_index("programme_id").loc["interreg-deutschland-danmark", "area_check"]
    assert (got["basis"] == fit.BASIS_PLACE).all()  # no intake: country and place only, and said so
    north = fit.match(example("DE", "851"), programmes, "Nordjylland")
    assert "interreg-deutschland-danmark" not in ids(north)


def test_a_swedish_partner_gets_nordplus_and_oresund_kattegat_skagerrak_where_the_region_fits(programmes):
    capital = ids(fit.match(example("SE", "101"), programmes, "Hovedstaden"))
    assert {"nordplus-junior", "nordisk-kulturfond", "interreg-oresund-kattegat-skagerrak"} <= capital
    south = ids(fit.match(example("SE"), programmes, "Syddanmark"))
    assert "nordplus-junior" in south
    assert "interreg-oresund-kattegat-skagerrak" not in south


def test_a_us_partner_gets_no_eu_programme(programmes):
    got = fit.match(example("US"), programmes, "Syddanmark")
    assert not ids(got) & EU_PROGRAMMES
    assert got.empty  # nor any other programme in the file


def test_greenland_is_nordic_but_not_in_the_eu(programmes):
    got = ids(fit.match(example("GL"), programmes, "Midtjylland"))
    assert {"nordplus-junior", "nordisk-kulturfond"} <= got
    assert not got & EU_PROGRAMMES


def test_bornholm_alone_of_the_capital_region_is_in_south_baltic(programmes):
    bornholm = fit.match(example("PL", "400"), programmes, "Hovedstaden")
    copenhagen = fit.match(example("PL", "101"), programmes, "Hovedstaden")
    assert "interreg-south-baltic" in ids(bornholm)
    assert "interreg-south-baltic" not in ids(copenhagen)


def test_recorded_activities_narrow_the_fit_and_say_why(programmes):
    rels = pd.concat([example("DE", rid="621-de-culture"), example("DE", rid="621-de-school"),
                      example("DE", rid="621-de-none")])
    acts = pd.DataFrame({"relation_id": ["621-de-culture", "621-de-school", "621-de-none"],
                         "culture": [True, False, False], "pupil_exchange": [False, True, False],
                         "sport": [False, False, False]})
    got = fit.match(rels, programmes, "Syddanmark", acts)
    by_rel = got.groupby("relation_id")["programme_id"].apply(set)
    assert "interreg-deutschland-danmark" in by_rel["621-de-culture"]
    assert "erasmus-school" not in by_rel["621-de-culture"]
    assert "erasmus-school" in by_rel["621-de-school"]
    assert "interreg-deutschland-danmark" not in by_rel["621-de-school"]
    culture = got[got["relation_id"] == "621-de-culture"]
    assert (culture["basis"] == fit.BASIS_ACTIVITY).all() and (culture["activities"] == "culture").all()
    assert (got[got["relation_id"] == "621-de-none"]["basis"] == fit.BASIS_PLACE).all()


def test_a_theme_no_intake_column_records_never_decides_a_fit(programmes):
    acts = pd.DataFrame({"relation_id": ["621-de-example"], "youth": [True]})  # not an intake column
    got = fit.match(example("DE"), programmes, "Syddanmark", acts)
    assert (got["basis"] == fit.BASIS_PLACE).all()


def test_inputs_are_left_alone_and_a_missing_country_gives_no_row(programmes):
    rels = pd.concat([example("DE"), example("SE", rid="621-x-example").assign(partner_country=[None])])
    before_rels, before_progs = rels.copy(), programmes.copy()
    got = fit.match(rels, programmes, "Syddanmark", {"621-de-example": ["culture"]})
    pd.testing.assert_frame_equal(rels, before_rels)
    pd.testing.assert_frame_equal(programmes, before_progs)
    assert set(got["relation_id"]) == {"621-de-example"}
    assert list(got.columns) == fit.COLUMNS


def test_by_programme_counts_relations_per_programme(programmes):
    rels = pd.concat([example("DE"), example("SE", rid="621-se-example")])
    summary = fit.by_programme(fit.match(rels, programmes, "Syddanmark")).set_index("programme_id")
    assert summary.loc["cerv-town-twinning", "relations"] == 2
    assert summary.loc["interreg-deutschland-danmark", "relations"] == 1
    assert summary.loc["cerv-town-twinning", "by_activity"] == 0
    assert fit.by_programme(fit.match(example("US"), programmes, "Syddanmark")).empty


def test_programmes_that_need_more_countries_than_the_pair_say_so(programmes):
    got = fit.match(example("SE"), programmes, "Syddanmark").set_index("programme_id")["more_partners"]
    assert got["nordisk-kulturfond"] and got["nordplus-horizontal"] and got["cerv-networks-of-towns"]
    assert not got["cerv-town-twinning"] and not got["nordplus-junior"]
