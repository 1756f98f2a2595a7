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
from crimeplan.render.spreadsheet import csv_row


@dataclass(frozen=True)
class Grid:
    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    raw: tuple[tuple[Any, ...], ...]  # the unrounded values behind each row, for CSV
    notes: tuple[str, ...] = ()       # shown under the table: what a row's blank cells mean
    csv_headings: tuple[str, ...] = ()            # further CSV columns (coverage), after the headings
    csv_extra: tuple[tuple[Any, ...], ...] = ()   # their values, one tuple per row


COVERAGE_CSV_HEADINGS = ("Complete", "Missing months", "Note")


def coverage_notes(notes: list[tuple[str, str | None]]) -> tuple[str, ...]:
    """One line per distinct note: "insufficient data: …" alone when every row has it, else prefixed
    with the row's title."""
    given = [(title, note) for title, note in notes if note]
    if not given:
        return ()
    if len(given) == len(notes) and len({n for _, n in given}) == 1:
        return (str(given[0][1]),)
    return tuple(f"{title}: {note}" for title, note in given)


def milestone_table(result: MilestoneTable) -> Grid:
    headings = ("Force Objectives", result.baseline_label, result.current_label, "Difference", "Milestone",
                "Performance", "Variance")
    rows = tuple((r.title, count(r.baseline), count(r.current), count(r.difference),
                  percent(r.milestone, trim=True), percent(r.performance), count(r.variance)) for r in result.rows)
    raw = tuple((r.title, r.baseline, r.current, r.difference, r.milestone, r.performance, r.variance)
                for r in result.rows)
    notes = coverage_notes([(r.title, r.coverage_note) for r in result.rows])
    extra = tuple((r.complete, " ".join(r.missing_months), r.coverage_note or "") for r in result.rows)
    return Grid(_title(result), headings, rows, raw, notes,
                COVERAGE_CSV_HEADINGS, extra)


VIEW_NAMES = {"ytd": "YTD", "rolling12": "Rolling 12 months"}


def _title(result: MilestoneTable | OutcomeTable) -> str:
    return f"{result.area.name} — briefing date {result.briefing_date:%-d %B %Y} — {VIEW_NAMES[result.view]}"


def outcome_table(result: OutcomeTable) -> Grid:
    headings = ("Being Productive And Efficient", "Recorded", "Detected", "Milestone", "Performance")
    rows = tuple((r.title, count(r.recorded), count(r.detected),
                  percent(r.milestone, trim=True) if r.milestone is not None else "-", percent(r.rate))
                 for r in result.rows)
    raw = tuple((r.title, r.recorded, r.detected, r.milestone, r.rate) for r in result.rows)
    notes = coverage_notes([(r.title, r.coverage_note) for r in result.rows])
    extra = tuple((r.complete, " ".join(r.missing_months), r.coverage_note or "") for r in result.rows)
    return Grid(_title(result), headings, rows, raw, notes,
                COVERAGE_CSV_HEADINGS, extra)


def to_text(grid: Grid) -> str:
    widths = [max(len(h), *(len(r[i]) for r in grid.rows)) if grid.rows else len(h)
              for i, h in enumerate(grid.headings)]
    def line(cells):
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs)
    out = [grid.title, line(grid.headings), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in grid.rows]
    out += [f"Note: {note}" for note in grid.notes]
    return "\n".join(out)


def to_csv(grid: Grid) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(csv_row(grid.headings + grid.csv_headings))
    extra = grid.csv_extra or tuple(() for _ in grid.raw)
    writer.writerows(csv_row(raw + more) for raw, more in zip(grid.raw, extra, strict=True))
    return buf.getvalue()


def emit(grid: Grid, data: dict[str, Any], fmt: str, warning: str | None = None) -> None:
    """Print ``grid`` (or ``data`` as JSON); ``warning`` goes to stderr as one line."""
    if warning:
        sys.stderr.write(f"warning: {warning}\n")
    if fmt == "json":
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    elif fmt == "csv":
        sys.stdout.write(to_csv(grid))
    else:
        sys.stdout.write(to_text(grid) + "\n")
