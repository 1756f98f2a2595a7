"""The portal service's cached results on a real store of two forces (the demo's West Midlands and
real City of London months): a load or register change makes only the results it changes cold, and
the background warm-up recomputes the most requested ones before anyone asks again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crimeplan.loads import ingest_police_uk
from crimeplan.portal.params import parse_query
from crimeplan.portal.service import PortalService, PortalSettings
from crimeplan.register import add_change
from crimeplan.store import open_store
from tests.conftest import CITY_2017, built_once, copy_store, require_real_data

CITY_MONTHS = 13        # 2014-09 .. 2015-09 in the store; the next month is loaded by the tests
WM = {"area": "force:west-midlands", "briefing_date": "2014-04-01"}
CITY = {"area": "force:city-of-london", "briefing_date": "2015-10-01"}


def city_month(n: int) -> str:
    return str(sorted(CITY_2017.glob("*-street.csv"))[n])


def _build_two_forces(demo_file: Path, path: str) -> None:
    Path(path).write_bytes(demo_file.read_bytes())
    with open_store(path) as store:
        ingest_police_uk(store, [city_month(n) for n in range(CITY_MONTHS)])


@pytest.fixture(scope="module")
def two_forces(tmp_path_factory, demo_file) -> Path:
    require_real_data()
    return built_once(tmp_path_factory, "two-forces", lambda path: _build_two_forces(demo_file, path))


@pytest.fixture
def service(two_forces, tmp_path, request):
    warm = getattr(request, "param", False)
    path = copy_store(two_forces, tmp_path, "two.duckdb")
    svc = PortalService(PortalSettings(db=path, warm_up=warm))
    writer = open_store(path)   # another connection, as the CLI's or another worker's
    yield svc, writer
    writer.close()
    svc.close()


def results(svc: PortalService, params: dict) -> tuple:
    """The results the area page of ``params`` asks for (the plan result and one period count)."""
    q = parse_query(params, svc)
    return (svc.plan_result(q.plan, q.briefing_date, q.area, q.view),
            svc.period_counts(q.plan, tuple(q.plan.measures)[:1], q.briefing_date, q.area, q.view))


def test_a_load_of_one_force_leaves_the_other_forces_results_cached(service):
    svc, writer = service
    results(svc, WM), results(svc, CITY)
    misses = svc.cache.misses
    results(svc, WM), results(svc, CITY)
    assert svc.cache.misses == misses   # all cached

    before = svc.data_version()
    ingest_police_uk(writer, [city_month(CITY_MONTHS)])
    assert svc.data_version().load == before.load + 1
    svc.catalogue()   # what is loaded (forces, months, areas): read again once per load, whatever its force
    misses = svc.cache.misses
    results(svc, WM)
    assert svc.cache.misses == misses       # West Midlands: nothing recomputed after City's load
    results(svc, CITY)
    assert svc.cache.misses == misses + 2   # City of London's plan result and counts recomputed


def test_a_load_for_no_force_makes_every_forces_results_cold(service):
    """An area lookup or population (no force) can change any force's figures."""
    from crimeplan.store import LoadRecord

    svc, writer = service
    results(svc, WM), results(svc, CITY)
    writer.record_load(writer.new_load_id(), LoadRecord("population", "national.csv", "abc", None, (), 0, 0, 0, 0, {}))
    svc.catalogue()
    misses = svc.cache.misses
    results(svc, WM), results(svc, CITY)
    assert svc.cache.misses == misses + 4


