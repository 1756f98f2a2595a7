"""Core statements: records, loads, areas, population, and staging of input files."""

from __future__ import annotations

from crimeplan.store.schema import OUTCOME_COLUMNS

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

COUNT_CRIMES_FORCE_MONTH = """SELECT count(*) FROM crimes
    WHERE force = :force AND month = :month AND superseded_by IS NULL"""
SUPERSEDE_CRIMES_FORCE_MONTH = """UPDATE crimes SET superseded_by = :load_id
    WHERE force = :force AND month = :month AND superseded_by IS NULL"""
COUNT_ASB_FORCE_MONTH = "SELECT count(*) FROM asb WHERE force = :force AND month = :month AND superseded_by IS NULL"
SUPERSEDE_ASB_FORCE_MONTH = """UPDATE asb SET superseded_by = :load_id
    WHERE force = :force AND month = :month AND superseded_by IS NULL"""
COUNT_OUTCOMES_FORCE_MONTH = """SELECT count(*) FROM outcomes
    WHERE force = :force AND month = :month AND superseded_by IS NULL"""
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

# -- What police.uk published per force-month (table ``published``, migration 8).
SUPERSEDE_PUBLISHED_FORCE_MONTH = """UPDATE published SET superseded_by = :load_id
    WHERE force = :force AND month = :month AND superseded_by IS NULL"""
INSERT_PUBLISHED = """INSERT INTO published (force, month, rows_loaded, crimes, with_outcome, with_lsoa, with_crime_id,
        crime_types, load_id)
    VALUES (:force, :month, :rows_loaded, :crimes, :with_outcome, :with_lsoa, :with_crime_id, :crime_types, :load_id)"""
PUBLISHED = """SELECT force, month, rows_loaded, crimes, with_outcome, with_lsoa, with_crime_id, crime_types
    FROM published WHERE superseded_by IS NULL ORDER BY force, month"""
PUBLISHED_FOR_FORCE = """SELECT force, month, rows_loaded, crimes, with_outcome, with_lsoa, with_crime_id, crime_types
    FROM published WHERE force = :force AND superseded_by IS NULL ORDER BY month"""

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
LOCAL_AUTHORITIES_BY_CSP = """SELECT p.parent_code, a.code, a.name FROM area_parents p
    JOIN areas a ON a.code = p.child_code WHERE a.level = 'la' ORDER BY 1, 2"""
AREAS_UNDER = """SELECT a.code, a.name, a.level FROM area_closure c JOIN areas a ON a.code = c.descendant
    WHERE c.ancestor = :code ORDER BY a.level, a.name"""
AREA_CHILDREN = """SELECT a.code, a.name, a.level FROM area_parents p JOIN areas a ON a.code = p.child_code
    WHERE p.parent_code = :code ORDER BY a.name"""
AREA_EDGES_UNDER = """SELECT p.parent_code, a.code, a.name, a.level FROM area_closure c
    JOIN area_parents p ON p.child_code = c.descendant JOIN areas a ON a.code = p.child_code
    WHERE c.ancestor = :code ORDER BY a.name, a.code"""


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
# police.uk files: the columns are named by the header crimeplan read ($columns: name -> VARCHAR,
# so DuckDB does not sniff each file again), only the columns ingest uses are kept, and a batch of
# files with the same header is read in one pass ($path a list; the file name tells the files apart).
_POLICE_UK_CSV = """read_csv($path, header = true, auto_detect = false, columns = $columns, delim = ',',
    quote = '"', escape = '"', strict_mode = true, null_padding = false, filename = 'crimeplan_file')"""
_READ_EVERY_COLUMN = "length(coalesce(*COLUMNS(* EXCLUDE (crimeplan_file)))) AS _read"
"""Makes DuckDB parse every column (and so refuse bytes that are not UTF-8 anywhere in the row),
though only the columns ingest uses are kept."""
STAGE_POLICE_UK_STREET_CSV = f"""CREATE OR REPLACE TEMP TABLE _stage AS
    SELECT crimeplan_file AS filename, "Crime ID", "Month", "Falls within", "LSOA code", "Crime type",
        "Last outcome category", {_READ_EVERY_COLUMN}
    FROM {_POLICE_UK_CSV}"""
