"""Workflow statements: deliverables and their updates, the board calendar, users, sessions, login
attempts and the audit trail (issue 7).

The audit trail is append-only: this module holds INSERT and SELECT statements for ``audit_log``
and nothing else (tests/workflow/test_audit.py checks that no UPDATE or DELETE of it exists).
"""

from __future__ import annotations

# -- audit trail ----------------------------------------------------------------------------------
NEXT_AUDIT_ID = "SELECT nextval('audit_id_seq')"
INSERT_AUDIT = """INSERT INTO audit_log (audit_id, changed_at, actor, action, entity, before_value, after_value,
    entry_hash) VALUES (:audit_id, :changed_at, :actor, :action, :entity, :before_value, :after_value, :entry_hash)"""
LAST_AUDIT_HASH = "SELECT entry_hash FROM audit_log ORDER BY audit_id DESC LIMIT 1"
AUDIT_CHAIN_LOCK_PG = "SELECT pg_advisory_xact_lock(190419)"
"""PostgreSQL: one writer of the chain at a time across workers (held to commit; taken before the id
is drawn, so ids follow the chain). DuckDB has one writing process."""
LIST_AUDIT_CHAIN = """SELECT audit_id, changed_at, actor, action, entity, before_value, after_value, entry_hash
    FROM audit_log ORDER BY audit_id"""
AUDIT_COLUMNS = "audit_id, changed_at, actor, action, entity, before_value, after_value"
LIST_AUDIT = f"""SELECT {AUDIT_COLUMNS} FROM audit_log
    WHERE (CAST(:actor AS TEXT) IS NULL OR actor = :actor)
      AND (CAST(:entity AS TEXT) IS NULL OR left(entity, length(CAST(:entity AS TEXT))) = CAST(:entity AS TEXT))
      AND (CAST(:action AS TEXT) IS NULL OR left(action, length(CAST(:action AS TEXT))) = CAST(:action AS TEXT))
      AND (CAST(:since AS TIMESTAMP) IS NULL OR changed_at >= :since)
    ORDER BY audit_id"""
LIST_LOADS_AS_AUDIT = """SELECT load_id, loaded_at, loaded_by, kind, source, force, months, rows_loaded,
    rows_replaced, rows_rejected FROM loads ORDER BY load_id"""

# -- deliverables ---------------------------------------------------------------------------------
DELIVERABLE_COLUMNS = ("plan_id, deliverable_id, outcome, title, lead, cadence, covered_elsewhere, status, "
                       "status_reason, version, updated_at, updated_by")
INSERT_DELIVERABLE = f"""INSERT INTO deliverables ({DELIVERABLE_COLUMNS})
    VALUES (:plan_id, :deliverable_id, :outcome, :title, :lead, :cadence, :covered_elsewhere, :status,
    :status_reason, :version, :updated_at, :updated_by)
    ON CONFLICT (plan_id, deliverable_id) DO NOTHING RETURNING deliverable_id"""
"""A deliverable of the plan file the store lacks; returns no row when another writer stored it first
(two workers serving the first page of a plan at once: the second waits for the first, then adds nothing)."""
LIST_DELIVERABLES = f"""SELECT {DELIVERABLE_COLUMNS} FROM deliverables WHERE plan_id = :plan_id
    ORDER BY deliverable_id"""
GET_DELIVERABLE = f"""SELECT {DELIVERABLE_COLUMNS} FROM deliverables
    WHERE plan_id = :plan_id AND deliverable_id = :deliverable_id"""
DELIVERABLE_IDS = "SELECT deliverable_id FROM deliverables WHERE plan_id = :plan_id"
# Optimistic versioning: each write names the version it read; no row back means another save came first.
BUMP_DELIVERABLE = """UPDATE deliverables SET version = version + 1, updated_at = :updated_at,
    updated_by = :updated_by
    WHERE plan_id = :plan_id AND deliverable_id = :deliverable_id AND version = :version
    RETURNING version"""
EDIT_DELIVERABLE = """UPDATE deliverables SET title = :title, lead = :lead, cadence = :cadence,
    covered_elsewhere = :covered_elsewhere, version = version + 1, updated_at = :updated_at,
    updated_by = :updated_by
    WHERE plan_id = :plan_id AND deliverable_id = :deliverable_id AND version = :version
    RETURNING version"""
