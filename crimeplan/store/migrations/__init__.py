"""Every schema step, in order. Opening a store applies the ones it lacks, in one transaction.

Add a step as a new module ``vNNN_name.py`` defining ``MIGRATION`` and list it here; never edit
a step that has shipped (an existing database would not see the change).
"""

from crimeplan.store.migrations import v001_core

MIGRATIONS = tuple(m.MIGRATION for m in (
    v001_core,
))

assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1)), "migrations out of order"
