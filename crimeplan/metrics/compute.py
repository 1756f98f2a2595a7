"""``compute_plan``: the one entry point the portal and the board paper share.

It reads as the pipeline: resolve the area, the milestone table (with each milestone's SPC
series, assurance, projection and narrative), the outcome table with its breakdowns, then the
monthly series of every rate (u′ or p′). Nothing above it recomputes a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from crimeplan.metrics.areas import resolve_area
from crimeplan.metrics.coverage import shared_reads
from crimeplan.metrics.milestones import current_window, milestone_table
from crimeplan.metrics.outcomes import outcome_table, table_rates
from crimeplan.metrics.results import Area, PlanResult, Series
from crimeplan.metrics.series import rate_series
from crimeplan.metrics.surveys import survey_milestones
from crimeplan.plan import Plan
from crimeplan.store import Store


def compute_plan(plan: Plan, store: Store, briefing_date: date, area: Area | str | None = None, *,
                 view: str = "ytd", level: str | None = None, as_at: int | None = None,
                 rates: Callable[[Area], Mapping[str, Series]] | None = None) -> PlanResult:
    """The plan's figures for ``area`` at ``briefing_date``; ``as_at`` rebuilds them as the data stood
    right after that load (so last quarter's paper can be reproduced exactly). ``rates``: how to get
    the rates' series for the resolved area instead of computing them now (the portal defers them,
    ``DeferredSeries``)."""
    where = area if isinstance(area, Area) else resolve_area(store, area, plan.force)
    with shared_reads():   # the two tables ask the same coverage questions: each read once
        milestones = milestone_table(store, plan, briefing_date, where, view=view, as_at=as_at)
        outcomes = outcome_table(store, plan, briefing_date, where, level, view=view, as_at=as_at)
    rates_now: Mapping[str, Series]
    if rates is None:
        rates_now = plan_rate_series(plan, store, briefing_date, where, view=view, as_at=as_at)
    else:
        rates_now = rates(where)
    data_end = max((s.months[-1] for s in milestones.series.values() if s.months), default=None)
    surveys = survey_milestones(store, plan, briefing_date, where, skip_missing=True, as_at=as_at)
    return PlanResult(plan=plan, briefing_date=briefing_date, area=where, view=view, milestones=milestones,
                      outcomes=outcomes, series=dict(milestones.series), rate_series=rates_now, data_end=data_end,
                      as_at=as_at, surveys=surveys)


def plan_rate_series(plan: Plan, store: Store, briefing_date: date, area: Area, *, view: str = "ytd",
                     as_at: int | None = None) -> dict[str, Series]:
    """The monthly series (u′ or p′) of every rate in the plan's tables, to the end of the view's window."""
    end = current_window(briefing_date, view).end
    return rate_series(store, plan, [r.id for r in table_rates(plan)], area, end, as_at=as_at)
