"""Shared fixtures: a store on each engine, the real data folder, the CLI runner, and the demo store
built once per test run and copied by each module that needs it."""

from __future__ import annotations

import atexit
import fcntl
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from crimeplan.loads import ingest_areas, ingest_police_uk
from crimeplan.loads.demo import load_demo
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

# Read commands keep their results between processes (crimeplan.commands.stored_results), by
# default under the user's cache folder: each test process keeps them in a folder of its own,
# removed when it ends, so that no run reads what another left.
_RESULTS = tempfile.mkdtemp(prefix="crimeplan-results-")
os.environ["CRIMEPLAN_RESULTS_CACHE"] = _RESULTS
atexit.register(shutil.rmtree, _RESULTS, True)


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


_TEST_DATABASE_PREFIX = "t_"
_created_databases: list[str] = []


def fresh_postgres_url() -> str:
    """A new, empty database on the test server (one per test, so tests never share state). Each
    process drops the databases it made when it exits, and the first call drops those left by
    processes that died, so a reused server's data folder does not grow with every run."""
    import psycopg

    base = _postgres_server()
    if not _created_databases:
        _drop_databases(base, _orphaned_databases(base))
        atexit.register(_drop_databases, base, _created_databases)
    name = f"{_TEST_DATABASE_PREFIX}{os.getpid()}_{next(_counter)}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    _created_databases.append(name)
    return base.rsplit("/", 1)[0] + "/" + name


def _orphaned_databases(base: str) -> list[str]:
    """Test databases whose making process is no longer running."""
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", (_TEST_DATABASE_PREFIX + "%",))]
    return [n for n in names if not _process_alive(n.removeprefix(_TEST_DATABASE_PREFIX).split("_")[0])]


def _process_alive(pid: str) -> bool:
    if not pid.isdigit():
        return True  # not one of ours: leave it
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _drop_databases(base: str, names: list[str]) -> None:
    import psycopg

    if not names:
        return
    with psycopg.connect(base, autocommit=True) as conn:
        for name in names:
            try:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except psycopg.Error:
                pass  # still in use by a session this role cannot end: the next run's sweep drops it


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


def built_once(tmp_path_factory, name: str, build: Callable[[str], None]) -> Path:
    """A DuckDB store file that ``build(path)`` makes once per test run, by whichever xdist worker asks
    first (the others wait on a lock file in the run's temporary folder, which all workers share).
    Copy it (``copy_store``), never open it in place: DuckDB lets one process at a time open a file."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    target = root / f"{name}.duckdb"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the lock file closes
        if not target.exists():
            partial = root / f"{name}.building.duckdb"
            partial.unlink(missing_ok=True)
            build(str(partial))
            assert not Path(f"{partial}.wal").exists(), f"{partial} was left open: its copies would miss data"
            partial.rename(target)
    return target


def copy_store(source: Path, folder: Path, name: str = "demo.duckdb") -> str:
    """A private copy of a closed DuckDB store file, as a path to open."""
    dest = folder / name
    shutil.copyfile(source, dest)
    return str(dest)


def _build_demo(path: str) -> None:
    with open_store(path) as s:
        load_demo(s)


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo force as ``load_demo`` leaves a new store: built once per run (about 4 s idle), for
    ``copy_store``."""
    return built_once(tmp_path_factory, "demo", _build_demo)


def _build_city(path: str) -> None:
    require_real_data()
    with open_store(path) as s:
        ingest_police_uk(s, [CITY_2022])
        ingest_areas(s, LSOA_LOOKUP)


@pytest.fixture(scope="session")
def city_file(tmp_path_factory) -> Path:
    """City of London's later download (CITY_2022, 61 months) and the LSOA lookup, loaded in that order:
    built once per run, for ``copy_store``."""
    return built_once(tmp_path_factory, "city-2022", _build_city)
