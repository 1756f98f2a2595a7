"""Coverage before figures: a figure whose months are not all loaded says "insufficient data" instead
of a number; a zero month amid published data is a possible gap, out of the SPC limits and never a
signal; the demo's months are all loaded, so its figures stay the board paper's."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from crimeplan import spc
from crimeplan.loads import ingest_police_uk
from crimeplan.metrics.areas import resolve_area
from crimeplan.metrics.milestones import milestone_table
from crimeplan.metrics.outcomes import outcome_table
from crimeplan.metrics.plan_fit import default_plan
from crimeplan.metrics.series import rate_series
from crimeplan.periods import month_starts
from crimeplan.plan import load_plan
from crimeplan.render import tables
from crimeplan.store import open_store
from tests.conftest import CITY_2022, MULTI, REAL, copy_store, require_real_data

STAFFS = date(2019, 3, 1)
NULL_WHEN_INCOMPLETE = ("difference", "performance", "variance", "target", "assurance", "projection")


@pytest.fixture(scope="module")
def staffordshire(tmp_path_factory):
    """Only Oct 2018 – Feb 2019 of Staffordshire (the issue's example)."""
    require_real_data()
    store = open_store(str(tmp_path_factory.mktemp("staffs") / "s.duckdb"))
    ingest_police_uk(store, sorted(MULTI.glob("*/*-staffordshire-street.csv*")))
    yield store
    store.close()


def test_staffordshire_with_five_months_says_insufficient_data(staffordshire):
    plan = load_plan("police-uk")
    result = milestone_table(staffordshire, plan, STAFFS, resolve_area(staffordshire, "force:staffordshire"))
    expected_missing = [m.isoformat()[:7] for m in month_starts(date(2017, 4, 1), date(2018, 2, 1))
                        + month_starts(date(2018, 4, 1), date(2018, 9, 1))]
    assert result.rows
    for row in result.rows:
        assert row.complete is False
        assert list(row.missing_months) == expected_missing
        assert all(getattr(row, name) is None for name in NULL_WHEN_INCOMPLETE), row
        assert row.baseline is None and row.current is None  # neither window is whole
        assert row.coverage_note == ("insufficient data: 5 of 22 months loaded (2017/18 not loaded; "
                                     "2018/19 missing Apr 2018 – Sep 2018)")
        assert row.narrative == ("Insufficient data: 5 of 22 months loaded (2017/18 not loaded; "
                                 "2018/19 missing Apr 2018 – Sep 2018).",)
        data = row.to_dict()
        assert data["complete"] is False and data["missing_months"] == expected_missing
        assert data["variance"] is None and data["projection"] is None
    text = tables.to_text(tables.milestone_table(result))
    assert "insufficient data: 5 of 22 months loaded (2017/18 not loaded" in text
    assert "34,604" not in text and "outside last year's process limits" not in str(result.to_dict())
    assert result.data_notice is None  # February 2019 is loaded: the briefing date is not after the data


def test_staffordshire_outcomes_insufficient_and_briefing_after_the_data(staffordshire):
    plan = load_plan("police-uk")
    area = resolve_area(staffordshire, "force:staffordshire")
    outcomes = outcome_table(staffordshire, plan, STAFFS, area)
    assert all(r.complete is False and r.rate is None and r.recorded is None for r in outcomes.rows)
    assert outcomes.rows[0].coverage_note == "insufficient data: 5 of 11 months loaded (2018/19 missing Apr 2018 – " \
                                             "Sep 2018)"
    later = milestone_table(staffordshire, plan, date(2019, 6, 1), area)
    assert later.data_notice == ("briefing date 1 June 2019 is after the data: the latest month loaded for "
                                 "Staffordshire Police is February 2019")
    assert "2019-05" in later.rows[0].missing_months and later.to_dict()["data_end"] == "2019-02"


def test_a_complete_year_has_the_right_months_remaining(staffordshire):
    """Rolling 12 months to February 2019 needs March 2018 on: incomplete; the months of the
    window named exactly."""
    plan = load_plan("police-uk")
    result = milestone_table(staffordshire, plan, STAFFS, resolve_area(staffordshire, "force:staffordshire"),
                             view="rolling12")
    assert result.rows[0].missing_months[0] == "2017-03" and "2018-10" not in result.rows[0].missing_months


def test_default_plan_follows_the_data(staffordshire, tmp_path):
    assert default_plan(staffordshire) == "police-uk"
    assert default_plan(staffordshire, "force:staffordshire") == "police-uk"
    demo = open_store(str(tmp_path / "demo.duckdb"))
    try:
        assert default_plan(demo) == "wmp-2013-14"  # nothing loaded: the shipped default
    finally:
        demo.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_file):
    store = open_store(copy_store(demo_file, tmp_path_factory.mktemp("demo")))
    yield store
    store.close()


