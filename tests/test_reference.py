import dataclasses
import datetime as dt
import json
import tomllib
from pathlib import Path, PurePosixPath

import pytest

from crimeplan import reference as r
from crimeplan.errors import NotFoundError

EXPECTED_GROUP_IDS = (
    "total_recorded_crime", "burglary_dwelling", "burglary_other", "violence_with_injury",
    "violence_without_injury", "most_serious_violence", "robbery", "vehicle_crime",
    "theft_of_motor_vehicle", "theft_from_motor_vehicle", "serious_sexual_offences",
    "sexual_offences", "theft_from_shops", "theft_other", "criminal_damage", "drugs",
    "public_order", "possession_of_weapons",
)

CURRENT = ("Anti-social behaviour", "Bicycle theft", "Burglary", "Criminal damage and arson",
           "Drugs", "Other crime", "Other theft", "Possession of weapons", "Public order",
           "Robbery", "Shoplifting", "Theft from the person", "Vehicle crime",
           "Violence and sexual offences")


def test_crime_types():
    assert r.CURRENT_CRIME_TYPES == CURRENT
    assert r.ASB_LABEL == "Anti-social behaviour"
    for legacy in ("Public disorder and weapons", "Violent crime"):
        assert legacy in r.POLICE_UK_CRIME_TYPES
        assert legacy in r.LEGACY_CRIME_TYPES
    assert r.ASB_LABEL not in r.CRIME_LABELS
    on_2012 = r.crime_types_on(dt.date(2012, 6, 1))
    assert "Violent crime" in on_2012 and "Public order" not in on_2012
    assert set(CURRENT) <= set(r.crime_types_on(dt.date(2020, 1, 1)))


def test_outcome_types():
    assert set(r.OUTCOME_TYPES) == set(range(1, 24))
    assert r.OUTCOME_TYPES[8].short_name == "Community resolution"
    assert 0 not in r.OUTCOME_TYPES


@pytest.mark.parametrize("label", [
    "Awaiting court outcome", "Court result unavailable", "Court case unable to proceed",
    "Local resolution", "Investigation complete; no suspect identified",
    "Offender deprived of property", "Offender fined", "Offender given absolute discharge",
    "Offender given a caution", "Offender given a drugs possession warning",
    "Offender given a penalty notice", "Offender given community sentence",
    "Offender given conditional discharge", "Offender given suspended prison sentence",
    "Offender sent to prison", "Offender otherwise dealt with",
    "Offender ordered to pay compensation", "Suspect charged as part of another case",
    "Suspect charged", "Defendant found not guilty", "Defendant sent to Crown Court",
    "Unable to prosecute suspect", "Formal action is not in the public interest",
    "Action to be taken by another organisation",
    "Further investigation is not in the public interest",
    "Further action is not in the public interest", "Under investigation",
    "Status update unavailable",
])
def test_every_label_maps(label):
    assert label in r.POLICE_UK_OUTCOMES
    o = r.POLICE_UK_OUTCOMES[label]
    assert o.outcome_group in r.OUTCOME_GROUPS
    assert r.outcome_group_for_label(label) == o.outcome_group
    assert r.outcome_type_for_label(label) == o.outcome_type
    assert o.outcome_type is None or o.outcome_type in r.OUTCOME_TYPES
    assert o.outcome_types <= set(r.OUTCOME_TYPES)
    # case / whitespace insensitive
    assert r.outcome_group_for_label("  " + label.upper() + " ") == o.outcome_group


def test_outcome_label_specifics():
    g = r.outcome_group_for_label
    assert g("Suspect charged") == "charged"
    assert g("Offender given a caution") == "out_of_court_formal"
    assert g("Local resolution") == "out_of_court_informal"
    assert g("Unable to prosecute suspect") == "evidential_difficulties"
    assert g("Investigation complete; no suspect identified") == "no_suspect"
    assert g("Action to be taken by another organisation") == "transferred"
    assert g("Under investigation") == "under_investigation"
    assert g("Status update unavailable") == "status_unavailable"  # published by police.uk: not unknown
    assert g("Offender given penalty notice") == g("Offender given a penalty notice") == "out_of_court_formal"
    assert g(None) == g("") == g("   ") == "no_outcome_recorded"
    assert g("Something new") == "unknown"
    assert r.outcome_type_for_label("Something new") is None
    assert r.outcome_type_for_label(None) is None
    assert r.outcome_type_for_label("Local resolution") == 8
    assert r.outcome_type_for_label("Offender given a penalty notice") == 6
    assert r.outcome_type_for_label("charged") == 1   # API code accepted too


def test_outcome_sets():
    s = r.OUTCOME_SETS
    assert s["sanction_detection"] == {1, 2, 3, 4, 6, 7}
    assert s["solved_and_resolved"] == {1, 2, 3, 4, 6, 7, 8}
    pos = s["police_uk_positive"]
    assert pos == r.POLICE_UK_POSITIVE
    assert pos <= set(r.POLICE_UK_OUTCOMES)
    for label in ("Suspect charged", "Offender given a caution", "Offender given a penalty notice",
                  "Offender given a drugs possession warning", "Local resolution",
                  "Offender sent to prison", "Awaiting court outcome"):
        assert label in pos
    for label in ("Investigation complete; no suspect identified", "Unable to prosecute suspect",
                  "Under investigation", "Status update unavailable"):
        assert label not in pos
    for name, numbers in s.items():
        if name != "police_uk_positive":
            assert numbers <= set(r.OUTCOME_TYPES), name


