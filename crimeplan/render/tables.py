"""Result objects as plain tables (headings + rows of display strings), then as text, CSV or JSON.

The portal and the paper use the same ``Grid`` builders, so the CLI, HTML and Word tables agree.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crimeplan.render.formatting import count, number, percent
from crimeplan.render.labels import NO_DATA, assurance_badge, outcome_type, variation_badge, verdict_badge
from crimeplan.render.spreadsheet import csv_row

if TYPE_CHECKING:  # annotations only: the CLI's --help reads this module, and metrics imports Ibis
    from crimeplan.metrics.results import MilestoneRow, MilestoneTable, OutcomeRow, OutcomeTable

TERMINAL_WIDTH = 100
"""The text blocks under a table fit a 100-column terminal (issue 15, deliverable 5); the main
tables keep their natural width, as the paper and the portal show them."""


@dataclass(frozen=True)
class Text:
    """Sentences shown under a table in text output, wrapped to ``TERMINAL_WIDTH``."""

    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    raw: tuple[tuple[Any, ...], ...]  # the unrounded values behind each row, for CSV
    notes: tuple[str, ...] = ()       # shown under the table: what a row's blank cells mean
    csv_headings: tuple[str, ...] = ()            # further CSV columns (coverage), after the headings
    csv_extra: tuple[tuple[Any, ...], ...] = ()   # their values, one tuple per row
    after: tuple[Grid | Text, ...] = ()  # text output only: what JSON carries beyond the table's columns
    max_width: int | None = None      # wrap cells so a line fits (None: natural width)
    left: tuple[int, ...] = (0,)      # the columns aligned left (the others are figures, aligned right)


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
                COVERAGE_CSV_HEADINGS, extra, after=milestone_details(result))


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
                COVERAGE_CSV_HEADINGS, extra, after=outcome_details(result))


INSUFFICIENT = "insufficient data"


def milestone_details(result: MilestoneTable) -> tuple[Grid | Text, ...]:
    """Under the milestone table: each row's process behaviour (variation and target assurance,
    in the portal's words) and year-end projection, then its narrative and the process figures."""
    if not result.rows:
        return ()
    rows = tuple(_process_cells(r) for r in result.rows)
    raw = tuple(_process_raw(r) for r in result.rows)
    process = Grid("Process behaviour and projection",
                   ("Objective", "Variation", "Target assurance", "Year end (range)", "Target", "Outlook"),
                   rows, raw, max_width=TERMINAL_WIDTH, left=(0, 1, 2, 5))
    narrative = Text("What the charts say", tuple(line for r in result.rows for line in _narrative(r)))
    return (process, narrative)


def _process_cells(row: MilestoneRow) -> tuple[str, ...]:

    if not row.complete:
        return (row.title, INSUFFICIENT, INSUFFICIENT, INSUFFICIENT, "-", INSUFFICIENT)
    a, p = row.assurance or {}, row.projection
    variation = variation_badge(a.get("variation")).label
    assurance = assurance_badge(a.get("target_assurance")).label if row.assurance else variation
    if p is None:
        return (row.title, variation, assurance, NO_DATA.label, count(row.target), NO_DATA.label)
    return (row.title, variation, assurance, _year_end(p), count(p["target_total"]),
            verdict_badge(p.get("verdict")).label)


def _year_end(projection: dict[str, Any]) -> str:
    """"5,482 (5,221 to 5,742)"; the total alone when the year is over (no range)."""
    total, low, high = (number(projection[k]) for k in ("projected_total", "low", "high"))
    return total if low == high == total else f"{total} ({low} to {high})"


def _process_raw(row: MilestoneRow) -> tuple[Any, ...]:
    a, p = row.assurance or {}, row.projection or {}
    return (row.title, a.get("variation"), a.get("target_assurance"), p.get("projected_total"), p.get("low"),
            p.get("high"), p.get("target_total"), p.get("verdict"))


def _narrative(row: MilestoneRow) -> tuple[str, ...]:
    """The row's title, its sentences, and the process figures behind its badges."""
    lines = [f"{row.title}:", *(f"  {s}" for s in row.narrative)]
    if not row.narrative and not row.complete:
        lines.append(f"  {(row.coverage_note or INSUFFICIENT).capitalize()}.")
    a, p = row.assurance, row.projection
    if a:
        figures = (f"  Process mean {number(a.get('process_mean'), 1)} a month, limits "
                   f"{number(a.get('lpl'), 1)} to {number(a.get('upl'), 1)}; monthly target "
                   f"{number(a.get('monthly_target'), 1)}.")
        if a.get("signal_reason"):
            figures += f" Signal: {a['signal_reason']}."
        lines.append(figures)
    if p:
        lines.append(f"  Chance of meeting the target {percent(p.get('probability_of_meeting'))}; "
                     f"{p.get('months_remaining')} months remaining.")
    return tuple(lines)


