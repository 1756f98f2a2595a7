"""What the public view may show: approved deliverable updates, and aggregate counts passed
through disclosure control. Never record-level data; hate-crime victim religion only as a
suppressed table of counts by religion and year.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from crimeplan.errors import ConfigError, NotFoundError
from crimeplan.levels import level_name
from crimeplan.periods import FinancialYear, add_months, month_start, stored_date
from crimeplan.plan import Plan
from crimeplan.store import Store
from crimeplan.store.queries import workflow as q
from crimeplan.workflow import status as rule
from crimeplan.workflow.deliverables import STATUSES
from crimeplan.workflow.disclosure import (
    SUPPRESSED_SYMBOL,
    TOTAL,
    SuppressedTable,
    TreeCell,
    protect_tree,
    suppress_table,
)
from crimeplan.workflow.settings import WorkflowSettings

PUBLIC_LEVELS = ("force", "la", "lpu", "ward", "lsoa")
"""Area levels the public table may be asked for."""


@dataclass(frozen=True)
class PublicDeliverable:
    deliverable_id: str
    title: str
    lead: str
    status: str
    update: str | None
    updated: date | None
    covered_in: str | None

    def to_dict(self) -> dict:
        return {"deliverable_id": self.deliverable_id, "title": self.title, "lead": self.lead,
                "status": self.status, "update": self.update,
                "updated": self.updated.isoformat() if self.updated else None, "covered_in": self.covered_in}


def public_deliverables(store: Store, plan: Plan, as_of: date | None = None) -> list[PublicDeliverable]:
    """Every deliverable of the plan with its status and latest approved update at ``as_of`` (today),
    by the one rule of ``crimeplan.workflow.status`` (drafts never appear)."""
    states = rule.statuses(store, plan, as_of or date.today())
    out = []
    for d in plan.deliverables.values():
        s = states[d.id]
        a = s.latest
        out.append(PublicDeliverable(d.id, d.title, d.lead, STATUSES[s.status], a.text if a else None,
                                     a.approved_at.date() if a else None, a.covered_in if a else None))
    return out


def religion_table(store: Store, plan: Plan, settings: WorkflowSettings) -> SuppressedTable:
    """Religious hate crimes by the victim's (actual) religion and financial year: the plan's years
    and the year before, always suppressed (these are small, sensitive counts)."""
    if not plan.force:
        raise NotFoundError(f"plan {plan.id} names no force, so it has no hate-crime table")
    years = [FinancialYear(plan.years[0].start_year - 1), *plan.years] if plan.years else []
    if not years:
        raise NotFoundError(f"plan {plan.id} has no years")
    counts: dict[tuple[str, int], int] = {}
    window = {"force": plan.force, "start": years[0].start, "end": date.fromordinal(years[-1].end.toordinal() + 1)}
    for religion, fy, n in store.fetchall(q.HATE_RELIGION_BY_YEAR, window):
        counts[(religion, int(fy))] = int(n)
    religions = sorted({r for r, _ in counts})
    grid = [[counts.get((r, y.start_year), 0) for y in years] for r in religions] or [[0 for _ in years]]
    return suppress_table("Religious hate crimes by religion of the victim", religions or ["(none recorded)"],
                          [y.label for y in years], grid, settings.suppression_threshold, apply=True)


@dataclass(frozen=True)
class AreaTree:
    """The area hierarchy as one tree: each area's name, level, parent and children (an area with
    several current parents keeps the one valid from latest, so every count has one place)."""

    names: dict[str, str]
    levels: dict[str, str]
    parent: dict[str, str]
    children: dict[str, list[str]]

    def root(self, code: str) -> str:
        while code in self.parent:
            code = self.parent[code]
        return code

    def below(self, code: str, level: str) -> list[str]:
        """The areas at ``level`` below ``code`` (itself if it is at that level)."""
        out, todo = [], [code]
        while todo:
            area = todo.pop()
            if self.levels.get(area) == level:
                out.append(area)
            else:
                todo.extend(self.children.get(area, ()))
        return out


def area_tree(store: Store) -> AreaTree:
    names: dict[str, str] = {}
    levels: dict[str, str] = {}
    best: dict[str, tuple[str, str]] = {}
    for code, name, level, parent, valid_from in store.fetchall(q.AREA_TREE):
        names[code], levels[code] = name, level
        if parent is not None and parent != code:
            key = (str(valid_from or ""), str(parent))
            if code not in best or key > best[code]:
                best[code] = key
    parent = {code: p for code, (_, p) in best.items() if p in names}
    children: dict[str, list[str]] = {}
    for code, p in sorted(parent.items()):
        children.setdefault(p, []).append(code)
    return AreaTree(names, levels, parent, children)


def published_years(store: Store, root: str) -> list[FinancialYear]:
    """The financial years with crimes loaded in all twelve months under ``root`` (a force): the only
    periods the public tables cover (docs/disclosure.md: fixed periods, so no two tables differ by a
    few months and a later load never changes a published year)."""
    months = {stored_date(m) for (m,) in store.fetchall(q.CRIME_MONTHS_UNDER, {"root": root})}
    years = {FinancialYear.containing(m) for m in months}
    return sorted(y for y in years if all(add_months(y.start, i) in months for i in range(12)))


def requested_year(period: str | None, start: date | None, end: date | None,
                   years: Sequence[FinancialYear]) -> FinancialYear:
    """The financial year a public table is asked for: ``period=2013/14``, or ``start``/``end`` that
    are exactly one financial year, or the latest published one. Any other window is refused."""
    if period and (start or end):
        raise ConfigError("period: give period=YYYY/YY or start and end, not both")
    if period:
        try:
            year = FinancialYear.parse(period)
        except ValueError as exc:
            raise ConfigError(f"period: {exc}") from None
    elif start or end:
        if start is None or end is None or start != FinancialYear.containing(start).start or \
                month_start(end) != add_months(FinancialYear.containing(start).start, 11):
            raise ConfigError("start/end: the public tables cover whole financial years only (1 April to 31 March), "
                              "so that no two of them differ by a few months; ask for period=YYYY/YY")
        year = FinancialYear.containing(start)
    elif years:
        year = years[-1]
    else:
        raise NotFoundError("no financial year has crimes loaded in all twelve months")
    if year not in years:
        shown = ", ".join(y.label for y in years) or "none"
        raise NotFoundError(f"period: {year.label} is not published (every month loaded); published: {shown}")
    return year


def area_table(store: Store, parent: str, level: str, year: FinancialYear,
               settings: WorkflowSettings) -> SuppressedTable:
    """Crimes by area (at ``level``, within ``parent``) and police.uk category in one financial year.

    Every table of a year takes its counts from one tree: a small area's cells are suppressed as
    decided once for all the small areas below its anchor (the nearest larger area, whose counts are
    published), so a cell shown under two parents is the same cell with the same decision, and no
    suppressed cell follows from any table, total or their combination (``disclosure.protect_tree``).
    """
    if level not in PUBLIC_LEVELS:
        raise NotFoundError(f"level: expected one of {', '.join(PUBLIC_LEVELS)}, got {level!r}")
    tree = area_tree(store)
    if parent not in tree.names:
        raise NotFoundError(f"parent: unknown area {parent[:60]!r}")
    rows = sorted(tree.below(parent, level), key=lambda c: (tree.names[c], c))
    if not rows or rows == [parent]:
        raise NotFoundError(f"no areas at level {level} within {parent!r}")
    root = tree.root(parent)
    window = {"root": root, "start": year.start, "end": add_months(year.start, 12)}
    direct: dict[TreeCell, int] = {}
    for code, category, n in store.fetchall(q.CRIMES_BY_AREA_CODE_CATEGORY, window):
        direct[(code, category)] = direct.get((code, category), 0) + int(n)
    categories = sorted({cat for _, cat in direct})
    if not categories:
        raise NotFoundError(f"no crimes within {parent!r} in {year.label}")
    small = set(settings.small_levels)
    counts = _tree_counts(tree, root, direct, categories)
    hidden = _hidden(tree, small, {*rows, parent}, direct, categories, settings.suppression_threshold)

    def shown(area: str, column: str) -> int | None:
        return None if (area, column) in hidden else counts.get((area, column), 0)

    cells = tuple(tuple(shown(a, c) for c in categories) for a in rows)
    row_totals = tuple(shown(a, TOTAL) for a in rows)
    col_totals = tuple(shown(parent, c) for c in categories)
    count_hidden = sum(v is None for r in cells for v in r) + sum(v is None for v in (*row_totals, *col_totals)) + \
        (shown(parent, TOTAL) is None)
    suppressed_here = level in small
    note = (f"{year.label} (1 April to 31 March). Counts from 1 to {settings.suppression_threshold - 1} in small "
            f"areas are suppressed ({SUPPRESSED_SYMBOL}), with other counts where any table or total would reveal "
            f"them; each count has one decision in every table." if suppressed_here else
            f"{year.label} (1 April to 31 March). Counts are shown in full for areas of this size.")
    return SuppressedTable(f"Crimes by {level} and type, {year.label}", tuple(tree.names[a] for a in rows),
                           tuple(categories), cells, row_totals, col_totals, shown(parent, TOTAL),
                           settings.suppression_threshold, count_hidden, note,
                           row_codes=tuple(rows), parent=parent, level=level, period=year.label)


def requested_area_table(store: Store, parent: str, level: str, period: str | None, start: date | None,
                         end: date | None, settings: WorkflowSettings) -> SuppressedTable:
    """The public table asked for by ``/public/areas``: its financial year checked against the years
    published under ``parent``'s force (``requested_year``)."""
    tree = area_tree(store)
    if parent not in tree.names:
        raise NotFoundError(f"parent: unknown area {parent[:60]!r}")
    year = requested_year(period, start, end, published_years(store, tree.root(parent)))
    return area_table(store, parent, level, year, settings)


