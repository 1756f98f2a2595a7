"""The embedded default store: one DuckDB file (created on first use)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

import duckdb

from crimeplan import settings
from crimeplan.errors import StoreError
from crimeplan.store.base import Store

if TYPE_CHECKING:
    import pyarrow as pa


def quiet(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Turn off DuckDB's own progress bar: it would write over crimeplan's (and into piped output)."""
    con.execute("SET enable_progress_bar = false")
    return con


MEMORY_LIMIT_ENV = settings.BY_NAME["duckdb_memory_limit"].env
DEFAULT_MEMORY_LIMIT = str(settings.BY_NAME["duckdb_memory_limit"].default)
"""DuckDB's own default is 80 % of the machine's memory, and its buffer pool grows towards it as
the store grows; a fixed ceiling keeps a crimeplan process's memory bounded whatever the number
of records (larger sorts and groupings spill to ``<store>.tmp``). Override with the environment
variable, e.g. ``CRIMEPLAN_DUCKDB_MEMORY_LIMIT=16GB``."""


SCRATCH_MEMORY_LIMIT = "2GB"
"""For a scratch connection: a staged batch of input files (at most 512 MiB of CSV,
crimeplan.ingest.police_uk.BATCH_BYTES) and the groupings that check it."""


def scratch() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB where input files are staged outside the store's transaction.

    A temporary table dropped inside a transaction is kept until the transaction ends, so staging
    a 50 M-row load batch after batch in the store's own connection held every batch at once
    (0.5 GB more per batch); here each batch is freed when it is dropped."""
    return quiet(duckdb.connect(config={"memory_limit": SCRATCH_MEMORY_LIMIT}))


def _inserted(cur: duckdb.DuckDBPyConnection) -> int:
    """The row count a DuckDB INSERT returns as its one row."""
    row = cur.fetchone()
    assert row is not None, "an INSERT returns its row count"
    return int(row[0])



_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


def open_error(path: str, message: str) -> str:
    """One line for a store that cannot be opened: for a file another process holds (DuckDB lets one
    process write a file), who holds it and what to do; else DuckDB's first line."""
    holder = _LOCK_HOLDER.search(message)
    if holder is None:
        return f"cannot open DuckDB store {path}: {message.splitlines()[0]}"
    return (f"cannot open DuckDB store {path}: another process holds it (PID {holder.group(2)}, "
            f"{holder.group(1).rsplit('/', 1)[-1]}), e.g. a running `crimeplan serve`; stop it and try again, or "
            "keep a portal that others change at the same time on PostgreSQL (docs/scale.md)")

class DuckDBStore(Store):
    dialect = "duckdb"
    placeholder = "${}"

    def __init__(self, url: str, path: str) -> None:
        super().__init__(url)
        self.path = path
        try:
            self.memory_limit = str(settings.value("duckdb_memory_limit"))
            self.con = quiet(duckdb.connect(path, config={"memory_limit": self.memory_limit}))
        except duckdb.Error as exc:
            raise StoreError(open_error(path, str(exc))) from exc

    def _run(self, sql: str, params: Mapping[str, Any] | None) -> list[tuple[Any, ...]]:
        cur = self.con.execute(sql, dict(params) if params else None)
        try:
            return cur.fetchall()
        except duckdb.InvalidInputException:  # statement returned no result set
            return []

    def _begin(self) -> None:
        self.con.begin()

    def _commit(self) -> None:
        self.con.commit()

    def _rollback(self) -> None:
        self.con.rollback()

    def _load_started(self) -> None:
        """The buffer pool's ceiling lowered to ``duckdb_load_memory_limit`` while a load or a cube build
        runs (``_load_ended`` gives the store its own back).

        A load appends blocks it reads again only to refresh the cube of its batch, and a build reads
        each record once, yet DuckDB keeps every block it touched until the ceiling: a police.uk
        ingest held 300 MB of table blocks after 10 M rows and 1.5 GB after 50 M (``duckdb_memory()``).
        Under the lower ceiling their memory stays flat, loads at the same speed, a full cube build
        about a fifth slower (docs/performance.md)."""
        self.con.execute("SET memory_limit = $limit", {"limit": str(settings.value("duckdb_load_memory_limit"))})

    def _load_committed(self) -> None:
        """A checkpoint under the load's ceiling. The load's blocks are already in the file, yet
        DuckDB's checkpoint still reads an amount of data that grows with the store: left to the
        close, it ran under the store's own ceiling and took a 50 M-row police.uk ingest from 1.8 GB
        to 3.0 GB in 6 s; here it stays at 1.9 GB and takes 8–12 s (10 M rows: 2–3 s either way, no
        new peak)."""
        self.con.execute("CHECKPOINT")

    def _load_ended(self) -> None:
        self.con.execute("SET memory_limit = $limit", {"limit": self.memory_limit})

    @property
    def staging(self) -> duckdb.DuckDBPyConnection:
        """Where files are parsed before they are written: the store's own connection."""
        return self.con

    def append_from_staging(self, table: str, columns: Sequence[str], select_sql: str,
                            params: Mapping[str, Any] | None = None) -> int:
        cols = ", ".join(columns)
        return _inserted(self.con.execute(f"INSERT INTO {table} ({cols}) {select_sql}", params))

    def append_batches(self, table: str, columns: Sequence[str], batches: Iterator[pa.RecordBatch]) -> int:
        """One INSERT streaming every batch (columns matched by name)."""
        batches = iter(batches)
        first = next(batches, None)
        if first is None:
            return 0
        import pyarrow as pa  # start-up speed: only loads write Arrow batches (pyarrow ~0.3 s to import)

        self.con.register("_crimeplan_rows", pa.RecordBatchReader.from_batches(first.schema, chain([first], batches)))
        try:
            cols = ", ".join(columns)
            return _inserted(self.con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _crimeplan_rows"))
        finally:
            self.con.unregister("_crimeplan_rows")

    def ibis(self) -> Any:
        if self._ibis is None:
            import ibis
            self._ibis = ibis.duckdb.from_connection(self.con)
        return self._ibis

    def close(self) -> None:
        self.con.close()
