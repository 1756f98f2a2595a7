"""Version 5: the monthly cube (crime and ASB counts by month × area × offence × flags × outcome)
and the history of its builds. Pages and papers read the cube; the records stay the source."""

from crimeplan.store.migrations.base import Migration

MIGRATION = Migration(5, "monthly cube of crimes and anti-social behaviour, and its build history", (
    """CREATE TABLE crime_cube (
        force TEXT NOT NULL,
        month DATE NOT NULL,
        area_code TEXT,
        offence_code TEXT,
        category TEXT,
        domestic BOOLEAN NOT NULL,
        business BOOLEAN NOT NULL,
        hate_strands TEXT,
        location_type TEXT,
        outcome_type INTEGER,
        outcome_label TEXT,
        outcome_month DATE,
        n BIGINT NOT NULL
    )""",
    "CREATE INDEX crime_cube_force_month ON crime_cube (force, month)",
    """CREATE TABLE asb_cube (
        force TEXT NOT NULL,
        month DATE NOT NULL,
        area_code TEXT,
        n BIGINT NOT NULL
    )""",
    "CREATE INDEX asb_cube_force_month ON asb_cube (force, month)",
    """CREATE TABLE cube_builds (
        built_at TIMESTAMP NOT NULL,
        engine TEXT NOT NULL,
        scope TEXT NOT NULL,
        force_months INTEGER NOT NULL,
        cube_rows BIGINT NOT NULL,
        records BIGINT NOT NULL,
        seconds DOUBLE PRECISION NOT NULL
    )""",
))