# The early archive (2010–2011): no Crime ID, no LSOA, no outcome (Easting/Northing instead of
# coordinates); the missing columns are staged as NULL so the same checks and appends read it.
STAGE_POLICE_UK_EARLY_STREET_CSV = f"""CREATE OR REPLACE TEMP TABLE _stage AS
    SELECT crimeplan_file AS filename, CAST(NULL AS VARCHAR) AS "Crime ID", "Month", "Falls within",
        CAST(NULL AS VARCHAR) AS "LSOA code", "Crime type", CAST(NULL AS VARCHAR) AS "Last outcome category",
        {_READ_EVERY_COLUMN}
    FROM {_POLICE_UK_CSV}"""
STAGE_POLICE_UK_OUTCOMES_CSV = f"""CREATE OR REPLACE TEMP TABLE _stage AS
    SELECT crimeplan_file AS filename, "Crime ID", "Month", "Falls within", "Outcome type", {_READ_EVERY_COLUMN}
    FROM {_POLICE_UK_CSV}"""
STAGE_POLICE_UK_CHECK_STREET = """SELECT filename, count(*),
    count(*) FILTER (WHERE "Month" IS NULL OR NOT regexp_full_match("Month", '\\d{4}-(0[1-9]|1[0-2])')),
    count(*) FILTER (WHERE "Crime type" IS NULL OR NOT list_contains($types, "Crime type")),
    min("Falls within"),
    list(DISTINCT "Month") FILTER (WHERE "Month" IS NOT NULL),
    list(DISTINCT "Last outcome category") FILTER (WHERE "Last outcome category" IS NOT NULL)
    FROM _stage GROUP BY filename"""
STAGE_POLICE_UK_CHECK_OUTCOMES = """SELECT filename, count(*),
    count(*) FILTER (WHERE "Month" IS NULL OR NOT regexp_full_match("Month", '\\d{4}-(0[1-9]|1[0-2])')),
    0 * length($types),
    min("Falls within"),
    list(DISTINCT "Month") FILTER (WHERE "Month" IS NOT NULL),
    list(DISTINCT "Outcome type") FILTER (WHERE "Outcome type" IS NOT NULL)
    FROM _stage GROUP BY filename"""
# Where each file's rows go: one row per file and month kept ($months are 'YYYY-MM-01').
STAGE_BATCH_MONTHS_CREATE = """CREATE OR REPLACE TEMP TABLE _batch_months
    (filename TEXT, month TEXT, force TEXT, load_id INTEGER)"""
STAGE_BATCH_MONTHS_INSERT_ALL = """INSERT INTO _batch_months
    SELECT unnest($names::TEXT[]), unnest($months::TEXT[]), unnest($forces::TEXT[]), unnest($load_ids::INTEGER[])"""
STAGE_OUTCOME_MAP_CREATE = "CREATE OR REPLACE TEMP TABLE _outcome_map (label TEXT, outcome_type INTEGER)"
STAGE_OUTCOME_MAP_INSERT_ALL = """INSERT INTO _outcome_map
    SELECT unnest($labels::TEXT[]), unnest($types::INTEGER[])"""
STAGE_POLICE_UK_CRIMES = """SELECT b.force, NULLIF(trim(s."Crime ID"), '') AS crime_id,
        CAST(s."Month" || '-01' AS DATE) AS recorded_date, CAST(s."Month" || '-01' AS DATE) AS month,
        CAST(NULL AS TEXT) AS offence_code, s."Crime type" AS category,
        NULLIF(trim(s."LSOA code"), '') AS area_code, FALSE AS domestic, FALSE AS business,
        CAST(NULL AS TEXT) AS hate_strands, CAST(NULL AS TEXT) AS actual_religion,
        CAST(NULL AS TEXT) AS perceived_religion, CAST(NULL AS TEXT) AS location_type,
        m.outcome_type, NULLIF(s."Last outcome category", '') AS outcome_label,
        CAST(NULL AS DATE) AS outcome_date, b.load_id
    FROM _stage s JOIN _batch_months b ON b.filename = s.filename AND b.month = s."Month" || '-01'
    LEFT JOIN _outcome_map m ON m.label = s."Last outcome category"
    WHERE s."Crime type" <> $asb"""
