"""What every store offers, whatever the engine behind it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import duckdb

from crimeplan.errors import StoreError
from crimeplan.store import queries
from crimeplan.store.schema import MIGRATIONS

if TYPE_CHECKING:
    import pyarrow as pa  # start-up speed: only in annotations here (pyarrow ~0.3 s to import)

_PARAM = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
APPEND_BATCH_ROWS = 200_000
"""Rows per Arrow batch when rows stream from a DuckDB connection into the store."""


@dataclass(frozen=True)
class LoadRecord:
    """One row of the load history: what was loaded, from where, and what happened to it."""

    kind: str
    source: str
    checksum: str
    force: str | None
    months: tuple[str, ...]
    rows_in: int
    rows_loaded: int
    rows_replaced: int
    rows_rejected: int
    details: Mapping[str, Any] = field(default_factory=dict)
    loaded_by: str = "unknown"


def arrow_rows(con: duckdb.DuckDBPyConnection, select_sql: str,
               params: Mapping[str, Any] | None = None) -> pa.RecordBatchReader:
    """The rows of a SELECT on a DuckDB connection, streamed as Arrow batches."""
    return con.sql(select_sql, params=dict(params) if params else None).to_arrow_reader(APPEND_BATCH_ROWS)


class Store:
    """A crimeplan database. Subclasses bind one engine; all SQL comes from ``queries``."""

    dialect: str = ""
    placeholder: str = ""

    def __init__(self, url: str) -> None:
        self.url = url
        self._depth = 0
        self._loading = 0   # nested loading() blocks
        self._ibis: Any = None  # an Ibis backend (ibis publishes no types)
        self._written: set[str] = set()

    @property
    def in_transaction(self) -> bool:
        """Whether a ``transaction()`` block is open."""
        return self._depth > 0

    def mark_written(self, *tables: str) -> None:
        """Note bulk-written tables; engines that plan from statistics refresh them after commit."""
        self._written.update(tables)

    def _after_commit(self, tables: set[str]) -> None:
        """Engine hook run after a commit with the tables bulk-written in it (default: nothing)."""

    # -- engine specifics (subclasses) ---------------------------------------------------
    def _run(self, sql: str, params: Mapping[str, Any] | None) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _begin(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    @contextmanager
    def loading(self) -> Iterator[None]:
        """While a bulk load (crimeplan.loads) or a full cube build runs: the engine's settings for
        writing much and reading little. Nested blocks join the outermost, whose start and end call
        the hooks below."""
        self._loading += 1
        try:
            if self._loading == 1:
                self._load_started()
            yield
            if self._loading == 1 and not self.in_transaction:
                self._load_committed()
        finally:
            self._loading -= 1
            if self._loading == 0:
                self._load_ended()

    def _load_started(self) -> None:
        """Engine hook: the outermost load begins (default: nothing)."""

    def _load_committed(self) -> None:
        """Engine hook: the outermost load ended with its writes committed (default: nothing)."""

    def _load_ended(self) -> None:
        """Engine hook: the outermost load ended, committed or not (default: nothing)."""

    @property
    def staging(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection where input files are parsed before they are written."""
        raise NotImplementedError

    def append_batches(self, table: str, columns: Sequence[str], batches: Iterator[pa.RecordBatch]) -> int:
        """Append Arrow record batches (columns in ``columns`` order) to ``table``; return rows."""
        raise NotImplementedError

    def append_from_staging(self, table: str, columns: Sequence[str], select_sql: str,
                            params: Mapping[str, Any] | None = None) -> int:
        """Append the rows of a SELECT over the DuckDB staging tables (``self.staging``); return rows."""
        raise NotImplementedError

    def append_from(self, con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], select_sql: str,
                    params: Mapping[str, Any] | None = None) -> int:
        """Append the rows of a SELECT run on another DuckDB connection ``con`` (a scratch one, see
        crimeplan.store.duckdb.scratch), streamed as Arrow batches; return rows."""
        reader = arrow_rows(con, select_sql, params)
        try:
            return self.append_batches(table, columns, iter(reader))
        finally:
            reader.close()   # its stream and buffers now, not when a garbage collection finds them

    def ibis(self) -> Any:
        """The Ibis backend over this store, for analytics expressions."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # -- shared behaviour -----------------------------------------------------------------
    def bind(self, sql: str) -> str:
        return _PARAM.sub(lambda m: self.placeholder.format(m.group(1)), sql)

    def fetchall(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return self._run(self.bind(sql), params)

    def fetch_compiled(self, sql: str) -> list[tuple[Any, ...]]:
        """The rows of a SELECT compiled from an Ibis expression (crimeplan.metrics.records.rows), run
        as written (it has no ``:name`` parameters) on the store's own connection and transaction."""
        return self._run(sql, None)

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> None:
        self._run(self.bind(sql), params)

    def scalar(self, sql: str, params: Mapping[str, Any] | None = None) -> Any:
        rows = self.fetchall(sql, params)
        return rows[0][0] if rows else None

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """One transaction; nested calls join the outer one. Any exception rolls back all."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._written = set()
            self._rollback()
            raise
        self._depth = 0
        self._commit()
        written, self._written = self._written, set()
        if written:
            self._after_commit(written)

    def migrate(self) -> int:
        """Bring the schema to the latest version; return the version now in place."""
        with self.transaction():
            self.execute(queries.SCHEMA_VERSION_TABLE)
            current = self.scalar(queries.SCHEMA_VERSION) or 0
            for migration in MIGRATIONS:
                if migration.version <= current:
                    continue
                for statement in migration.statements + tuple(sql for d, sql in migration.only if d == self.dialect):
                    self.execute(statement)
                if migration.step is not None:
                    migration.step(self)
                self.execute(queries.RECORD_SCHEMA_VERSION,
                             {"version": migration.version,  # to the microsecond: the store's birth
                              "applied_at": datetime.now(UTC).replace(tzinfo=None)})
                current = migration.version
        return current

    def schema_version(self) -> int:
        return int(self.scalar(queries.SCHEMA_VERSION) or 0)

    def new_load_id(self) -> int:
        return int(self.scalar(queries.NEXT_LOAD_ID))

    def record_load(self, load_id: int, record: LoadRecord) -> None:
        self.execute(queries.INSERT_LOAD, {
            "load_id": load_id, "kind": record.kind, "source": record.source,
            "checksum": record.checksum, "force": record.force, "months": ",".join(record.months),
            "rows_in": record.rows_in, "rows_loaded": record.rows_loaded,
            "rows_replaced": record.rows_replaced, "rows_rejected": record.rows_rejected,
            "details": json.dumps(dict(record.details), sort_keys=True), "loaded_at": _now(),
            "loaded_by": record.loaded_by,
        })

    def loads(self) -> list[dict[str, Any]]:
        names = ("load_id", "kind", "source", "checksum", "force", "months", "rows_in", "rows_loaded",
                 "rows_replaced", "rows_rejected", "details", "loaded_at", "loaded_by")
        out = []
        for row in self.fetchall(queries.LIST_LOADS):
            item = dict(zip(names, row, strict=True))
            item["months"] = [m for m in (item["months"] or "").split(",") if m]
            item["details"] = json.loads(item["details"])
            item["loaded_at"] = item["loaded_at"].isoformat(timespec="seconds")
            out.append(item)
        return out

    def count(self, table: str) -> int:
        try:
            sql = queries.TABLE_COUNT[table]
        except KeyError:
            raise StoreError(f"no table named {table!r}") from None
        return int(self.scalar(sql))

    def count_current(self, table: str) -> int:
        """Rows of a record table as the data stands now (rows superseded by a reload excluded)."""
        return int(self.scalar(queries.CURRENT_COUNT[table]))

    def latest_load_id(self) -> int | None:
        value = self.scalar(queries.LATEST_LOAD_ID)
        return int(value) if value is not None else None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
