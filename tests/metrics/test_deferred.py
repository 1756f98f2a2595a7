"""Deferred rate series (the portal's first answers wait only for what the page shows)."""

from __future__ import annotations

from datetime import date

from crimeplan.metrics import compute_plan
from crimeplan.metrics.compute import plan_rate_series
from crimeplan.metrics.results import DeferredSeries
from crimeplan.plan import load_plan


def test_deferred_series_are_computed_once_and_only_when_read():
    calls = []

    def compute():
        calls.append(1)
        return {"charge_rate": "series"}

    deferred = DeferredSeries(compute)
    assert calls == []
    assert deferred.get("charge_rate") == "series" and dict(deferred) == {"charge_rate": "series"}
    assert len(deferred) == 1 and "other" not in deferred and calls == [1]


def test_a_plan_with_deferred_rates_equals_the_plan_computed_at_once(duck):
    from crimeplan.loads import ingest_areas, ingest_police_uk
    from tests.conftest import CITY_2022, LSOA_LOOKUP, require_real_data

    require_real_data()
    ingest_police_uk(duck, [CITY_2022])
    ingest_areas(duck, LSOA_LOOKUP)
    plan, day = load_plan("police-uk"), date(2020, 4, 1)
    asked = []

    def rates(where):
        asked.append(where.key)
        return DeferredSeries(lambda: plan_rate_series(plan, duck, day, where))

    now = compute_plan(plan, duck, day, "force:city-of-london")
    later = compute_plan(plan, duck, day, "force:city-of-london", rates=rates)
    assert asked == ["force:city-of-london"] and isinstance(later.rate_series, DeferredSeries)
    assert now.rate_series and later.to_dict() == now.to_dict()
