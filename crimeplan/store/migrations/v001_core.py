"""Version 1: canonical records, ASB, police.uk outcomes, areas, populations, the load history."""

from crimeplan.store.migrations.base import Migration

MIGRATION = Migration(1, "canonical records, areas, populations, load history", (
        "CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1",
        """CREATE TABLE loads (
            load_id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            checksum TEXT NOT NULL,
            force TEXT,
            months TEXT,
            rows_in BIGINT NOT NULL,
            rows_loaded BIGINT NOT NULL,
            rows_replaced BIGINT NOT NULL,
            rows_rejected BIGINT NOT NULL,
            details TEXT NOT NULL,
            loaded_at TIMESTAMP NOT NULL,
            loaded_by TEXT NOT NULL
        )""",
        """CREATE TABLE crimes (
            force TEXT NOT NULL,
            crime_id TEXT,
            recorded_date DATE NOT NULL,
            month DATE NOT NULL,
            offence_code TEXT,
            category TEXT,
            area_code TEXT,
            domestic BOOLEAN NOT NULL DEFAULT FALSE,
            business BOOLEAN NOT NULL DEFAULT FALSE,
            hate_strands TEXT,
            actual_religion TEXT,
            perceived_religion TEXT,
            location_type TEXT,
            outcome_type INTEGER,
            outcome_label TEXT,
            outcome_date DATE,
            load_id INTEGER NOT NULL
        )""",
        "CREATE INDEX crimes_force_month ON crimes (force, month)",
        """CREATE TABLE asb (
            force TEXT NOT NULL,
            month DATE NOT NULL,
            area_code TEXT,
            load_id INTEGER NOT NULL
        )""",
        "CREATE INDEX asb_force_month ON asb (force, month)",
        """CREATE TABLE outcomes (
            force TEXT NOT NULL,
            crime_id TEXT,
            month DATE NOT NULL,
            outcome_label TEXT,
            outcome_type INTEGER,
            load_id INTEGER NOT NULL
        )""",
        "CREATE INDEX outcomes_force_month ON outcomes (force, month)",
        """CREATE TABLE areas (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            level TEXT NOT NULL
        )""",
        """CREATE TABLE area_parents (
            child_code TEXT NOT NULL,
            parent_code TEXT NOT NULL,
            valid_from DATE,
            valid_to DATE
        )""",
        """CREATE TABLE area_closure (
            descendant TEXT NOT NULL,
            ancestor TEXT NOT NULL,
            ancestor_level TEXT NOT NULL
        )""",
        """CREATE TABLE area_stage (code TEXT NOT NULL, name TEXT NOT NULL, level TEXT NOT NULL)""",
        """CREATE TABLE area_parent_stage (
            child_code TEXT NOT NULL, parent_code TEXT NOT NULL, valid_from DATE, valid_to DATE)""",
        """CREATE TABLE population (
            area_code TEXT NOT NULL,
            year INTEGER NOT NULL,
            population BIGINT NOT NULL,
            load_id INTEGER NOT NULL,
            PRIMARY KEY (area_code, year)
        )""",
    ))
