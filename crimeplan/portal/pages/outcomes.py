"""The outcome-rates page: each rate with three drill-downs (chart, breakdown by area, by clear-up)."""

from __future__ import annotations

from dataclasses import dataclass

from crimeplan.metrics import PlanResult
from crimeplan.metrics.results import OutcomeRow
from crimeplan.portal.catalogue import level_name
from crimeplan.portal.pages.overview import rate_summary
from crimeplan.portal.pages.shapes import (
    PERCENT_DECIMALS,
    Page,
    Row,
    Table,
    chart_src,
    first_sentence,
    in_percent,
    measure_href,
    period_text,
)
from crimeplan.portal.params import Query
from crimeplan.render import labels
from crimeplan.render.formatting import count, percent
from crimeplan.spc import spc_chart_text


@dataclass(frozen=True)
class OutcomeDrill:
    row: OutcomeRow
    cells: tuple[str, ...]
    href: str
    chart_src: str | None
    chart_text: tuple[str, str]   # the chart's caption and its long description (shapes.first_sentence)
    by_area: Table | None
    by_clear_up: Table


def outcomes_page(q: Query, result: PlanResult) -> Page:
    main = rate_summary(q, result)
    drills = []
    for row, shown in zip(result.outcomes.rows, main.rows, strict=True):
        series = result.rate_series.get(row.measure)
        drills.append(OutcomeDrill(
            row, shown.cells, measure_href(q, row.measure), chart_src(q, row.measure) if series else None,
            first_sentence(spc_chart_text(in_percent(series.spc), list(series.months), f"{row.title} (%)",
                                          decimals=PERCENT_DECIMALS))
            if series else ("Too few months for a chart.", ""),
            area_rates_table(row, result.outcomes.breakdown_level), clear_up_table(row)))
    extra = [t for d in drills for t in (d.by_area, d.by_clear_up) if t is not None]
    return Page("outcomes", "Outcome rates", result.outcomes.to_dict(), (main, *extra),
                {"drills": drills, "table": main, "period": period_text(q, result),
                 "basis": {r.basis for r in result.outcomes.rows}})


def area_rates_table(row: OutcomeRow, level: str | None) -> Table | None:
    if not row.by_area:
        return None
    rows = tuple(Row((a.name, count(a.recorded), count(a.detected), percent(a.rate)),
                     (a.name, a.recorded, a.detected, a.rate)) for a in row.by_area)
    return Table(f"{row.measure}-by-area", f"{row.title}: breakdown by {level_name(level or 'area').lower()}",
                 ("Area", "Recorded", "Detected", "Rate"), rows, (False, True, True, True))


def clear_up_table(row: OutcomeRow) -> Table:
    total = sum(row.by_outcome_type.values())
    rows = tuple(Row((labels.outcome_type(k), count(n), percent(n / total if total else None)),
                     (labels.outcome_type(k), n, n / total if total else None))
                 for k, n in row.by_outcome_type.items())
    title = "outcomes of the crimes recorded in the period" if row.basis == "cohort" \
        else "outcomes recorded in the period"
    return Table(f"{row.measure}-by-clear-up", f"{row.title}: breakdown by clear-up ({title})",
                 ("Outcome", "Crimes", "Share"), rows, (False, True, True))
