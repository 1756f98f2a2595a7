"""Loading a force's own extract in the canonical record format (CSV or Parquet).

The format is documented in docs/records-format.md. Every crime_id must be unique within the
file; a load replaces every force-month the file holds, in one transaction.
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
from crimeplan.metrics.cube import refresh_cube
from crimeplan.store import LoadRecord, Store, queries
from crimeplan.store.schema import CRIME_COLUMNS

REQUIRED = ("crime_id", "recorded_date")
OPTIONAL = ("force", "offence_code", "category", "area_code", "domestic", "business", "hate_strands",
            "actual_religion", "perceived_religion", "location_type", "outcome_type", "outcome_label",
            "outcome_date")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
BOOL_TEXT = {"", "true", "false", "t", "f", "1", "0", "yes", "no", "y", "n"}
HATE_STRANDS = ("race", "religion", "disability", "sexual_orientation", "transgender")
MAX_OUTCOME_TYPE = 23


def ingest_records(store: Store, path: str | Path, *, force: str | None = None,
                   loaded_by: str = "unknown") -> dict:
    source = InputFile(Path(path), str(path))
    if not source.path.exists():
        raise IngestError("no such file", path=source.label)
    with checksums([source.path]) as checksum_of, store.transaction():
        return _ingest(store, source, force, loaded_by, checksum_of)


def _ingest(store: Store, source: InputFile, force: str | None, loaded_by: str,
            checksum_of: Callable[[Path], str]) -> dict:
    parquet = source.path.suffix.lower() == ".parquet"
    con = store.staging
    if parquet:
        try:
            header = [r[0] for r in con.execute(queries.PARQUET_COLUMNS, {"path": str(source.path)}).fetchall()]
        except duckdb.Error as exc:
            raise IngestError(f"is not a readable Parquet file ({duckdb_message(exc)})", path=source.label) from None
        _check_header(source, header, force)
        con.execute(queries.STAGE_PARQUET, {"path": str(source.path)})
    else:
        header = read_header(source, REQUIRED + OPTIONAL)
        _check_header(source, header, force)
        try:
            con.execute(queries.STAGE_CSV, {"path": str(source.path)})
        except duckdb.Error as exc:
            raise (first_problem(source) or IngestError(duckdb_message(exc), path=source.label)) from None
    for column in OPTIONAL:
        if column not in header:
            con.execute(queries.STAGE_ADD_COLUMN.format(column=column))
    if force is not None:
        con.execute(queries.STAGE_SET_FORCE, {"force": force})

    params = {"max_outcome": MAX_OUTCOME_TYPE, "strands": list(HATE_STRANDS)}
    rows_in, bad_rows, repeated_ids = con.execute(queries.STAGE_RECORDS_CHECK, params).fetchone()
    if rows_in == 0:
        raise IngestError("the file has a header but no rows; expected at least one row",
                          path=source.label, line=2)
    # only when the fast check finds something does the slow query name the first bad row
    problem = con.execute(queries.STAGE_RECORDS_FIRST_PROBLEM, params).fetchone() if bad_rows or repeated_ids else None
    if problem is not None:
        row_number, field, value = problem
        raise IngestError(_explain(field, value), path=source.label,
                          line=(row_number + 1) if not parquet else None,
                          field=("crime_id" if field == "crime_id_repeat" else field) if not parquet
                          else f"row {row_number}: {field}")

    load_id = store.new_load_id()
    force_months = con.execute(queries.STAGE_RECORDS_FORCE_MONTHS).fetchall()
    replaced = 0
    for force_slug, month in force_months:
        p = {"force": force_slug, "month": month}
        replaced += store.scalar(queries.COUNT_CRIMES_FORCE_MONTH, p)
        store.execute(queries.SUPERSEDE_CRIMES_FORCE_MONTH, {**p, "load_id": load_id})
    loaded = store.append_from_staging("crimes", CRIME_COLUMNS, queries.STAGE_SELECT_RECORDS, {"load_id": load_id})
    refresh_cube(store, force_months)
    forces = sorted({f for f, _ in force_months})
    months = tuple(sorted({m.strftime("%Y-%m") if isinstance(m, date) else str(m)[:7] for _, m in force_months}))
    record = LoadRecord(kind="records", source=source.label, checksum=checksum_of(source.path),
                        force=",".join(forces), months=months, rows_in=rows_in, rows_loaded=loaded,
                        rows_replaced=replaced, rows_rejected=rows_in - loaded,
                        details={"format": "parquet" if parquet else "csv"}, loaded_by=loaded_by)
    store.record_load(load_id, record)
    for statement in queries.STAGE_DROP:
        con.execute(statement)
    return {"source": source.label, "kind": "records", "forces": forces, "months": list(months),
            "rows_in": rows_in, "rows_loaded": loaded, "rows_replaced": replaced}


def _check_header(source: InputFile, header: list[str], force: str | None) -> None:
    require_columns(source, header, REQUIRED if force else REQUIRED + ("force",))
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
