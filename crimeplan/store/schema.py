"""The store's tables: column lists used by loaders, and the migrations that build them.

The same DDL runs on DuckDB and PostgreSQL: only portable types are used (TEXT, INTEGER, BIGINT,
BOOLEAN, DATE, TIMESTAMP, DOUBLE PRECISION). A database records its version in
``schema_version``; ``MIGRATIONS`` (crimeplan.store.migrations) lists every step from an empty
database, and opening an older database applies the missing steps in order, in one transaction,
so it upgrades in place.
"""

from __future__ import annotations

from crimeplan.store.migrations import MIGRATIONS
from crimeplan.store.migrations.base import Migration

__all__ = ["ASB_COLUMNS", "CRIME_COLUMNS", "LATEST_VERSION", "MIGRATIONS", "Migration", "OUTCOME_COLUMNS"]

CRIME_COLUMNS: tuple[str, ...] = (
    "force", "crime_id", "recorded_date", "month", "offence_code", "category", "area_code",
    "domestic", "business", "hate_strands", "actual_religion", "perceived_religion",
    "location_type", "outcome_type", "outcome_label", "outcome_date", "load_id",
)
"""Columns of ``crimes``, the canonical crime record (docs/architecture.md)."""

ASB_COLUMNS: tuple[str, ...] = ("force", "month", "area_code", "load_id")
OUTCOME_COLUMNS: tuple[str, ...] = ("force", "crime_id", "month", "outcome_label", "outcome_type", "load_id")


LATEST_VERSION = MIGRATIONS[-1].version
