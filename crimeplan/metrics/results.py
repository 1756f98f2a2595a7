"""Frozen result objects: what metrics hand to the CLI, the portal and the paper.

Nothing above this layer computes a figure; renderers only format these values. ``to_dict``
gives the documented JSON contracts (docs/cli.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crimeplan.periods import Period


def _period(p: Period) -> dict[str, str]:
    return {"start": p.start.isoformat(), "end": p.end.isoformat()}


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str

    @property
    def key(self) -> str:
        return f"{self.level}:{self.code}"


@dataclass(frozen=True)
class Series:
    """Monthly values of one measure in one area, with its SPC analysis."""

    measure: str
    months: tuple[date, ...]
    values: tuple[float, ...]
    spc: Any  # crimeplan.spc SpcResult
    narrative: tuple[str, ...] = ()
    annotations: tuple[tuple[date, str], ...] = ()  # registered process changes inside the series
    numerators: tuple[int, ...] = ()      # for rate series: the outcomes of each month
    denominators: tuple[int, ...] = ()    # for rate series: the crimes recorded in each month

    def to_dict(self) -> dict[str, Any]:
        out = {"measure": self.measure, "months": [m.isoformat() for m in self.months],
               "values": list(self.values), "spc": self.spc.to_dict(), "narrative": list(self.narrative),
               "annotations": [{"month": m.isoformat(), "reason": r} for m, r in self.annotations]}
        if self.denominators:
            out.update(numerators=list(self.numerators), denominators=list(self.denominators))
        return out


@dataclass(frozen=True)
class MilestoneRow:
    measure: str
    title: str
    baseline: int
    current: int
    difference: int
    milestone: float
    target: int
    performance: float | None
    variance: int
    lead: str | None = None
    assurance: dict[str, Any] | None = None
    projection: dict[str, Any] | None = None
    narrative: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "title": self.title, "baseline": self.baseline,
                "current": self.current, "difference": self.difference, "milestone": self.milestone,
                "target": self.target, "performance": self.performance, "variance": self.variance,
                "lead": self.lead, "assurance": self.assurance, "projection": self.projection,
                "narrative": list(self.narrative)}


@dataclass(frozen=True)
class MilestoneTable:
    plan: str
    briefing_date: date
    area: Area
    current_period: Period
    baseline_period: Period
    current_label: str
    baseline_label: str
    rows: tuple[MilestoneRow, ...]
    series: dict[str, Series] = field(default_factory=dict)
    view: str = "ytd"

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "briefing_date": self.briefing_date.isoformat(), "area": self.area.key,
                "area_name": self.area.name, "view": self.view, "current_period": _period(self.current_period),
                "baseline_period": _period(self.baseline_period), "rows": [r.to_dict() for r in self.rows]}


@dataclass(frozen=True)
class AreaRate:
    area: str
    name: str
    recorded: int
    detected: int
    rate: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"area": self.area, "name": self.name, "recorded": self.recorded, "detected": self.detected,
                "rate": self.rate}


@dataclass(frozen=True)
class Cohort:
    """Crimes recorded in the period with their outcomes so far."""

    recorded: int
    positive: int
    open: int
    rate: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"recorded": self.recorded, "positive": self.positive, "open": self.open, "rate": self.rate}


@dataclass(frozen=True)
class OutcomeRow:
    measure: str
    title: str
    recorded: int
    detected: int
    rate: float | None
    milestone: float | None
    basis: str
    by_area: tuple[AreaRate, ...]
    by_outcome_type: dict[str, int]
    cohort: Cohort

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "title": self.title, "recorded": self.recorded,
                "detected": self.detected, "rate": self.rate, "milestone": self.milestone, "basis": self.basis,
                "by_area": [a.to_dict() for a in self.by_area], "by_outcome_type": dict(self.by_outcome_type),
                "cohort": self.cohort.to_dict()}


@dataclass(frozen=True)
class OutcomeTable:
    plan: str
    briefing_date: date
    area: Area
    current_period: Period
    breakdown_level: str | None
    rows: tuple[OutcomeRow, ...]
    view: str = "ytd"

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "briefing_date": self.briefing_date.isoformat(), "area": self.area.key,
                "area_name": self.area.name, "view": self.view, "current_period": _period(self.current_period),
                "breakdown_level": self.breakdown_level, "rows": [r.to_dict() for r in self.rows]}


@dataclass(frozen=True)
class PlanResult:
    """Everything the portal and the paper show for a plan, an area and a briefing date."""

    plan: Any  # crimeplan.plan.Plan
    briefing_date: date
    area: Area
    view: str
    milestones: MilestoneTable
    outcomes: OutcomeTable
    series: dict[str, Series] = field(default_factory=dict)        # measure id -> monthly SPC series
    rate_series: dict[str, Series] = field(default_factory=dict)   # rate id -> monthly p' series
    data_end: date | None = None                                   # latest month loaded for the area
    as_at: int | None = None                                       # the load the data stood at (None: now)
    surveys: tuple[Any, ...] = ()       # crimeplan.surveys.rates.SurveyMilestone, for level milestones

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan.id, "plan_version": self.plan.version, "briefing_date": self.briefing_date.isoformat(),
                "area": self.area.key, "area_name": self.area.name, "view": self.view,
                "milestones": self.milestones.to_dict(), "outcomes": self.outcomes.to_dict(),
                "series": {k: s.to_dict() for k, s in self.series.items()},
                "rate_series": {k: s.to_dict() for k, s in self.rate_series.items()},
                "data_end": self.data_end.isoformat() if self.data_end else None, "as_at": self.as_at,
                "surveys": [s.to_dict() for s in self.surveys]}
