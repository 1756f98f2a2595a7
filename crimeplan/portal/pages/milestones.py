"""The milestones page: the plan's milestone table with SPC badges."""

from __future__ import annotations

from typing import Any

from crimeplan.metrics import PlanResult
from crimeplan.portal.pages.shapes import Page, Row, Table, coverage_context, from_grid, measure_href, period_text
from crimeplan.portal.params import Query
from crimeplan.render import labels
from crimeplan.render import tables as grids
from crimeplan.render.analysis_tables import survey_milestone_table
from crimeplan.render.labels import Badge


def milestones_page(q: Query, result: PlanResult) -> Page:
    table = from_grid(grids.milestone_table(result.milestones), "milestones",
                      [measure_href(q, r.measure) for r in result.milestones.rows])
    badges = [(r, labels.variation_badge((r.assurance or {}).get("variation")),
               labels.assurance_badge((r.assurance or {}).get("target_assurance")),
               labels.verdict_badge((r.assurance or {}).get("verdict"))) for r in result.milestones.rows]
    tables = [with_badges(table, badges)]
    if result.surveys:
        tables.append(from_grid(survey_milestone_table(list(result.surveys)), "survey-milestones",
                                [measure_href(q, s.survey_measure) for s in result.surveys]))
    return Page("milestones", "Milestones", result.milestones.to_dict(), tuple(tables),
                {"badges": badges, "period": period_text(q, result), "table": table,
                 "survey_table": tables[1] if len(tables) > 1 else None, **coverage_context(result)})


def with_badges(table: Table, badges: list[tuple[Any, Badge, Badge, Badge]]) -> Table:
    """The milestone table as exported: the page's columns plus Variation, Assurance and Status (the
    page shows them as icons beside the table)."""
    rows = tuple(Row(row.cells + (v.label, a.label, s.label), row.raw + (v.label, a.label, s.label), row.href)
                 for row, (_, v, a, s) in zip(table.rows, badges, strict=True))
    return Table(table.id, table.caption, table.headings + ("Variation", "Assurance", "Status"), rows,
                 table.numeric + (False, False, False))
