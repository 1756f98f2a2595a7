"""Version 3: deliverables and their dated updates, the board calendar, accounts, sessions, login
attempts, and the append-only audit trail.

``deliverables.version`` and ``users.version`` carry optimistic versioning: every write names the
version it read and is refused when another save came first. ``audit_log`` is append-only: no
UPDATE or DELETE statement exists for it in crimeplan, and on PostgreSQL a trigger refuses both.
"""

from crimeplan.store.migrations.base import Migration

AUDIT_APPEND_ONLY_FUNCTION = """CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$"""
AUDIT_APPEND_ONLY_TRIGGER = """CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()"""

MIGRATION = Migration(3, "deliverables, updates, board calendar, users, sessions, audit trail", (
    "CREATE SEQUENCE IF NOT EXISTS audit_id_seq START 1",
    """CREATE TABLE audit_log (
        audit_id BIGINT PRIMARY KEY,
        changed_at TIMESTAMP NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        before_value TEXT,
        after_value TEXT
    )""",
    """CREATE TABLE deliverables (
        plan_id TEXT NOT NULL,
        deliverable_id TEXT NOT NULL,
        outcome TEXT NOT NULL,
        title TEXT NOT NULL,
        lead TEXT NOT NULL,
        cadence TEXT,
        covered_elsewhere TEXT,
        status TEXT NOT NULL,
        status_reason TEXT,
        version INTEGER NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (plan_id, deliverable_id)
    )""",
    "CREATE SEQUENCE IF NOT EXISTS update_id_seq START 1",
    """CREATE TABLE deliverable_updates (
        update_id BIGINT PRIMARY KEY,
        plan_id TEXT NOT NULL,
        deliverable_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL,
        status_reason TEXT,
        evidence TEXT NOT NULL,
        covered_in TEXT,
        author TEXT NOT NULL,
        created_at TIMESTAMP NOT NULL,
        state TEXT NOT NULL,
        reviewed_by TEXT,
        reviewed_at TIMESTAMP,
        review_note TEXT
    )""",
    "CREATE INDEX deliverable_updates_deliverable ON deliverable_updates (plan_id, deliverable_id)",
    """CREATE TABLE board_meetings (
        plan_id TEXT NOT NULL,
        meeting_date DATE NOT NULL,
        PRIMARY KEY (plan_id, meeting_date)
    )""",
    """CREATE TABLE users (
        username TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL,
        lead_name TEXT,
        password_hash TEXT,
        oidc_subject TEXT,
        disabled BOOLEAN NOT NULL,
        created_at TIMESTAMP NOT NULL,
        version INTEGER NOT NULL
    )""",
    """CREATE TABLE login_attempts (
        username TEXT NOT NULL,
        client TEXT NOT NULL,
        attempted_at TIMESTAMP NOT NULL,
        succeeded BOOLEAN NOT NULL
    )""",
    "CREATE INDEX login_attempts_username ON login_attempts (username, attempted_at)",
    """CREATE TABLE sessions (
        session_id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        created_at TIMESTAMP NOT NULL,
        expires_at TIMESTAMP NOT NULL,
        ended_at TIMESTAMP
    )""",
), only=(
    ("postgres", AUDIT_APPEND_ONLY_FUNCTION),
    ("postgres", AUDIT_APPEND_ONLY_TRIGGER),
))
