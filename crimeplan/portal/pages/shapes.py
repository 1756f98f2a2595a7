"""What every page model is made of: a :class:`Page` carries three views of one result: ``context``
(display objects for the template, every number already formatted by ``crimeplan.render.formatting``),
``data`` (the JSON, from the results' ``to_dict``) and ``tables`` (every table on the page, with display
cells for HTML and the unrounded values behind them for CSV and Excel). Templates only lay these out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from crimeplan.errors import NotFoundError
from crimeplan.metrics import PlanResult
from crimeplan.portal.params import VIEW_NAMES, Query
from crimeplan.render import tables as grids
from crimeplan.spc import SpcResult

PERCENT = 100.0
"""Rate pages speak in % (issue 18): a rate's SPC result, a proportion (0.124), is shown times 100."""
PERCENT_DECIMALS = 1
"""Percentages to one decimal, as every table of the portal (crimeplan.render.formatting.percent)."""
RATE_UNIT = "%"
"""What a rate's average is in, in the narrative ("its average of 12.4 %")."""
_POINT_SCALED = ("value", "centre", "lpl", "upl", "near_lpl", "near_upl")
_GROUP_SCALED = ("mean", "amr", "lpl", "upl", "near_lpl", "near_upl", "cl")


# --------------------------------------------------------------------------- shapes


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]           # display text, one per heading
    raw: tuple[Any, ...]             # the unrounded values, for CSV and Excel
    href: str | None = None          # link of the first cell


@dataclass(frozen=True)
class Table:
    id: str
    caption: str
    headings: tuple[str, ...]
    rows: tuple[Row, ...]
    numeric: tuple[bool, ...] = ()   # right-aligned columns

    def is_numeric(self, i: int) -> bool:
        return self.numeric[i] if i < len(self.numeric) else False


@dataclass(frozen=True)
class Page:
    template: str
    title: str
    data: dict[str, Any]
    tables: tuple[Table, ...] = ()
    context: dict[str, Any] = field(default_factory=dict)

    def table(self, table_id: str | None) -> Table:
        if not self.tables:
            raise NotFoundError(f"the page {self.title!r} has no table to export")
        if not table_id:
            return self.tables[0]
        for t in self.tables:
            if t.id == table_id:
                return t
        raise NotFoundError(f"unknown table {table_id!r}; this page has " + ", ".join(t.id for t in self.tables))


def from_grid(grid: grids.Grid, table_id: str, hrefs: Sequence[str | None] = ()) -> Table:
    hrefs = list(hrefs) + [None] * (len(grid.rows) - len(hrefs))
    rows = tuple(Row(cells, raw, href) for cells, raw, href in zip(grid.rows, grid.raw, hrefs, strict=True))
    return Table(table_id, grid.title, grid.headings, rows, (False,) + (True,) * (len(grid.headings) - 1))


def measure_href(q: Query, measure_id: str) -> str:
    return f"/measures/{measure_id}?{q.qs()}"


def chart_src(q: Query, measure_id: str) -> str:
    return f"/measures/{measure_id}/chart.svg?{q.qs()}"


def in_percent(result: SpcResult) -> SpcResult:
    """A rate's SPC result with every value, centre line and limit times 100 (the same points, rules
    and verdicts: the limits scale with the values). The chart and its text show it; the JSON keeps
    the proportions."""
    def scaled(item: Any, names: tuple[str, ...]) -> Any:
        return replace(item, **{n: getattr(item, n) * PERCENT for n in names if getattr(item, n) is not None})

    options = result.options
    return replace(result, points=tuple(scaled(p, _POINT_SCALED) for p in result.points),
                   groups=tuple(scaled(g, _GROUP_SCALED) for g in result.groups),
                   options=replace(options, multiply=options.multiply * PERCENT,
                                   target=None if options.target is None else options.target * PERCENT))


def first_sentence(text: str) -> tuple[str, str]:
    """``text`` as its first sentence and the rest: a chart's caption, and its long description
    (each point's signal), which the page keeps in a <details>."""
    head, stop, rest = text.partition(". ")
    return (head + "." if stop else head), rest


def period_text(q: Query, result: PlanResult) -> str:
    return f"{VIEW_NAMES[q.view]}: {result.milestones.current_period.label()}"


def coverage_context(result: PlanResult) -> dict[str, Any]:
    """What a page says before its figures: a briefing date after the data, and rows with no figure."""
    notice = result.milestones.data_notice
    notes = grids.milestone_table(result.milestones).notes + grids.outcome_table(result.outcomes).notes
    return {"data_notice": sentence(notice) if notice else None,
            "coverage_notes": tuple(dict.fromkeys(sentence(n) for n in notes))}


def sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}."


def signed(text: str) -> str:
    return text if text.startswith(("-", "0 ")) or text == "-" else "+" + text


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