def test_every_demo_row_is_complete_and_keeps_the_papers_figures(demo):
    plan = load_plan("wmp-2013-14")
    result = milestone_table(demo, plan, date(2014, 4, 1), resolve_area(demo, None, plan.force))
    assert [(r.title, r.baseline, r.current, r.variance) for r in result.rows][0] == \
        ("Reduce Total Recorded Crime", 170635, 174526, 12423)  # the board paper, paragraph 70
    for row in result.rows:
        assert row.complete and row.missing_months == () and row.coverage_note is None
        assert row.possible_gaps == ()
        assert row.projection is not None and row.projection["months_remaining"] == 0  # the year has ended
    assert result.coverage is not None and result.coverage.data_end == date(2014, 3, 1)
    assert default_plan(demo) == "wmp-2013-14"
    partway = milestone_table(demo, plan, date(2013, 10, 15), resolve_area(demo, None, plan.force))
    assert {r.projection["months_remaining"] for r in partway.rows if r.projection} == {6}  # Apr–Sep done
    outcomes = outcome_table(demo, plan, date(2014, 4, 1), resolve_area(demo, None, plan.force))
    assert all(r.complete and r.outcomes_published and r.rate is not None for r in outcomes.rows)


@pytest.fixture(scope="module")
def city(tmp_path_factory, city_file):
    store = open_store(copy_store(city_file, tmp_path_factory.mktemp("city"), "c.duckdb"))
    yield store
    store.close()