def _tree_counts(tree: AreaTree, root: str, direct: Mapping[TreeCell, int],
                 categories: Sequence[str]) -> dict[TreeCell, int]:
    counts: dict[TreeCell, int] = {}
    order, todo = [], [root]
    while todo:
        area = todo.pop()
        order.append(area)
        todo.extend(tree.children.get(area, ()))
    for area in reversed(order):  # children before parents
        for cat in categories:
            counts[(area, cat)] = direct.get((area, cat), 0) + \
                sum(counts[(c, cat)] for c in tree.children.get(area, ()))
        counts[(area, TOTAL)] = sum(counts[(area, cat)] for cat in categories)
    return counts


def _hidden(tree: AreaTree, small: set[str], shown: set[str], direct: Mapping[TreeCell, int],
            categories: Sequence[str], threshold: int) -> frozenset[TreeCell]:
    """The suppressed cells of every anchor whose small areas include one of ``shown``."""

    def is_small(area: str) -> bool:  # small, or below a small area
        while area:
            if tree.levels.get(area) in small:
                return True
            area = tree.parent.get(area, "")
        return False

    anchors = set()
    for area in shown:
        if is_small(area):
            while is_small(area):
                area = tree.parent.get(area, "")
            if area:
                anchors.add(area)
    hidden: set[TreeCell] = set()
    for anchor in sorted(anchors):
        sub: dict[str, list[str]] = {}
        todo = [anchor]
        while todo:
            area = todo.pop()
            kids = [c for c in tree.children.get(area, ()) if is_small(c)]
            sub[area] = kids
            todo.extend(kids)
        own = {(a, c): n for (a, c), n in direct.items() if a in sub}
        hidden |= protect_tree(sub, anchor, own, categories, threshold).hidden
    return frozenset(hidden)


