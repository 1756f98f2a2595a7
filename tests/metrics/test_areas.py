"""The area tree under a force, read in one query, is the tree a walk of each area's children finds."""

from __future__ import annotations

from collections import deque
from datetime import date

import pytest

from crimeplan.metrics.areas import children, descendants, resolve_area
from crimeplan.store import open_store
from tests.conftest import copy_store


def _walk(store, root, limit):
    """The reference: breadth first, one query per area (what the portal's catalogue did before)."""
    seen, out, queue = {root.key}, [], deque([(root, 0)])
    while queue and len(out) < limit:
        area, depth = queue.popleft()
        for child in children(store, area):
            if child.key not in seen:
                seen.add(child.key)
                out.append((child, depth + 1))
                queue.append((child, depth + 1))
    return tuple(out)


@pytest.mark.parametrize("fixture, force", [("demo_file", "west-midlands"), ("city_file", "city-of-london")])
def test_the_tree_in_one_query_is_the_walk_of_children(request, tmp_path, fixture, force):
    with open_store(copy_store(request.getfixturevalue(fixture), tmp_path)) as store:
        root = resolve_area(store, f"force:{force}")
        tree = descendants(store, root, 5000)
        assert tree == _walk(store, root, 5000)
        assert len({a.level for a, _ in tree}) >= 2, "the tree has more than one level below the force"
        assert [d for _, d in tree] == sorted(d for _, d in tree), "breadth first"


def test_the_tree_stops_near_its_limit(tmp_path, demo_file):
    with open_store(copy_store(demo_file, tmp_path)) as store:
        root = resolve_area(store, "force:west-midlands")
        whole = descendants(store, root, 5000)
        cut = descendants(store, root, 3)
        assert 3 <= len(cut) < len(whole)
        assert cut == whole[:len(cut)]


@pytest.mark.parametrize("fixture, force, plan_name, pairs", [
    ("demo_file", "west-midlands", "wmp-2013-14", {("force", "la"), ("la", "lpu"), ("lpu", "lsoa")}),
    ("city_file", "city-of-london", "police-uk", {("force", "la"), ("la", "lsoa")}),
])
def test_counts_of_every_area_in_one_query_are_each_areas_own_counts(request, tmp_path, fixture, force, plan_name,
                                                                    pairs):
    """The area and measure pages' breakdown (counts_by_area, one grouped query) against counts asked area
    by area, under the force and under the first area of each level, for every milestone measure (the
    police.uk plan's include anti-social behaviour)."""
    from crimeplan.metrics.measures import is_asb
    from crimeplan.metrics.milestones import counts, counts_by_area, current_window
    from crimeplan.periods import baseline_window
    from crimeplan.plan import load_plan

    plan = load_plan(plan_name)
    measures = list(dict.fromkeys(m.measure for m in plan.milestones.values() if m.measure))
    with open_store(copy_store(request.getfixturevalue(fixture), tmp_path)) as store:
        last = store.fetchall("SELECT max(month) FROM crimes")[0][0]
        current = current_window(date(last.year, last.month, 1), "rolling12")
        periods = {"current": current, "baseline": baseline_window(current)}
        root = resolve_area(store, f"force:{force}")
        tree = descendants(store, root, 5000)
        parents = [root, *{a.level: a for a, _ in reversed(tree)}.values()]
        checked, seen = 0, set()
        for parent in parents:
            kids = children(store, parent)
            for level in {a.level for a in kids}:
                grouped = counts_by_area(store, plan, measures, parent, level, periods)
                for sub in [a for a in kids if a.level == level][:30]:
                    one = counts(store, plan, measures, sub, periods)
                    assert {k: grouped.get(sub.code, {}).get(k, 0) for k in one} == one, sub
                    checked += sum(one.values()) > 0
                seen.add((parent.level, level))
        assert pairs <= seen, seen
        assert checked >= 5, "the areas compared hold records"
        assert plan_name == "wmp-2013-14" or any(is_asb(plan.measures[m]) for m in measures)
