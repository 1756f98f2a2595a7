"""Disclosure control for published tables: small counts are suppressed, and enough other cells
are suppressed with them that no suppressed count can be worked out from what is published.

Pure functions on grids of counts. A table is published with its row totals, column totals and
grand total (the *extended* table, rows ``0..R`` and columns ``0..C`` with the totals last).

1. Primary suppression: every count from 1 to ``threshold - 1`` (totals included). Zeros are
   published: a zero discloses nobody, and the Home Office and ONS publish them.
2. Secondary (complementary) suppression: the published cells and totals give one linear equation
   per row and column. A suppressed cell is *recoverable* when those equations fix its value, which
   is exactly when it lies on no cycle of suppressed cells (``recoverable``: the bridges of a
   bipartite graph). While any suppressed cell is recoverable, another cell is suppressed, chosen to
   close a cycle through it (a small count, interior cells before totals). Only cells above zero
   are chosen. Since every suppressed cell is then above zero, the true table
   lies strictly inside the set of tables consistent with what is published, so a cell not fixed by
   the equations can move both up and down: bounds from non-negativity cannot pin it either (the
   table's constraints form a network matrix, so it can move by whole numbers too).

Suppressed cells are shown as ``[c]`` (GSS guidance on symbols in tables: "confidential").
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

DEFAULT_THRESHOLD = 5
"""Counts under 5 are suppressed (issue 7; ONS and Home Office small-number practice)."""
SUPPRESSED_SYMBOL = "[c]"
"""GSS (Government Statistical Service) symbol for a confidential, suppressed value."""

Cell = tuple[int, int]
N = TypeVar("N", bound=Hashable)
E = TypeVar("E", bound=Hashable)


def extend(grid: Sequence[Sequence[int]]) -> list[list[int]]:
    """The grid with its row totals (last column), column totals (last row) and grand total."""
    rows = [list(map(int, r)) for r in grid]
    if not rows or not rows[0]:
        raise ValueError("expected a grid of at least one row and one column")
    width = len(rows[0])
    if any(len(r) != width for r in rows) or any(v < 0 for r in rows for v in r):
        raise ValueError("expected a rectangular grid of counts (whole numbers, none negative)")
    out = [r + [sum(r)] for r in rows]
    out.append([sum(r[j] for r in out) for j in range(width + 1)])
    return out


def primary(extended: Sequence[Sequence[int]], threshold: int = DEFAULT_THRESHOLD) -> frozenset[Cell]:
    """Cells (totals included) whose count is from 1 to ``threshold - 1``."""
    return frozenset((i, j) for i, row in enumerate(extended) for j, v in enumerate(row) if 0 < v < threshold)


Node = tuple[str, int]


def _graph(suppressed: frozenset[Cell] | set[Cell]) -> dict[Node, list[tuple[Node, Cell]]]:
    """The suppressed cells as a bipartite graph: cell (i, j) joins row node i to column node j."""
    graph: dict[Node, list[tuple[Node, Cell]]] = {}
    for i, j in suppressed:
        graph.setdefault(("r", i), []).append((("c", j), (i, j)))
        graph.setdefault(("c", j), []).append((("r", i), (i, j)))
    return graph


def recoverable(extended: Sequence[Sequence[int]], suppressed: frozenset[Cell] | set[Cell]) -> frozenset[Cell]:
    """Suppressed cells whose value the published cells and totals determine exactly.

    Each row and column of the extended table says "these cells add up to that total". Writing the
    suppressed cells as edges of a bipartite graph (row i — column j), those equations fix a cell
    exactly when its edge lies on no cycle (a *bridge*): around a cycle the cells can trade +d, -d
    alternately and every total still holds, and a cell on no cycle has no such freedom. So the
    recoverable cells are the bridges of the graph (found in linear time, Tarjan's method).
    """
    return frozenset(bridges(_graph(suppressed)))


def bridges(graph: Mapping[N, Sequence[tuple[N, E]]]) -> set[E]:
    """The edges of an undirected (multi)graph that lie on no cycle (Tarjan's method, iterative).
    ``graph`` maps each node to its (neighbour, edge) pairs; each edge is listed at both ends."""
    order: dict[N, int] = {}
    low: dict[N, int] = {}
    found: set[E] = set()
    counter = 0
    for root in graph:
        if root in order:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[N, E | None, Iterator[tuple[N, E]]]] = [(root, None, iter(graph[root]))]
        while stack:
            node, via, edges = stack[-1]
            advanced = False
            for nxt, cell in edges:
                if cell == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, cell, iter(graph[nxt])))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if via is not None and low[node] > order[parent]:  # only the root has no edge in
                        found.add(via)
    return found


def _component(graph: dict[Node, list[tuple[Node, Cell]]], start: Node, without: Cell) -> set[Node]:
    seen, todo = {start}, [start]
    while todo:
        for nxt, cell in graph.get(todo.pop(), ()):
            if cell != without and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _next_suppression(extended: Sequence[Sequence[int]], suppressed: set[Cell], exposed: frozenset[Cell]) -> set[Cell]:
    """The cells to suppress next, to put a recoverable cell on a cycle. Best: one cell that closes a
    cycle at once (it joins the two sides that the recoverable cell alone connects); else the cheapest
    rectangle through it (fewest totals, fewest new cells, smallest counts); else, where zeros block
    every rectangle, the smallest count above zero in its row or column, and try again."""
    last_r, last_c = len(extended) - 1, len(extended[0]) - 1
    graph = _graph(suppressed)
    target = min(exposed)
    ti, tj = target
    side_r = _component(graph, ("r", ti), target)
    side_c = _component(graph, ("c", tj), target)

    def score(cell: Cell) -> tuple:
        i, j = cell
        return (i == last_r or j == last_c, extended[i][j], cell)

    def usable(cell: Cell) -> bool:
        return cell not in suppressed and extended[cell[0]][cell[1]] > 0

    closing = [(i, j) for kind_r, i in side_r if kind_r == "r" for kind_c, j in side_c if kind_c == "c"]
    closing += [(i, j) for kind_r, i in side_c if kind_r == "r" for kind_c, j in side_r if kind_c == "c"]
    candidates = [c for c in closing if usable(c)]
    if candidates:
        return {min(candidates, key=score)}
    best = None  # the cheapest rectangle through the target: rows ti, k and columns tj, l
    for k in range(last_r + 1):
        for j in range(last_c + 1):
            if k == ti or j == tj:
                continue
            new = [c for c in ((ti, j), (k, tj), (k, j)) if c not in suppressed]
            if all(usable(c) for c in new):
                cost = (sum(c[0] == last_r or c[1] == last_c for c in new), len(new),
                        sum(extended[a][b] for a, b in new), (k, j))
                if best is None or cost < best[0]:
                    best = (cost, new)
    if best is not None:
        return set(best[1])
    line = [(ti, j) for j in range(last_c + 1)] + [(i, tj) for i in range(last_r + 1)]
    candidates = [c for c in line if usable(c)]
    if not candidates:  # those lines are exhausted: any count above zero elsewhere
        candidates = [(i, j) for i in range(last_r + 1) for j in range(last_c + 1) if usable((i, j))]
    return {min(candidates, key=score)}


def protect(grid: Sequence[Sequence[int]],
            threshold: int = DEFAULT_THRESHOLD) -> tuple[frozenset[Cell], frozenset[Cell]]:
    """(primary, secondary) suppressed cells of the extended table of ``grid``."""
    if threshold < 1:
        raise ValueError(f"expected a threshold of at least 1, got {threshold}")
    ext = extend(grid)
    first = primary(ext, threshold)
    suppressed = set(first)
    while exposed := recoverable(ext, suppressed):
        suppressed |= _next_suppression(ext, suppressed, exposed)
    return first, frozenset(suppressed - first)


@dataclass(frozen=True)
class SuppressedTable:
    """A table ready to publish: ``None`` wherever a count is suppressed."""

    title: str
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    col_totals: tuple[int | None, ...]
    total: int | None
    threshold: int
    suppressed: int  # how many values (cells and totals) are withheld
    note: str
    row_codes: tuple[str, ...] = ()  # the areas' codes, when the rows are areas
    parent: str | None = None  # the area the column totals are for
    level: str | None = None
    period: str | None = None  # the published period (a financial year)

    def to_dict(self) -> dict:
        out = {"title": self.title, "rows": list(self.row_labels), "columns": list(self.col_labels),
               "cells": [list(r) for r in self.cells], "row_totals": list(self.row_totals),
               "column_totals": list(self.col_totals), "total": self.total, "threshold": self.threshold,
               "suppressed": self.suppressed, "note": self.note}
        if self.row_codes:
            out.update({"row_codes": list(self.row_codes), "parent": self.parent, "level": self.level,
                        "period": self.period})
        return out


def suppress_table(title: str, row_labels: Sequence[str], col_labels: Sequence[str], grid: Sequence[Sequence[int]],
                   threshold: int = DEFAULT_THRESHOLD, *, apply: bool = True) -> SuppressedTable:
    """A publishable table; ``apply=False`` publishes every count (areas that are not small)."""
    ext = extend(grid)
    hidden: frozenset[Cell] = frozenset()
    if apply:
        first, second = protect(grid, threshold)
        hidden = first | second
    shown = [[None if (i, j) in hidden else v for j, v in enumerate(row)] for i, row in enumerate(ext)]
    note = (f"Counts from 1 to {threshold - 1} are suppressed ({SUPPRESSED_SYMBOL}), with other counts where "
            f"totals would reveal them." if apply else "Counts are shown in full for areas of this size.")
    return SuppressedTable(title, tuple(row_labels), tuple(col_labels), tuple(tuple(r[:-1]) for r in shown[:-1]),
                           tuple(r[-1] for r in shown[:-1]), tuple(shown[-1][:-1]), shown[-1][-1], threshold,
                           len(hidden), note)


# --------------------------------------------------------------------------- linked tables of a hierarchy
TOTAL = "*"
"""The column of an area's total (all categories)."""

TreeCell = tuple[str, str]
"""(area code, category or TOTAL): one count of the hierarchy, the same wherever it is shown."""
TreeNode = tuple[str, ...]


@dataclass(frozen=True)
class TreeDecision:
    """What one anchor's small areas publish for one period: ``hidden`` cells are suppressed in every
    table that shows them; ``withheld_all`` when no choice of cells protects them (all are hidden)."""

    anchor: str
    hidden: frozenset[TreeCell]
    primary: frozenset[TreeCell]
    withheld_all: bool


def _tree_edges(children: Mapping[str, Sequence[str]], anchor: str,
                columns: Sequence[str]) -> dict[TreeCell, tuple[TreeNode, TreeNode]]:
    """Every cell below ``anchor`` as an edge between the two equations it takes part in.

    The equations every table of the hierarchy publishes: an area's count in a column is the sum of
    its children's (``("col", area, column)``), and a leaf's total is the sum of its categories
    (``("row", leaf)``; an inner area's is implied by the others). Each cell below the anchor is in
    exactly two of them (the anchor's own cells are published, constants), with opposite signs once
    the total column's equations are negated, so the system is a graph's incidence matrix: totally
    unimodular, and a suppressed cell is fixed by the published cells exactly when it is a bridge of
    the graph of suppressed cells.
    """
    edges: dict[TreeCell, tuple[TreeNode, TreeNode]] = {}
    todo = [anchor]
    while todo:
        area = todo.pop()
        for child in children.get(area, ()):
            todo.append(child)
            below = ("row", child) if not children.get(child) else None
            for column in columns:
                edges[(child, column)] = (("col", area, column), below or ("col", child, column))
    return edges


def _subtree_counts(children: Mapping[str, Sequence[str]], anchor: str, direct: Mapping[TreeCell, int],
                    categories: Sequence[str]) -> dict[TreeCell, int]:
    counts: dict[TreeCell, int] = {}

    def fill(area: str) -> None:
        for child in children.get(area, ()):
            fill(child)
        for cat in categories:
            counts[(area, cat)] = direct.get((area, cat), 0) + sum(counts[(c, cat)] for c in children.get(area, ()))
        counts[(area, TOTAL)] = sum(counts[(area, cat)] for cat in categories)

    fill(anchor)
    return counts


UNPLACED = "\x00unplaced"
"""Suffix of a pseudo-area holding the crimes recorded against an inner area itself (never shown)."""


def protect_tree(children: Mapping[str, Sequence[str]], anchor: str, direct: Mapping[TreeCell, int],
                 categories: Sequence[str], threshold: int = DEFAULT_THRESHOLD) -> TreeDecision:
    """Suppression of every small area below ``anchor``, decided once for all the tables that show them.

    ``children`` is the tree of small areas below the anchor (an area larger than small whose own
    counts are published); ``direct`` the counts recorded against each area itself. Primary: counts
    1 to ``threshold - 1`` (totals included). Secondary: while a suppressed cell is a bridge (see
    ``_tree_edges``), the smallest count above zero that closes a cycle through it is suppressed, or,
    when none joins the two sides, one next to the smaller side, and again. Every hidden cell is then
    above zero and on a cycle, so it can move by one both ways with every published sum still true:
    not recoverable from any table, margin or their combination, even by integer programming. When
    counts above zero run out, every cell below the anchor is hidden (``withheld_all``). An area that
    is its parent's only child has its parent's counts, published already: it is shown, and its own
    children are protected below it.
    """
    if threshold < 1:
        raise ValueError(f"expected a threshold of at least 1, got {threshold}")
    tree, placed, hidden_extra = _place_direct(children, direct, categories)
    counts = _subtree_counts(tree, anchor, placed, categories)
    edges = _tree_edges(tree, _published_top(tree, anchor), (*categories, TOTAL))
    first = frozenset(cell for cell in edges if 0 < counts[cell] < threshold and cell not in hidden_extra)
    suppressed = set(first) | hidden_extra
    at = _incidence(edges, edges)

    def usable(cell: TreeCell) -> bool:
        return cell not in suppressed and counts[cell] > 0

    while exposed := bridges(graph := _incidence(edges, suppressed)) - hidden_extra:
        closing = _closing_cells(graph, at, edges, min(exposed), usable)
        if not closing:  # nothing above zero left to hide: hide everything below the anchor
            return TreeDecision(anchor, frozenset(edges) - hidden_extra, first, True)
        suppressed.add(min(closing, key=lambda cell: (cell[1] == TOTAL, counts[cell], cell)))
    return TreeDecision(anchor, frozenset(suppressed - hidden_extra), first, False)


def _place_direct(children: Mapping[str, Sequence[str]], direct: Mapping[TreeCell, int],
                  categories: Sequence[str]) -> tuple[dict[str, list[str]], dict[TreeCell, int], set[TreeCell]]:
    """The tree, the counts placed on its leaves, and the cells that are never published: crimes
    recorded against an inner area itself go to a pseudo-child of it (``UNPLACED``) that is always hidden."""
    tree = {area: list(kids) for area, kids in children.items()}
    hidden_extra: set[TreeCell] = set()
    placed: dict[TreeCell, int] = {}
    for (area, cat), n in direct.items():
        if tree.get(area) and n:
            pseudo = area + UNPLACED
            if pseudo not in tree[area]:
                tree[area].append(pseudo)
                hidden_extra |= {(pseudo, c) for c in (*categories, TOTAL)}
            placed[(pseudo, cat)] = n
        else:
            placed[(area, cat)] = n
    return tree, placed, hidden_extra


def _published_top(tree: Mapping[str, Sequence[str]], anchor: str) -> str:
    """The area below which cells are protected: an only child's counts are its parent's, published,
    so it anchors instead (and so on down)."""
    top = anchor
    while len(tree.get(top, ())) == 1:
        top = tree[top][0]
    return top


def _incidence(edges: Mapping[TreeCell, tuple[TreeNode, TreeNode]],
               cells: Iterable[TreeCell]) -> dict[TreeNode, list[tuple[TreeNode, TreeCell]]]:
    """The graph of ``cells``: each node with its neighbours and the cell joining them."""
    graph: dict[TreeNode, list[tuple[TreeNode, TreeCell]]] = {}
    for cell in cells:
        u, v = edges[cell]
        graph.setdefault(u, []).append((v, cell))
        graph.setdefault(v, []).append((u, cell))
    return graph


def _closing_cells(suppressed: Mapping[TreeNode, Sequence[tuple[TreeNode, TreeCell]]],
                   at: Mapping[TreeNode, Sequence[tuple[TreeNode, TreeCell]]],
                   edges: Mapping[TreeCell, tuple[TreeNode, TreeNode]], target: TreeCell,
                   usable: Callable[[TreeCell], bool]) -> list[TreeCell]:
    """The cells that may be hidden next to protect the bridge ``target`` of the ``suppressed`` graph:
    those joining its two sides, else those next to the smaller side, else any usable cell."""
    u, v = edges[target]
    side_u = _tree_component(suppressed, u, target)
    side_v = _tree_component(suppressed, v, target)
    small, other = (side_u, side_v) if len(side_u) <= len(side_v) else (side_v, side_u)
    closing = [cell for node in small for nxt, cell in at.get(node, ()) if nxt in other and usable(cell)]
    if not closing:
        closing = [cell for node in small for _, cell in at.get(node, ()) if usable(cell)]
    if not closing:
        closing = [cell for cell in edges if usable(cell)]
    return closing


def _tree_component(graph: Mapping[TreeNode, Sequence[tuple[TreeNode, TreeCell]]], start: TreeNode,
                    without: TreeCell) -> set[TreeNode]:
    seen, todo = {start}, [start]
    while todo:
        for nxt, cell in graph.get(todo.pop(), ()):
            if cell != without and nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen
