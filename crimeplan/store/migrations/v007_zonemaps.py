"""Version 7: on DuckDB, the big tables are found by their zone maps instead of ART indexes.

DuckDB keeps the minimum and maximum of every column for each row group (its zone maps), and the
rows of a load arrive together, so a force-month's rows are found without an index. An ART index
must be held whole in memory and is rewritten at every commit: on 1 M records, committing the
cube's (force, month) index took 0.8 s against 0.04 s without it, and its memory grows with the
records (docs/performance.md). PostgreSQL keeps its B-tree indexes, and gains one on ``load_id``,
which ingest uses to find the rows a load has just appended."""

from crimeplan.store.migrations.base import Migration

_DUCKDB_DROPPED = ("crimes_force_month", "asb_force_month", "outcomes_force_month", "crime_cube_force_month",
                   "asb_cube_force_month", "crime_cell_cube_force_month")

MIGRATION = Migration(7, "zone maps instead of ART indexes on DuckDB's big tables; "
                         "crimes by load on PostgreSQL", (), only=(
    *(("duckdb", f"DROP INDEX IF EXISTS {name}") for name in _DUCKDB_DROPPED),
    ("postgres", "CREATE INDEX crimes_load ON crimes (load_id)"),
))
