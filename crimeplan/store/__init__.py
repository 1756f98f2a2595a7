"""The store: record-level data, the monthly cube and application state, in DuckDB or PostgreSQL.

``open_store(url)`` picks the engine from the URL: ``postgresql://…`` (or ``postgres://…``) is a
PostgreSQL server; anything else is a DuckDB file (``duckdb:///path/to/file.duckdb`` or a plain
path), created on first use. The schema is migrated to the latest version on open.
"""

from __future__ import annotations

from crimeplan import settings
from crimeplan.store.base import LoadRecord, Store

DEFAULT_DB = str(settings.BY_NAME["db"].default)
"""The embedded default store, in the working folder."""

ENV_VAR = settings.BY_NAME["db"].env


def resolve_url(url: str | None) -> str:
    return url or str(settings.value("db"))


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    url = resolve_url(url)
    if url.startswith(("postgresql://", "postgres://")):
        from crimeplan.store.postgres import PostgresStore
        store: Store = PostgresStore(url)
    else:
        from crimeplan.store.duckdb import DuckDBStore
        path = url.removeprefix("duckdb://")
        store = DuckDBStore(url, path)
    if migrate:
        store.migrate()
    return store


__all__ = ["LoadRecord", "Store", "open_store", "resolve_url", "DEFAULT_DB", "ENV_VAR"]
