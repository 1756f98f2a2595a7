"""Disclosure control: property tests on random grids, checked by an independent attacker that
solves linear programmes (scipy) for the smallest and largest value each suppressed cell could
take given everything published."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from crimeplan.workflow.disclosure import SuppressedTable, extend, protect, recoverable, suppress_table

grids = st.integers(1, 6).flatmap(lambda r: st.integers(1, 6).flatmap(
    lambda c: st.lists(st.lists(st.one_of(st.integers(0, 6), st.integers(0, 40)), min_size=c, max_size=c),
                       min_size=r, max_size=r)))


def attacker_bounds(ext: list[list[int]], hidden: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[float, float]]:
    """For each hidden cell, (min, max) over all non-negative tables agreeing with what is published."""
    n_r, n_c = len(ext), len(ext[0])
    unknown = sorted(hidden)
    idx = {cell: k for k, cell in enumerate(unknown)}
    a_eq, b_eq = [], []

    def equation(cells_coefs):
        row, rhs = np.zeros(len(unknown)), 0.0
        for cell, coef in cells_coefs:
            if cell in idx:
                row[idx[cell]] += coef
            else:
                rhs -= coef * ext[cell[0]][cell[1]]
        a_eq.append(row)
        b_eq.append(rhs)

    for i in range(n_r):
        equation([((i, j), 1) for j in range(n_c - 1)] + [((i, n_c - 1), -1)])
    for j in range(n_c):
        equation([((i, j), 1) for i in range(n_r - 1)] + [((n_r - 1, j), -1)])
    bounds = {}
    for cell, k in idx.items():
        objective = np.zeros(len(unknown))
        objective[k] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        assert low.status == 0 and high.status in (0, 3)  # 3: unbounded above
        bounds[cell] = (low.fun, np.inf if high.status == 3 else -high.fun)
    return bounds


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids, st.integers(2, 10))
def test_no_suppressed_cell_can_be_recovered_from_the_totals(grid, threshold):
    ext = extend(grid)
    first, second = protect(grid, threshold)
    hidden = first | second
    # every small count is hidden, nothing above zero is left recoverable, zeros are never chosen
    assert {(i, j) for i, r in enumerate(ext) for j, v in enumerate(r) if 0 < v < threshold} == first
    assert all(ext[i][j] > 0 for i, j in second)
    for cell, (low, high) in attacker_bounds(ext, set(hidden)).items():
        assert high - low > 0.5, f"cell {cell} = {ext[cell[0]][cell[1]]} pinned to [{low}, {high}] in {ext}"


def test_a_lone_small_cell_in_a_row_is_protected_by_a_rectangle():
    grid = [[3, 10, 12], [20, 11, 30], [15, 16, 17]]
    first, second = protect(grid, 5)
    assert first == {(0, 0)}
    assert len(second) == 3  # the smallest rectangle: (0,0) with one more cell in its row, column and corner
    assert recoverable(extend(grid), first | second) == frozenset()


def test_a_small_total_is_suppressed_too():
    first, _ = protect([[1, 2], [30, 40]], 5)
    assert (0, 2) in first  # row total 3


def test_without_suppression_nothing_is_hidden_and_a_table_reads_back():
    table = suppress_table("Hate crime by religion", ["Islam", "Sikhism"], ["2012/13", "2013/14"],
                           [[18, 27], [2, 9]], 5)
    assert isinstance(table, SuppressedTable)
    assert table.cells[1][0] is None and table.suppressed >= 4
    assert table.to_dict()["rows"] == ["Islam", "Sikhism"]
    full = suppress_table("t", ["a"], ["b"], [[2]], 5, apply=False)
    assert full.cells == ((2,),) and full.suppressed == 0


@pytest.mark.parametrize("bad", [[], [[1, 2], [3]], [[-1]]])
def test_bad_grids_are_refused(bad):
    with pytest.raises(ValueError):
        extend(bad)
