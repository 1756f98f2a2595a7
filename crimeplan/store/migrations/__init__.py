"""Every schema step, in order. Opening a store applies the ones it lacks, in one transaction.

Add a step as a new module ``vNNN_name.py`` defining ``MIGRATION`` and list it here; never edit
a step that has shipped (an existing database would not see the change).
"""

from crimeplan.store.migrations import (
    v001_core,
    v002_history,
    v003_workflow,
    v004_comparisons,
    v005_cube,
    v006_cells,
    v007_zonemaps,
    v008_published,
    v009_revisions,
    v010_audit_chain,
    v011_cube_checks,
)

# Versions: 2 supersession + process-change register, 3 deliverables/users/audit,
# 4 surveys and comparisons, 5 the monthly cube, 6 reporting cells, 7 zone maps for DuckDB's big
# tables, 8 what police.uk published per force-month, 9 revisions of deliverable updates,
# 10 the audit trail's hash chain, 11 the marker of the cube's check on open.
# Add each module's import and entry here.
MIGRATIONS = tuple(m.MIGRATION for m in (
    v001_core,
    v002_history,
    v003_workflow,
    v004_comparisons,
    v005_cube,
    v006_cells,
    v007_zonemaps,
    v008_published,
    v009_revisions,
    v010_audit_chain,
    v011_cube_checks,
))

assert all(a.version < b.version for a, b in zip(MIGRATIONS, MIGRATIONS[1:], strict=False)), "migrations out of order"
