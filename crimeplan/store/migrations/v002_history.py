"""Version 2: rows replaced by a reload are kept, marked with the load that superseded them (so a
paper can be rebuilt "as at" a past load), and the process-change register."""

from crimeplan.store.migrations.base import Migration

MIGRATION = Migration(2, "supersession of reloaded rows; process-change register", (
    "ALTER TABLE crimes ADD COLUMN superseded_by INTEGER",
    "ALTER TABLE asb ADD COLUMN superseded_by INTEGER",
    "ALTER TABLE outcomes ADD COLUMN superseded_by INTEGER",
    "CREATE SEQUENCE IF NOT EXISTS change_id_seq START 1",
    """CREATE TABLE process_changes (
        change_id INTEGER PRIMARY KEY,
        measure TEXT NOT NULL,
        area TEXT NOT NULL,
        month DATE NOT NULL,
        reason TEXT NOT NULL,
        rebase BOOLEAN NOT NULL,
        created_at TIMESTAMP NOT NULL,
        created_by TEXT NOT NULL,
        withdrawn_at TIMESTAMP,
        withdrawn_by TEXT
    )""",
))
