"""``compute_plan``: the one entry point the portal and the board paper share.

It reads as the pipeline: resolve the area, the milestone table (with each milestone's SPC
series, assurance, projection and narrative), the outcome table with its breakdowns, then the
monthly p′ series of each rate. Nothing above it recomputes a figure.
"""

from __future__ import annotations

from datetime import date

from crimeplan.metrics.areas import resolve_area
from crimeplan.metrics.milestones import current_window, milestone_table
from crimeplan.metrics.outcomes import outcome_table, table_rates
from crimeplan.metrics.results import Area, PlanResult
from crimeplan.metrics.series import rate_series
from crimeplan.plan import Plan
from crimeplan.store import Store


def compute_plan(plan: Plan, store: Store, briefing_date: date, area: Area | str | None = None, *,
                 view: str = "ytd", level: str | None = None) -> PlanResult:
    where = area if isinstance(area, Area) else resolve_area(store, area, plan.force)
    period = current_window(briefing_date, view)
    milestones = milestone_table(store, plan, briefing_date, where, view=view)
    outcomes = outcome_table(store, plan, briefing_date, where, level, view=view)
    rates = {}
    for rate in table_rates(plan):
        series = rate_series(store, plan, rate.id, where, period.end)
        if series is not None:
            rates[rate.id] = series
    data_end = max((s.months[-1] for s in milestones.series.values() if s.months), default=None)
    return PlanResult(plan=plan, briefing_date=briefing_date, area=where, view=view, milestones=milestones,
                      outcomes=outcomes, series=dict(milestones.series), rate_series=rates, data_end=data_end)
