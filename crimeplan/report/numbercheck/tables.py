"""Tables: a row labelled "Total…" against the rows above it, "%" columns against their counts
and the column's total (stated in the text before the table, else the column's sum), milestone
tables (difference, performance, variance) and outcome tables (detected ÷ recorded), and their
rows against the data."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from crimeplan.render.formatting import count
from crimeplan.report.numbercheck.figures import NUMBER, Num, agrees, fy, numbers, period_key, period_of, recomputed
from crimeplan.report.numbercheck.model import Fact, NumberWarning, Passage, TableText
from crimeplan.report.numbercheck.words import subject_in

_TOTAL = re.compile(r"^\s*total\b", re.IGNORECASE)
_STATED_BASE = re.compile(r"\bof the (\d{1,3}(?:,\d{3})*|\d+)\b[^.;]{0,60}?"
                          r"\b(?:for|in)\s+((?:19|20)\d\d\s*[-/]\s*\d\d)")


def cell_number(cell: str) -> Num | None:
    found = numbers(cell.replace("£", ""))
    if len(found) != 1:
        return None
    rest = NUMBER.sub("", cell).replace("%", "").replace("£", "").strip()
    return found[0] if not rest else None


def check_table(table: TableText, passages: Sequence[Passage], facts: list[Fact]) -> list[NumberWarning]:
    out: list[NumberWarning] = []
    header = [c.strip().lower() for c in (table.headings[-1] if table.headings else ())]
    out += _check_totals(table)
    if "%" in header:
        out += _check_share_columns(table, passages)
    if {"recorded", "detected", "performance"} <= set(header):
        out += _check_rate_rows(table, header, facts)
    if {"difference", "performance", "variance"} <= set(header):
        out += _check_milestone_rows(table, header, facts)
    return out


def _check_totals(table: TableText) -> list[NumberWarning]:
    out = []
    width = max((len(r) for r in table.rows), default=0)
    for col in range(1, width):
        running: float | None = None
        for row in table.rows:
            cell = cell_number(row[col]) if col < len(row) else None
            if cell is None or cell.percent:
                continue
            if _TOTAL.match(row[0]):
                if running is not None and abs(running - cell.value) > 1e-6:
                    out.append(NumberWarning(table.where, "total",
                                             f"“{row[0].strip()}” is {cell.text} but the rows above add up to "
                                             f"{count(running)}"))
                running = cell.value
            else:
                running = (running or 0) + cell.value
    return out


def _column_periods(table: TableText) -> list[str | None]:
    width = max(len(r) for r in table.headings) if table.headings else 0
    top = table.headings[0] if len(table.headings) > 1 else ()
    periods: list[str | None] = []
    current = None
    for i in range(width):
        cell = top[i].strip() if i < len(top) else ""
        if cell:
            current = period_of(cell) or period_key(cell)
        periods.append(current)
    return periods


def _check_share_columns(table: TableText, passages: Sequence[Passage]) -> list[NumberWarning]:
    out: list[NumberWarning] = []
    header = [c.strip() for c in table.headings[-1]]
    periods = _column_periods(table)
    stated = _stated_bases(table, passages)
    for col, name in enumerate(header):
        if name != "%" or col == 0:
            continue
        counts_col = col - 1
        values = [(cell_number(r[counts_col]) if counts_col < len(r) else None,
                   cell_number(r[col]) if col < len(r) else None, r[0].strip()) for r in table.rows]
        column_sum = sum(v.value for v, _, _ in values if v is not None)
        period = periods[col] if col < len(periods) else None
        base, where = column_sum, "the column's sum"
        if period in stated:
            base, where = stated[period]
            if base != column_sum:
                out.append(NumberWarning(table.where, "total",
                                         f"the {fy(period)} column adds up to {count(column_sum)} but "
                                         f"{where} gives {count(base)}"))
        for n, share, label in values:
            if n is None or share is None or not base:
                continue
            actual = n.value / base * 100
            if not agrees(share.value, share.decimals, actual):
                out.append(NumberWarning(table.where, "share",
                                         f"{label} {(fy(period) + ' ') if period else ''}{n.text} of "
                                         f"{count(base)} is {recomputed(n.value / base)}, shown as {share.text}"))
    return out


def _stated_bases(table: TableText, passages: Sequence[Passage]) -> dict[str, tuple[float, str]]:
    """ "of the 61 RI Hate Crimes for 2013-14" in the paragraphs just before the table."""
    before = [p for p in passages if p.number is not None and table.after is not None
              and table.after - 2 <= p.number <= table.after]
    out: dict[str, tuple[float, str]] = {}
    for p in before:
        for m in _STATED_BASE.finditer(" ".join(p.text.split())):
            key = period_key(m.group(2))
            if key:
                out[key] = (float(m.group(1).replace(",", "")), p.where)
    return out


def _row_subject(label: str, facts: list[Fact]) -> str | None:
    named = subject_in(label, facts)
    return named[0] if named else None


def _check_rate_rows(table: TableText, header: list[str], facts: list[Fact]) -> list[NumberWarning]:
    out = []
    i_rec, i_det, i_perf = header.index("recorded"), header.index("detected"), header.index("performance")
    for row in table.rows:
        cells = [(cell_number(row[i]) if i < len(row) else None) for i in (i_rec, i_det, i_perf)]
        rec, det, perf = cells
        label = row[0].strip()
        if rec and det and perf and rec.value and not agrees(perf.value, perf.decimals,
                                                             det.value / rec.value * 100):
            out.append(NumberWarning(table.where, "share",
                                     f"{label}: {det.text} of {rec.text} is {recomputed(det.value / rec.value)}, "
                                     f"shown as {perf.text}"))
        subject = _row_subject(label, [f for f in facts if f.quantity in ("recorded", "detected")])
        for num, quantity in ((rec, "recorded"), (det, "detected")):
            fact = next((f for f in facts if f.subject == subject and f.quantity == quantity), None)
            if num is not None and fact is not None and num.value != fact.value:
                out.append(NumberWarning(table.where, "measure",
                                         f"{label}: {quantity} {num.text}, the data give {count(fact.value)}"))
    return out


def _check_milestone_rows(table: TableText, header: list[str], facts: list[Fact]) -> list[NumberWarning]:
    out = []
    i_diff, i_ms, i_perf, i_var = (header.index(k) for k in ("difference", "milestone", "performance", "variance"))
    i_base, i_cur = i_diff - 2, i_diff - 1
    base_label, cur_label = table.headings[-1][i_base].strip(), table.headings[-1][i_cur].strip()
    for row in table.rows:
        if len(row) <= i_var:
            continue
        base, cur, diff, ms, perf, var = (cell_number(row[i]) for i in (i_base, i_cur, i_diff, i_ms, i_perf, i_var))
        label = row[0].strip()
        if not (base and cur):
            continue
        if diff and diff.value != cur.value - base.value:
            out.append(NumberWarning(table.where, "total", f"{label}: {cur.text} − {base.text} is "
                                     f"{count(cur.value - base.value)}, shown as {diff.text}"))
        if perf and base.value and not agrees(perf.value, perf.decimals, (cur.value - base.value) / base.value * 100):
            out.append(NumberWarning(table.where, "share", f"{label}: the change is "
                                     f"{recomputed((cur.value - base.value) / base.value)}, shown as {perf.text}"))
        if ms and var:
            target = math.floor(base.value * (100 + ms.value) / 100 + 1e-9)
            if var.value != cur.value - target:
                out.append(NumberWarning(table.where, "total", f"{label}: the variance against the target "
                                         f"{count(target)} is {count(cur.value - target)}, shown as {var.text}"))
        subject = _row_subject(label, [f for f in facts if f.quantity == "count"])
        for num, period in ((base, base_label), (cur, cur_label)):
            fact = next((f for f in facts if f.subject == subject and f.quantity == "count"
                         and period_key(f.period) == period_key(period)), None)
            if fact is not None and num.value != fact.value:
                out.append(NumberWarning(table.where, "measure",
                                         f"{label} {period}: {num.text}, the data give {count(fact.value)}"))
    return out
