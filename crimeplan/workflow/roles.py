"""Roles and what each may do, as data (the role matrix test reads the same table).

- viewer: reads the internal deliverables pages.
- lead: drafts and edits updates on the deliverables they lead (their ``lead_name``, e.g.
  "ACC Local Policing", matches the deliverable's lead, or one of leads joined by "and").
- analyst: data, plan, commentary and approval; drafts on any deliverable, edits deliverables and
  the board calendar, approves or returns updates. OPCC officers who approve are given this role.
- admin: manages accounts and reads the audit trail.
"""

from __future__ import annotations

import re

from crimeplan.errors import ConfigError
from crimeplan.workflow.errors import PermissionDenied

VIEWER, LEAD, ANALYST, ADMIN = "viewer", "lead", "analyst", "admin"
ROLES = (VIEWER, LEAD, ANALYST, ADMIN)

VIEW = "view"                       # internal deliverables pages and their JSON
DRAFT_OWN = "draft_own"             # draft updates on deliverables one leads
DRAFT_ANY = "draft_any"             # draft updates on any deliverable
APPROVE = "approve"                 # approve or return a drafted update
EDIT_DELIVERABLE = "edit_deliverable"  # title, lead, cadence, pointer; the board calendar
MANAGE_USERS = "manage_users"
READ_AUDIT = "read_audit"

PERMISSIONS: dict[str, frozenset[str]] = {
    VIEWER: frozenset({VIEW}),
    LEAD: frozenset({VIEW, DRAFT_OWN}),
    ANALYST: frozenset({VIEW, DRAFT_OWN, DRAFT_ANY, APPROVE, EDIT_DELIVERABLE, READ_AUDIT}),
    ADMIN: frozenset({VIEW, MANAGE_USERS, READ_AUDIT}),
}

_JOINED_LEADS = re.compile(r"\s+and\s+", re.IGNORECASE)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ConfigError(f"role: expected one of {', '.join(ROLES)}, got {role!r}")
    return role


def allows(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, frozenset())


def require(role: str, permission: str) -> None:
    if not allows(role, permission):
        raise PermissionDenied(f"the {role} role may not {permission.replace('_', ' ')}")


def leads_of(deliverable_lead: str) -> frozenset[str]:
    """The lead names a deliverable's lead stands for: the whole text and each part joined by "and"."""
    whole = deliverable_lead.strip().casefold()
    return frozenset({whole, *(p.strip().casefold() for p in _JOINED_LEADS.split(deliverable_lead) if p.strip())})


def may_draft(role: str, lead_name: str | None, deliverable_lead: str) -> bool:
    if allows(role, DRAFT_ANY):
        return True
    if not lead_name:
        return False
    return allows(role, DRAFT_OWN) and lead_name.strip().casefold() in leads_of(deliverable_lead)


class Actor:
    """Who is acting: a name (recorded as author, approver and in the audit trail), a role and,
    for a lead, the lead name they act for. The CLI acts as an analyst under the login name."""

    __slots__ = ("lead_name", "name", "role")

    def __init__(self, name: str, role: str, lead_name: str | None = None) -> None:
        self.name, self.role, self.lead_name = name, check_role(role), lead_name

    def __repr__(self) -> str:
        return f"Actor({self.name!r}, {self.role!r}, {self.lead_name!r})"