SET_DELIVERABLE_STATUS = """UPDATE deliverables SET status = :status, status_reason = :status_reason
    WHERE plan_id = :plan_id AND deliverable_id = :deliverable_id"""

# -- updates --------------------------------------------------------------------------------------
NEXT_UPDATE_ID = "SELECT nextval('update_id_seq')"
UPDATE_COLUMNS = ("update_id, plan_id, deliverable_id, kind, body, status, status_reason, evidence, covered_in, "
                  "author, created_at, state, reviewed_by, reviewed_at, review_note")
INSERT_UPDATE = f"""INSERT INTO deliverable_updates ({UPDATE_COLUMNS})
    VALUES (:update_id, :plan_id, :deliverable_id, :kind, :body, :status, :status_reason, :evidence,
    :covered_in, :author, :created_at, :state, :reviewed_by, :reviewed_at, :review_note)"""
# read with the current revision's number (update_revisions, migration 9)
UPDATE_READ = (f"{UPDATE_COLUMNS}, (SELECT max(r.revision) FROM update_revisions r "
               f"WHERE r.update_id = deliverable_updates.update_id)")
GET_UPDATE = f"SELECT {UPDATE_READ} FROM deliverable_updates WHERE update_id = :update_id"
LIST_UPDATES = f"""SELECT {UPDATE_READ} FROM deliverable_updates
    WHERE plan_id = :plan_id AND (CAST(:deliverable_id AS TEXT) IS NULL OR deliverable_id = :deliverable_id)
    ORDER BY deliverable_id, created_at, update_id"""
LIST_UPDATES_IN_STATE = f"""SELECT {UPDATE_READ} FROM deliverable_updates
    WHERE plan_id = :plan_id AND state = :state ORDER BY created_at, update_id"""
EDIT_UPDATE = """UPDATE deliverable_updates SET body = :body, status = :status, status_reason = :status_reason,
    evidence = :evidence, covered_in = :covered_in, kind = :kind, state = :state
    WHERE update_id = :update_id"""
REVIEW_UPDATE = """UPDATE deliverable_updates SET state = :state, reviewed_by = :reviewed_by,
    reviewed_at = :reviewed_at, review_note = :review_note
    WHERE update_id = :update_id"""
APPROVED_UPDATES = """SELECT deliverable_id, body, status, reviewed_at, author, kind, covered_in, reviewed_by
    FROM deliverable_updates WHERE plan_id = :plan_id AND state = 'approved'
    ORDER BY deliverable_id, reviewed_at, update_id"""
DELIVERABLE_CADENCES = "SELECT deliverable_id, cadence FROM deliverables WHERE plan_id = :plan_id"

# -- revisions of an update's text, each with its author ------------------------------------------
REVISION_COLUMNS = "update_id, revision, kind, body, status, status_reason, evidence, covered_in, author, created_at"
INSERT_REVISION = f"""INSERT INTO update_revisions ({REVISION_COLUMNS})
    VALUES (:update_id, :revision, :kind, :body, :status, :status_reason, :evidence, :covered_in, :author,
    :created_at)"""
LIST_REVISIONS = f"SELECT {REVISION_COLUMNS} FROM update_revisions WHERE update_id = :update_id ORDER BY revision"

# -- board calendar -------------------------------------------------------------------------------
LIST_MEETINGS = "SELECT meeting_date FROM board_meetings WHERE plan_id = :plan_id ORDER BY meeting_date"
CLEAR_MEETINGS = "DELETE FROM board_meetings WHERE plan_id = :plan_id"
INSERT_MEETING = "INSERT INTO board_meetings (plan_id, meeting_date) VALUES (:plan_id, :meeting_date)"

# -- users ----------------------------------------------------------------------------------------
USER_COLUMNS = "username, display_name, role, lead_name, password_hash, oidc_subject, disabled, created_at, version"
INSERT_USER = f"""INSERT INTO users ({USER_COLUMNS})
    VALUES (:username, :display_name, :role, :lead_name, :password_hash, :oidc_subject, :disabled,
    :created_at, :version)"""
