"""The one declaration of the record and cube tables (crimeplan.store.schema) is the tables as
migrated, on DuckDB and PostgreSQL: names in order, types, nullability and defaults; and its DDL
builds the same table."""

from __future__ import annotations

import pytest

from crimeplan.store import open_store
from crimeplan.store.schema import CRIME_COLUMNS, CRIMES, RECORD_FILE_COLUMNS, TABLES, Table
from tests.conftest import fresh_postgres_url

ENGINE_TYPES = {  # information_schema's name for each declared type
    "duckdb": {"TEXT": "VARCHAR", "INTEGER": "INTEGER", "BIGINT": "BIGINT", "BOOLEAN": "BOOLEAN", "DATE": "DATE",
               "DOUBLE PRECISION": "DOUBLE"},
    "postgres": {"TEXT": "text", "INTEGER": "integer", "BIGINT": "bigint", "BOOLEAN": "boolean", "DATE": "date",
                 "DOUBLE PRECISION": "double precision"},
}
COLUMNS = """SELECT column_name, data_type, is_nullable, column_default IS NOT NULL FROM information_schema.columns
    WHERE table_name = :table AND table_schema = current_schema() ORDER BY ordinal_position"""


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def migrated(request, tmp_path):
    store = open_store(str(tmp_path / "s.duckdb") if request.param == "duckdb" else fresh_postgres_url())
    yield request.param, store
    store.close()


def _declared(table: Table, engine: str) -> list[tuple]:
    return [(c.name, ENGINE_TYPES[engine][c.type], "YES" if c.nullable else "NO", c.default is not None)
            for c in table.columns]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_the_declaration_is_the_migrated_table(migrated, table):
    engine, store = migrated
    assert [tuple(r) for r in store.fetchall(COLUMNS, {"table": table.name})] == _declared(table, engine)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_the_declared_ddl_builds_the_same_table(migrated, table):
    engine, store = migrated
    copy = f"copy_of_{table.name}"
    store.execute(table.ddl(copy))
    assert store.fetchall(COLUMNS, {"table": copy}) == store.fetchall(COLUMNS, {"table": table.name})


def test_loaders_write_every_record_column_but_the_reloads():
    assert CRIME_COLUMNS == tuple(c for c in CRIMES.names() if c != "superseded_by")
    assert set(RECORD_FILE_COLUMNS) == set(CRIME_COLUMNS) - {"month", "load_id"}


def test_the_schemas_derived_agree_with_the_declaration():
    arrow = CRIMES.arrow_schema()
    ibis_types = CRIMES.ibis_types()
    assert arrow.names == list(CRIMES.names()) == list(ibis_types)
    assert [str(arrow.field(n).type) for n in ("recorded_date", "outcome_type", "domestic")] == \
        ["date32[day]", "int32", "bool"]
    assert (ibis_types["force"], ibis_types["crime_id"], ibis_types["load_id"]) == ("!string", "string", "!int32")