STAGE_POLICE_UK_ASB = """SELECT b.force, CAST(s."Month" || '-01' AS DATE) AS month,
        NULLIF(trim(s."LSOA code"), '') AS area_code, b.load_id
    FROM _stage s JOIN _batch_months b ON b.filename = s.filename AND b.month = s."Month" || '-01'
    WHERE s."Crime type" = $asb"""
STAGE_POLICE_UK_OUTCOMES = """CREATE OR REPLACE TEMP TABLE _outcomes AS
    SELECT b.force, NULLIF(trim(s."Crime ID"), '') AS crime_id,
        CAST(s."Month" || '-01' AS DATE) AS month, NULLIF(s."Outcome type", '') AS outcome_label,
        m.outcome_type, b.load_id
    FROM _stage s JOIN _batch_months b ON b.filename = s.filename AND b.month = s."Month" || '-01'
    LEFT JOIN _outcome_map m ON m.label = s."Outcome type"
"""
STAGE_POLICE_UK_OUTCOMES_PER_LOAD = "SELECT load_id, count(*) FROM _outcomes GROUP BY load_id"
# One scan of the staged street rows for the load report and the table ``published``: per file and
# month of the rows, whether the month is kept (its load id, force and month, else NULLs: rows of
# another month than the file's), the rows, crimes, crimes with an outcome, rows with an LSOA,
# crimes with a Crime ID, rows of the early archive's crime types ($legacy); and, on each of the
# file's rows, its Crime IDs given more than once among the crimes kept and the rows that carry
# them. A Crime ID given twice gives its hash twice: the (cheap) hashes are grouped first, then only
# the IDs whose hash repeats are counted (exact: a hash shared by different IDs is counted by ID).
STAGE_POLICE_UK_STREET_COUNTS = """WITH s AS (
        SELECT s.filename, s."Month" AS file_month, b.load_id, b.force, CAST(b.month AS DATE) AS month,
            NULLIF(trim(s."Crime ID"), '') AS crime_id, s."Crime type" <> $asb AS crime,
            NULLIF(trim(s."LSOA code"), '') IS NOT NULL AS lsoa,
            NULLIF(trim(s."Last outcome category"), '') IS NOT NULL AS outcome,
            list_contains($legacy, s."Crime type") AS legacy
        FROM _stage s LEFT JOIN _batch_months b ON b.filename = s.filename AND b.month = s."Month" || '-01'),
    counts AS (SELECT filename, load_id, force, month, count(*) AS rows, count(*) FILTER (WHERE crime) AS crimes,
            count(*) FILTER (WHERE crime AND outcome) AS with_outcome, count(*) FILTER (WHERE lsoa) AS with_lsoa,
            count(*) FILTER (WHERE crime AND crime_id IS NOT NULL) AS with_id, count(*) FILTER (WHERE legacy) AS legacy
        FROM s GROUP BY filename, file_month, load_id, force, month),
    ids AS (SELECT filename, crime_id FROM s WHERE load_id IS NOT NULL AND crime AND crime_id IS NOT NULL),
    clash AS (SELECT filename, hash(crime_id) AS h FROM ids GROUP BY filename, hash(crime_id) HAVING count(*) > 1),
    repeated AS (SELECT filename, count(*) AS ids, sum(n) AS rows FROM (
            SELECT ids.filename, count(*) AS n FROM ids
            SEMI JOIN clash ON clash.filename = ids.filename AND clash.h = hash(ids.crime_id)
            GROUP BY ids.filename, ids.crime_id HAVING count(*) > 1) GROUP BY filename)
    SELECT c.*, coalesce(r.ids, 0), coalesce(r.rows, 0)
    FROM counts c LEFT JOIN repeated r ON r.filename = c.filename
    ORDER BY c.load_id, c.month"""
# Per file: the crimes kept whose outcome label is one of $labels (the labels the reference does not know).
STAGE_POLICE_UK_LABEL_COUNTS = """SELECT s.filename, s."Last outcome category", count(*)
    FROM _stage s JOIN _batch_months b ON b.filename = s.filename AND b.month = s."Month" || '-01'
    WHERE s."Crime type" <> $asb AND list_contains($labels, s."Last outcome category")
    GROUP BY s.filename, s."Last outcome category" ORDER BY 1, 2"""