GET_USER = f"SELECT {USER_COLUMNS} FROM users WHERE username = :username"
GET_USER_BY_SUBJECT = f"SELECT {USER_COLUMNS} FROM users WHERE oidc_subject = :oidc_subject"
LIST_USERS = f"SELECT {USER_COLUMNS} FROM users ORDER BY username"
SAVE_USER = """UPDATE users SET display_name = :display_name, role = :role, lead_name = :lead_name,
    password_hash = :password_hash, oidc_subject = :oidc_subject, disabled = :disabled, version = version + 1
    WHERE username = :username AND version = :version
    RETURNING version"""

# -- login attempts -------------------------------------------------------------------------------
INSERT_ATTEMPT = """INSERT INTO login_attempts (username, client, attempted_at, succeeded)
    VALUES (:username, :client, :attempted_at, :succeeded)"""
FAILURES_SINCE = """SELECT count(*), max(attempted_at) FROM login_attempts
    WHERE username = :username AND NOT succeeded AND attempted_at >= :since
      AND attempted_at > coalesce((SELECT max(attempted_at) FROM login_attempts
                                   WHERE username = :username AND succeeded), CAST('1900-01-01' AS TIMESTAMP))"""
CLIENT_ATTEMPTS_SINCE = "SELECT count(*) FROM login_attempts WHERE client = :client AND attempted_at >= :since"
CLIENT_FAILURES_SINCE = """SELECT count(*) FROM login_attempts
    WHERE client = :client AND NOT succeeded AND attempted_at >= :since"""
CLEAR_FAILURES = "DELETE FROM login_attempts WHERE username = :username"
PRUNE_ATTEMPTS = "DELETE FROM login_attempts WHERE attempted_at < :before"

# -- sessions -------------------------------------------------------------------------------------
INSERT_SESSION = """INSERT INTO sessions (session_id, username, csrf_token, created_at, expires_at, ended_at)
    VALUES (:session_id, :username, :csrf_token, :created_at, :expires_at, NULL)"""
GET_SESSION = """SELECT s.session_id, s.username, s.csrf_token, s.expires_at FROM sessions s
    WHERE s.session_id = :session_id AND s.ended_at IS NULL AND s.expires_at > :now"""
END_SESSION = "UPDATE sessions SET ended_at = :now WHERE session_id = :session_id AND ended_at IS NULL"
END_USER_SESSIONS = "UPDATE sessions SET ended_at = :now WHERE username = :username AND ended_at IS NULL"

# -- public view aggregates (never record-level) --------------------------------------------------
HATE_RELIGION_BY_YEAR = """SELECT coalesce(actual_religion, 'Not recorded') AS religion,
    CAST(extract(year FROM month) AS INTEGER) - CASE WHEN extract(month FROM month) < 4 THEN 1 ELSE 0 END AS fy,
    count(*) FROM crimes
    WHERE force = :force AND strpos(coalesce(hate_strands, ''), 'religion') > 0 AND superseded_by IS NULL
      AND month >= :start AND month < :end
    GROUP BY 1, 2"""
CRIMES_BY_AREA_CATEGORY = """SELECT a.code, a.name, coalesce(c.category, 'Other'), count(*)
    FROM crimes c
    JOIN area_closure lvl ON lvl.descendant = c.area_code AND lvl.ancestor_level = :level
    JOIN area_closure par ON par.descendant = lvl.ancestor AND par.ancestor = :parent
    JOIN areas a ON a.code = lvl.ancestor
    WHERE c.superseded_by IS NULL AND c.month >= :start AND c.month < :end
    GROUP BY 1, 2, 3"""
LATEST_CRIME_MONTH = "SELECT max(month) FROM crimes WHERE superseded_by IS NULL"
AREA_TREE = """SELECT a.code, a.name, a.level, p.parent_code, p.valid_from FROM areas a
    LEFT JOIN area_parents p ON p.child_code = a.code AND p.valid_to IS NULL"""
CRIMES_BY_AREA_CODE_CATEGORY = """SELECT c.area_code, coalesce(c.category, 'Other'), count(*)
    FROM crimes c JOIN area_closure d ON d.descendant = c.area_code AND d.ancestor = :root
    WHERE c.superseded_by IS NULL AND c.month >= :start AND c.month < :end
    GROUP BY 1, 2"""
CRIME_MONTHS_UNDER = """SELECT DISTINCT c.month FROM crimes c
    JOIN area_closure d ON d.descendant = c.area_code AND d.ancestor = :root
    WHERE c.superseded_by IS NULL"""
