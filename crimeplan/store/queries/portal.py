"""The portal's statements of its own: the store's data version, read before every page.

Everything a performance page shows changes only through a data load (``loads``) or an audited
change (``audit_log``: deliverable updates and approvals, plan, calendar, register and peer-group
changes, each audited in the same transaction as the change). Both tables are append-only.

On PostgreSQL several workers and the CLI write at once, and ids come from sequences, so a
transaction can commit *after* one holding a higher id: the maximum alone would miss it. The
version therefore also counts the loads (a few hundred rows) and the audit entries above
``:floor`` (a recent id the caller chooses; a primary-key range scan), which a late commit raises.
Everything else is a primary-key lookup: one round trip, a fraction of a millisecond.

A DuckDB store is opened for writing by one process only, and the portal serialises its writes
behind its store lock, so commits follow id order and the maxima suffice (each extra table scan
costs DuckDB ~0.4 ms, paid on every page request).
"""

DATA_VERSION = {
    "postgres": """SELECT 'audit', NULL, max(audit_id), (SELECT count(*) FROM audit_log WHERE audit_id > :floor)
        FROM audit_log
        UNION ALL SELECT 'loads', force, max(load_id), count(*) FROM loads GROUP BY force""",
    "duckdb": """SELECT 'audit', NULL, max(audit_id), 0 FROM audit_log
        UNION ALL SELECT 'loads', force, max(load_id), count(*) FROM loads GROUP BY force""",
}
"""One ('audit', NULL, latest audit id, audit entries above :floor) row, then one ('loads', force column,
latest load id, loads) row per value of ``loads.force`` (a force, several joined by commas, or NULL
for national loads): a load changes only its forces' figures (``store.versions``). The DuckDB form
takes no parameter and answers 0 for the audit count. The loads table has a row per load (a few
hundred): grouping it costs about what the single maximum did."""

REGISTER_VERSION = "SELECT measure, area, count(*), count(withdrawn_at) FROM process_changes GROUP BY measure, area"
"""The process-change register's state per (measure, area): (entries, withdrawn). It sets where SPC
limits are rebased, so computed figures are keyed by the entries of their force and measures rather
than by every audited change. Read again only when the audit version moves (every register change is
audited)."""

STORE_BIRTH = "SELECT min(applied_at), version() FROM schema_version"
"""When the store was created (its first migration, to the microsecond), and the engine's version: with
its location, tells a store from one built again in the same place (``crimeplan.commands.stored_results``)."""

CUBE_BUILDS = "SELECT count(*) FROM cube_builds"
"""Builds and refreshes of the cube so far: a rebuild (``crimeplan cube build``) changes no load, yet
may change what the figures read (``crimeplan.commands.stored_results``)."""
