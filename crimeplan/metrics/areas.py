"""Areas: resolving "Change Area" choices and the Ibis filters and breakdowns they imply."""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterable, Mapping

import ibis
import ibis.expr.types as ir

from crimeplan.errors import NotFoundError
from crimeplan.forces import FORCES
from crimeplan.metrics.cube import stored_table
from crimeplan.metrics.results import Area
from crimeplan.store import Store, queries

NO_LOCATION = "(no location)"
OUTSIDE = "(outside the area's divisions)"


def forces_loaded(store: Store) -> list[str]:
    return [r[0] for r in store.fetchall(queries.FORCES_WITH_CRIMES)]


def resolve_area(store: Store, spec: str | None, default_force: str | None = None) -> Area:
    """``LEVEL:CODE`` or ``CODE`` → an Area; nothing → the plan's force or the only force loaded."""
    if not spec:
        if default_force:
            return _force_area(store, default_force)
        forces = forces_loaded(store)
        if len(forces) == 1:
            return _force_area(store, forces[0])
        raise NotFoundError("choose an area with --area force:SLUG; loaded forces: "
                            + (", ".join(forces) or "none (load data first)"))
    level, _, code = spec.rpartition(":")
    if level == "force" or (not level and code in FORCES):
        return _force_area(store, code)
    row = store.fetchall(queries.GET_AREA, {"code": code})
    if not row or (level and row[0][2] != level):
        known = list_areas(store, level=level or None) or list_areas(store)
        hint = closest(code, {**{a.name: a.key for a in known}, **{a.code: a.key for a in known}})
        raise NotFoundError(f"unknown area {spec!r}{hint}; expected LEVEL:CODE such as force:west-midlands "
                            "or la:E08000025 (see `crimeplan areas`)")
    return Area(*row[0])


def _force_area(store: Store, slug: str) -> Area:
    if slug not in FORCES and slug not in forces_loaded(store):
        hint = closest(slug, {**{name: s for s, name in FORCES.items()}, **{s: s for s in forces_loaded(store)},
                              **{s: s for s in FORCES}})
        raise NotFoundError(f"unknown force {slug!r}{hint}; expected a police.uk force slug such as west-midlands "
                            "(see `crimeplan areas --level force`)")
    row = store.fetchall(queries.GET_AREA, {"code": slug})
    return Area(slug, row[0][1] if row else FORCES.get(slug, slug), "force")


def children(store: Store, area: Area) -> list[Area]:
    return [Area(*r) for r in store.fetchall(queries.AREA_CHILDREN, {"code": area.code})]


def descendants(store: Store, root: Area, limit: int) -> tuple[tuple[Area, int], ...]:
    """The areas under ``root`` with their depth below it, breadth first, each area's children by
    name, at most ``limit`` of them: one query for the whole tree (a national LSOA lookup holds
    tens of thousands of areas; a query per area took seconds)."""
    below: dict[str, list[Area]] = {}
    for parent, *columns in store.fetchall(queries.AREA_EDGES_UNDER, {"code": root.code}):
        below.setdefault(parent, []).append(Area(*columns))
    seen = {root.key}
    out: list[tuple[Area, int]] = []
    queue = deque([(root, 0)])
    while queue and len(out) < limit:
        area, depth = queue.popleft()
        for child in below.get(area.code, ()):
            if child.key not in seen:
                seen.add(child.key)
                out.append((child, depth + 1))
                queue.append((child, depth + 1))
    return tuple(out)


def breakdown_level(store: Store, area: Area, level: str | None = None) -> str | None:
    """The level one step below ``area`` (the most common level among its children)."""
    if level:
        return level
    kids = children(store, area)
    if not kids:
        return None
    levels = [k.level for k in kids]
    return max(set(levels), key=levels.count)


def area_filter(store: Store, t: ir.Table, area: Area) -> ir.BooleanValue:
    """Rows of ``t`` (the cube by area, or by reporting cell) inside ``area``."""
    if area.level == "force":
        return t.force == area.code
    closure = stored_table("area_closure")
    under = closure.filter(closure.ancestor == area.code).descendant
    if "cell" in t.columns:
        cells = stored_table("area_cells")
        return t.cell.isin(cells.filter(cells.area_code.isin(under)).cell)
    return t.area_code.isin(under)


def with_division(store: Store, t: ir.Table, area: Area, level: str) -> ir.Table:
    """``t`` with a ``division`` column: the crime's area at ``level`` under ``area``."""
    closure = stored_table("area_closure")
    under = closure.filter(closure.ancestor == area.code).descendant
    divisions = closure.filter((closure.ancestor_level == level) & closure.ancestor.isin(under)
                               & closure.descendant.isin(under))
    divisions = divisions.select(d_code=divisions.descendant, division=divisions.ancestor)
    place = "area_code"
    if "cell" in t.columns:   # a cell lies in one area of each reporting level: map cells, not areas
        place, cells = "cell", stored_table("area_cells")
        divisions = cells.join(divisions, cells.area_code == divisions.d_code)
        divisions = divisions.select(d_code=divisions.cell, division=divisions.division).distinct()
    joined = t.left_join(divisions, t[place] == divisions.d_code)
    return joined.mutate(division=ibis.cases(
        (joined[place].isnull(), ibis.literal(NO_LOCATION)),
        (joined.division.isnull(), ibis.literal(OUTSIDE)),
        else_=joined.division))


def closest(word: str, choices: Iterable[str] | Mapping[str, str], n: int = 3) -> str:
    """`` (did you mean 'a', 'b'?)`` for the choices nearest ``word`` (difflib, any case), or ``""``.
    ``choices`` may map each text compared to the name to suggest (a force's name to its slug)."""
    suggest = dict(choices) if isinstance(choices, Mapping) else {c: c for c in choices}
    by_fold = {text.casefold(): name for text, name in suggest.items()}
    near = difflib.get_close_matches(word.casefold(), list(by_fold), n=n * 2, cutoff=0.6)
    names = list(dict.fromkeys(by_fold[c] for c in near))[:n]
    return f" (did you mean {', '.join(repr(name) for name in names)}?)" if names else ""


def list_areas(store: Store, force: str | None = None, level: str | None = None,
               search: str | None = None) -> list[Area]:
    """The areas ``crimeplan areas`` lists: every area loaded (under ``force`` when given), and each
    force with data or a known police.uk force, filtered by ``level`` and by ``search`` (a part of
    the code or the name, any case)."""
    if force is not None:
        root = _force_area(store, force)
        found = {a.code: a for a in (Area(*r) for r in store.fetchall(queries.AREAS_UNDER, {"code": force}))}
        found.setdefault(root.code, root)
    else:
        found = {a.code: a for a in (Area(*r) for r in store.fetchall(queries.LIST_AREAS))}
        for slug in sorted(set(FORCES) | set(forces_loaded(store))):
            found.setdefault(slug, Area(slug, FORCES.get(slug, slug), "force"))
    text = (search or "").casefold()
    return sorted((a for a in found.values() if (level is None or a.level == level)
                   and (not text or text in a.code.casefold() or text in a.name.casefold())),
                  key=lambda a: (a.level != "force", a.level, a.name))


def area_names(store: Store) -> dict[str, str]:
    return {code: name for code, name, _ in store.fetchall(queries.LIST_AREAS)}
