"""Every statement in crimeplan.store.queries, by name, and a value for each parameter they take."""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date, datetime

import crimeplan.store.queries as queries_package

PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")

STAGING_ONLY = re.compile(r"\$\w|\b_stage\b|\b_outcomes\b|\b_batch_months\b|\b_outcome_map\b|read_csv|read_parquet"
                          r"|parquet_schema|_bench_|\bbench_")
"""Statements that run on the DuckDB staging (or benchmark) connection only, never on a store:
tests/ingest runs them on every load."""

T0 = datetime(2017, 3, 1, 12, 0, 0)
VALUES: dict[str, object] = {
    "action": "deliverable.add", "actor": "setup", "after_value": "{}", "amount_pence": 100, "applied_at": T0,
    "area": "force:city-of-london", "area_code": "E01000001", "area_name": "City of London 001A", "as_at": 1,
    "attempted_at": T0, "audit_id": 1, "author": "setup", "before": T0, "before_value": None, "better": "higher",
    "body": "text", "built_at": T0, "cadence": "quarterly", "change_id": 1, "changed_at": T0, "checked_at": T0,
    "checksum": "x", "client": "127.0.0.1", "code": "E01000001", "covered_elsewhere": None, "covered_in": None,
    "created_at": T0, "created_by": "setup", "crime_types": "current", "crimes": 1, "csrf_token": "t",
    "cube_rows": 1, "deliverable": "A1", "deliverable_id": "A1", "details": "{}", "disabled": False,
    "display_name": "Someone", "end": date(2017, 3, 31), "engine": "duckdb", "entity": "deliverable:wmp-2013-14",
    "entry_hash": "h", "evidence": "[]", "expires_at": T0, "financial_year": "2016/17", "floor": 0, "focal": "x",
    "force": "city-of-london", "force_months": 1, "group_id": "wmp-paper", "indicator": "x", "kind": "progress",
    "lead": "ACC Local Policing", "lead_name": None, "level": "lsoa", "line": "x", "line_no": 1, "load_id": 1,
    "loaded_at": T0, "loaded_by": "setup", "measure": "burglary", "meeting_date": date(2017, 3, 1),
    "member": "x", "month": date(2017, 2, 1), "months": "2017-02", "n": 1, "name": "x", "note": None,
    "now": T0, "offence_code": "28A", "offence_group": "x", "oidc_subject": None, "outcome": "A",
    "parent": "city-of-london", "password_hash": "x", "peer_size": 1, "period_end": date(2017, 3, 31),
    "period_start": date(2016, 4, 1), "plan_id": "wmp-2013-14", "position": 1, "positive": 1, "programme": "x",
    "published": T0, "question": "x", "rank": 1, "reason": "x", "rebase": False, "records": 1,
    "review_note": None, "reviewed_at": None, "reviewed_by": None, "revision": 1, "role": "analyst",
    "root": "city-of-london", "rows_in": 1, "rows_loaded": 1, "rows_rejected": 0, "rows_replaced": 0,
    "schema_version": 1, "scope": "refresh", "seconds": 0.5, "session_id": "s", "since": None, "source": "x",
    "start": date(2017, 1, 1), "state": "draft", "status": "on_track", "status_reason": None, "succeeded": True,
    "survey": "x", "title": "x", "unit": "x", "until": T0, "update_id": 1, "updated_at": T0, "updated_by": "setup",
    "username": "someone", "value": 1.0, "version": 1, "with_crime_id": 1, "with_lsoa": 1, "with_outcome": 1,
    "withdrawn_at": None, "withdrawn_by": None, "year": "2016/17",
}
"""A value of the right type for every parameter name a store statement uses."""


FOR_WRITES: dict[str, object] = {"load_id": 9_999, "audit_id": 9_999, "update_id": 9_999, "change_id": 9_999,
                                 "group_id": "another-group"}
"""Keys no row has yet, for the INSERTs (the reads use those of the loaded rows)."""

SETUP: dict[str, str] = {"core.POPULATION_REPLACE": "POPULATION_STAGE_CREATE"}
"""Statements that read a temporary table another statement creates first (in the same transaction)."""


def engines_of(name: str) -> tuple[str, ...]:
    """The engines a statement is for: a per-dialect variant names its engine; ``_PG`` is PostgreSQL's."""
    for engine in ("duckdb", "postgres"):
        if name.endswith(f"[{engine}]"):
            return (engine,)
    return ("postgres",) if name.split("[")[0].endswith("_PG") else ("duckdb", "postgres")


def store_statements() -> dict[str, str]:
    """``module.NAME[i or dialect]`` → SQL, for every statement that runs on a store."""
    out: dict[str, str] = {}
    for info in pkgutil.iter_modules(queries_package.__path__):
        module = importlib.import_module(f"crimeplan.store.queries.{info.name}")
        for name, value in vars(module).items():
            if name.startswith(("_", "BENCH_")) or not name.isupper():
                continue  # BENCH_: the benchmark's own DuckDB connection (crimeplan.bench)
            items: dict[str, object]
            if isinstance(value, str):
                items = {"": value}
            elif isinstance(value, tuple):
                items = {f"[{i}]": v for i, v in enumerate(value)}
            elif isinstance(value, dict):
                items = {f"[{k}]": v for k, v in value.items()}
            else:
                continue
            for key, sql in items.items():
                if isinstance(sql, str) and _is_statement(sql) and not STAGING_ONLY.search(sql):
                    out[f"{info.name}.{name}{key}"] = sql
    return out


def _is_statement(sql: str) -> bool:
    """A whole statement (not a fragment such as queries.cube.INSERT_CRIME_CUBE, which a compiled
    Ibis expression completes: tests/cube runs those on both engines)."""
    words = sql.split(None, 1)
    if not words or words[0].upper() not in ("SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP"):
        return False
    return words[0].upper() != "INSERT" or bool(re.search(r"\b(VALUES|SELECT)\b", sql, re.I))


def is_read(sql: str) -> bool:
    return sql.split(None, 1)[0].upper() in ("SELECT", "WITH")


def params(sql: str, *, write: bool = False) -> dict[str, object]:
    values = {**VALUES, **FOR_WRITES} if write else VALUES
    return {name: values[name] for name in PARAM.findall(sql)}
