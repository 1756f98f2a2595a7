"""The store's data version, and the part of it each cached result depends on.

A ``DataVersion`` is read by one query (``crimeplan.store.queries.portal.DATA_VERSION``; the portal reads it
before every request, a read command before it reuses a stored result):
the latest load id and the number of loads *of each force* (the ``loads.force`` column: one force,
several joined by commas for a records file, or none for national loads: area lookups, populations,
surveys, Home Office data), the audit trail's position, and the process-change register's state per
(measure, area), read again only when the audit trail moved (every register change is audited).

What changes what (one home for the rule, ``DataVersion.figures_for``):

- a load of force A changes the figures of A's areas only; a load with no force (an area lookup can
  move areas between forces, a population changes every rate) changes every force's;
- a register change for a measure in an area of force A (or in every area, ``*``) changes the figures
  of force A's areas (of every force for ``*``), and for one measure's series only that measure's;
- a deliverable update or approval changes no figure (``figures`` leaves the audit trail out); only
  the pages that show updates are drawn again (``views.cached_page``).

An area in no loaded force's tree (``force`` None) depends on every load and every register entry.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crimeplan.store.queries.portal import DATA_VERSION, REGISTER_VERSION

if TYPE_CHECKING:
    from crimeplan.store.base import Store

LoadMark = tuple[str | None, int, int]
"""(the loads' force column, latest load id, number of loads) for one value of the force column."""
RegisterMark = tuple[str, str, int, int]
"""(measure, area key or ``*``, entries, entries withdrawn) of the process-change register."""


@dataclass(frozen=True)
class DataVersion:
    """What the store's content is at: any write a page can show changes one of these."""

    loads_by_force: tuple[LoadMark, ...]   # sorted by force column, national loads (None) first
    audit: tuple[int | None, int, int]     # (latest audit id, floor, entries above the floor)
    register_marks: tuple[RegisterMark, ...] = ()

    @property
    def load(self) -> int | None:
        """The latest data load of any force."""
        return max((mark[1] for mark in self.loads_by_force), default=None)

    @property
    def loads(self) -> int:
        """How many loads (a late-committing load raises it)."""
        return sum(mark[2] for mark in self.loads_by_force)

    @property
    def register(self) -> tuple[int, int]:
        """(register entries, entries withdrawn) over every measure and area."""
        return (sum(m[2] for m in self.register_marks), sum(m[3] for m in self.register_marks))

    @property
    def figures(self) -> tuple[tuple[LoadMark, ...], tuple[RegisterMark, ...]]:
        """The part any computed figure may depend on (loads and the register, which sets SPC
        rebasing); a deliverable update leaves it alone."""
        return self.loads_by_force, self.register_marks

    def figures_for(self, force: str | None, force_of_area: Mapping[str, str | None],
                    measures: Collection[str] | None = None
                    ) -> tuple[str | None, tuple[LoadMark, ...], tuple[RegisterMark, ...]]:
        """The part the figures of an area of ``force`` depend on (every force's when None): that force's
        loads and the national ones, and the register entries of ``measures`` (all when None) in
        that force's areas or in every area. ``force_of_area``: {area key: its force's code, None when
        in several}; an area it does not know counts as in ``force``."""
        if force is None:
            loads = self.loads_by_force
        else:
            loads = tuple(m for m in self.loads_by_force if m[0] is None or force in m[0].split(","))
        register = tuple(m for m in self.register_marks
                         if (measures is None or m[0] in measures)
                         and (force is None or m[1] == "*" or force_of_area.get(m[1], force) in (force, None)))
        return force, loads, register

    @property
    def tag(self) -> str:
        """Every part, as a short text: the rendered-page cache's key for pages that show updates."""
        return ".".join(str(x if x is not None else "-")
                        for x in (self.load, self.loads, *self.audit, *self.register))

    @property
    def figures_tag(self) -> str:
        """The loads and register totals, without the audit trail: the key of pages that show figures only."""
        return ".".join(str(x if x is not None else "-") for x in (self.load, self.loads, *self.register))


def load_marks(rows: Iterable[Sequence[Any]]) -> tuple[LoadMark, ...]:
    """The loads rows of the version query as ``LoadMark``s, in a stable order."""
    marks = [(force, int(top), int(n or 0)) for force, top, n in rows if top is not None]
    return tuple(sorted(marks, key=lambda m: (m[0] is not None, m[0] or "")))


def register_marks(rows: Iterable[Sequence[Any]]) -> tuple[RegisterMark, ...]:
    return tuple(sorted((str(m), str(a), int(n or 0), int(w or 0)) for m, a, n, w in rows))


def read_loads(store: Store, floor: int = 0) -> tuple[tuple[int | None, int, int], tuple[LoadMark, ...]]:
    """(audit position, load marks): the audit part ``(latest id, floor, entries above the floor)`` (the
    count is read on PostgreSQL only, where commits can arrive out of id order) and the loads of each force."""
    if store.dialect == "postgres":
        rows = store.fetchall(DATA_VERSION["postgres"], {"floor": floor})
    else:
        rows = store.fetchall(DATA_VERSION["duckdb"])
    top, recent = next((_int(r[2]), int(r[3] or 0)) for r in rows if r[0] == "audit")
    return (top, floor, recent), load_marks(r[1:] for r in rows if r[0] == "loads")


def read_register(store: Store) -> tuple[RegisterMark, ...]:
    """The process-change register's state per (measure, area)."""
    return register_marks(store.fetchall(REGISTER_VERSION))


def read_version(store: Store) -> DataVersion:
    """The whole version in two queries (a one-off reader; the portal keeps the register part until the
    audit trail moves)."""
    audit, loads = read_loads(store)
    return DataVersion(loads, audit, read_register(store))


def _int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]
