"""Version 6: reporting cells. Small areas (LSOAs, MSOAs) are grouped into cells: the small areas
that roll up to the same set of reporting areas (every level above MSOA below the force). The
cell cube is the monthly cube summed over each cell's small areas, so a refresh of every reporting
area reads a few rows per cell instead of a few per LSOA (docs/performance.md)."""

from crimeplan.store.migrations.base import Migration

MIGRATION = Migration(6, "reporting cells: areas grouped by the reporting areas they roll up to, "
                         "and the cube by cell", (
    """CREATE TABLE area_cells (
        area_code TEXT NOT NULL,
        cell TEXT NOT NULL
    )""",
    """CREATE TABLE crime_cell_cube (
        force TEXT NOT NULL,
        month DATE NOT NULL,
        cell TEXT,
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
    "CREATE INDEX crime_cell_cube_force_month ON crime_cell_cube (force, month)",
))
