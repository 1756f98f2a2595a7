"""Version 11: the marker of the cube's check on open. Opening a store checked the cube against
the records every time (a store written before the cube existed, or loads made before ingest
refreshed the cube); the check now runs once per load and schema version, and this row says which
ones it last passed at (crimeplan.metrics.cube_check)."""

from crimeplan.store.migrations.base import Migration

MIGRATION = Migration(11, "marker of the cube's check on open: the load and schema version it passed at", (
    """CREATE TABLE cube_checks (
        load_id INTEGER NOT NULL,
        schema_version INTEGER NOT NULL,
        checked_at TIMESTAMP NOT NULL
    )""",
))