def _rows_of(month: str) -> dict[str, int]:
    """Rows of City of London's street file for ``month`` by kind, counted with the csv module."""
    counts = {"asb": 0, "crimes": 0}
    with open(CITY_2022 / f"{month}-city-of-london-street.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            counts["asb" if row["Crime type"] == "Anti-social behaviour" else "crimes"] += 1
    return counts


def test_a_zero_month_amid_published_data_is_a_possible_gap_not_a_signal(city):
    assert _rows_of("2017-05") == {"asb": 0, "crimes": _rows_of("2017-05")["crimes"]}
    assert _rows_of("2017-05")["crimes"] > 400 and _rows_of("2017-04")["asb"] > 50
    plan = load_plan("police-uk")
    result = milestone_table(city, plan, date(2019, 4, 1), resolve_area(city, "force:city-of-london"))
    asb = next(r for r in result.rows if r.measure == "asb")
    assert asb.complete and asb.possible_gaps == ("2017-05",)
    assert any("May 2017 was counted as 0" in s and "not a signal" in s for s in asb.narrative)
    series = result.series["asb"]
    assert series.possible_gaps == (date(2017, 5, 1),)
    assert len(series.months) == 24 and series.months[:2] == (date(2017, 4, 1), date(2017, 5, 1))
    gap = series.months.index(date(2017, 5, 1))
    assert series.values[gap] == 0 and series.values[gap - 1] == _rows_of("2017-04")["asb"]
    point = series.spc.points[gap]  # on the chart, excluded from the limits, not judged
    assert point.excluded and point.rule is None and point.direction is None and point.point_type == "possible_gap"
    assert [p.index for p in series.spc.points if p.excluded] == [gap]
    assert series.spc.groups[-1].excluded == (gap,)
    others = [v for i, v in enumerate(series.values) if i != gap]
    group = series.spc.groups[-1]
    assert group.mean == pytest.approx(sum(others) / 23)  # the mean of the 23 published months
    alone = spc.analyse(others, improvement_direction="decrease")  # the limits as if the month were not there
    assert (group.lpl, group.upl) == pytest.approx((alone.groups[0].lpl, alone.groups[0].upl))
    assert point.value < group.lpl  # judged against the limits, it would be "special cause improvement"
    assert all(p.point_type != "special_cause_improvement" or p.value != 0 for p in series.spc.points)
    assert series.to_dict()["spc"]["points"][gap]["point_type"] == "possible_gap"
    text = spc.spc_chart_text(series.spc, list(series.months), "ASB")
    assert "Possible gap in the data: May 2017 (0), plotted but left out of the mean and limits and not " \
           "judged, so not a signal." in text
    assert "May 2017 (0):" not in text  # not among the signals
    other = next(r for r in result.rows if r.measure == "all_crime")
    assert other.possible_gaps == () and len(result.series["all_crime"].months) == 24
    assert not any(p.excluded for p in result.series["all_crime"].spc.points)


def test_a_plan_with_the_qic_profile_gives_qic_limits(city, tmp_path):
    """A plan's ``spc: {profile: qic}`` reaches every chart computed for it: I-chart limits at
    3/1.128 times the average moving range instead of 2.66; the shipped plan stays on ptd."""
    from crimeplan.spc import constants

    path = tmp_path / "plan.yaml"
    shipped = Path(load_plan("police-uk").source_path).read_text(encoding="utf-8")
    path.write_text(shipped + "\nspc:\n  profile: qic\n", encoding="utf-8")
    qic, ptd = load_plan(str(path)), load_plan("police-uk")
    assert (qic.spc_profile, ptd.spc_profile) == ("qic", "ptd")
    area = resolve_area(city, "force:city-of-london")
    charts = {name: milestone_table(city, plan, date(2019, 4, 1), area).series["all_crime"]
              for name, plan in (("qic", qic), ("ptd", ptd))}
    for name, multiplier in (("qic", constants.QIC_LIMIT_MULTIPLIER), ("ptd", constants.PROCESS_LIMIT_MULTIPLIER)):
        result = charts[name].spc
        group = result.groups[-1]
        assert result.options.profile == name and result.to_dict()["profile"] == name
        assert group.upl == pytest.approx(group.mean + multiplier * group.amr, rel=1e-12)
        assert group.lpl == pytest.approx(group.mean - multiplier * group.amr, rel=1e-12)
    assert charts["qic"].values == charts["ptd"].values
    assert charts["qic"].spc.groups[-1].upl < charts["ptd"].spc.groups[-1].upl  # 2.6596 < 2.66
    rates = rate_series(city, qic, list(qic.rates), area, date(2019, 3, 1))
    assert rates and {r.spc.options.profile for r in rates.values()} == {"qic"}  # the rate charts too
    assert all(p.rule in (None, "outside_limits") for r in rates.values() for p in r.spc.points)  # qic's one rule


def test_a_force_without_outcomes_says_so_instead_of_0_percent(tmp_path):
    """British Transport Police publishes no "Last outcome category": its rates are not 0 %."""
    from crimeplan.metrics.outcomes import with_coverage
    from crimeplan.metrics.published import outcomes_published
    from crimeplan.metrics.results import Coverage

    require_real_data()
    store = open_store(str(tmp_path / "btp.duckdb"))
    try:
        ingest_police_uk(store, [REAL / "policeuk_all-forces_street_2018-12" / "2018-12-btp-street.csv.gz"])
        assert outcomes_published(store, "btp", (date(2018, 12, 1),)) is False
        result = outcome_table(store, load_plan("police-uk"), date(2019, 1, 1), resolve_area(store, "force:btp"))
        assert result.rows and all(r.complete is False and r.rate is None for r in result.rows)  # 1 of 9 months
        # with every month loaded, the rows would still carry no rate: the force publishes none
        december = Coverage(windows=(("Dec 2018", (date(2018, 12, 1),)),), missing=(), forces=("btp",))
        raw = outcome_table(store, load_plan("police-uk"), date(2019, 1, 1), resolve_area(store, "force:btp"),
                            view="rolling12").rows[0]
        row = with_coverage(replace(raw, complete=True, recorded=5, detected=0, rate=0.0), december, False)
        assert row.rate is None and row.detected is None and row.recorded == 5
        assert row.coverage_note == "no outcomes published by this force"
        assert row.to_dict()["outcomes_published"] is False
    finally:
        store.close()
