"""The demo force's priority areas: in each local policing unit, the neighbourhoods (LSOAs) with the
most crime recorded in the year before the plan form that unit's priority area, and the priority
areas together form the set the plan's milestone "Reduce crime in high crime priority areas" is
measured in (``area: priority_areas`` in plans/wmp-2013-14/plan.yaml).

The links to the priority areas are valid for the plan's year only (``valid_from``/``valid_to``):
they count in every figure of the set, while each neighbourhood keeps its one current parent, its
policing unit, in the tree the public view's disclosure control is decided on
(crimeplan.workflow.public.area_tree)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pyarrow.compute as pc

from crimeplan.demo.areas import lsoa_list
from crimeplan.demo.force import generate_demo

PRIORITY_SET = "priority_areas"
"""The set's code, as the plan names it (never printed: its name is)."""
PRIORITY_SET_NAME = "Priority areas"
PRIORITY_LEVEL = "priority_area"
LSOAS_PER_UNIT = 3
"""Neighbourhoods in each unit's priority area: 30 of the demo's 323, about one in eleven, in line
with the share of West Midlands neighbourhoods in the force's 2013/14 Priority Area Programme."""
SELECTION_YEAR = (date(2012, 4, 1), date(2013, 3, 1))
"""The months whose recorded crime picks the priority areas: 2012/13, the year before the plan."""
VALID = (date(2013, 4, 1), date(2014, 3, 31))
"""The plan's year: the priority areas' links are valid in it only."""

COLUMNS = ("code", "name", "level", "parent_code", "valid_from", "valid_to")


def priority_lsoas(seed: int = 2014) -> dict[str, list[str]]:
    """{LPU code: its priority neighbourhoods}, the most crime in :data:`SELECTION_YEAR` first (ties by code)."""
    records = generate_demo(seed).records
    first, last = SELECTION_YEAR
    month = records.column("month")
    in_year = pc.and_(pc.greater_equal(month, first), pc.less_equal(month, last))
    crimes = Counter(records.filter(in_year).column("area_code").to_pylist())
    codes, _names, parents = lsoa_list()
    return {unit: sorted(lsoas, key=lambda c: (-crimes[c], c))[:LSOAS_PER_UNIT]
            for unit, lsoas in _units(codes, parents).items()}


def priority_area_rows(seed: int = 2014) -> list[dict[str, str]]:
    """The canonical area file's rows (``crimeplan areas load``): the set, one priority area per unit
    and each chosen neighbourhood with both its parents (a load replaces an area's parents)."""
    codes, names, parents = lsoa_list()
    name_of, unit_of = dict(zip(codes, names, strict=True)), dict(zip(codes, parents, strict=True))
    unit_names = {unit: name_of[lsoas[0]].rsplit(" ", 1)[0] for unit, lsoas in _units(codes, parents).items()}
    start, end = (d.isoformat() for d in VALID)
    rows = [_row(PRIORITY_SET, PRIORITY_SET_NAME, PRIORITY_LEVEL)]
    for number, (unit, lsoas) in enumerate(sorted(priority_lsoas(seed).items()), start=1):
        area = f"WMPA{number:02d}"
        rows.append(_row(area, f"{unit_names[unit]} priority area", PRIORITY_LEVEL, PRIORITY_SET, start, end))
        for lsoa in lsoas:
            rows.append(_row(lsoa, name_of[lsoa], "lsoa", unit_of[lsoa]))
            rows.append(_row(lsoa, name_of[lsoa], "lsoa", area, start, end))
    return rows


def _units(codes: list[str], parents: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for code, unit in zip(codes, parents, strict=True):
        out.setdefault(unit, []).append(code)
    return out


def _row(code: str, name: str, level: str, parent: str = "", start: str = "", end: str = "") -> dict[str, str]:
    return dict(zip(COLUMNS, (code, name, level, parent, start, end), strict=True))


__all__ = ["PRIORITY_SET", "PRIORITY_SET_NAME", "priority_area_rows", "priority_lsoas"]
