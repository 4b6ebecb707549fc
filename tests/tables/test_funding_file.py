"""Issue 23 item 5: data/reference/funding.yml validates, and a bad entry is named by file, entry and field
in one line. The bad files below are EXAMPLE data written to a temporary folder, never a real programme."""

from __future__ import annotations

import pytest

from twinlib import vocab
from twinlib.errors import InputError
from twinlib.tables import data, funding

# the programmes issue 23 names; each must be in the real file
NAMED = ("cerv-town-twinning", "cerv-networks-of-towns", "erasmus-school", "erasmus-adult", "nordplus-junior",
         "nordplus-adult", "nordplus-horizontal", "nordisk-kulturfond", "interreg-deutschland-danmark",
         "interreg-oresund-kattegat-skagerrak", "interreg-south-baltic", "interreg-baltic-sea-region",
         "interreg-north-sea")


@pytest.fixture(scope="module")
def programmes():
    return funding.load()


def test_the_real_file_validates_and_names_every_programme_of_the_issue(programmes):
    assert set(NAMED) <= set(programmes["id"])
    assert programmes["id"].is_unique
    assert (programmes["checked"] == "2026-12-06").all()
    assert programmes["url"].str.match(r"^https?://").all()
    assert all(set(f) <= set(funding.FUNDS) for f in programmes["funds"])
    assert all(c and all(funding.is_iso2(x) for x in c) for c in programmes["countries"])
    assert all(set(p) <= set(c) for p, c in zip(programmes["partial_countries"], programmes["countries"],
                                                strict=True))


def test_interreg_areas_are_the_ones_the_programmes_state(programmes):
    area = programmes.set_index("id")["danish_regions"]
    assert set(area["interreg-deutschland-danmark"]) == {"Syddanmark", "Sjælland"}
    assert "Syddanmark" not in area["interreg-oresund-kattegat-skagerrak"]
    assert programmes.set_index("id").loc["interreg-south-baltic", "danish_municipalities"] == ("400",)


def test_danish_regions_and_codes_are_those_of_the_processed_tables(programmes):
    municipalities = data.read_processed("municipalities")
    assert set(funding.DANISH_REGIONS) == set(municipalities["region"])
    codes = {c for cs in programmes["danish_municipalities"] for c in cs}
    assert codes <= set(municipalities["code"])


def test_activity_codes_are_the_surveys_and_the_intakes():
    from twinlib.intake import ACTIVITIES
    from twinlib.tables import survey

    assert vocab.ACTIVITIES == tuple(k for k, _ in ACTIVITIES)
    assert set(vocab.ACTIVITIES) == {a["key"] for a in survey.load()["activities"]["shares"]}
    assert not set(vocab.FUNDING_THEMES) & set(vocab.ACTIVITIES)


# --- bad EXAMPLE files --------------------------------------------------------------------------

GOOD_ENTRY = """\
  - id: example-programme
    name_da: EXAMPLE-program
    name_en: EXAMPLE programme
    url: https://example.org/programme
    funds: [culture]
    applicants: {da: EXAMPLE-ansøgere, en: EXAMPLE applicants}
    countries: [NORDIC_EXAMPLE, DE]
    danish_regions: [Syddanmark]
    checked: 2026-12-06
    note: EXAMPLE entry for tests only
"""
HEAD = """\
# EXAMPLE data for tests only
groups:
  NORDIC_EXAMPLE:
    countries: [SE, "NO"]
    url: https://example.org/groups
programmes:
"""


def write(tmp_path, entries: str, head: str = HEAD):
    path = tmp_path / "funding.yml"
    path.write_text(head + entries, encoding="utf-8")
    return path


def test_the_example_file_itself_is_valid(tmp_path):
    got = funding.load(write(tmp_path, GOOD_ENTRY))
    assert got.loc[0, "countries"] == ("SE", "NO", "DE")
    assert got.loc[0, "applicants_en"] == "EXAMPLE applicants"
    assert got.loc[0, "min_countries"] == 2  # a pair of towns suffices unless the entry says otherwise


@pytest.mark.parametrize(("old", "new", "field", "says"), [
    ("funds: [culture]", "funds: [schools]", "funds", "unknown activity code 'schools'"),
    ("countries: [NORDIC_EXAMPLE, DE]", "countries: [DE, NO]", "countries", 'quote it, e.g. "NO"'),
    ("countries: [NORDIC_EXAMPLE, DE]", "countries: [DE, EN]", "countries", "'EN'"),
    ("url: https://example.org/programme", "url: example.org", "url", "an http(s) URL is required"),
    ("danish_regions: [Syddanmark]", "danish_regions: [Sønderjylland]", "danish_regions", "Sønderjylland"),
    ("checked: 2026-12-06", "checked: 6. december", "checked", "YYYY-MM-DD"),
    ("applicants: {da: EXAMPLE-ansøgere, en: EXAMPLE applicants}", "applicants: EXAMPLE", "applicants", "'da'"),
    ("note: EXAMPLE entry for tests only", "note:", "note", "required"),
    ("funds: [culture]", "funds: [culture]\n    deadline: 2027-01-01", "deadline", "unknown field"),
    ("danish_regions: [Syddanmark]", "danish_regions: [Syddanmark]\n    partial_countries: [FI]",
     "partial_countries", "FI"),
    ("danish_regions: [Syddanmark]", "danish_regions: [Syddanmark]\n    min_countries: 1", "min_countries",
     "2 or more"),
])
def test_a_bad_entry_is_one_line_naming_file_entry_and_field(tmp_path, old, new, field, says):
    path = write(tmp_path, GOOD_ENTRY + GOOD_ENTRY.replace("example-programme", "example-two").replace(old, new))
    with pytest.raises(InputError) as err:
        funding.load(path)
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith(f"{path}: entry 2 (example-two), field '{field}':"), text
    assert says in text


def test_several_problems_are_counted_on_the_one_line(tmp_path):
    bad = GOOD_ENTRY.replace("funds: [culture]", "funds: [schools]").replace("url: https://", "url: ")
    with pytest.raises(InputError) as err:
        funding.load(write(tmp_path, bad))
    assert str(err.value).endswith("(+1 more problems)") and "\n" not in str(err.value)


def test_a_repeated_id_and_a_broken_group_are_named(tmp_path):
    with pytest.raises(InputError, match=r"entry 2 \(example-programme\), field 'id': repeats"):
        funding.load(write(tmp_path, GOOD_ENTRY * 2))
    with pytest.raises(InputError, match=r"group 'NORDIC_EXAMPLE', field 'url'"):
        funding.load(write(tmp_path, GOOD_ENTRY, HEAD.replace("    url: https://example.org/groups\n", "")))


def test_broken_yaml_names_the_file_and_line(tmp_path):
    path = write(tmp_path, GOOD_ENTRY + "  - id: [unclosed\n")
    with pytest.raises(InputError, match=r"funding\.yml: not valid YAML at line \d+"):
        funding.load(path)


def test_a_missing_file_or_a_groups_list_is_one_line(tmp_path):
    with pytest.raises(InputError, match=r"missing\.yml: file not found"):
        funding.load(tmp_path / "missing.yml")
    with pytest.raises(InputError, match=r"field 'groups': a mapping"):
        funding.load(write(tmp_path, GOOD_ENTRY, "groups: [EXAMPLE]\nprogrammes:\n"))
