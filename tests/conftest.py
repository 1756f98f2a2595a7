"""Shared fixtures: a store on each engine, the real data folder, the CLI runner."""

from __future__ import annotations

import itertools
import os
import subprocess
from pathlib import Path

import pytest

from crimeplan.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CRIMEPLAN_SHARED", ROOT.parent / "shared")).resolve()
REAL = SHARED / "data" / "real"
CITY = REAL / "policeuk_city-of-london_street_2014-09_to_2021-12"
CITY_2017 = CITY / "from_joshiain-LondonCrimeViz"
CITY_2022 = CITY / "from_pradyutnair-Data-Challenge-2"
MULTI = REAL / "policeuk_multi-force_street_2018-10_to_2019-02"
WEST_YORKSHIRE = REAL / "policeuk_west-yorkshire_street_2016-07_2017-07_2018-07"
LSOA_LOOKUP = REAL / "reference_lsoa-to-force-lookup_census2011-population" / "PoliceforceLSOA.csv"
CENSUS_LSOA = REAL / "reference_lsoa-to-force-lookup_census2011-population" / "census_2011_population_hh.csv"
LAD_LOOKUP = next((REAL / "reference_la-csp-pfa-lookup_force-population_workforce").glob("Local_Authority*.csv"),
                  None) if REAL.exists() else None

_counter = itertools.count()

# The request time limit (crimeplan.portal.limits, 30 s by default) protects a served portal; the
# suite's pages are checked for what they show, whatever the machine's load, so every app and
# `crimeplan serve` started here gets a limit no page reaches. The limit's own tests set theirs.
os.environ.setdefault("CRIMEPLAN_REQUEST_SECONDS", "900")


def _postgres_server() -> str:
    url = os.environ.get("CRIMEPLAN_TEST_PG")
    if url:
        return url
    # Not started by `make test`: start it the same way, so the suite never silently skips it.
    out = subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), "start"], check=True,
                         capture_output=True, text=True)
    url = out.stdout.strip().splitlines()[-1]
    os.environ["CRIMEPLAN_TEST_PG"] = url
    return url


def fresh_postgres_url() -> str:
    """A new, empty database on the test server (one per test, so tests never share state)."""
    import psycopg

    base = _postgres_server()
    name = f"t_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request, tmp_path) -> str:
    if request.param == "duckdb":
        return str(tmp_path / "store.duckdb")
    return fresh_postgres_url()


@pytest.fixture
def store(store_url):
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def duck(tmp_path):
    s = open_store(str(tmp_path / "store.duckdb"))
    yield s
    s.close()


def require_real_data() -> None:
    assert REAL.exists(), f"the real data folder {REAL} is missing (set CRIMEPLAN_SHARED)"
