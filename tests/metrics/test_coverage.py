"""Coverage before figures: a figure whose months are not all loaded says "insufficient data" instead
of a number; a zero month amid published data is a possible gap, out of the SPC limits and never a
signal; the demo's months are all loaded, so its figures stay the board paper's."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date

import pytest

from crimeplan.ingest.areas import ingest_areas
from crimeplan.ingest.demo import load_demo
from crimeplan.ingest.police_uk import ingest_police_uk
from crimeplan.metrics.areas import resolve_area
from crimeplan.metrics.coverage import default_plan
from crimeplan.metrics.milestones import milestone_table
from crimeplan.metrics.outcomes import outcome_table
from crimeplan.periods import month_starts
from crimeplan.plan import load_plan
from crimeplan.render import tables
from crimeplan.store import open_store
from tests.conftest import CITY_2022, LSOA_LOOKUP, MULTI, REAL, require_real_data

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
def demo(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("demo") / "demo.duckdb"))
    load_demo(store)
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
def city(tmp_path_factory):
    require_real_data()
    store = open_store(str(tmp_path_factory.mktemp("city") / "c.duckdb"))
    ingest_police_uk(store, [CITY_2022])
    ingest_areas(store, LSOA_LOOKUP)
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
    assert date(2017, 5, 1) not in series.months and len(series.months) == 23
    assert 0 not in series.values  # out of the limits: the mean is that of the 23 published months
    assert series.spc.groups[-1].mean == pytest.approx(sum(series.values) / len(series.values))
    assert all(p.value != 0 for p in series.spc.points)  # so never "special cause improvement"
    other = next(r for r in result.rows if r.measure == "all_crime")
    assert other.possible_gaps == () and len(result.series["all_crime"].months) == 24


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
