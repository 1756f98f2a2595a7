"""One store per engine, loaded with the same real data (three months of City of London police.uk
files, the LSOA lookup and the shipped plan's deliverables), shared by the store suite."""

from __future__ import annotations

import pytest

from crimeplan.loads import ingest_areas, ingest_police_uk
from crimeplan.plan import load_plan
from crimeplan.store import open_store
from crimeplan.workflow.deliverables import ensure_plan
from tests.conftest import CITY_2022, LSOA_LOOKUP, fresh_postgres_url, require_real_data

MONTHS = ("2017-01", "2017-02", "2017-03")


def _load(url: str):
    require_real_data()
    store = open_store(url)
    ingest_areas(store, LSOA_LOOKUP, loaded_by="setup")
    ingest_police_uk(store, [CITY_2022 / f"{m}-city-of-london-street.csv" for m in MONTHS], loaded_by="setup")
    ensure_plan(store, load_plan("wmp-2013-14"), actor="setup")
    return store


@pytest.fixture(scope="package")
def engines(tmp_path_factory):
    """``{"duckdb": store, "postgres": store}`` holding the same data."""
    stores = {"duckdb": _load(str(tmp_path_factory.mktemp("store") / "store.duckdb")),
              "postgres": _load(fresh_postgres_url())}
    yield stores
    for store in stores.values():
        store.close()