def outcome_details(result: OutcomeTable) -> tuple[Grid | Text, ...]:
    """Under the outcome table, for each rate: its rates by area (at ``breakdown_level``) and its
    outcomes by type; a row without figures says why (insufficient data, no outcomes published)."""
    blocks: list[Grid | Text] = []
    for row in result.rows:
        blocks += _outcome_blocks(row, result.breakdown_level)
    return tuple(blocks)


def _outcome_blocks(row: OutcomeRow, level: str | None) -> list[Grid | Text]:

    if not row.complete:
        return [Text(row.title, (_why_blank(row),))]
    basis = _basis(row)
    lines = [basis] + ([f"{row.coverage_note[:1].upper()}{row.coverage_note[1:]}."] if row.coverage_note else [])
    blocks: list[Grid | Text] = [Text(row.title, tuple(lines))]
    if level and row.by_area:
        blocks.append(Grid(f"{row.title} by {level}", ("Area", "Recorded", "Detected", "Rate"),
                           tuple((_area_name(a.name, a.area), count(a.recorded), count(a.detected), percent(a.rate))
                                 for a in row.by_area),
                           tuple((a.area, a.recorded, a.detected, a.rate) for a in row.by_area),
                           max_width=TERMINAL_WIDTH))
    elif level:
        blocks.append(Text(f"{row.title} by {level}", (_why_blank(row),)))
    if row.by_outcome_type:
        total = sum(row.by_outcome_type.values())
        items = sorted(row.by_outcome_type.items(), key=lambda kv: (-kv[1], kv[0]))
        blocks.append(Grid(f"{row.title} by outcome", ("Outcome", "Crimes", "Share"),
                           tuple((outcome_type(k), count(n), percent(n / total if total else None)) for k, n in items),
                           tuple((k, n) for k, n in items), max_width=TERMINAL_WIDTH))
    else:
        blocks.append(Text(f"{row.title} by outcome", (_why_blank(row),)))
    return blocks


def _basis(row: OutcomeRow) -> str:
    """What the rate counts, with the cohort's figures when it counts a cohort."""
    c = row.cohort
    if not row.outcomes_published:
        return f"{count(row.recorded)} crimes recorded."
    if row.basis != "cohort":
        return "Counted on outcomes given in the period against crimes recorded in it."
    return (f"Counted on crimes recorded in the period with their outcomes so far: {count(c.recorded)} recorded, "
            f"{count(c.positive)} positive, {count(c.open)} with no outcome yet ({percent(c.rate)}).")


def _area_name(name: str, code: str) -> str:
    return name if name == code else f"{name} ({code})"


def _why_blank(row: OutcomeRow) -> str:
    note = row.coverage_note or "no outcomes recorded in the period"
    return f"{note[:1].upper()}{note[1:]}."


def to_text(grid: Grid) -> str:
    widths = [max(len(h), *(len(r[i]) for r in grid.rows)) if grid.rows else len(h)
              for i, h in enumerate(grid.headings)]
    if grid.max_width:
        widths = _fit(widths, grid.max_width, grid.left)

    def lines(cells: tuple[str, ...]) -> list[str]:
        wrapped = [textwrap.wrap(c, w, break_on_hyphens=False) or [""] if len(c) > w else [c]
                   for c, w in zip(cells, widths, strict=True)]
        return ["  ".join((part[k] if k < len(part) else "").ljust(w) if i in grid.left
                          else (part[k] if k < len(part) else "").rjust(w)
                          for i, (part, w) in enumerate(zip(wrapped, widths, strict=True))).rstrip()
                for k in range(max(len(p) for p in wrapped))]
    out = [grid.title, *lines(grid.headings), "  ".join("-" * w for w in widths)]
    out += [text for r in grid.rows for text in lines(r)]
    out += [f"Note: {note}" for note in grid.notes]
    for block in grid.after:
        out += ["", to_text(block) if isinstance(block, Grid) else _paragraphs(block)]
    return "\n".join(out)


MIN_COLUMN = 9
"""The narrowest a wrapped column gets ("insufficient" fits on its line)."""


def _fit(widths: list[int], limit: int, text: tuple[int, ...]) -> list[int]:
    """Narrow the widest text columns (figures are never wrapped), one character at a time, until
    the line fits ``limit``."""
    widths = list(widths)
    while text and sum(widths) + 2 * (len(widths) - 1) > limit:
        widest = max(text, key=lambda i: widths[i])
        if widths[widest] <= MIN_COLUMN:
            break
        widths[widest] -= 1
    return widths


def _paragraphs(text: Text) -> str:
    out = [text.title]
    for line in text.lines:
        indent = " " * (len(line) - len(line.lstrip(" ")))
        out += textwrap.wrap(line, TERMINAL_WIDTH, initial_indent="" if indent else "",
                             subsequent_indent=indent + "  ") if line.strip() else [""]
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
