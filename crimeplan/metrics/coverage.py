"""Coverage before figures: which months each figure needs, and which of them are loaded.

A force-month is loaded when the force's data for that month was loaded: its police.uk street
file (every such file has rows), its records, or the demo. The months come from the facts as
they stand (the cubes, or the records as at a past load), so a reload or ``--as-at`` agrees with
the figures. A figure whose months are not all loaded for the area's force is not shown as a
figure (crimeplan.metrics.milestones, crimeplan.metrics.outcomes): it says "insufficient data".

A month counted 0 for a measure, although the force's data for that month is loaded, is a
*possible gap* (City of London published no anti-social behaviour for May 2017) when the
measure's other months make a zero implausible: it is flagged and kept on the SPC chart as an
excluded point of type ``possible_gap`` (crimeplan.metrics.series), so it is neither in the
process limits nor ever called a signal.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from datetime import date
from statistics import median
from typing import Any, TypeVar

from crimeplan.metrics import records
from crimeplan.metrics.cube import cell_cube_table, stored_table
from crimeplan.metrics.results import Area, Coverage
from crimeplan.periods import Period, stored_date
from crimeplan.store import Store

POSSIBLE_GAP_MIN_MEDIAN = 10
"""A zero month is a possible gap only when the measure's other months have a median of at least
10: for a Poisson count of mean 10 a zero has probability e^-10 (about 1 in 22,000), so it is far
likelier to be data not published than a real month; sparser series (a small area, a rare
offence) have real zero months, which stay in the chart."""


T = TypeVar("T")
_shared: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("crimeplan_coverage_reads", default=None)


@contextlib.contextmanager
def shared_reads() -> Iterator[None]:
    """Inside the block, :func:`area_forces` and :func:`loaded_months` read the store once per
    question: the milestone and the outcome tables of one ``compute_plan`` ask the same ones."""
    if _shared.get() is not None:
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _once(key: tuple[Any, ...], read: Callable[[], T]) -> T:
    memo = _shared.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    found: T = memo[key]
    return found


def area_forces(store: Store, area: Area, as_at: int | None = None) -> tuple[str, ...]:
    """The force(s) whose data covers ``area``: the force itself, else the forces of its records."""
    if area.level == "force":
        return (area.code,)
    return _once(("forces", id(store), area.key, as_at), lambda: _area_forces(store, area, as_at))


def _area_forces(store: Store, area: Area, as_at: int | None) -> tuple[str, ...]:
    t = records.for_area(store, "crimes", area, as_at)
    return tuple(sorted(str(row["force"]) for row in records.rows(store, t.select("force").distinct())))


def area_force_map(store: Store) -> dict[str, str]:
    """{area code: its force} from the area hierarchy (areas under no force are left out)."""
    closure = stored_table("area_closure")
    forces = closure.filter(closure.ancestor_level == "force")
    return {str(row["descendant"]): str(row["ancestor"])
            for row in records.rows(store, forces.select("descendant", "ancestor"))}


def loaded_months(store: Store, forces: Sequence[str], as_at: int | None = None) -> dict[str, set[date]]:
    """{force: months loaded}: the months with any crime or anti-social behaviour of the force."""
    found = _once(("months", id(store), tuple(forces), as_at), lambda: _loaded_months(store, forces, as_at))
    return {force: set(months) for force, months in found.items()}   # a copy: callers may change theirs


def loaded_everywhere(loaded_by_force: dict[str, set[date]]) -> set[date]:
    """The months loaded for every force of ``loaded_months``: an area across forces has its whole
    figure only for those."""
    return set.intersection(*loaded_by_force.values()) if loaded_by_force else set()


def _loaded_months(store: Store, forces: Sequence[str], as_at: int | None) -> dict[str, set[date]]:
    out: dict[str, set[date]] = {f: set() for f in forces}
    if not forces:
        return out
    for name in records.FACT_TABLES:   # crimes from the cell cube now: the same months, far fewer rows
        t = cell_cube_table(store) if name == "crimes" and as_at is None else records.table(store, name, as_at)
        t = t.filter(t.force.isin(list(forces)))
        for row in records.rows(store, t.select("force", "month").distinct()):
            out[str(row["force"])].add(stored_date(row["month"]))
    return out


def coverage(loaded: dict[str, set[date]], windows: Iterable[tuple[str, Period]],
             forces: Sequence[str]) -> Coverage:
    """The coverage of a figure needing every month of ``windows`` for every force in ``forces``."""
    spans = tuple((label, period.months) for label, period in windows)
    needed = sorted({m for _, months in spans for m in months})
    months_by_force = [loaded.get(f, set()) for f in forces]
    missing = tuple(m for m in needed if not months_by_force or any(m not in got for got in months_by_force))
    ends = [max(got) for got in months_by_force if got]
    return Coverage(windows=spans, missing=missing, forces=tuple(forces), data_end=min(ends) if ends else None)


def possible_gaps(months: Sequence[date], values: Sequence[float],
                  loaded: set[date] | None = None) -> tuple[date, ...]:
    """Months counted 0 where the data is loaded (every month, when ``loaded`` is None) and the
    other loaded months' median is at least :data:`POSSIBLE_GAP_MIN_MEDIAN`."""
    kept = [(m, v) for m, v in zip(months, values, strict=True) if loaded is None or m in loaded]
    zeros = [m for m, v in kept if v == 0]
    others = [v for _, v in kept if v != 0]
    if not zeros or not others or median(others) < POSSIBLE_GAP_MIN_MEDIAN:
        return ()
    return tuple(zeros)


__all__ = ["POSSIBLE_GAP_MIN_MEDIAN", "area_force_map", "area_forces", "coverage", "loaded_months",
           "possible_gaps"]
