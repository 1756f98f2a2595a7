"""The portal's statements of its own: the store's data version, read before every page.

Everything a performance page shows changes only through a data load (``loads``) or an audited
change (``audit_log``: deliverable updates and approvals, plan, calendar and register changes, each
audited in the same transaction as the change). Both tables are append-only.

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
    "postgres": """SELECT l.top, l.n, (SELECT max(audit_id) FROM audit_log),
        (SELECT count(*) FROM audit_log WHERE audit_id > :floor)
        FROM (SELECT max(load_id) AS top, count(*) AS n FROM loads) AS l""",
    "duckdb": "SELECT (SELECT max(load_id) FROM loads), 0, (SELECT max(audit_id) FROM audit_log), 0",
}
"""(latest load id, loads, latest audit id, audit entries above :floor); the DuckDB form takes no
parameter and answers 0 for both counts."""

REGISTER_VERSION = "SELECT count(*), count(withdrawn_at) FROM process_changes"
"""The process-change register's state (entries, withdrawn): it sets where SPC limits are rebased,
so computed figures are keyed by it rather than by every audited change. Read again only when the
audit version moves (every register change is audited)."""