def latest_month(store: Store) -> date | None:
    """The latest month with crimes loaded (current rows)."""
    return store.scalar(q.LATEST_CRIME_MONTH)


def signed_out_refusal(tree: AreaTree, area_spec: str, small: frozenset[str] | set[str]) -> str | None:
    """Why a signed-out visitor may not see the performance pages of ``area_spec`` (``LEVEL:CODE``),
    or None. Small areas' counts reach the public only through ``area_table`` (fixed periods,
    consistent suppression): a page of a small area, or of an area broken down into small areas
    (its breakdown tables list them), would show them for any window and unsuppressed."""
    level, _, code = area_spec.strip().rpartition(":")  # as resolve_area reads it
    level, code = level.strip().lower(), code.strip()
    if code not in tree.names:
        return None  # no such area: the page says so (404), and there is nothing to protect
    level = level if level in small else tree.levels.get(code, level)  # the code's own level, whatever it says
    if level in small:
        return (f"figures for a {level_name(level)} (a small area) are shown to signed-in users only; the public view "
                f"publishes small areas' counts under disclosure control at /public/areas")
    kids = {tree.levels.get(c, "") for c in tree.children.get(code, ())}
    below = sorted(k for k in kids if k in small)
    if below:
        return (f"figures for {tree.names[code][:60]} are broken down by {level_name(below[0])} (a small area) "
                f"and shown to signed-in users only; the public view publishes them under disclosure control at "
                f"/public/areas?level={below[0]}&parent={code}")
    return None
