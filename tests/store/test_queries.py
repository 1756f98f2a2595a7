"""Every statement in crimeplan.store.queries runs on DuckDB and on PostgreSQL, and gives the same
rows on both for the same data: reads are compared row for row, writes must succeed on both (inside
a transaction rolled back, so each statement meets the same data). A statement written for one
engine (a per-dialect variant) runs on that engine only.

Times the store wrote while the data was loaded (load, audit and deliverable times) differ between
the engines, which loaded one after the other: they compare as "written during the load"."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from crimeplan.store import queries
from tests.store.statements import SETUP, engines_of, is_read, params, store_statements

pytestmark = pytest.mark.postgres

STATEMENTS = store_statements()
READS = sorted(name for name, sql in STATEMENTS.items() if is_read(sql))
WRITES = sorted(name for name, sql in STATEMENTS.items() if not is_read(sql))


LOADED_SINCE = datetime.now() - timedelta(days=2)
"""Times after this were written by the loads of tests/store/conftest.py (the data's own times are
years older); store times are naive UTC, hence a margin of days."""

VARY_BY_ENGINE = {
    "cube.LAST_CUBE_BUILDS": "names its engine and the seconds each build took",
    "workflow.LAST_AUDIT_HASH": "a hash over the entries' times",
    "workflow.LIST_AUDIT_CHAIN": "holds the entries' hashes, over their times",
    "portal.STORE_BIRTH": "the store's creation time and its engine's version",
}
"""Reads whose values differ by engine by design: compared by their number of rows only."""


class _RollBack(Exception):
    """Leaves a statement's transaction without a trace."""


def _value(v: object) -> object:
    """A value as both engines should give it: numbers as floats to 9 places, days and times as is."""
    if isinstance(v, datetime) and v > LOADED_SINCE:
        return "<written by the load>"
    if isinstance(v, bool) or v is None or isinstance(v, (str, date, datetime)):
        return v
    if isinstance(v, (int, float, Decimal)):
        f = float(v)
        return None if math.isnan(f) else round(f, 9)
    if isinstance(v, (list, tuple)):
        return tuple(_value(x) for x in v)
    return v


def _rows(store, sql: str) -> list[tuple]:
    rows = [tuple(_value(v) for v in row) for row in store.fetchall(sql, params(sql))]
    ordered = " ORDER BY " in sql.upper().rsplit(")", 1)[-1]
    return rows if ordered else sorted(rows, key=repr)


def _run_and_roll_back(store, name: str, sql: str) -> None:
    with pytest.raises(_RollBack), store.transaction():
        setup = SETUP.get(name.split("[")[0])
        if setup:
            store.execute(getattr(queries, setup))
        store.execute(sql, params(sql, write=True))
        raise _RollBack


def test_the_suite_covers_reads_and_writes():
    assert len(READS) > 50 and len(WRITES) > 30  # a broken discovery would pass every test below


@pytest.mark.parametrize("name", READS)
def test_a_read_gives_the_same_rows_on_both_engines(engines, name):
    sql = STATEMENTS[name]
    results = [_rows(engines[e], sql) for e in engines_of(name)]
    if name in VARY_BY_ENGINE:
        results = [[len(rows)] for rows in results]
    assert all(rows == results[0] for rows in results)


@pytest.mark.parametrize("name", WRITES)
def test_a_write_runs_on_both_engines(engines, name):
    sql = STATEMENTS[name]
    for engine in engines_of(name):
        _run_and_roll_back(engines[engine], name, sql)
