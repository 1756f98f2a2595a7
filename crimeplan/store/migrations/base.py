"""A migration: one versioned step of the schema, as portable SQL (DuckDB and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]
    only: tuple[tuple[str, str], ...] = ()  # (dialect, statement): run on that engine alone (issue 7: PG audit trigger)
    step: Callable[[Any], None] | None = None  # run with the store after the statements (issue 19: audit hashes)
