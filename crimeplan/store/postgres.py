"""The server store: a PostgreSQL database reached by URL (``postgresql://…``)."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv

from crimeplan.errors import StoreError
from crimeplan.store.base import Store

if TYPE_CHECKING:
    import psycopg


COPY_CHUNK_BYTES = 8 << 20
"""Bytes of CSV sent to PostgreSQL's COPY per write: large enough to stream at speed, small
enough to keep memory flat whatever the file size."""


class PostgresStore(Store):
    dialect = "postgres"
    placeholder = "%({})s"

    def __init__(self, url: str) -> None:
        super().__init__(url)
        import psycopg
        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL store {_redact(url)}: "
                             f"{str(exc).strip().splitlines()[0]}") from exc
        self._tx: AbstractContextManager[psycopg.Transaction] | None = None
        self._staging: duckdb.DuckDBPyConnection | None = None

    def _run(self, sql: str, params: Mapping[str, Any] | None) -> list[tuple[Any, ...]]:
        with self.conn.cursor() as cur:
            cur.execute(sql, dict(params) if params else None)
            return cur.fetchall() if cur.description else []

    def _begin(self) -> None:
        self._tx = self.conn.transaction()
        self._tx.__enter__()

    def _commit(self) -> None:
        tx, self._tx = self._tx, None
        assert tx is not None, "commit without a transaction"
        tx.__exit__(None, None, None)

    def _rollback(self) -> None:
        tx, self._tx = self._tx, None
        assert tx is not None, "rollback without a transaction"
        tx.__exit__(RuntimeError, RuntimeError("rollback"), None)

    @property
    def staging(self) -> duckdb.DuckDBPyConnection:
        """Files are parsed by an in-memory DuckDB, then streamed here with COPY."""
        if self._staging is None:
            from crimeplan.store.duckdb import scratch
            self._staging = scratch()
        return self._staging

    def append_from_staging(self, table: str, columns: Sequence[str], select_sql: str,
                            params: Mapping[str, Any] | None = None) -> int:
        return self.append_from(self.staging, table, columns, select_sql, params)

    def _after_commit(self, tables: set[str]) -> None:
        """Refresh the planner's statistics of tables just bulk-loaded: without them PostgreSQL
        can pick nested loops over a million rows (minutes instead of a second)."""
        for table in sorted(tables):
            # internal table names only, never user input; "_" marks a temporary staging table
            if table.isidentifier() and not table.startswith("_"):
                self._run(f"ANALYZE {table}", None)

    def append_batches(self, table: str, columns: Sequence[str], batches: Iterator[pa.RecordBatch]) -> int:
        cols = ", ".join(columns)
        total = 0
        self.mark_written(table)
        with self.conn.cursor() as cur:
            with cur.copy(f"COPY {table} ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
                buf = io.BytesIO()
                # Strings are always quoted and nulls written as nothing, which COPY's csv
                # format reads back as NULL (an empty string arrives quoted, as "").
                options = pacsv.WriteOptions(include_header=False, quoting_style="needed")
                for batch in batches:
                    if batch.num_rows == 0:
                        continue
                    total += batch.num_rows
                    pacsv.write_csv(batch, buf, options)
                    if buf.tell() >= COPY_CHUNK_BYTES:
                        copy.write(buf.getvalue())
                        buf = io.BytesIO()
                if buf.tell():
                    copy.write(buf.getvalue())
        return total

    def ibis(self) -> Any:
        if self._ibis is None:
            import ibis
            self._ibis = ibis.connect(self.url)
        return self._ibis

    def close(self) -> None:
        if self._ibis is not None:
            self._ibis.disconnect()
        if self._staging is not None:
            self._staging.close()
        self.conn.close()


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    import re
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)
