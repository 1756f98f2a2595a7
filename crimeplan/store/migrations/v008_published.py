"""Version 8: what police.uk published for each force-month, so a figure can tell missing data from zero.

One row per force-month of a police.uk street load: the rows, the crimes, how many crimes carry an
outcome, an LSOA and a Crime ID, and the crime-type scheme of the rows (``current``, or ``early``
for the 2010–2011 archive's six broad types). British Transport Police publishes no Crime ID and
no outcome, PSNI no LSOA and no outcome (issue 15): their outcome measures read ``with_outcome = 0``
here and say "no outcomes published by this force" instead of 0 %. A reload supersedes the row as
it supersedes the crimes."""

from crimeplan.store.migrations.base import Migration

MIGRATION = Migration(8, "what police.uk published per force-month (outcomes, LSOA, Crime ID, crime-type scheme)", (
    """CREATE TABLE published (
        force TEXT NOT NULL,
        month DATE NOT NULL,
        rows_loaded BIGINT NOT NULL,
        crimes BIGINT NOT NULL,
        with_outcome BIGINT NOT NULL,
        with_lsoa BIGINT NOT NULL,
        with_crime_id BIGINT NOT NULL,
        crime_types TEXT NOT NULL,
        load_id INTEGER NOT NULL,
        superseded_by INTEGER
    )""",
))
