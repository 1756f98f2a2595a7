import dataclasses
from fractions import Fraction
from pathlib import Path

import pytest

from crimeplan import reference
from crimeplan.errors import PlanError
from crimeplan.periods import FinancialYear
from crimeplan.plan import (
    Milestone,
    Plan,
    RateMeasure,
    load_plan,
    parse_percentage,
    parse_plan,
    shipped_plans,
)

PLANS = Path(__file__).parent / "data" / "plans"
GOOD = (PLANS / "good.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def wmp() -> Plan:
    return load_plan("wmp-2013-14")


@pytest.fixture(scope="module")
def police_uk() -> Plan:
    return load_plan("police-uk")


# --------------------------------------------------------------------------- shipped plans


def test_shipped_plans_are_listed():
    assert {"wmp-2013-14", "police-uk"} <= set(shipped_plans())


def test_wmp_plan_header(wmp):
    assert wmp.id == "wmp-2013-14"
    assert wmp.force == "west-midlands"
    assert wmp.board == "Strategic Policing and Crime Board"
    assert wmp.years == (FinancialYear(2013),)
    assert wmp.version and len(wmp.checksum) == 64
    assert wmp.citation.startswith(f"wmp-2013-14 version {wmp.version} (sha256 {wmp.checksum[:12]}")
    assert Path(wmp.source_path).name == "plan.yaml"


def test_wmp_outcomes_are_the_papers(wmp):
    assert list(wmp.outcomes) == ["A", "B", "C", "D", "E", "F", "G", "H", "national"]
    assert wmp.outcomes["A"].title == "Improving confidence in policing"
    assert wmp.outcomes["A"].lead == "ACC Local Policing"
    assert wmp.outcomes["national"].title == "Ensure an effective contribution to national policing"


def test_wmp_force_objectives_table_matches_the_paper(wmp):
    table = wmp.tables["force_objectives"]
    assert table.title == "Force Objectives" and table.kind == "milestones"
    rows = wmp.table_rows("force_objectives")
    assert [m.title for m in rows] == ["Reduce Total Recorded Crime", "Reduce Burglary Dwelling",
                                       "Reduce Violence With Injury", "Reduce Business Crime"]
    assert [m.target for m in rows] == [-0.05, -0.08, -0.08, -0.06]
    assert [m.target_exact for m in rows] == [Fraction(-5, 100), Fraction(-8, 100), Fraction(-8, 100),
                                              Fraction(-6, 100)]
    assert [m.measure for m in rows] == ["trc", "bdh", "vwi", "business"]
    assert all(m.kind == "change" and m.lead.startswith("ACC") for m in rows)
    assert wmp.measures["trc"].groups == ("total_recorded_crime",)
    business = wmp.measures["business"]
    assert business.groups == () and dict(business.flags) == {"business": True}
    assert wmp.measures["shoplifting"].groups == ("theft_from_shops",)


def test_wmp_other_milestones(wmp):
    priority = wmp.milestones["reduce_priority_areas"]
    assert (priority.target, priority.lead) == (-0.07, "ACC Local Policing")
    assert (priority.measure, priority.area) == ("trc", "priority_areas")
    assert wmp.milestones["reduce_trc"].area is None
    crime, asb = wmp.milestones["satisfaction_crime"], wmp.milestones["satisfaction_asb"]
    assert (crime.kind, crime.target, crime.survey) == ("level", 0.88, "satisfaction_crime")
    assert (asb.kind, asb.target, asb.survey) == ("level", 0.80, "satisfaction_asb")
    assert wmp.surveys["satisfaction_asb"].survey == "victim_satisfaction_asb"
    assert wmp.surveys["satisfaction_crime"].question == "overall"


def test_wmp_outcome_table_has_the_six_detection_rates(wmp):
    table = wmp.tables["productive_efficient"]
    assert table.title == "Being Productive And Efficient" and table.kind == "rates"
    rows = wmp.table_rows("productive_efficient")
    assert [r.id for r in rows] == ["detect_bdh", "detect_msv", "detect_robbery", "detect_vehicle",
                                    "detect_sso", "detect_hate"]
    assert [r.title for r in rows] == ["Detect Burglary Dwelling", "Detect Most Serious Violence",
                                       "Detect Robbery", "Detect Vehicle Crime",
                                       "Detect Serious Sexual Offences", "Detect Hate Crime"]
    for rate in rows:
        assert isinstance(rate, RateMeasure)
        assert rate.positive_outcomes == frozenset({1, 2, 3, 4, 6, 7})
        assert rate.outcome_set_name == "sanction_detection"
        assert rate.positive_outcome_labels is None
        assert rate.numerator_measure == rate.denominator_measure
        assert (rate.basis, rate.improvement_direction) == ("period", "increase")
    assert dict(wmp.measures["hate"].flags) == {"hate": True}
    solved = wmp.rates["solved_resolved_vwi"]
    assert solved.positive_outcomes == frozenset({1, 2, 3, 4, 6, 7, 8}) and solved.numerator_measure == "vwi"


def test_wmp_deliverables_have_leads_and_the_papers_cadences(wmp):
    deliverables = wmp.deliverables
    assert len(deliverables) >= 20
    assert all(d.lead for d in deliverables.values())
    assert {d.outcome for d in deliverables.values()} <= set(wmp.outcomes)
    confidence = deliverables["A1"]
    assert confidence.title == ("Identify aspects of policing that have an adverse impact on confidence, "
                                "and establish ways to overcome such barriers")
    assert (confidence.lead, confidence.cadence) == ("ACC Local Policing", "6-monthly")
    productivity = deliverables["C3"]
    assert (productivity.lead, productivity.cadence) == ("DCC/Director of Resources", "quarterly")
    assert productivity.covered_elsewhere == ("Item to be covered in Director of Resources Report in May "
                                              "for year end results")
    spr = deliverables["N1"]
    assert (spr.outcome, spr.lead, spr.cadence) == ("national", "ACC Protection", "quarterly")
    assert spr.covered_elsewhere.startswith("This was included in the ACC Protection portfolio report")
    assert deliverables["F1"].covered_elsewhere == "Last updated in ACC Crime Portfolio paper March 2014"
    assert wmp.deliverables_for("B")[1].title.startswith("Explore opportunities to improve the response")


def test_police_uk_plan(police_uk):
    assert police_uk.force is None and police_uk.years == ()
    all_crime = police_uk.measures["all_crime"]
    assert set(all_crime.categories) == set(reference.CRIME_LABELS)
    assert reference.ASB_LABEL not in all_crime.categories
    assert police_uk.milestones["reduce_all_crime"].target == -0.05
    positive = police_uk.rates["positive_all_crime"]
    assert positive.positive_outcome_labels == reference.OUTCOME_SETS["police_uk_positive"]
    assert positive.positive_outcomes is None and positive.basis == "cohort"
    assert all(isinstance(row, Milestone) for row in police_uk.table_rows("force_objectives"))


def test_plans_are_frozen_and_hashable(wmp):
    with pytest.raises(dataclasses.FrozenInstanceError):
        wmp.id = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        wmp.measures["new"] = wmp.measures["trc"]  # type: ignore[index]
    assert hash(wmp) == hash(load_plan("wmp-2013-14"))
    assert len({wmp.measures["trc"], wmp.measures["trc"]}) == 1


def test_load_by_path_and_directory():
    by_path = load_plan(PLANS / "good.yaml")
    assert by_path.id == "tiny" and by_path.source_path == str(PLANS / "good.yaml")
    assert by_path.milestones["reduce_trc"].target == -0.05       # written "−5 %"
    assert by_path.rates["detect_trc"].denominator_measure == "trc"  # defaults to the numerator's
    shipped = Path(load_plan("police-uk").source_path).parent
    assert load_plan(shipped).id == "police-uk"


def test_checksum_follows_the_text():
    a = parse_plan(GOOD, "a.yaml")
    b = parse_plan(GOOD.replace("Tiny plan", "Tiny plan (revised)"), "b.yaml")
    assert a.checksum == parse_plan(GOOD, "c.yaml").checksum != b.checksum


def test_unknown_plan_name_lists_shipped_plans():
    with pytest.raises(PlanError) as err:
        load_plan("wmp-2099")
    assert str(err.value) == ("no plan named 'wmp-2099': expected a shipped plan "
                              f"({', '.join(shipped_plans())}) or the path of a plan file")


# --------------------------------------------------------------------------- percentages


@pytest.mark.parametrize("text, value", [
    ("-5%", -0.05), ("-5 %", -0.05), ("\u22125%", -0.05), (" -8 % ", -0.08), ("+3%", 0.03), ("88%", 0.88),
    ("12.5%", 0.125), ("0%", 0.0),
])
def test_parse_percentage(text, value):
    assert parse_percentage(text) == value


@pytest.mark.parametrize("text", ["five", "-5", "5%%", "%", "-0.05", "", "5 percent", None])
def test_parse_percentage_rejects(text):
    with pytest.raises(ValueError, match="expected a percentage like -5%"):
        parse_percentage(text)


# --------------------------------------------------------------------------- malformed files


@pytest.mark.parametrize("name, message", [
    ("bad_percentage", "28 milestones[0].target: expected a percentage like -5%, got 'five'"),
    ("unknown_key", "17 measures.trc: expected one of the keys title, groups, categories, flags, "
                    "hate_strands, location_types, improvement_direction, unit, got 'grups'"),
    ("unknown_measure", "27 milestones[0].measure: expected a measure id declared under measures (trc), "
                        "got 'tcr'"),
    ("unknown_group", "16 measures.trc.groups[1]: expected an offence group id (did you mean "
                      "'burglary_dwelling'?), got 'burglary_dwellings'"),
    ("duplicate_id", "36 deliverables[1].id: expected a unique deliverable id ('E2' is already used "
                     "on line 32), got 'E2'"),
    ("yaml_syntax", "4 (YAML): expected valid YAML, got a syntax error: "
                    "mapping values are not allowed here"),
    ("wrong_type", "6 plan.years: expected a list of years like ['2013/14'], got 2013"),
])
def test_malformed_fixture(name, message):
    path = PLANS / f"{name}.yaml"
    with pytest.raises(PlanError) as err:
        load_plan(path)
    assert str(err.value) == f"{path}:{message}"


def _error(old: str, new: str) -> str:
    assert old in GOOD, old
    with pytest.raises(PlanError) as err:
        parse_plan(GOOD.replace(old, new, 1), "plan.yaml")
    return str(err.value)


@pytest.mark.parametrize("old, new, message", [
    ("  version: \"1\"\n", "  version: \"1\"\n  title: Again\n",
     "plan.yaml:8 plan: expected each key once ('title' is already on line 4), got 'title'"),
    ("    lead: ACC Local Policing\n", "",
     "plan.yaml:24 milestones[0]: expected the key 'lead' (required), got only id, outcome, title, "
     "measure, target"),
    ("groups: [total_recorded_crime]", "flags: {domestic: yes, priority: true}",
     "plan.yaml:16 measures.trc.flags: expected one of the flags business, domestic, hate, "
     "got 'priority'"),
    ("groups: [total_recorded_crime]", "flags: {domestic: 1}",
     "plan.yaml:16 measures.trc.flags.domestic: expected true or false, got 1"),
    ("groups: [total_recorded_crime]", "categories: [Burglary, Shop lifting]",
     "plan.yaml:16 measures.trc.categories[1]: expected a police.uk crime type (did you mean "
     "'Shoplifting'?), got 'Shop lifting'"),
    ("groups: [total_recorded_crime]", "hate_strands: [racial]",
     "plan.yaml:16 measures.trc.hate_strands[0]: expected a hate strand (race, religion, "
     "disability, sexual_orientation, transgender), got 'racial'"),
    ("groups: [total_recorded_crime]", "groups: total_recorded_crime",
     "plan.yaml:16 measures.trc.groups: expected a list, each an offence group id, got "
     "'total_recorded_crime'"),
    ("    measure: trc\n    target", "    measure: trc\n    rate: detect_trc\n    target",
     "plan.yaml:24 milestones[0]: expected exactly one of the keys measure, rate, survey, "
     "got measure, rate"),
    ("    measure: trc\n    target: −5 %", "    rate: detect_trc\n    target: 120%",
     "plan.yaml:28 milestones[0].target: expected a level between 0% and 100%, got '120%'"),
    ("    measure: trc\n    target: −5 %", "    measure: trc\n    kind: level\n    target: 5%",
     "plan.yaml:28 milestones[0].kind: expected change for a count measure (a level needs a rate or "
     "a survey), got 'level'"),
    ("    outcome: E\n    title: Reduce", "    outcome: F\n    title: Reduce",
     "plan.yaml:25 milestones[0].outcome: expected an outcome id declared under outcomes (E), got 'F'"),
    ("    cadence: quarterly", "    cadence: 6 monthly",
     "plan.yaml:36 deliverables[0].cadence: expected one of monthly, quarterly, 6-monthly, annual, "
     "got '6 monthly'"),
    ("    lead: ACC Crime", "    lead: ''",
     "plan.yaml:35 deliverables[0].lead: expected a lead, e.g. ACC Local Policing, got ''"),
    ("outcomes: [1, 2, 3]", "outcomes: [1, 2, 99]",
     "plan.yaml:21 rates.detect_trc.numerator.outcomes[2]: expected a Home Office outcome type from "
     "1 to 23, got 99"),
    ("outcomes: [1, 2, 3]", "outcomes: sanction_detections",
     "plan.yaml:21 rates.detect_trc.numerator.outcomes: expected an outcome set name or a list of "
     "outcome types (did you mean 'sanction_detection'?), got 'sanction_detections'"),
    ("outcomes: [1, 2, 3]", "outcomes: [Suspect charged, Charged]",
     "plan.yaml:21 rates.detect_trc.numerator.outcomes[1]: expected a police.uk outcome label such as "
     "'Suspect charged', got 'Charged'"),
    ("outcomes: [1, 2, 3]", "outcomes: [Suspect charged, 1]",
     "plan.yaml:21 rates.detect_trc.numerator.outcomes[1]: expected all outcome types as numbers, "
     "or all as police.uk outcome labels, got 1"),
    ("rows: [reduce_trc]", "rows: [reduce_trc, trc]",
     "plan.yaml:42 tables.objectives.rows[1]: expected a milestone id declared under milestones "
     "(reduce_trc), got 'trc'"),
    ("force: west-midlands", "force: west-midland",
     "plan.yaml:5 plan.force: expected a police.uk force slug such as west-midlands (did you mean "
     "'west-midlands'?), got 'west-midland'"),
    ('version: "1"', "version: 1.10",
     "plan.yaml:7 plan.version: expected a version as text, e.g. '2014-03-28' or '2' (quote "
     "decimals), got 1.1"),
    ('years: ["2013/14"]', 'years: ["2013/15"]',
     "plan.yaml:6 plan.years[0]: expected a financial year like '2013/14', got '2013/15'"),
    ("measures:\n  trc:", "measures:\n  TRC:",
     "plan.yaml:14 measures: expected a measure id in lower_snake_case, got 'TRC'"),
    ("  - id: E\n", "  - id: E\n    title: Twice\n",
     "plan.yaml:12 outcomes[0]: expected each key once ('title' is already on line 11), got 'title'"),
    ("tables:", "bogus: 1\ntables:",
     "plan.yaml:38 (top level): expected one of the keys plan, outcomes, measures, rates, surveys, "
     "milestones, deliverables, tables, outcome_sets, spc, got 'bogus'"),
])
def test_malformed_text(old, new, message):
    assert _error(old, new) == message


def test_outcome_sets_can_be_added_and_used():
    plan = parse_plan(GOOD.replace("outcomes: [1, 2, 3]", "outcomes: with_diversion").replace(
        "tables:", "outcome_sets:\n  with_diversion: [1, 2, 3, 4, 6, 7, 8, 22]\n\ntables:"), "plan.yaml")
    rate = plan.rates["detect_trc"]
    assert rate.outcome_set_name == "with_diversion" and 22 in rate.positive_outcomes
    assert dict(plan.outcome_sets) == {"with_diversion": frozenset({1, 2, 3, 4, 6, 7, 8, 22})}
    message = _error("tables:", "outcome_sets:\n  sanction_detection: [1]\n\ntables:")
    assert message == ("plan.yaml:39 outcome_sets: expected a new set name ('sanction_detection' is already "
                       "defined in crimeplan.reference), got 'sanction_detection'")


@pytest.mark.parametrize("text, message", [
    ("", "plan.yaml:1 (top level): expected a mapping with the key 'plan', got an empty file"),
    ("- plan\n", "plan.yaml:1 (top level): expected a mapping with the key 'plan', got a list"),
    ("plan: {}\n", "plan.yaml:1 (top level): expected the key 'outcomes' (required), got only plan"),
    ("plan:\n  id: x\n  bad: [\n", "plan.yaml:4 (YAML): expected valid YAML, got a syntax error: "
                                   "expected the node content, but found '<stream end>'"),
])
def test_malformed_documents(text, message):
    with pytest.raises(PlanError) as err:
        parse_plan(text, "plan.yaml")
    assert str(err.value) == message


# --------------------------------------------------------------------------- the plan's SPC profile

def test_spc_profile_defaults_to_ptd_and_a_plan_may_choose_another(wmp, police_uk):
    assert (wmp.spc_profile, police_uk.spc_profile, parse_plan(GOOD, "plan.yaml").spc_profile) == ("ptd",) * 3
    for profile in ("qic", "mdc2023", "ptd"):
        plan = parse_plan(GOOD + f"\nspc:\n  profile: {profile}\n", "plan.yaml")
        assert plan.spc_profile == profile
    assert parse_plan(GOOD + "\nspc: {}\n", "plan.yaml").spc_profile == "ptd"
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.spc_profile = "qic"  # type: ignore[misc]


@pytest.mark.parametrize("text, message", [
    ("spc:\n  profile: qicharts\n",
     "plan.yaml:45 spc.profile: expected one of ptd, mdc2023, qic, got 'qicharts'"),
    ("spc:\n  profile: QIC\n", "plan.yaml:45 spc.profile: expected one of ptd, mdc2023, qic, got 'QIC'"),
    ("spc:\n  profile: qic\n  limits: 3\n", "plan.yaml:46 spc: expected one of the keys profile, got 'limits'"),
    ("spc: qic\n", "plan.yaml:44 spc: expected a mapping with the key 'profile', got 'qic'"),
])
def test_malformed_spc_profile_names_file_line_and_key(text, message):
    with pytest.raises(PlanError) as err:
        parse_plan(GOOD + "\n" + text, "plan.yaml")
    assert str(err.value) == message