def test_a_register_change_makes_cold_only_its_forces_and_measures_results(service):
    svc, writer = service
    wm = parse_query(WM, svc)
    result = svc.plan_result(wm.plan, wm.briefing_date, wm.area, wm.view)
    # two measures with no milestone: their series are cached on their own, not with the plan result
    loose, other = [m for m in wm.plan.measures if m not in result.series and m not in result.rate_series][:2]
    series = {m: svc.measure_series(wm.plan, m, wm.briefing_date, wm.area, wm.view) for m in (loose, other)}
    results(svc, WM), results(svc, CITY)
    misses = svc.cache.misses

    add_change(writer, measure="vwi", area=wm.area.key, month=date(2013, 6, 1), reason="Service cache test",
               created_by="test")
    results(svc, CITY)
    assert svc.cache.misses == misses       # City of London's results: still cached
    changed, _ = results(svc, WM)
    assert svc.cache.misses == misses + 1   # West Midlands' plan result (its counts have no SPC: kept)
    assert (date(2013, 6, 1), "Service cache test") in changed.series["vwi"].annotations
    assert svc.measure_series(wm.plan, loose, wm.briefing_date, wm.area, wm.view) is series[loose]
    assert svc.cache.misses == misses + 1   # another measure's own series: kept

    add_change(writer, measure=loose, area="*", month=date(2013, 6, 1), reason="Every area", created_by="test")
    assert svc.measure_series(wm.plan, other, wm.briefing_date, wm.area, wm.view) is series[other]
    assert svc.cache.misses == misses + 2   # the plan result again (a change in every area) ...
    assert svc.measure_series(wm.plan, loose, wm.briefing_date, wm.area, wm.view) is not series[loose]
    assert svc.cache.misses == misses + 3   # ... and the changed measure's series, not the other's


@pytest.mark.parametrize("service", [True], indirect=True)
def test_after_a_load_the_warm_up_recomputes_the_most_requested_results_before_anyone_asks(service):
    svc, writer = service
    for _ in range(3):
        results(svc, CITY)
    results(svc, WM)
    assert svc.warmup.runs == 0   # no change yet: nothing warmed

    ingest_police_uk(writer, [city_month(CITY_MONTHS)])
    svc.data_version()   # the next request's version read notices the load ...
    assert svc.warmup.wait_idle(120) and svc.warmup.runs == 1   # ... and the warm-up ran once
    misses = svc.cache.misses
    q = parse_query(CITY, svc)
    svc.plan_result(q.plan, q.briefing_date, q.area, q.view)
    assert svc.cache.misses == misses   # City's most requested result was ready: no visitor waited

    svc.close()
    assert not svc.warmup._thread.is_alive()   # noqa: SLF001 - the thread ends with the service


@pytest.mark.parametrize("service", [True], indirect=True)
def test_a_load_by_another_connection_is_warmed_up_without_any_request(service):
    """While idle the warm-up thread reads the version itself (every ``warmup.POLL_SECONDS``)."""
    svc, writer = service
    results(svc, CITY)
    ingest_police_uk(writer, [city_month(CITY_MONTHS)])   # no request after this
    assert svc.warmup.wait_runs(1, 120)
    misses = svc.cache.misses
    q = parse_query(CITY, svc)
    svc.plan_result(q.plan, q.briefing_date, q.area, q.view)
    assert svc.cache.misses == misses   # City's plan result was ready before anyone asked


def test_the_warm_up_is_off_unless_asked_for(service):
    svc, writer = service
    results(svc, CITY)
    ingest_police_uk(writer, [city_month(CITY_MONTHS)])
    svc.data_version()
    assert svc.warmup.wait_idle(5) and svc.warmup.runs == 0 and svc.warmup._thread is None  # noqa: SLF001


def test_the_version_read_tells_each_forces_loads_apart(store_url):
    """One query per request, on DuckDB and PostgreSQL: a load changes its forces' part of the version
    (a records file names several, joined by commas), a load of no force changes every force's."""
    from crimeplan.store import LoadRecord

    svc = PortalService(PortalSettings(db=store_url))
    store = svc.store

    def load(force: str | None) -> None:
        store.record_load(store.new_load_id(), LoadRecord("police-uk", "t.csv", "abc", force, (), 0, 0, 0, 0, {}))

    def parts() -> dict[str, tuple]:
        version = svc.data_version()
        return {f: version.figures_for(f, {}) for f in ("city-of-london", "west-midlands")}

    try:
        load("city-of-london"), load("west-midlands")
        reads, first = svc.version_reads, parts()
        assert svc.version_reads == reads + 1
        load("city-of-london")
        second = parts()
        assert second["west-midlands"] == first["west-midlands"] and second["city-of-london"] != first["city-of-london"]
        load("west-midlands,city-of-london")
        third = parts()
        assert all(third[f] != second[f] for f in third)
        load(None)
        assert all(parts()[f] != third[f] for f in third)
        assert (svc.data_version().load, svc.data_version().loads) == (5, 5)
    finally:
        svc.close()
