"""Core statements: records, loads, areas, population, and staging of input files."""

from __future__ import annotations

SCHEMA_VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)"""
SCHEMA_VERSION = "SELECT max(version) FROM schema_version"
RECORD_SCHEMA_VERSION = "INSERT INTO schema_version (version, applied_at) VALUES (:version, :applied_at)"

NEXT_LOAD_ID = "SELECT nextval('load_id_seq')"
INSERT_LOAD = """INSERT INTO loads (load_id, kind, source, checksum, force, months, rows_in, rows_loaded,
    rows_replaced, rows_rejected, details, loaded_at, loaded_by)
    VALUES (:load_id, :kind, :source, :checksum, :force, :months, :rows_in, :rows_loaded,
    :rows_replaced, :rows_rejected, :details, :loaded_at, :loaded_by)"""
LIST_LOADS = """SELECT load_id, kind, source, checksum, force, months, rows_in, rows_loaded, rows_replaced,
    rows_rejected, details, loaded_at, loaded_by FROM loads ORDER BY load_id"""

COUNT_CRIMES_FORCE_MONTH = "SELECT count(*) FROM crimes WHERE force = :force AND month = :month AND superseded_by IS NULL"
SUPERSEDE_CRIMES_FORCE_MONTH = """UPDATE crimes SET superseded_by = :load_id
    WHERE force = :force AND month = :month AND superseded_by IS NULL"""
COUNT_ASB_FORCE_MONTH = "SELECT count(*) FROM asb WHERE force = :force AND month = :month AND superseded_by IS NULL"
SUPERSEDE_ASB_FORCE_MONTH = """UPDATE asb SET superseded_by = :load_id
    WHERE force = :force AND month = :month AND superseded_by IS NULL"""
COUNT_OUTCOMES_FORCE_MONTH = "SELECT count(*) FROM outcomes WHERE force = :force AND month = :month AND superseded_by IS NULL"
SUPERSEDE_OUTCOMES_FORCE_MONTH = """UPDATE outcomes SET superseded_by = :load_id
    WHERE force = :force AND month = :month AND superseded_by IS NULL"""
COUNT_CRIMES_FORCE = "SELECT count(*) FROM crimes WHERE force = :force AND superseded_by IS NULL"
SUPERSEDE_CRIMES_FORCE = """UPDATE crimes SET superseded_by = :load_id
    WHERE force = :force AND superseded_by IS NULL"""

STATUS_CRIMES = """SELECT force, month, category, count(*) FROM crimes WHERE superseded_by IS NULL
    GROUP BY force, month, category ORDER BY force, month, category"""
STATUS_CRIME_OUTCOMES = """SELECT force, month, outcome_label, outcome_type, count(*) FROM crimes
    WHERE superseded_by IS NULL GROUP BY force, month, outcome_label, outcome_type"""
STATUS_ASB = "SELECT force, month, count(*) FROM asb WHERE superseded_by IS NULL GROUP BY force, month"

CLEAR_AREA_CLOSURE = "DELETE FROM area_closure"
BUILD_AREA_CLOSURE = """INSERT INTO area_closure (descendant, ancestor, ancestor_level)
    WITH RECURSIVE up(descendant, ancestor) AS (
        SELECT code, code FROM areas
        UNION
        SELECT up.descendant, p.parent_code FROM up JOIN area_parents p ON p.child_code = up.ancestor
    )
    SELECT DISTINCT up.descendant, up.ancestor, a.level FROM up JOIN areas a ON a.code = up.ancestor"""
LIST_AREAS = "SELECT code, name, level FROM areas ORDER BY level, name"
GET_AREA = "SELECT code, name, level FROM areas WHERE code = :code"
AREA_CHILDREN = """SELECT a.code, a.name, a.level FROM area_parents p JOIN areas a ON a.code = p.child_code
    WHERE p.parent_code = :code ORDER BY a.name"""


TABLE_COUNT = {  # for tests and status: every table the store holds, counted the same way
    name: f"SELECT count(*) FROM {name}"
    for name in ("crimes", "asb", "outcomes", "areas", "area_parents", "population", "loads", "process_changes")
}
CURRENT_COUNT = {  # rows as the data stands now (not superseded by a later load)
    name: f"SELECT count(*) FROM {name} WHERE superseded_by IS NULL" for name in ("crimes", "asb", "outcomes")
}
LATEST_LOAD_ID = "SELECT max(load_id) FROM loads"

# -- Staging: files are parsed by DuckDB (the store's own connection, or an in-memory one in front
#    of PostgreSQL) into temporary tables, checked, then appended. These statements always run on
#    DuckDB and use its $name placeholders.
STAGE_CSV = """CREATE OR REPLACE TEMP TABLE _stage AS
    SELECT * FROM read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"',
                           escape = '"', strict_mode = true, null_padding = false)"""
STAGE_POLICE_UK_CHECK_STREET = """SELECT count(*),
    count(*) FILTER (WHERE "Month" IS NULL OR NOT regexp_full_match("Month", '\\d{4}-(0[1-9]|1[0-2])')),
    count(*) FILTER (WHERE "Crime type" IS NULL OR NOT list_contains($types, "Crime type")),
    min("Falls within"),
    list(DISTINCT "Month") FILTER (WHERE "Month" IS NOT NULL)
    FROM _stage"""
STAGE_POLICE_UK_CHECK_OUTCOMES = """SELECT count(*),
    count(*) FILTER (WHERE "Month" IS NULL OR NOT regexp_full_match("Month", '\\d{4}-(0[1-9]|1[0-2])')),
    0 * length($types),
    min("Falls within"),
    list(DISTINCT "Month") FILTER (WHERE "Month" IS NOT NULL)
    FROM _stage"""
STAGE_OUTCOME_MAP_CREATE = "CREATE OR REPLACE TEMP TABLE _outcome_map (label TEXT, outcome_type INTEGER)"
STAGE_DISTINCT_OUTCOME_LABELS = """SELECT DISTINCT "Last outcome category" FROM _stage
    WHERE "Last outcome category" IS NOT NULL ORDER BY 1"""
STAGE_DISTINCT_OUTCOME_TYPES = """SELECT DISTINCT "Outcome type" FROM _stage
    WHERE "Outcome type" IS NOT NULL ORDER BY 1"""
STAGE_OUTCOME_MAP_INSERT_ALL = """INSERT INTO _outcome_map
    SELECT unnest($labels::TEXT[]), unnest($types::INTEGER[])"""
STAGE_POLICE_UK_CRIMES = """SELECT $force::TEXT AS force, NULLIF(trim(s."Crime ID"), '') AS crime_id,
        CAST(s."Month" || '-01' AS DATE) AS recorded_date, CAST(s."Month" || '-01' AS DATE) AS month,
        CAST(NULL AS TEXT) AS offence_code, s."Crime type" AS category,
        NULLIF(trim(s."LSOA code"), '') AS area_code, FALSE AS domestic, FALSE AS business,
        CAST(NULL AS TEXT) AS hate_strands, CAST(NULL AS TEXT) AS actual_religion,
        CAST(NULL AS TEXT) AS perceived_religion, CAST(NULL AS TEXT) AS location_type,
        m.outcome_type, NULLIF(s."Last outcome category", '') AS outcome_label,
        CAST(NULL AS DATE) AS outcome_date, $load_id::INTEGER AS load_id
    FROM _stage s LEFT JOIN _outcome_map m ON m.label = s."Last outcome category"
    WHERE s."Crime type" <> $asb AND list_contains($months, s."Month" || '-01')"""
STAGE_POLICE_UK_ASB = """SELECT $force::TEXT AS force, CAST("Month" || '-01' AS DATE) AS month,
        NULLIF(trim("LSOA code"), '') AS area_code, $load_id::INTEGER AS load_id
    FROM _stage WHERE "Crime type" = $asb AND list_contains($months, "Month" || '-01')"""
STAGE_POLICE_UK_OUTCOMES = """CREATE OR REPLACE TEMP TABLE _outcomes AS
    SELECT $force::TEXT AS force, NULLIF(trim(s."Crime ID"), '') AS crime_id,
        CAST(s."Month" || '-01' AS DATE) AS month, NULLIF(s."Outcome type", '') AS outcome_label,
        m.outcome_type, $load_id::INTEGER AS load_id
    FROM _stage s LEFT JOIN _outcome_map m ON m.label = s."Outcome type"
    WHERE list_contains($months, s."Month" || '-01')"""
STAGE_POLICE_UK_STREET_REPORT = """WITH c AS (SELECT NULLIF(trim("Crime ID"), '') AS crime_id FROM _stage
        WHERE "Crime type" <> $asb AND list_contains($months, "Month" || '-01'))
    SELECT
    (SELECT count(*) FROM _stage WHERE NOT list_contains($months, "Month" || '-01')),
    (SELECT count(*) FROM c WHERE crime_id IS NULL),
    (SELECT count(*) FROM _stage WHERE NULLIF(trim("LSOA code"), '') IS NULL
        AND list_contains($months, "Month" || '-01')),
    (SELECT count(*) FROM (SELECT crime_id FROM c WHERE crime_id IS NOT NULL
        GROUP BY crime_id HAVING count(*) > 1)),
    (SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM c WHERE crime_id IS NOT NULL
        GROUP BY crime_id HAVING count(*) > 1))"""
STAGE_SELECT_OUTCOMES = "SELECT force, crime_id, month, outcome_label, outcome_type, load_id FROM _outcomes"
STAGE_DROP = tuple(f"DROP TABLE IF EXISTS {t}" for t in
                   ("_stage", "_outcomes", "_outcome_map", "_records"))
STAGE_COUNT = "SELECT count(*) FROM _stage"
PARQUET_COLUMNS = "SELECT name FROM parquet_schema($path) WHERE name <> 'schema' ORDER BY 1"
STAGE_PARQUET = """CREATE OR REPLACE TEMP TABLE _stage AS
    SELECT COLUMNS(*)::TEXT FROM read_parquet($path)"""
STAGE_ADD_COLUMN = "ALTER TABLE _stage ADD COLUMN {column} TEXT"  # column from a fixed list, never input
STAGE_SET_FORCE = "UPDATE _stage SET force = $force"
STAGE_RECORDS_FIRST_PROBLEM = """WITH s AS (SELECT row_number() OVER () AS rn, * FROM _stage),
    problems AS (
        SELECT rn, 'crime_id' AS field, crime_id AS value FROM s WHERE NULLIF(trim(crime_id), '') IS NULL
        UNION ALL SELECT rn, 'force', force FROM s
            WHERE NOT regexp_full_match(coalesce(force, ''), '[a-z0-9]+(-[a-z0-9]+)*')
        UNION ALL SELECT rn, 'recorded_date', recorded_date FROM s
            WHERE try_strptime(recorded_date, '%Y-%m-%d') IS NULL
               OR NOT regexp_full_match(recorded_date, '\\d{4}-\\d{2}-\\d{2}')
        UNION ALL SELECT rn, 'outcome_date', outcome_date FROM s
            WHERE NULLIF(outcome_date, '') IS NOT NULL
              AND (try_strptime(outcome_date, '%Y-%m-%d') IS NULL
                   OR NOT regexp_full_match(outcome_date, '\\d{4}-\\d{2}-\\d{2}'))
        UNION ALL SELECT rn, 'outcome_type', outcome_type FROM s
            WHERE NULLIF(outcome_type, '') IS NOT NULL
              AND (TRY_CAST(outcome_type AS INTEGER) IS NULL
                   OR TRY_CAST(outcome_type AS INTEGER) NOT BETWEEN 0 AND $max_outcome)
        UNION ALL SELECT rn, 'domestic', domestic FROM s
            WHERE lower(coalesce(domestic, '')) NOT IN ('', 'true', 'false', 't', 'f', '1', '0', 'yes', 'no', 'y', 'n')
        UNION ALL SELECT rn, 'business', business FROM s
            WHERE lower(coalesce(business, '')) NOT IN ('', 'true', 'false', 't', 'f', '1', '0', 'yes', 'no', 'y', 'n')
        UNION ALL SELECT rn, 'hate_strands', hate_strands FROM s
            WHERE NULLIF(hate_strands, '') IS NOT NULL
              AND NOT list_has_all($strands, list_transform(string_split(hate_strands, ','), lambda x: trim(x)))
        UNION ALL SELECT rn, 'offence_code', offence_code FROM s
            WHERE NULLIF(offence_code, '') IS NULL AND NULLIF(category, '') IS NULL
        UNION ALL SELECT rn, 'crime_id_repeat', crime_id FROM (
            SELECT rn, crime_id, row_number() OVER (PARTITION BY force, crime_id ORDER BY rn) AS k FROM s
            WHERE NULLIF(trim(crime_id), '') IS NOT NULL) WHERE k > 1
    )
    SELECT rn, field, value FROM problems ORDER BY rn, field LIMIT 1"""
STAGE_RECORDS = """CREATE OR REPLACE TEMP TABLE _records AS
    SELECT force, trim(crime_id) AS crime_id, CAST(recorded_date AS DATE) AS recorded_date,
        CAST(date_trunc('month', CAST(recorded_date AS DATE)) AS DATE) AS month,
        NULLIF(trim(offence_code), '') AS offence_code, NULLIF(category, '') AS category,
        NULLIF(trim(area_code), '') AS area_code,
        coalesce(lower(domestic) IN ('true', 't', '1', 'yes', 'y'), FALSE) AS domestic,
        coalesce(lower(business) IN ('true', 't', '1', 'yes', 'y'), FALSE) AS business,
        NULLIF(array_to_string(list_sort(list_transform(string_split(hate_strands, ','), lambda x: trim(x))), ','), '')
            AS hate_strands,
        NULLIF(actual_religion, '') AS actual_religion, NULLIF(perceived_religion, '') AS perceived_religion,
        NULLIF(location_type, '') AS location_type,
        NULLIF(TRY_CAST(outcome_type AS INTEGER), 0) AS outcome_type, NULLIF(outcome_label, '') AS outcome_label,
        TRY_CAST(NULLIF(outcome_date, '') AS DATE) AS outcome_date, $load_id::INTEGER AS load_id
    FROM _stage"""
STAGE_RECORDS_FORCE_MONTHS = "SELECT DISTINCT force, month FROM _records ORDER BY 1, 2"
STAGE_SELECT_RECORDS = """SELECT force, crime_id, recorded_date, month, offence_code, category, area_code,
    domestic, business, hate_strands, actual_religion, perceived_religion, location_type, outcome_type,
    outcome_label, outcome_date, load_id FROM _records"""

# -- Areas and population (bulk: staged in area_stage / area_parent_stage inside the transaction)
AREAS_REPLACE = (
    "DELETE FROM areas WHERE code IN (SELECT code FROM area_stage)",
    "INSERT INTO areas (code, name, level) SELECT DISTINCT code, name, level FROM area_stage",
    """DELETE FROM area_parents WHERE child_code IN (SELECT child_code FROM area_parent_stage)""",
    """INSERT INTO area_parents (child_code, parent_code, valid_from, valid_to)
        SELECT DISTINCT child_code, parent_code, valid_from, valid_to FROM area_parent_stage""",
    "DELETE FROM area_stage",
    "DELETE FROM area_parent_stage",
)
AREA_PARENTS_UNKNOWN = """SELECT p.parent_code FROM area_parents p LEFT JOIN areas a ON a.code = p.parent_code
    WHERE a.code IS NULL ORDER BY 1 LIMIT 1"""
AREA_CLOSURE_REBUILD = (CLEAR_AREA_CLOSURE, BUILD_AREA_CLOSURE)
POPULATION_STAGE_CREATE = """CREATE TEMP TABLE IF NOT EXISTS _population_stage
    (area_code TEXT, year INTEGER, population BIGINT, load_id INTEGER)"""
POPULATION_REPLACE = (
    """DELETE FROM population WHERE EXISTS (SELECT 1 FROM _population_stage s
        WHERE s.area_code = population.area_code AND s.year = population.year)""",
    """INSERT INTO population (area_code, year, population, load_id)
        SELECT area_code, year, population, load_id FROM _population_stage""",
    "DROP TABLE _population_stage",
)
STAGE_COLUMNS = "SELECT column_name FROM (DESCRIBE _stage)"
FORCE_MONTHS_OF = "SELECT DISTINCT force, month FROM crimes WHERE force = :force AND superseded_by IS NULL"
FORCES_WITH_CRIMES = "SELECT DISTINCT force FROM crimes WHERE superseded_by IS NULL ORDER BY 1"
