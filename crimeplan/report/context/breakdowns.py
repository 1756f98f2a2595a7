"""Appendix A: each outcome rate broken down by area and by clear-up (outcome type or police.uk
outcome category)."""

from __future__ import annotations

from crimeplan.metrics.results import PlanResult
from crimeplan.reference import OUTCOME_TYPES
from crimeplan.render import tables
from crimeplan.render.formatting import count, percent
from crimeplan.report.context.markup import para
from crimeplan.report.context.model import Block, Table
from crimeplan.report.context.words import level_name, rate_subject


def breakdowns(result: PlanResult) -> tuple[Block, ...]:
    rows = [r for r in result.outcomes.rows]
    if not rows:
        return (para("There are no outcome rates in the plan's tables.", numbered=False, style="note"),)
    level = level_name(result.outcomes.breakdown_level)
    areas: dict[str, str] = {}
    for r in rows:
        for a in r.by_area:
            areas.setdefault(a.area, a.name)
    by_area = {r.measure: {a.area: a for a in r.by_area} for r in rows}
    headings = (level.capitalize(),) + tuple(rate_subject(r) for r in rows)
    body = []
    for code, name in areas.items():
        cells = []
        for r in rows:
            cell = by_area[r.measure].get(code)
            cells.append(f"{percent(cell.rate)}\n{count(cell.detected)} of {count(cell.recorded)}" if cell else "-")
        body.append((name, *cells))
    body.append((result.area.name, *(f"{percent(r.rate)}\n{count(r.detected)} of {count(r.recorded)}"
                                     for r in rows)))
    # Home Office outcome types (period rates) are numbers; police.uk outcome categories (cohort
    # rates) are labels such as "Action to be taken by another organisation".
    keys = sorted({k for r in rows for k in r.by_outcome_type}, key=_outcome_key_order)
    clear_rows = [(outcome_key_label(k), *(count(r.by_outcome_type.get(k, 0)) for r in rows)) for k in keys]
    numeric = (False,) + (True,) * len(rows)
    labels = any(not k.isdigit() for k in keys)
    kinds = ("police.uk outcome categories: the latest outcome of each crime recorded in the period"
             if labels else "Home Office outcome types")
    notes = tables.coverage_notes([(r.title, r.coverage_note) for r in rows])
    return (
        para(f"[[table:by_area]] breaks each rate of [[table:outcomes]] down by {level}: the rate, then "
             f"the outcomes and the crimes recorded. [[table:by_clear_up]] counts the outcomes of each "
             f"type ({kinds}) for the crimes of each rate in the period."
             + "".join(f" {n[:1].upper()}{n[1:]}." for n in notes), "appendix:breakdowns"),
        Table(f"Outcome rates by {level}, {result.outcomes.current_period.label()}", headings, tuple(body), numeric,
              anchor="table:by_area"),
        Table(f"Outcomes by type (breakdown by clear-up), {result.outcomes.current_period.label()}",
              ("Outcome category" if labels else "Outcome type",) + headings[1:],
              tuple(clear_rows) or (("No outcomes", *("-" for _ in rows)),), numeric, anchor="table:by_clear_up"),
    )


def _outcome_key_order(key: str) -> tuple[int, int, str]:
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def outcome_key_label(key: str) -> str:
    """"1 Charge/summons" for a Home Office outcome type, the category itself for a police.uk label."""
    if not key.isdigit():
        return key
    known = OUTCOME_TYPES.get(int(key))
    return f"{key} {known.short_name}" if known else key


