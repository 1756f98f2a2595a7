"""Peer groups as data: official most similar groups (MSGs) and user-defined comparator sets.

A group has a **focal** unit (the force it was drawn up for: MSGs are asymmetric, so Y may be in
X's group without X being in Y's), a **level** (``force``, or an area level such as ``lpu`` or
``la`` for comparisons inside a force) and its members, focal included. The board paper's set
(West Midlands, Greater Manchester, Merseyside, West Yorkshire) ships as ``wmp-paper`` (schema
version 4). Official MSGs are not published as open data we could verify; load them from a CSV
(``group_id,name,kind,focal,level,member[,source]``, one row per member) when you have them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crimeplan.errors import ConfigError, IngestError, NotFoundError
from crimeplan.forces import FORCES
from crimeplan.ingest.files import open_csv
from crimeplan.store import Store
from crimeplan.store.queries import comparisons as q
from crimeplan.workflow.audit import record_audit

KINDS = ("official", "comparator", "derived")
"""``official``: a published most similar group; ``comparator``: a set chosen by the user; ``derived``:
worked out by ``crimeplan compare groups derive`` (crimeplan.compare.similar), its method in ``source``."""
SHIPPED_GROUP = "wmp-paper"
CSV_COLUMNS = ("group_id", "name", "kind", "focal", "level", "member")
_ID = re.compile(r"[a-z0-9]+([-_][a-z0-9]+)*")
MIN_MEMBERS = 2


@dataclass(frozen=True)
class PeerGroup:
    group_id: str
    name: str
    kind: str
    focal: str | None
    level: str
    members: tuple[str, ...]
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"group_id": self.group_id, "name": self.name, "kind": self.kind, "focal": self.focal,
                "level": self.level, "members": list(self.members), "source": self.source}


def list_peer_groups(store: Store) -> tuple[PeerGroup, ...]:
    return tuple(get_peer_group(store, row[0]) for row in store.fetchall(q.LIST_PEER_GROUPS))


def get_peer_group(store: Store, group_id: str) -> PeerGroup:
    group = _stored(store, group_id)
    if group is None:
        known = [r[0] for r in store.fetchall(q.LIST_PEER_GROUPS)]
        raise NotFoundError(f"unknown peer group {group_id!r}; defined: {', '.join(known) or 'none'}")
    return group


def _stored(store: Store, group_id: str) -> PeerGroup | None:
    row = store.fetchall(q.GET_PEER_GROUP, {"group_id": group_id})
    if not row:
        return None
    gid, name, kind, focal, level, source = row[0]
    members = tuple(r[0] for r in store.fetchall(q.PEER_GROUP_MEMBERS, {"group_id": gid}))
    return PeerGroup(gid, name, kind, focal, level, members, source)


def validate_group(group: PeerGroup) -> None:
    """Raise ConfigError naming the first thing wrong with ``group``."""
    where = f"peer group {group.group_id!r}"
    if not _ID.fullmatch(group.group_id):
        raise ConfigError(f"{where}: expected an id of lower-case letters, digits, '-' or '_'")
    if not group.name.strip():
        raise ConfigError(f"{where}: expected a name")
    if group.kind not in KINDS:
        raise ConfigError(f"{where}: kind {group.kind!r}; expected one of {', '.join(KINDS)}")
    if len(set(group.members)) != len(group.members):
        raise ConfigError(f"{where}: a member is listed twice")
    if len(group.members) < MIN_MEMBERS:
        raise ConfigError(f"{where}: expected at least {MIN_MEMBERS} members, got {len(group.members)}")
    if group.level == "force":
        for member in group.members:
            if member not in FORCES:
                raise ConfigError(f"{where}: member {member!r} is not a police.uk force slug "
                                  "(e.g. west-midlands, greater-manchester)")
    if group.focal is not None and group.focal not in group.members:
        raise ConfigError(f"{where}: focal {group.focal!r} must be one of the members")


def save_peer_group(store: Store, group: PeerGroup, *, actor: str) -> PeerGroup:
    """Create or replace a group, written to the audit trail with what it was before (one transaction)."""
    validate_group(group)
    with store.transaction():
        _replace(store, group, actor)
    return group


def _entity(group_id: str) -> str:
    return f"peer_group:{group_id}"


def _replace(store: Store, group: PeerGroup, actor: str) -> None:
    """Replace ``group`` and record the change, unless the stored group is the same already."""
    before = _stored(store, group.group_id)
    if before == group:
        return
    store.execute(q.DELETE_PEER_GROUP_MEMBERS, {"group_id": group.group_id})
    store.execute(q.DELETE_PEER_GROUP, {"group_id": group.group_id})
    store.execute(q.INSERT_PEER_GROUP, {"group_id": group.group_id, "name": group.name, "kind": group.kind,
                                        "focal": group.focal, "level": group.level, "source": group.source})
    for position, member in enumerate(group.members, start=1):
        store.execute(q.INSERT_PEER_GROUP_MEMBER, {"group_id": group.group_id, "member": member,
                                                   "position": position})
    record_audit(store, actor, "peer_group.save", _entity(group.group_id),
                 before.to_dict() if before else None, group.to_dict())


def remove_peer_group(store: Store, group_id: str, *, actor: str) -> None:
    """Delete a group, written to the audit trail with what it was (one transaction)."""
    before = get_peer_group(store, group_id)
    with store.transaction():
        store.execute(q.DELETE_PEER_GROUP_MEMBERS, {"group_id": group_id})
        store.execute(q.DELETE_PEER_GROUP, {"group_id": group_id})
        record_audit(store, actor, "peer_group.remove", _entity(group_id), before.to_dict(), None)


def load_peer_groups(store: Store, path: str | Path, *, actor: str) -> tuple[PeerGroup, ...]:
    """Load groups from a CSV, one row per member; every group in the file replaces its namesake
    (each one that changes written to the audit trail)."""
    source, _ = open_csv(path, CSV_COLUMNS, CSV_COLUMNS)
    rows: dict[str, dict[str, Any]] = {}
    with open(source.path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            gid = row["group_id"].strip()
            entry = rows.setdefault(gid, {"line": reader.line_num, "name": row["name"].strip(),
                                          "kind": row["kind"].strip(), "focal": row["focal"].strip() or None,
                                          "level": row["level"].strip() or "force",
                                          "source": (row.get("source") or "").strip() or None, "members": []})
            entry["members"].append(row["member"].strip())
    groups = []
    for gid, e in rows.items():
        group = PeerGroup(gid, e["name"], e["kind"], e["focal"], e["level"], tuple(e["members"]), e["source"])
        try:
            validate_group(group)
        except ConfigError as exc:
            raise IngestError(str(exc), path=source.label, line=e["line"]) from None
        groups.append(group)
    with store.transaction():
        for group in groups:
            _replace(store, group, actor)
    return tuple(groups)


def adhoc_group(members: Sequence[str], focal: str | None = None, level: str = "force") -> PeerGroup:
    """A comparator set given on the command line (not stored)."""
    group = PeerGroup("adhoc", "Comparator set: " + ", ".join(members), "comparator",
                      focal, level, tuple(members))
    validate_group(group)
    return group
