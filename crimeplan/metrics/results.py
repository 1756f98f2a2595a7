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

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "briefing_date": self.briefing_date.isoformat(), "area": self.area.key,
                "area_name": self.area.name, "current_period": _period(self.current_period),
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

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "briefing_date": self.briefing_date.isoformat(), "area": self.area.key,
                "area_name": self.area.name, "current_period": _period(self.current_period),
                "breakdown_level": self.breakdown_level, "rows": [r.to_dict() for r in self.rows]}


@dataclass(frozen=True)
class PlanResult:
    plan: Any
    briefing_date: date
    area: Area
    milestones: MilestoneTable
    outcomes: OutcomeTable
    series: dict[str, Series] = field(default_factory=dict)
