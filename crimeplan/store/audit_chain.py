"""The hash chain of the audit trail (issue 19): each entry's ``entry_hash`` is SHA-256 over the
previous entry's hash and the entry's canonical fields, so a changed, deleted or inserted entry
breaks the chain from that point on (``crimeplan audit verify``).

Canonical fields: ``[audit_id, changed_at (ISO 8601 to the second), actor, action, entity,
before_value, after_value]`` as compact JSON (the before and after values are the JSON text as
stored), preceded by the previous hash (64 hex digits; empty for the first entry) and a newline.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

GENESIS = ""
"""The "previous hash" of the first entry."""


def chain_hash(previous: str | None, audit_id: int, changed_at: datetime, actor: str, action: str, entity: str,
               before_value: str | None, after_value: str | None) -> str:
    fields = [int(audit_id), changed_at.replace(microsecond=0).isoformat(timespec="seconds"), actor, action,
              entity, before_value, after_value]
    text = (previous or GENESIS) + "\n" + json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