STAGE_SELECT_OUTCOMES = f"SELECT {', '.join(OUTCOME_COLUMNS)} FROM _outcomes"
STAGE_DROP = tuple(f"DROP TABLE IF EXISTS {t}" for t in
                   ("_stage", "_outcomes", "_outcome_map", "_batch_months"))
PARQUET_COLUMNS = "SELECT name FROM parquet_schema($path) WHERE name <> 'schema' ORDER BY 1"

# Canonical records (crimeplan.ingest.records) go from the file into crimes in one pass: the SELECT
# below parses, checks and types every row, and a row that fails any check stops the statement
# with error() (the load is rolled back; then the file is staged and the first bad line named).
RECORDS_CSV = """read_csv($path, header = true, all_varchar = true, delim = ',', quote = '"',
    escape = '"', strict_mode = true, null_padding = false)"""
RECORDS_PARQUET = "(SELECT COLUMNS(*)::TEXT FROM read_parquet($path))"
RECORDS_BAD_ROW = "crimeplan: a record failed its checks"
"""The error a bad row raises inside the one-pass SELECT (never shown: the staged check names the line)."""


def records_file(source: str, missing: tuple[str, ...]) -> str:
    """The rows of a records file as text columns (``source`` RECORDS_CSV or RECORDS_PARQUET), with
    the ``missing`` optional columns as nulls (names from ingest's fixed list, never input) and
    ``force`` replaced by $force when it is given."""
    added = "".join(f", NULL::TEXT AS {column}" for column in missing)
    return f"""WITH _read AS (SELECT *{added} FROM {source}),
    _file AS (SELECT * REPLACE (coalesce($force::TEXT, force) AS force) FROM _read)"""


FORCE_SLUG = "[a-z0-9]+(-[a-z0-9]+)*"
_RECORD_PROBLEMS = (  # (field, the value shown, when the row is wrong): one list for both checks below
    ("crime_id", "crime_id", "NULLIF(trim(crime_id), '') IS NULL"),
    ("force", "force", f"NOT regexp_full_match(coalesce(force, ''), '{FORCE_SLUG}')"),
    ("recorded_date", "recorded_date", """try_strptime(recorded_date, '%Y-%m-%d') IS NULL
               OR NOT regexp_full_match(recorded_date, '\\d{4}-\\d{2}-\\d{2}')"""),
    ("outcome_date", "outcome_date", """NULLIF(outcome_date, '') IS NOT NULL
              AND (try_strptime(outcome_date, '%Y-%m-%d') IS NULL
                   OR NOT regexp_full_match(outcome_date, '\\d{4}-\\d{2}-\\d{2}'))"""),
    ("outcome_type", "outcome_type", """NULLIF(outcome_type, '') IS NOT NULL
              AND (TRY_CAST(outcome_type AS INTEGER) IS NULL
                   OR TRY_CAST(outcome_type AS INTEGER) NOT BETWEEN 0 AND $max_outcome)"""),
    ("domestic", "domestic",
     "lower(coalesce(domestic, '')) NOT IN ('', 'true', 'false', 't', 'f', '1', '0', 'yes', 'no', 'y', 'n')"),
    ("business", "business",
     "lower(coalesce(business, '')) NOT IN ('', 'true', 'false', 't', 'f', '1', '0', 'yes', 'no', 'y', 'n')"),
    ("hate_strands", "hate_strands", """NULLIF(hate_strands, '') IS NOT NULL
              AND NOT list_has_all($strands, list_transform(string_split(hate_strands, ','), lambda x: trim(x)))"""),
    ("offence_code", "offence_code", "NULLIF(offence_code, '') IS NULL AND NULLIF(category, '') IS NULL"),
)
RECORDS_CHECKED_AFTER = ("crime_id", "force")
"""Checked after the append, on the typed rows (RECORDS_LOAD_CHECK and the load's forces), where they
cost a fraction of a per-row check of the text."""
_RECORD_ANY_PROBLEM = " OR ".join(f"({when})" for field, _, when in _RECORD_PROBLEMS
                                  if field not in RECORDS_CHECKED_AFTER)
