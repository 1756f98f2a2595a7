"""Statements of the monthly cube: clearing force-months, writing, its build history and status.

The cube's SELECT is not here: it is an Ibis expression (crimeplan.metrics.cube.cube_expr),
compiled for the store's engine and appended to ``INSERT_CRIME_CUBE`` / ``INSERT_ASB_CUBE``.
"""

from __future__ import annotations

from crimeplan.store.schema import ASB_CUBE, CRIME_CELL_CUBE, CRIME_CUBE

CRIME_CUBE_COLUMNS: tuple[str, ...] = CRIME_CUBE.names()
ASB_CUBE_COLUMNS: tuple[str, ...] = ASB_CUBE.names()
CELL_CUBE_COLUMNS: tuple[str, ...] = CRIME_CELL_CUBE.names()

CLEAR_CRIME_CUBE = "DELETE FROM crime_cube"
CLEAR_ASB_CUBE = "DELETE FROM asb_cube"
DELETE_CRIME_CUBE_FORCE_MONTH = "DELETE FROM crime_cube WHERE force = :force AND month = :month"
DELETE_ASB_CUBE_FORCE_MONTH = "DELETE FROM asb_cube WHERE force = :force AND month = :month"
INSERT_CRIME_CUBE = f"INSERT INTO crime_cube ({', '.join(CRIME_CUBE_COLUMNS)}) "
"""Followed by the compiled cube expression (a SELECT of the same columns in the same order)."""
INSERT_ASB_CUBE = f"INSERT INTO asb_cube ({', '.join(ASB_CUBE_COLUMNS)}) "

CLEAR_AREA_CELLS = "DELETE FROM area_cells"
INSERT_AREA_CELLS = "INSERT INTO area_cells (area_code, cell) "
"""Followed by the compiled cells expression (crimeplan.metrics.cube.cells_expr)."""
CLEAR_CELL_CUBE = "DELETE FROM crime_cell_cube"
DELETE_CELL_CUBE_FORCE_MONTH = "DELETE FROM crime_cell_cube WHERE force = :force AND month = :month"
INSERT_CELL_CUBE = f"INSERT INTO crime_cell_cube ({', '.join(CELL_CUBE_COLUMNS)}) "
"""Followed by the compiled cell cube expression (the crime cube summed by cell)."""
CELL_CUBE_OUT_OF_STEP = """SELECT
    (SELECT count(*) FROM (SELECT force, month, sum(n) FROM crime_cube GROUP BY force, month
        EXCEPT SELECT force, month, sum(n) FROM crime_cell_cube GROUP BY force, month) d)
  + (SELECT count(*) FROM (SELECT force, month, sum(n) FROM crime_cell_cube GROUP BY force, month
        EXCEPT SELECT force, month, sum(n) FROM crime_cube GROUP BY force, month) e)"""
"""Force-months whose cell cube totals differ from the crime cube's."""

CUBE_CHECKED = """SELECT count(*) FROM cube_checks
    WHERE load_id = :load_id AND schema_version = :schema_version"""
"""1 when the cube's check on open passed at this load and schema version (the marker), else 0."""
CLEAR_CUBE_CHECKS = "DELETE FROM cube_checks"
MARK_CUBE_CHECKED = """INSERT INTO cube_checks (load_id, schema_version, checked_at)
    VALUES (:load_id, :schema_version, :checked_at)"""

RECORD_CUBE_BUILD = """INSERT INTO cube_builds (built_at, engine, scope, force_months, cube_rows, records, seconds)
    VALUES (:built_at, :engine, :scope, :force_months, :cube_rows, :records, :seconds)"""
LAST_CUBE_BUILDS = """SELECT built_at, engine, scope, force_months, cube_rows, records, seconds
    FROM cube_builds ORDER BY built_at DESC LIMIT 10"""
COUNT_CRIME_CUBE = "SELECT count(*), coalesce(sum(n), 0) FROM crime_cube"
COUNT_ASB_CUBE = "SELECT count(*), coalesce(sum(n), 0) FROM asb_cube"
COUNT_CURRENT_RECORDS = """SELECT (SELECT count(*) FROM crimes WHERE superseded_by IS NULL),
    (SELECT count(*) FROM asb WHERE superseded_by IS NULL)"""
