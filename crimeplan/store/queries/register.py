"""The process-change register: dated, reasoned changes per measure and area."""

NEXT_CHANGE_ID = "SELECT nextval('change_id_seq')"
INSERT_CHANGE = """INSERT INTO process_changes (change_id, measure, area, month, reason, rebase, created_at, created_by)
    VALUES (:change_id, :measure, :area, :month, :reason, :rebase, :created_at, :created_by)"""
LIST_CHANGES = """SELECT change_id, measure, area, month, reason, rebase, created_at, created_by
    FROM process_changes WHERE withdrawn_at IS NULL ORDER BY measure, area, month, change_id"""
GET_CHANGE = """SELECT change_id, measure, area, month, reason, rebase, created_at, created_by
    FROM process_changes WHERE change_id = :change_id AND withdrawn_at IS NULL"""
WITHDRAW_CHANGE = """UPDATE process_changes SET withdrawn_at = :withdrawn_at, withdrawn_by = :withdrawn_by
    WHERE change_id = :change_id AND withdrawn_at IS NULL"""
