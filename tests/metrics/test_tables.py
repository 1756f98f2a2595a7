"""The milestone and outcome tables: the board paper's figures from the demo force, on both stores,
and year-to-date counts on the real City of London data checked against the CSVs."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from crimeplan.loads import ingest_areas, ingest_police_uk
from crimeplan.loads.demo import load_demo
from crimeplan.metrics.areas import NO_LOCATION, resolve_area
from crimeplan.metrics.milestones import milestone_table, milestone_target
from crimeplan.metrics.outcomes import outcome_table
from crimeplan.plan import load_plan
from crimeplan.render import tables
from crimeplan.store import open_store
from tests.conftest import CITY_2017, CITY_2022, LSOA_LOOKUP, copy_store, fresh_postgres_url, require_real_data
from tests.ingest.helpers import open_text, street_files

BRIEFING = date(2014, 4, 1)
PAPER_MILESTONES = [  # the board paper, paragraph 70
    ("Reduce Total Recorded Crime", 170635, 174526, 3891, -0.05, 12423, "2.3 %"),
    ("Reduce Burglary Dwelling", 13559, 12721, -838, -0.08, 247, "-6.2 %"),
    ("Reduce Violence With Injury", 17841, 19393, 1552, -0.08, 2980, "8.7 %"),
    ("Reduce Business Crime", 34297, 35813, 1516, -0.06, 3574, "4.4 %"),
]
PAPER_DETECTIONS = [  # the board paper, "Being Productive And Efficient"
    ("Detect Burglary Dwelling", 12721, 1632, "12.8 %"), ("Detect Most Serious Violence", 2690, 1216, "45.2 %"),
    ("Detect Robbery", 5372, 1264, "23.5 %"), ("Detect Vehicle Crime", 22369, 1832, "8.2 %"),
    ("Detect Serious Sexual Offences", 2385, 692, "29.0 %"), ("Detect Hate Crime", 2858, 1083, "37.9 %"),
]


@pytest.fixture(scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def demo_store(request, tmp_path_factory, demo_file):
    if request.param == "duckdb":
        store = open_store(copy_store(demo_file, tmp_path_factory.mktemp("demo")))
    else:
        store = open_store(fresh_postgres_url())
        load_demo(store)
    yield store
    store.close()


def test_the_papers_milestone_table_from_the_demo_force(demo_store):
    plan = load_plan("wmp-2013-14")
    result = milestone_table(demo_store, plan, BRIEFING, resolve_area(demo_store, None, plan.force))
    assert (result.current_period.start, result.current_period.end) == (date(2013, 4, 1), date(2014, 3, 31))
    assert (result.baseline_period.start, result.baseline_period.end) == (date(2012, 4, 1), date(2013, 3, 31))
    got = [(r.title, r.baseline, r.current, r.difference, r.milestone, r.variance) for r in result.rows]
    assert got == [row[:6] for row in PAPER_MILESTONES]
    grid = tables.milestone_table(result)
    assert [r[5] for r in grid.rows] == [row[6] for row in PAPER_MILESTONES]
    assert grid.headings[1:3] == ("2012/13", "2013/14")
    assert result.rows[0].performance == pytest.approx(3891 / 170635)
    data = result.to_dict()
    assert set(data) >= {"plan", "briefing_date", "area", "current_period", "baseline_period", "rows"}
    assert data["rows"][0]["target"] == 162103 and data["rows"][0]["milestone"] == -0.05


def test_the_papers_detection_table_and_breakdowns_add_up(demo_store):
    plan = load_plan("wmp-2013-14")
    result = outcome_table(demo_store, plan, BRIEFING, resolve_area(demo_store, None, plan.force))
    got = [(r.title, r.recorded, r.detected) for r in result.rows]
    assert got == [row[:3] for row in PAPER_DETECTIONS]
    assert [r[4] for r in tables.outcome_table(result).rows] == [row[3] for row in PAPER_DETECTIONS]
    for row in result.rows:
        assert sum(a.recorded for a in row.by_area) == row.recorded
        assert sum(a.detected for a in row.by_area) == row.detected
        assert len([a for a in row.by_area if a.area != NO_LOCATION]) == 7  # the seven local authorities
        assert sum(int(k) in {1, 2, 3, 4, 6, 7} and v or 0 for k, v in row.by_outcome_type.items()) == row.detected
        assert row.cohort.recorded == row.recorded and row.cohort.open >= 0


def test_change_area_to_an_lpu_and_its_table_is_smaller(demo_store):
    plan = load_plan("wmp-2013-14")
    force = resolve_area(demo_store, None, plan.force)
    lpu = next(a for a in outcome_table(demo_store, plan, BRIEFING, force, "lpu").rows[0].by_area
               if a.area != NO_LOCATION)
    area = resolve_area(demo_store, f"lpu:{lpu.area}")
    result = outcome_table(demo_store, plan, BRIEFING, area)
    assert result.rows[0].recorded == lpu.recorded
    assert 0 < milestone_table(demo_store, plan, BRIEFING, area).rows[0].current < 174526


def test_milestone_target_is_floored_as_in_the_paper():
    from fractions import Fraction
    assert milestone_target(170635, Fraction(-5, 100)) == 162103
    assert milestone_target(13559, Fraction(-8, 100)) == 12474  # 12,721 - 247
    assert milestone_target(100, Fraction(-5, 100)) == 95


def _csv_counts(paths, start: str, end: str, types: set[str] | None) -> int:
    total = 0
    for path in paths:
        with open_text(path) as handle:
            for row in csv.DictReader(handle):
                if start <= row["Month"] <= end and row["Crime type"] != "Anti-social behaviour" and (
                        types is None or row["Crime type"] in types):
                    total += 1
    return total


def test_police_uk_plan_on_city_of_london_matches_the_csvs(duck):
    require_real_data()
    ingest_police_uk(duck, [CITY_2017])
    ingest_police_uk(duck, [CITY_2022])
    ingest_areas(duck, LSOA_LOOKUP)
    plan = load_plan("police-uk")
    area = resolve_area(duck, "force:city-of-london")
    result = milestone_table(duck, plan, date(2019, 4, 1), area)
    files = {p.name: p for p in street_files(CITY_2017)}
    files.update({p.name: p for p in street_files(CITY_2022)})  # the later download wins
    paths = list(files.values())
    rows = {r.measure: r for r in result.rows}
    assert rows["all_crime"].current == _csv_counts(paths, "2018-04", "2019-03", None)
    assert rows["all_crime"].baseline == _csv_counts(paths, "2017-04", "2018-03", None)
    assert rows["burglary"].current == _csv_counts(paths, "2018-04", "2019-03", {"Burglary"})
    asb = sum(1 for p in paths for r in csv.DictReader(open_text(p))
              if "2018-04" <= r["Month"] <= "2019-03" and r["Crime type"] == "Anti-social behaviour")
    assert rows["asb"].current == asb
    outcomes = outcome_table(duck, plan, date(2019, 4, 1), area)
    for row in outcomes.rows:
        assert row.basis == "cohort"
        assert sum(a.recorded for a in row.by_area) == row.recorded
    all_crime = outcomes.rows[0]
    assert any(a.area == NO_LOCATION and a.recorded > 0 for a in all_crime.by_area)
    assert all_crime.recorded == rows["all_crime"].current


def test_every_milestone_carries_assurance_projection_and_narrative(demo_store):
    plan = load_plan("wmp-2013-14")
    result = milestone_table(demo_store, plan, BRIEFING, resolve_area(demo_store, None, plan.force))
    for row in result.rows:
        assert row.assurance["variation"] is not None
        assert row.assurance["target_assurance"] in {"consistent_pass", "consistent_fail", "inconsistent"}
        assert row.projection["verdict"] in {"met_consistently", "met_by_chance", "missed_by_chance",
                                             "not_met_consistently"}
        assert row.projection["target_total"] == row.target
        assert row.narrative and row.narrative[0].startswith(plan.measures[row.measure].title)
    vwi = next(r for r in result.rows if r.measure == "vwi")
    assert vwi.narrative[0] == "Violence With Injury is 8.7 % (1,552 offences) higher than in 2012/13."
    assert "step change up from July 2013" in vwi.narrative[1]
    assert vwi.assurance["variation"] == "concern_high"
    series = result.series["vwi"]
    july = series.months.index(date(2013, 7, 1))
    assert series.spc.points[july].point_type == "special_cause_concern"


def test_compute_plan_bundles_tables_series_and_rates(demo_store):
    from crimeplan.metrics import compute_plan

    plan = load_plan("wmp-2013-14")
    result = compute_plan(plan, demo_store, BRIEFING)
    assert result.milestones.rows[0].current == 174526
    assert [r.detected for r in result.outcomes.rows][0] == 1632
    assert set(result.series) == {"trc", "bdh", "vwi", "business"}
    bdh = result.rate_series["detect_bdh"]
    assert len(bdh.months) == 60 and sum(bdh.denominators[-12:]) == 12721
    assert sum(bdh.numerators[-12:]) == 1632  # outcomes dated in 2013/14
    assert result.data_end == date(2014, 3, 1)


def test_rolling_12_months_view(demo_store):
    plan = load_plan("wmp-2013-14")
    area = resolve_area(demo_store, None, plan.force)
    rolling = milestone_table(demo_store, plan, date(2014, 1, 15), area, view="rolling12", with_spc=False)
    assert (rolling.current_period.start, rolling.current_period.end) == (date(2013, 1, 1), date(2013, 12, 31))
    assert (rolling.baseline_period.start, rolling.baseline_period.end) == (date(2012, 1, 1), date(2012, 12, 31))
    ytd = milestone_table(demo_store, plan, date(2014, 1, 15), area, with_spc=False)
    assert ytd.current_period.start == date(2013, 4, 1) and rolling.rows[0].current != ytd.rows[0].current


def test_the_papers_process_features_show_as_signals(demo_store):
    from crimeplan.metrics.series import monthly_counts
    from crimeplan.spc import suggest_step_changes

    plan = load_plan("wmp-2013-14")
    area = resolve_area(demo_store, None, plan.force)
    result = milestone_table(demo_store, plan, BRIEFING, area)
    bdh = next(r for r in result.rows if r.measure == "bdh")
    assert bdh.narrative[-1].startswith("There is a seasonal pattern: it was above average in October, "
                                        "November, December and January")
    vwi = result.series["vwi"]
    july = vwi.spc.points[vwi.months.index(date(2013, 7, 1))]
    assert july.rule == "outside_limits" and july.direction == "high"  # the spike
    months, values = monthly_counts(demo_store, plan, ["shoplifting"], area, date(2014, 3, 1))
    steps = suggest_step_changes(list(values["shoplifting"]), [m.isoformat() for m in months])
    assert any(str(s.date)[:7] == "2012-11" and s.direction == "up" for s in steps)


def test_rate_series_in_small_areas_where_outcomes_can_outnumber_crimes(demo_store):
    from crimeplan.metrics.areas import children
    from crimeplan.metrics.series import rate_series

    plan = load_plan("wmp-2013-14")
    force = resolve_area(demo_store, None, plan.force)
    ratios = 0
    rates = ("detect_msv", "detect_sso", "detect_hate")
    for la in children(demo_store, force):
        for series in rate_series(demo_store, plan, list(rates), la, date(2014, 3, 1)).values():
            assert series.spc.groups[0].cl is not None
            ratios += sum(n > d for n, d in zip(series.numerators, series.denominators, strict=True))
        assert len(rate_series(demo_store, plan, list(rates), la, date(2014, 3, 1))) == len(rates)
    assert ratios > 0  # the case that a proportion chart would refuse really occurs


def test_the_cube_and_the_records_give_the_same_figures(demo_store):
    """Now is read from the monthly cube; "as at the latest load" from the records themselves."""
    from crimeplan.metrics import compute_plan

    plan = load_plan("wmp-2013-14")
    for area in (None, "la:E08000026"):
        from_cube = compute_plan(plan, demo_store, BRIEFING, area)
        from_records = compute_plan(plan, demo_store, BRIEFING, area, as_at=demo_store.latest_load_id())
        assert from_cube.milestones.to_dict()["rows"] == from_records.milestones.to_dict()["rows"]
        assert from_cube.outcomes.to_dict()["rows"] == from_records.outcomes.to_dict()["rows"]
        assert {k: s.values for k, s in from_cube.rate_series.items()} == \
            {k: s.values for k, s in from_records.rate_series.items()}