def test_home_office_codes_transcribed():
    listed = [c for c in r.HOME_OFFICE_CODES.values() if not c.notes.startswith("Component of")]
    assert len(listed) == 132
    assert len(r.HOME_OFFICE_CODES) == 132 + 4  # the combined homicide code's four parts
    for code in r.HOME_OFFICE_CODES.values():
        assert code.police_uk_category in r.CURRENT_CRIME_TYPES
        assert code.police_uk_category != r.ASB_LABEL
    assert r.police_uk_category_for_code("28A") == "Burglary"
    assert r.police_uk_category_for_code("8N") == "Violence and sexual offences"
    assert r.police_uk_category_for_code("nope") is None


def test_group_ids_exact():
    assert r.group_ids() == EXPECTED_GROUP_IDS
    assert set(r.OFFENCE_GROUPS) == set(EXPECTED_GROUP_IDS)


def test_group_codes_exist_and_categories_valid():
    for g in r.OFFENCE_GROUPS.values():
        assert g.codes, g.id
        assert g.codes <= set(r.HOME_OFFICE_CODES), g.id
        assert g.fit in r.FITS
        assert g.police_uk_categories
        for c in g.police_uk_categories:
            assert c in r.POLICE_UK_CRIME_TYPES and c != r.ASB_LABEL
        # every code's own category is one the group maps to (for non-TRC groups)
        for code in g.codes:
            cat = r.HOME_OFFICE_CODES[code].police_uk_category
            assert cat in g.police_uk_categories, (g.id, code)


def test_group_containment():
    G = r.OFFENCE_GROUPS
    vap = r.VIOLENCE_AGAINST_THE_PERSON_CODES
    assert G["most_serious_violence"].codes <= vap
    assert G["violence_with_injury"].codes <= vap
    assert G["violence_without_injury"].codes <= vap
    assert not (G["violence_with_injury"].codes & G["violence_without_injury"].codes)
    assert G["serious_sexual_offences"].codes <= G["sexual_offences"].codes
    assert G["theft_of_motor_vehicle"].codes <= G["vehicle_crime"].codes
    assert G["theft_from_motor_vehicle"].codes <= G["vehicle_crime"].codes
    trc = G["total_recorded_crime"].codes
    assert not (trc & r.FRAUD_CODES)
    assert trc == set(r.HOME_OFFICE_CODES) - r.FRAUD_CODES
    for g in G.values():
        assert g.codes <= trc, g.id
    assert not (G["burglary_dwelling"].codes & G["burglary_other"].codes)
    assert set(G["total_recorded_crime"].police_uk_categories) == set(r.CRIME_LABELS)
    assert r.ASB_LABEL not in G["total_recorded_crime"].police_uk_categories


def test_dated_codes():
    bdw = r.OFFENCE_GROUPS["burglary_dwelling"]
    assert bdw.codes_on(dt.date(2013, 6, 1)) == {"28A", "28B", "28C", "28D", "29"}
    assert bdw.codes_on(dt.date(2018, 6, 1)) == {"28E", "28F", "28G", "28H", "29A"}
    assert bdw.codes_on(None) == bdw.codes
    assert r.codes_for_groups(["burglary_dwelling", "burglary_other"],
                              on=dt.date(2013, 6, 1)) == {"28A", "28B", "28C", "28D", "29",
                                                          "30A", "30B", "31"}


def test_helpers():
    assert r.codes_for_groups("robbery") == {"34A", "34B"}
    assert r.categories_for_groups(["robbery", "theft_from_shops"]) == ("Robbery", "Shoplifting")
    assert r.categories_for_groups(["burglary_dwelling", "burglary_other"]) == ("Burglary",)
    with pytest.raises(NotFoundError):
        r.codes_for_groups(["nope"])


def test_flags_and_religions():
    assert set(r.FLAG_MEASURES) == {"business", "domestic", "hate"}
    assert r.HATE_STRANDS == ("race", "religion", "disability", "sexual_orientation",
                              "transgender")
    assert r.FLAG_MEASURES["hate"].strands == r.HATE_STRANDS
    assert len(r.RELIGIONS) == 15
    assert r.RELIGIONS[-2:] == ("Unknown", "Blank")
    assert "Islam" in r.RELIGIONS and "Baha'i" in r.RELIGIONS


#: Every public table of crimeplan.reference as it stood when the tables were Python literals
#: (written by _plain() below from that module, before the move to CSV package data).
SNAPSHOT = Path(__file__).parent / "data" / "reference_values.json"


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_tables_loaded_from_package_data_equal_the_former_literals():
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    tables = [name for name in r.__all__ if not callable(getattr(r, name))]
    assert sorted(expected) == sorted(tables)
    for name in tables:
        # compared as JSON text so the order of every dict and tuple counts too
        assert json.dumps(_plain(getattr(r, name))) == json.dumps(expected[name]), name


def test_tables_ship_in_the_wheel():
    """Every CSV under crimeplan/reference/data/ matches a package-data pattern of pyproject.toml."""
    root = Path(__file__).parents[1]
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["crimeplan"]
    files = sorted((root / "crimeplan" / "reference" / "data").glob("*.csv"))
    assert len(files) == 8
    for path in files:
        inside = PurePosixPath(path.relative_to(root / "crimeplan").as_posix())
        assert any(inside.match(pattern) for pattern in patterns), inside
