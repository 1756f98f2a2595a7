"""Hate crime in the paper (the seed's paragraphs 15–17): hate crime's share of Total Recorded
Crime, the crimes with the Religion Involved marker, and the table of religious hate crime by the
victim's actual and perceived religion, year on year (``crimeplan.metrics.hate``)."""

from __future__ import annotations

from crimeplan.metrics.hate import HateTable
from crimeplan.render.formatting import count, percent
from crimeplan.report.context.data import PaperData
from crimeplan.report.context.markup import para, runs
from crimeplan.report.context.model import Block, Table

RELIGION_STRAND = "Religious"
"""The strand row of ``strand_table`` counting crimes with the Religion Involved marker."""


def hate_blocks(data: PaperData, group: str) -> list[Block]:
    """The share, the marker counts and the religion table; nothing when no hate crime is loaded."""
    strands, actual = data.hate_strands, data.religion_actual
    if strands is None or actual is None:
        return []
    out: list[Block] = [para(share_sentence(strands), group)]
    if any(actual.totals):
        out.append(para(religion_sentence(actual), group))
        out.append(religion_table_block(actual, data.religion_perceived, group))
    return out


def share_sentence(strands: HateTable) -> str:
    religious = next(r for r in strands.rows if r.label == RELIGION_STRAND)
    parts = []
    for i, year in enumerate(strands.years):
        hate, crime, marked = strands.totals[i], strands.all_crime[i], religious.counts[i] or 0
        parts.append(f"in {year} hate crime was {percent(hate / crime if crime else None)} of Total Recorded Crime "
                     f"({count(hate)} of {count(crime)} crimes); {count(marked)} "
                     f"({percent(marked / hate if hate else None)}) of the {count(hate)} had the Religion Involved "
                     f"marker")
    text = ", and ".join(parts)
    return text[:1].upper() + text[1:] + "."


def religion_sentence(actual: HateTable) -> str:
    """The largest religion of the latest year, against the year before."""
    last = len(actual.years) - 1
    top = max(actual.rows, key=lambda r: (r.counts[last] or 0, r.label != "Blank"))
    now = (f"{count(top.counts[last])} ({percent(top.shares[last])}) of the {count(actual.totals[last])} "
           f"religious hate crimes in {actual.years[last]} had a victim whose religion was {top.label}")
    if last > 0:
        now += (f", against {count(top.counts[0])} ({percent(top.shares[0])}) of the {count(actual.totals[0])} "
                f"in {actual.years[0]}")
    return now[:1].upper() + now[1:] + " ([[table:religion]])."


def religion_table_block(actual: HateTable, perceived: HateTable | None, group: str) -> Table:
    years = actual.years
    headings = ("Religion", *(h for y in years for h in (f"{y} actual", f"{y} %")),
                *(f"{y} perceived" for y in (years if perceived else ())))
    perceived_counts = {r.label: r.counts for r in perceived.rows} if perceived else {}
    labels = [r.label for r in actual.rows] + [r.label for r in (perceived.rows if perceived else ())
                                                if r.label not in {a.label for a in actual.rows}]
    by_label = {r.label: r for r in actual.rows}
    rows = []
    for label in labels:
        row = by_label.get(label)
        cells = [c for i in range(len(years)) for c in (
            (count(row.counts[i]), percent(row.shares[i])) if row else ("0", "-"))]
        if perceived:
            cells += [count(n) for n in perceived_counts.get(label, (0,) * len(years))]
        rows.append((label, *cells))
    total = [c for n in actual.totals for c in (count(n), percent(1.0 if n else None))]
    if perceived:
        total += [count(n) for n in perceived.totals]
    rows.append(("Total", *total))
    numeric = (False,) + (True,) * (len(headings) - 1)
    note = ("Perceived religion is the religion the offender perceived the victim to have; it is recorded "
            "since the recording process changed, so earlier crimes show it as blank.") if perceived else ""
    return Table(f"Religious hate crime by the victim's actual and perceived religion, {' and '.join(years)}",
                 headings, tuple(rows), numeric, anchor="table:religion", note=runs(note), groups=(group,))
