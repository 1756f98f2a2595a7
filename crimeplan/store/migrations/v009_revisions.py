"""Version 9: each text of a deliverable update, with who wrote it (issue 19: approvals take two people).

``update_revisions`` keeps every revision of an update: revision 1 is the draft, each edit adds the
next. The update row holds the current text; the approver may be none of the revisions' authors.
Updates drafted before this version get their text as revision 1, written by their author."""

from crimeplan.store.migrations.base import Migration

MIGRATION = Migration(9, "revisions of deliverable updates with their authors", (
    """CREATE TABLE update_revisions (
        update_id BIGINT NOT NULL,
        revision INTEGER NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL,
        status_reason TEXT,
        evidence TEXT NOT NULL,
        covered_in TEXT,
        author TEXT NOT NULL,
        created_at TIMESTAMP NOT NULL,
        PRIMARY KEY (update_id, revision)
    )""",
    """INSERT INTO update_revisions (update_id, revision, kind, body, status, status_reason, evidence, covered_in,
        author, created_at)
        SELECT update_id, 1, kind, body, status, status_reason, evidence, covered_in, author, created_at
        FROM deliverable_updates""",
))
