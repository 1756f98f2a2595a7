"""The demo's priority areas (issue 17 item 1): the shipped area file is the one crimeplan.demo.priority
makes, each priority neighbourhood is among its unit's highest-crime ones, and the links to the
priority areas leave the public view's one tree (each neighbourhood under its policing unit) unchanged."""

from __future__ import annotations

import csv
from collections import Counter
from importlib import resources

from crimeplan.demo import generate_demo
from crimeplan.demo.areas import lsoa_list
from crimeplan.demo.priority import COLUMNS, LSOAS_PER_UNIT, PRIORITY_SET, priority_area_rows, priority_lsoas
from crimeplan.loads.demo import load_demo, load_demo_references
from crimeplan.metrics.areas import resolve_area
from crimeplan.store import open_store
from crimeplan.workflow.public import area_tree


def test_the_shipped_file_is_the_one_the_rule_makes():
    text = resources.files("crimeplan").joinpath("plans/wmp-2013-14/priority-areas.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert tuple(rows[0]) == COLUMNS
    assert rows == priority_area_rows()


def test_each_unit_s_priority_area_holds_its_highest_crime_neighbourhoods():
    records = generate_demo().records.to_pydict()
    crimes = Counter(a for a, m in zip(records["area_code"], records["month"], strict=True)
                     if m.year * 12 + m.month in range(2012 * 12 + 4, 2013 * 12 + 4))
    codes, _names, parents = lsoa_list()
    chosen = priority_lsoas()
    assert len(chosen) == 10 and all(len(v) == LSOAS_PER_UNIT for v in chosen.values())
    for unit, lsoas in chosen.items():
        others = [crimes[c] for c, p in zip(codes, parents, strict=True) if p == unit and c not in lsoas]
        assert min(crimes[c] for c in lsoas) >= max(others)


def test_the_set_resolves_and_the_public_tree_keeps_neighbourhoods_under_their_units(tmp_path):
    store = open_store(str(tmp_path / "demo.duckdb"))
    try:
        load_demo(store)
        before = area_tree(store)
        load_demo_references(store)
        after = area_tree(store)
        where = resolve_area(store, PRIORITY_SET)
    finally:
        store.close()
    assert (where.name, where.level) == ("Priority areas", "priority_area")
    lsoa = next(iter(priority_lsoas().values()))[0]
    assert after.parent[lsoa] == before.parent[lsoa] == "WMLPU01"
    assert {c: p for c, p in after.parent.items() if c in before.parent} == before.parent
