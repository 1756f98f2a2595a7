"""Result objects as plain tables (headings + rows of display strings), then as text, CSV or JSON.

The portal and the paper use the same ``Grid`` builders, so the CLI, HTML and Word tables agree.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass
from typing import Any

from crimeplan.metrics.results import MilestoneTable, OutcomeTable
from crimeplan.render.formatting import count, percent


@dataclass(frozen=True)
class Grid:
    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    raw: tuple[tuple[Any, ...], ...]  # the unrounded values behind each row, for CSV


def milestone_table(result: MilestoneTable) -> Grid:
    headings = ("Force Objectives", result.baseline_label, result.current_label, "Difference", "Milestone",
                "Performance", "Variance")
    rows = tuple((r.title, count(r.baseline), count(r.current), count(r.difference),
                  percent(r.milestone, trim=True), percent(r.performance), count(r.variance)) for r in result.rows)
    raw = tuple((r.title, r.baseline, r.current, r.difference, r.milestone, r.performance, r.variance)
                for r in result.rows)
    return Grid(_title(result), headings, rows, raw)


VIEW_NAMES = {"ytd": "YTD", "rolling12": "Rolling 12 months"}


def _title(result: MilestoneTable | OutcomeTable) -> str:
    return f"{result.area.name} — briefing date {result.briefing_date:%-d %B %Y} — {VIEW_NAMES[result.view]}"


def outcome_table(result: OutcomeTable) -> Grid:
    headings = ("Being Productive And Efficient", "Recorded", "Detected", "Milestone", "Performance")
    rows = tuple((r.title, count(r.recorded), count(r.detected),
                  percent(r.milestone, trim=True) if r.milestone is not None else "-", percent(r.rate))
                 for r in result.rows)
    raw = tuple((r.title, r.recorded, r.detected, r.milestone, r.rate) for r in result.rows)
    return Grid(_title(result), headings, rows, raw)


def to_text(grid: Grid) -> str:
    widths = [max(len(h), *(len(r[i]) for r in grid.rows)) if grid.rows else len(h)
              for i, h in enumerate(grid.headings)]
    def line(cells):
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    out = [grid.title, line(grid.headings), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in grid.rows]
    return "\n".join(out)


def to_csv(grid: Grid) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(grid.headings)
    writer.writerows(grid.raw)
    return buf.getvalue()


def emit(grid: Grid, data: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    elif fmt == "csv":
        sys.stdout.write(to_csv(grid))
    else:
        sys.stdout.write(to_text(grid) + "\n")
