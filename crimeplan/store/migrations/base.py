"""A migration: one versioned step of the schema, as portable SQL (DuckDB and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]