CRIME_CUBE_FORCE_MONTHS = "SELECT DISTINCT force, month FROM crime_cube ORDER BY 1, 2"
CURRENT_RECORDS_BY_FORCE_MONTH = """SELECT force, month, count(*) FROM crimes WHERE superseded_by IS NULL
    GROUP BY force, month ORDER BY 1, 2"""

STALE_FORCE_MONTHS = """WITH r AS (
        SELECT force, month, count(*) AS records FROM crimes WHERE superseded_by IS NULL GROUP BY force, month
        UNION ALL SELECT force, month, 0 AS records FROM crime_cube GROUP BY force, month
    ), rr AS (SELECT force, month, sum(records) AS records FROM r GROUP BY force, month),
    c AS (SELECT force, month, sum(n) AS counted FROM crime_cube GROUP BY force, month),
    a AS (SELECT force, month, count(*) AS records FROM asb WHERE superseded_by IS NULL GROUP BY force, month
        UNION ALL SELECT force, month, 0 AS records FROM asb_cube GROUP BY force, month),
    aa AS (SELECT force, month, sum(records) AS records FROM a GROUP BY force, month),
    ac AS (SELECT force, month, sum(n) AS counted FROM asb_cube GROUP BY force, month)
    SELECT 'crimes' AS kind, rr.force, rr.month, rr.records, coalesce(c.counted, 0) AS counted
        FROM rr LEFT JOIN c ON c.force = rr.force AND c.month = rr.month
        WHERE rr.records <> coalesce(c.counted, 0)
    UNION ALL
    SELECT 'asb', aa.force, aa.month, aa.records, coalesce(ac.counted, 0)
        FROM aa LEFT JOIN ac ON ac.force = aa.force AND ac.month = aa.month
        WHERE aa.records <> coalesce(ac.counted, 0)
    ORDER BY 1, 2, 3"""
"""Force-months whose cube counts differ from their current records (a load the cube has not seen)."""

# -- Benchmark references (crimeplan.bench): hand-written DuckDB, run on a DuckDB file directly.
BENCH_RAW_READ_CSV = """CREATE OR REPLACE TABLE raw AS
    SELECT * FROM read_csv($files, header = true, all_varchar = true)"""
BENCH_RAW_COUNT = "SELECT count(*) FROM raw"
BENCH_AREAS_WITH_RECORDS = "SELECT DISTINCT area_code FROM crime_cube WHERE force = :force AND area_code IS NOT NULL"
"""The small areas of a force that have crimes (the bench asks its first answers of one of them)."""
BENCH_RECORDS_COUNT = "SELECT count(*) FROM crimes WHERE superseded_by IS NULL"
BENCH_REFERENCE_GROUP_BY = """CREATE OR REPLACE TABLE bench_reference AS
    SELECT force, month, area_code, offence_code, category, domestic, business, hate_strands, location_type,
        outcome_type, outcome_label, CAST(date_trunc('month', outcome_date) AS DATE) AS outcome_month,
        count(*) AS n
    FROM crimes WHERE superseded_by IS NULL GROUP BY ALL"""
BENCH_DROP_REFERENCE = "DROP TABLE bench_reference"
# The Spark cube checked against the DuckDB cube row by row, each row by a 64-bit hash of all its
# columns (EXCEPT ALL over the 13 columns of 21 M rows took five minutes at 50 M records; over one
# hash, seconds). A differing row goes unseen only if its hash equals another row's (odds ~1e-5).
_CUBE_ROW_HASH = f"hash({', '.join(CRIME_CUBE_COLUMNS)}) AS h"
BENCH_KEEP_CUBE = f"CREATE TABLE bench_kept_cube AS SELECT {_CUBE_ROW_HASH} FROM crime_cube"
BENCH_CUBE_DIFFERENCES = f"""WITH now AS (SELECT {_CUBE_ROW_HASH} FROM crime_cube)
    SELECT (SELECT count(*) FROM (SELECT h FROM now EXCEPT ALL SELECT h FROM bench_kept_cube))
        + (SELECT count(*) FROM (SELECT h FROM bench_kept_cube EXCEPT ALL SELECT h FROM now))"""
BENCH_DROP_KEPT_CUBE = "DROP TABLE bench_kept_cube"
