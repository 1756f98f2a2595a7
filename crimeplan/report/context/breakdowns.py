"""Appendix A: each outcome rate broken down by area and by clear-up (outcome type or police.uk
outcome category)."""

from __future__ import annotations

from crimeplan.metrics.results import OutcomeRow, PlanResult
from crimeplan.reference import OUTCOME_TYPES
from crimeplan.render import tables
from crimeplan.render.formatting import count, percent
from crimeplan.report.context.markup import para
from crimeplan.report.context.model import Block, Table
from crimeplan.report.context.words import level_name, rate_subject


def breakdowns(result: PlanResult, small_levels: frozenset[str] = frozenset()) -> tuple[Block, ...]:
    """The rates by area and by clear-up; by area only when the areas are not small areas (``small_levels``):
    a paper may be published, and small areas' counts are published only through the public view's
    disclosure control, so it lists none."""
    rows = [r for r in result.outcomes.rows]
    if not rows:
        return (para("There are no outcome rates in the plan's tables.", numbered=False, style="note"),)
    level = level_name(result.outcomes.breakdown_level)
    clear_up, kinds = _clear_up_table(result, rows)
    notes = "".join(f" {n[:1].upper()}{n[1:]}." for n in tables.coverage_notes([(r.title, r.coverage_note)
                                                                               for r in rows]))
    by_type = (f"[[table:by_clear_up]] counts the outcomes of each type ({kinds}) for the crimes of each rate in "
               "the period.")
    if by_area_hidden(result, small_levels):
        return (para(f"The rates of [[table:outcomes]] are not broken down by {level} in this paper: the counts of "
                     "small areas are published only through the public tables, which suppress small counts. "
                     + by_type + notes, "appendix:breakdowns"), clear_up)
    return (
        para(f"[[table:by_area]] breaks each rate of [[table:outcomes]] down by {level}: the rate, then the "
             "outcomes and the crimes recorded. " + by_type + notes, "appendix:breakdowns"),
        _by_area_table(result, rows, level), clear_up,
    )


def by_area_hidden(result: PlanResult, small_levels: frozenset[str]) -> bool:
    """True when the paper's areas break down into small areas, whose counts it does not list."""
    return result.outcomes.breakdown_level in small_levels


def _by_area_table(result: PlanResult, rows: list[OutcomeRow], level: str) -> Table:
    areas: dict[str, str] = {}
    for r in rows:
        for a in r.by_area:
            areas.setdefault(a.area, a.name)
    by_area = {r.measure: {a.area: a for a in r.by_area} for r in rows}
    headings = (level[:1].upper() + level[1:],) + tuple(rate_subject(r) for r in rows)
    body = []
    for code, name in areas.items():
        cells = []
        for r in rows:
            cell = by_area[r.measure].get(code)
            cells.append(f"{percent(cell.rate)}\n{count(cell.detected)} of {count(cell.recorded)}" if cell else "-")
        body.append((name, *cells))
    body.append((result.area.name, *(f"{percent(r.rate)}\n{count(r.detected)} of {count(r.recorded)}"
                                     for r in rows)))
    return Table(f"Outcome rates by {level}, {result.outcomes.current_period.label()}", headings, tuple(body),
                 (False,) + (True,) * len(rows), anchor="table:by_area")


def _clear_up_table(result: PlanResult, rows: list[OutcomeRow]) -> tuple[Table, str]:
    """The outcomes by type, and what the types are. Home Office outcome types (period rates) are
    numbers; police.uk outcome categories (cohort rates) are labels such as "Action to be taken by
    another organisation"."""
    keys = sorted({k for r in rows for k in r.by_outcome_type}, key=_outcome_key_order)
    clear_rows = [(outcome_key_label(k), *(count(r.by_outcome_type.get(k, 0)) for r in rows)) for k in keys]
    labels = any(not k.isdigit() for k in keys)
    kinds = ("police.uk outcome categories: the latest outcome of each crime recorded in the period"
             if labels else "Home Office outcome types")
    table = Table(f"Outcomes by type (breakdown by clear-up), {result.outcomes.current_period.label()}",
                  ("Outcome category" if labels else "Outcome type",) + tuple(rate_subject(r) for r in rows),
                  tuple(clear_rows) or (("No outcomes", *("-" for _ in rows)),), (False,) + (True,) * len(rows),
                  anchor="table:by_clear_up")
    return table, kinds


def _outcome_key_order(key: str) -> tuple[int, int, str]:
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def outcome_key_label(key: str) -> str:
    """"1 Charge/summons" for a Home Office outcome type, the category itself for a police.uk label."""
    if not key.isdigit():
        return key
    known = OUTCOME_TYPES.get(int(key))
    return f"{key} {known.short_name}" if known else key


