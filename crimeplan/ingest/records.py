"""Loading a force's own extract in the canonical record format (CSV or Parquet).

The format is documented in docs/records-format.md. Every crime_id must be unique within the
file; a load replaces every force-month the file holds, in one transaction.

A file is parsed, checked and appended in one pass (queries.RECORDS_SELECT): a bad row stops the
pass and rolls it back, and only then is the file staged whole to name its first bad line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from crimeplan.errors import IngestError
from crimeplan.ingest.files import (
    InputFile,
    checksums,
    duckdb_message,
    first_problem,
    read_header,
    require_columns,
)
from crimeplan.store import LoadRecord, Store, queries
from crimeplan.store.derived import DerivedTables
from crimeplan.store.schema import CRIME_COLUMNS, RECORD_FILE_COLUMNS

REQUIRED = ("crime_id", "recorded_date")
OPTIONAL = tuple(c for c in RECORD_FILE_COLUMNS if c not in REQUIRED)
"""The canonical file's other columns (crimeplan.store.schema.CRIMES), in the table's order."""
HATE_STRANDS = ("race", "religion", "disability", "sexual_orientation", "transgender")
MAX_OUTCOME_TYPE = 23
FORCE_SLUG = re.compile(queries.FORCE_SLUG)


def ingest_records(store: Store, path: str | Path, *, derived: DerivedTables, force: str | None = None,
                   loaded_by: str = "unknown") -> dict:
    """Load one extract in one transaction; ``derived`` (the cube) is told the force-months it replaced."""
    source = InputFile(Path(path), str(path))
    if not source.path.exists():
        raise IngestError("no such file", path=source.label)
    parquet = source.path.suffix.lower() == ".parquet"
    header = _parquet_header(store, source) if parquet else read_header(source, REQUIRED + OPTIONAL)
    _check_header(source, header, force)
    rows = queries.records_file(queries.RECORDS_PARQUET if parquet else queries.RECORDS_CSV,
                                tuple(c for c in OPTIONAL if c not in header))
    params = {"path": str(source.path), "force": force, "max_outcome": MAX_OUTCOME_TYPE,
              "strands": list(HATE_STRANDS)}
    try:
        with checksums([source.path]) as checksum_of, store.transaction():
            return _load(store, source, rows, params, parquet, loaded_by, checksum_of, derived)
    except _Refused as refused:
        raise _first_problem(store, source, rows, params, parquet, str(refused)) from None


class _Refused(Exception):
    """The one-pass load met a bad row (rolled back); the staged check will name it."""


def _parquet_header(store: Store, source: InputFile) -> list[str]:
    try:
        return [r[0] for r in store.staging.execute(queries.PARQUET_COLUMNS, {"path": str(source.path)}).fetchall()]
    except duckdb.Error as exc:
        raise IngestError(f"is not a readable Parquet file ({duckdb_message(exc)})", path=source.label) from None


def _load(store: Store, source: InputFile, rows: str, params: dict, parquet: bool, loaded_by: str,
          checksum_of: Callable[[Path], str], derived: DerivedTables) -> dict:
    """Parse, check and append every row in one pass, then supersede the force-months it holds."""
    load_id = store.new_load_id()
    try:
        loaded = store.append_from_staging("crimes", CRIME_COLUMNS, rows + "\n" + queries.RECORDS_SELECT,
                                           {**params, "load_id": load_id})
    except duckdb.Error as exc:
        raise _Refused(duckdb_message(exc)) from None
    if loaded == 0:
        raise IngestError("the file has a header but no rows; expected at least one row",
                          path=source.label, line=None if parquet else 2)
    missing, maybe_repeated = store.fetchall(queries.RECORDS_LOAD_CHECK[store.dialect], {"load_id": load_id})[0]
    if missing or (maybe_repeated and store.scalar(queries.RECORDS_REPEATED_IDS, {"load_id": load_id})):
        raise _Refused("a crime_id is missing or appears more than once")
    force_months = store.fetchall(queries.RECORDS_FORCE_MONTHS, {"load_id": load_id})
    if not all(FORCE_SLUG.fullmatch(f) for f in {f for f, _ in force_months}):
        raise _Refused("a force is not a police.uk force slug")
    replaced = 0
    for force_slug, month in force_months:
        p = {"force": force_slug, "month": month, "load_id": load_id}
        replaced += store.scalar(queries.RECORDS_COUNT_REPLACED, p)
        store.execute(queries.RECORDS_SUPERSEDE, p)
    derived.records_changed(store, force_months)
    forces = sorted({f for f, _ in force_months})
    months = tuple(sorted({m.strftime("%Y-%m") if isinstance(m, date) else str(m)[:7] for _, m in force_months}))
    record = LoadRecord(kind="records", source=source.label, checksum=checksum_of(source.path),
                        force=",".join(forces), months=months, rows_in=loaded, rows_loaded=loaded,
                        rows_replaced=replaced, rows_rejected=0,
                        details={"format": "parquet" if parquet else "csv"}, loaded_by=loaded_by)
    store.record_load(load_id, record)
    return {"source": source.label, "kind": "records", "forces": forces, "months": list(months),
            "rows_in": loaded, "rows_loaded": loaded, "rows_replaced": replaced}


def _first_problem(store: Store, source: InputFile, rows: str, params: dict, parquet: bool,
                   reason: str) -> IngestError:
    """Stage the refused file whole and name its first bad line and field (or, when the file
    cannot be parsed at all, what is wrong with it)."""
    con = store.staging
    try:
        con.execute(queries.STAGE_RECORDS.format(file=rows), {k: params[k] for k in ("path", "force")})
    except duckdb.Error as exc:
        return (None if parquet else first_problem(source)) or IngestError(duckdb_message(exc), path=source.label)
    try:
        problem = con.execute(queries.STAGE_RECORDS_FIRST_PROBLEM,
                              {k: params[k] for k in ("max_outcome", "strands")}).fetchone()
    finally:
        for statement in queries.STAGE_DROP:
            con.execute(statement)
    if problem is None:
        return IngestError(f"could not be loaded ({reason})", path=source.label)
    row_number, field, value = problem
    return IngestError(_explain(field, value), path=source.label,
                       line=(row_number + 1) if not parquet else None,
                       field=("crime_id" if field == "crime_id_repeat" else field) if not parquet
                       else f"row {row_number}: {field}")


def _check_header(source: InputFile, header: list[str], force: str | None) -> None:
    require_columns(source, header, REQUIRED)
    if force is None and "force" not in header:
        raise IngestError("the file has no force column; give its force with --force SLUG (e.g. --force "
                          "west-midlands; see `crimeplan areas --level force`) or add a force column",
                          path=source.label, line=1, field="force")
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise IngestError("unknown column; expected only the canonical columns "
                          + ", ".join(REQUIRED + OPTIONAL) + " (see docs/records-format.md)",
                          path=source.label, line=1, field=unknown[0])
    if "offence_code" not in header and "category" not in header:
        raise IngestError("expected an offence_code or a category column (or both)", path=source.label, line=1)


def _explain(field: str, value: str | None) -> str:
    expected = {
        "crime_id": "a crime_id in every row, unique within the file",
        "crime_id_repeat": "each crime_id once in the file",
        "force": "a police.uk force slug such as west-midlands",
        "recorded_date": "a date like 2013-04-01 (YYYY-MM-DD)",
        "outcome_date": "a date like 2013-04-01 (YYYY-MM-DD) or nothing",
        "outcome_type": f"a Home Office outcome type 1-{MAX_OUTCOME_TYPE} or nothing",
        "domestic": "true or false", "business": "true or false",
        "hate_strands": "comma-separated strands from " + ", ".join(HATE_STRANDS),
        "offence_code": "an offence_code or a category in every row",
    }[field]
    if field == "crime_id_repeat":
        return f"crime_id {value!r} appears more than once; expected {expected}"
    return f"expected {expected}, got {value!r}"
