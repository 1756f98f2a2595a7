"""``compute_plan``: the one entry point the portal and the board paper share.

It reads as the pipeline: resolve the area, the milestone table (with each milestone's SPC
series, assurance, projection and narrative), the outcome table with its breakdowns, then the
monthly series of every rate (u′ or p′). Nothing above it recomputes a figure.
"""

from __future__ import annotations

from datetime import date

from crimeplan.metrics.areas import resolve_area
from crimeplan.metrics.milestones import current_window, milestone_table
from crimeplan.metrics.outcomes import outcome_table, table_rates
from crimeplan.metrics.results import Area, PlanResult
from crimeplan.metrics.series import rate_series
from crimeplan.metrics.surveys import survey_milestones
from crimeplan.plan import Plan
from crimeplan.store import Store


def compute_plan(plan: Plan, store: Store, briefing_date: date, area: Area | str | None = None, *,
                 view: str = "ytd", level: str | None = None, as_at: int | None = None) -> PlanResult:
    """The plan's figures for ``area`` at ``briefing_date``; ``as_at`` rebuilds them as the data stood
    right after that load (so last quarter's paper can be reproduced exactly)."""
    where = area if isinstance(area, Area) else resolve_area(store, area, plan.force)
    period = current_window(briefing_date, view)
    milestones = milestone_table(store, plan, briefing_date, where, view=view, as_at=as_at)
    outcomes = outcome_table(store, plan, briefing_date, where, level, view=view, as_at=as_at)
    rates = rate_series(store, plan, [r.id for r in table_rates(plan)], where, period.end, as_at=as_at)
    data_end = max((s.months[-1] for s in milestones.series.values() if s.months), default=None)
    surveys = survey_milestones(store, plan, briefing_date, where, skip_missing=True, as_at=as_at)
    return PlanResult(plan=plan, briefing_date=briefing_date, area=where, view=view, milestones=milestones,
                      outcomes=outcomes, series=dict(milestones.series), rate_series=rates, data_end=data_end,
                      as_at=as_at, surveys=surveys)
