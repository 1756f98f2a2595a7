"""The area tree under a force, read in one query, is the tree a walk of each area's children finds."""

from __future__ import annotations

from collections import deque

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
