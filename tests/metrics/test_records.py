"""The facts metrics count: the cube now, and the records "as at" a past load (a reload supersedes
rows without losing them)."""

from __future__ import annotations

from crimeplan.loads import ingest_police_uk
from crimeplan.metrics import records
from tests.conftest import CITY_2017, CITY_2022, require_real_data
from tests.ingest.helpers import count_csvs


def test_as_at_a_past_load_gives_the_data_as_it_stood(store):
    require_real_data()
    month = "2017-01-city-of-london-street.csv"
    ingest_police_uk(store, [CITY_2017 / month])
    first_load = store.latest_load_id()
    ingest_police_uk(store, [CITY_2022 / month])
    earlier = count_csvs([CITY_2017 / month], "x")["2017-01"]
    later = count_csvs([CITY_2022 / month], "x")["2017-01"]
    assert earlier["crimes"] + earlier["asb"] == 483 and later["crimes"] + later["asb"] == 492
    ibis = store.ibis()
    assert ibis.execute(records.table(store, "crimes").n.sum()) == later["crimes"]  # the cube, now
    assert ibis.execute(records.table(store, "crimes", first_load).n.sum()) == earlier["crimes"]
    assert ibis.execute(records.table(store, "asb", first_load).n.sum()) == earlier["asb"]
    assert ibis.execute(records.table(store, "asb").n.sum()) == later["asb"]
    assert store.count("crimes") == earlier["crimes"] + later["crimes"]  # nothing was deleted
    assert store.count_current("crimes") == later["crimes"]