_RECORDS_MONTH = "CAST(date_trunc('month', CAST(recorded_date AS DATE)) AS DATE)"
RECORDS_SELECT = f"""SELECT force, trim(crime_id) AS crime_id, CAST(recorded_date AS DATE) AS recorded_date,
        {_RECORDS_MONTH} AS month,
        NULLIF(trim(offence_code), '') AS offence_code, NULLIF(category, '') AS category,
        NULLIF(trim(area_code), '') AS area_code,
        coalesce(lower(domestic) IN ('true', 't', '1', 'yes', 'y'), FALSE) AS domestic,
        coalesce(lower(business) IN ('true', 't', '1', 'yes', 'y'), FALSE) AS business,
        NULLIF(array_to_string(list_sort(list_transform(string_split(hate_strands, ','), lambda x: trim(x))), ','), '')
            AS hate_strands,
        NULLIF(actual_religion, '') AS actual_religion, NULLIF(perceived_religion, '') AS perceived_religion,
        NULLIF(location_type, '') AS location_type,
        NULLIF(TRY_CAST(outcome_type AS INTEGER), 0) AS outcome_type, NULLIF(outcome_label, '') AS outcome_label,
        TRY_CAST(NULLIF(outcome_date, '') AS DATE) AS outcome_date,
        CASE WHEN {_RECORD_ANY_PROBLEM} THEN error('{RECORDS_BAD_ROW}') ELSE $load_id END::INTEGER AS load_id
    FROM _file"""
"""Append after :func:`records_file`. Params: $path, $force, $load_id, $max_outcome, $strands."""

# After the one-pass append, in the store: the load's missing and repeated ids, and its
# force-months. Grouping DuckDB's 64-bit hashes of the ids is twice as fast as grouping the text
# (0.4 s against 0.8 s for 2 M rows); a repeated hash is confirmed by the exact query (two ids may
# share a hash).
RECORDS_REPEATED_IDS = """SELECT count(*) FROM (SELECT force, crime_id FROM crimes WHERE load_id = :load_id
    GROUP BY force, crime_id HAVING count(*) > 1) r"""
_MISSING_IDS = "count(*) FILTER (WHERE crime_id IS NULL OR crime_id = '')"
RECORDS_LOAD_CHECK = {   # (ids missing, ids perhaps repeated)
    "duckdb": f"""SELECT {_MISSING_IDS}, count(*) - count(DISTINCT hash(force, crime_id))
        FROM crimes WHERE load_id = :load_id""",
    "postgres": f"SELECT {_MISSING_IDS}, ({RECORDS_REPEATED_IDS}) FROM crimes WHERE load_id = :load_id",
}
RECORDS_FORCE_MONTHS = "SELECT DISTINCT force, month FROM crimes WHERE load_id = :load_id ORDER BY 1, 2"
RECORDS_COUNT_REPLACED = """SELECT count(*) FROM crimes
    WHERE force = :force AND month = :month AND superseded_by IS NULL AND load_id <> :load_id"""
RECORDS_SUPERSEDE = """UPDATE crimes SET superseded_by = :load_id
    WHERE force = :force AND month = :month AND superseded_by IS NULL AND load_id <> :load_id"""

# Only when a load fails: the file staged whole ({file}: records_file), and its first bad line.
STAGE_RECORDS = "CREATE OR REPLACE TEMP TABLE _stage AS {file}\nSELECT * FROM _file"
_RECORD_EACH_PROBLEM = "\n        UNION ALL ".join(
    f"SELECT rn, '{field}' AS field, {value} AS value FROM s WHERE {when}"
    for field, value, when in _RECORD_PROBLEMS)
STAGE_RECORDS_FIRST_PROBLEM = f"""WITH s AS (SELECT row_number() OVER () AS rn, * FROM _stage),
    problems AS (
        {_RECORD_EACH_PROBLEM}
        UNION ALL SELECT rn, 'crime_id_repeat', crime_id FROM (
            SELECT rn, crime_id, row_number() OVER (PARTITION BY force, trim(crime_id) ORDER BY rn) AS k FROM s
            WHERE NULLIF(trim(crime_id), '') IS NOT NULL) WHERE k > 1
    )
    SELECT rn, field, value FROM problems ORDER BY rn, field LIMIT 1"""

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
FORCE_MONTHS_OF = "SELECT DISTINCT force, month FROM crimes WHERE force = :force AND superseded_by IS NULL"
FORCES_WITH_CRIMES = "SELECT DISTINCT force FROM crimes WHERE superseded_by IS NULL ORDER BY 1"
