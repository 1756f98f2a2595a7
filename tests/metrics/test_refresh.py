"""refresh_plan: every area at once gives exactly what compute_plan gives one area at a time."""

from __future__ import annotations

from datetime import date

import pytest

from crimeplan.loads.demo import register_demo_changes
from crimeplan.metrics import compute_plan
from crimeplan.metrics.refresh import refresh_plan
from crimeplan.plan import load_plan
from crimeplan.store import open_store
from tests.conftest import copy_store

BRIEFING = date(2014, 4, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_file):
    store = open_store(copy_store(demo_file, tmp_path_factory.mktemp("refresh")))
    register_demo_changes(store)
    yield store
    store.close()


def test_every_area_in_one_pass_equals_compute_plan(demo):
    plan = load_plan("wmp-2013-14")
    figures = refresh_plan(demo, plan, BRIEFING)
    assert len(figures) == 1 + 7 + 10  # the force, its local authorities and its LPUs
    for key in ("force:west-midlands", "la:E08000025", "lpu:WMLPU04"):
        one = compute_plan(plan, demo, BRIEFING, key)
        assert figures[key].milestones == one.milestones.rows, key  # figures, assurance and narrative
        assert [(r.rate, r.recorded, r.detected) for r in figures[key].rates] == \
            [(r.measure, r.recorded, r.detected) for r in one.outcomes.rows], key
        assert {m: s.spc.to_dict() for m, s in figures[key].series.items()} == \
            {m: s.spc.to_dict() for m, s in one.series.items()}, key
    vwi = figures["force:west-midlands"].series["vwi"]
    assert len(vwi.spc.groups) == 2  # the registered change rebases every area's chart alike


def test_police_uk_plan_with_asb_on_real_data(duck):
    from crimeplan.loads import ingest_areas, ingest_police_uk
    from tests.conftest import CITY_2022, LSOA_LOOKUP, require_real_data

    require_real_data()
    ingest_police_uk(duck, [CITY_2022])
    ingest_areas(duck, LSOA_LOOKUP)
    plan = load_plan("police-uk")
    figures = refresh_plan(duck, plan, date(2020, 4, 1))
    force = figures["force:city-of-london"]
    one = compute_plan(plan, duck, date(2020, 4, 1), "force:city-of-london")
    assert force.milestones == one.milestones.rows
    assert [(r.recorded, r.detected) for r in force.rates] == [(r.recorded, r.detected) for r in one.outcomes.rows]
