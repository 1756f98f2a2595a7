"""Frozen result objects: what metrics hand to the CLI, the portal and the paper.

Nothing above this layer computes a figure; renderers only format these values. ``to_dict``
gives the documented JSON contracts (docs/cli.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crimeplan.periods import Period, month_end


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
    possible_gaps: tuple[date, ...] = ()  # months counted 0, on the chart but excluded (crimeplan.metrics.coverage)
    not_loaded: tuple[date, ...] = ()     # months inside the series whose data is not loaded, left out too

    def to_dict(self) -> dict[str, Any]:
        out = {"measure": self.measure, "months": [m.isoformat() for m in self.months],
               "values": list(self.values), "spc": self.spc.to_dict(), "narrative": list(self.narrative),
               "annotations": [{"month": m.isoformat(), "reason": r} for m, r in self.annotations],
               "possible_gaps": [m.isoformat()[:7] for m in self.possible_gaps],
               "not_loaded": [m.isoformat()[:7] for m in self.not_loaded]}
        if self.denominators:
            out.update(numerators=list(self.numerators), denominators=list(self.denominators))
        return out


@dataclass(frozen=True)
class Coverage:
    """Which months a figure needs and which of them are loaded for the area's force(s).

    ``windows`` pairs each window's label ("2017/18") with its months; a figure is ``complete``
    when every month of every window it needs is loaded. ``data_end`` is the latest month loaded
    for the force(s) (None: nothing loaded)."""

    windows: tuple[tuple[str, tuple[date, ...]], ...]
    missing: tuple[date, ...]
    forces: tuple[str, ...] = ()
    data_end: date | None = None
    possible_gaps: tuple[date, ...] = ()   # loaded months counted 0 (see crimeplan.metrics.coverage)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def missing_months(self) -> tuple[str, ...]:
        return tuple(m.isoformat()[:7] for m in self.missing)

    def window_complete(self, label: str) -> bool:
        return not any(m in self.missing for lab, months in self.windows if lab == label for m in months)

    @property
    def needed(self) -> int:
        return len({m for _, months in self.windows for m in months})

    @property
    def note(self) -> str | None:
        """"insufficient data: 5 of 22 months loaded (2017/18 not loaded; 2018/19 missing Apr 2018 –
        Sep 2018)", or None when complete."""
        if self.complete:
            return None
        missing = set(self.missing)
        parts = []
        for label, months in self.windows:
            gone = [m for m in months if m in missing]
            if len(gone) == len(months):
                parts.append(f"{label} not loaded")
            elif gone:
                parts.append(f"{label} missing {month_runs(gone)}")
        loaded = self.needed - len(missing)
        return f"insufficient data: {loaded} of {self.needed} months loaded ({'; '.join(parts)})"


def month_runs(months: list[date] | tuple[date, ...]) -> str:
    """Months as runs: "Apr 2018 – Sep 2018, Jan 2019"."""
    runs: list[list[date]] = []
    for m in sorted(months):
        if runs and (runs[-1][-1].year * 12 + runs[-1][-1].month + 1) == m.year * 12 + m.month:
            runs[-1].append(m)
        else:
            runs.append([m])
    return ", ".join(Period(r[0], month_end(r[-1])).label() for r in runs)


NO_OUTCOMES_NOTE = "no outcomes published by this force"
"""What an outcome row says when the force publishes no outcomes (British Transport Police, PSNI:
no "Last outcome category" on any row): not 0 %. The same words as crimeplan.metrics.published."""


@dataclass(frozen=True)
class MilestoneRow:
    """One milestone. When its months are not all loaded (``complete`` false) the counts of the
    windows that are incomplete, and every figure built on them (difference, target, performance,
    variance, assurance, projection), are None, and ``coverage_note`` says what is missing."""

    measure: str
    title: str
    baseline: int | None
    current: int | None
    difference: int | None
    milestone: float
    target: int | None
    performance: float | None
    variance: int | None
    lead: str | None = None
    assurance: dict[str, Any] | None = None
    projection: dict[str, Any] | None = None
    narrative: tuple[str, ...] = ()
    complete: bool = True
    missing_months: tuple[str, ...] = ()
    coverage_note: str | None = None
    possible_gaps: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "title": self.title, "baseline": self.baseline,
                "current": self.current, "difference": self.difference, "milestone": self.milestone,
                "target": self.target, "performance": self.performance, "variance": self.variance,
                "lead": self.lead, "assurance": self.assurance, "projection": self.projection,
                "narrative": list(self.narrative), "complete": self.complete,
                "missing_months": list(self.missing_months), "coverage_note": self.coverage_note,
                "possible_gaps": list(self.possible_gaps)}


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
    coverage: Coverage | None = None

    @property
    def data_notice(self) -> str | None:
        return data_notice(self.briefing_date, self.current_period, self.area, self.coverage)

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "briefing_date": self.briefing_date.isoformat(), "area": self.area.key,
                "area_name": self.area.name, "view": self.view, "current_period": _period(self.current_period),
                "baseline_period": _period(self.baseline_period), **_coverage(self.coverage, self.data_notice),
                "rows": [r.to_dict() for r in self.rows]}


def data_notice(briefing_date: date, current: Period, area: Area, coverage: Coverage | None) -> str | None:
    """"briefing date 1 June 2019 is after the data: the latest month loaded for Staffordshire Police
    is February 2019", when the window runs past the latest month loaded; else None."""
    if coverage is None or (coverage.data_end is not None and coverage.data_end >= current.end.replace(day=1)):
        return None
    day = f"{briefing_date.day} {briefing_date:%B %Y}"
    if coverage.data_end is None:
        return f"briefing date {day} is after the data: nothing is loaded for {area.name}"
    return (f"briefing date {day} is after the data: the latest month loaded for {area.name} is "
            f"{coverage.data_end:%B %Y}")


def _coverage(coverage: Coverage | None, notice: str | None) -> dict[str, Any]:
    if coverage is None:
        return {}
    return {"complete": coverage.complete, "missing_months": list(coverage.missing_months),
            "data_end": coverage.data_end.isoformat()[:7] if coverage.data_end else None, "data_notice": notice}


@dataclass(frozen=True)
class AreaRate:
    area: str
    name: str
    recorded: int | None
    detected: int | None
    rate: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"area": self.area, "name": self.name, "recorded": self.recorded, "detected": self.detected,
                "rate": self.rate}


@dataclass(frozen=True)
class Cohort:
    """Crimes recorded in the period with their outcomes so far."""

    recorded: int | None
    positive: int | None
    open: int | None
    rate: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"recorded": self.recorded, "positive": self.positive, "open": self.open, "rate": self.rate}


@dataclass(frozen=True)
class OutcomeRow:
    """One outcome rate. When the period's months are not all loaded (``complete`` false) its counts
    and rates are None and ``coverage_note`` says what is missing; when the force publishes no
    outcomes, ``detected`` and the rates are None and the note says so (never 0 %)."""

    measure: str
    title: str
    recorded: int | None
    detected: int | None
    rate: float | None
    milestone: float | None
    basis: str
    by_area: tuple[AreaRate, ...]
    by_outcome_type: dict[str, int]
    cohort: Cohort
    complete: bool = True
    missing_months: tuple[str, ...] = ()
    coverage_note: str | None = None
    outcomes_published: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"measure": self.measure, "title": self.title, "recorded": self.recorded,
                "detected": self.detected, "rate": self.rate, "milestone": self.milestone, "basis": self.basis,
                "by_area": [a.to_dict() for a in self.by_area], "by_outcome_type": dict(self.by_outcome_type),
                "cohort": self.cohort.to_dict(), "complete": self.complete,
                "missing_months": list(self.missing_months), "coverage_note": self.coverage_note,
                "outcomes_published": self.outcomes_published}


@dataclass(frozen=True)
class OutcomeTable:
    plan: str
    briefing_date: date
    area: Area
    current_period: Period
    breakdown_level: str | None
    rows: tuple[OutcomeRow, ...]
    view: str = "ytd"
    coverage: Coverage | None = None

    @property
    def data_notice(self) -> str | None:
        return data_notice(self.briefing_date, self.current_period, self.area, self.coverage)

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "briefing_date": self.briefing_date.isoformat(), "area": self.area.key,
                "area_name": self.area.name, "view": self.view, "current_period": _period(self.current_period),
                "breakdown_level": self.breakdown_level, **_coverage(self.coverage, self.data_notice),
                "rows": [r.to_dict() for r in self.rows]}


class DeferredSeries(Mapping[str, Series]):
    """Series computed when first read, then kept: a page that shows none of them (the area page
    shows no rate's chart) never waits for them. ``compute`` runs at most once."""

    def __init__(self, compute: Callable[[], Mapping[str, Series]]) -> None:
        self._compute: Callable[[], Mapping[str, Series]] | None = compute
        self._value: Mapping[str, Series] | None = None
        self._lock = threading.Lock()

    def _series(self) -> Mapping[str, Series]:
        with self._lock:
            if self._compute is not None:
                self._value, self._compute = self._compute(), None
            assert self._value is not None
            return self._value

    def __getitem__(self, key: str) -> Series:
        return self._series()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._series())

    def __len__(self) -> int:
        return len(self._series())


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
    rate_series: Mapping[str, Series] = field(default_factory=dict)  # rate id -> monthly p'/u' series
    data_end: date | None = None                                   # latest month loaded for the area
    as_at: int | None = None                                       # the load the data stood at (None: now)
    surveys: tuple[Any, ...] = ()       # crimeplan.metrics.surveys.SurveyMilestone, for level milestones

    def to_dict(self) -> dict[str, Any]:
        return {"plan": self.plan.id, "plan_version": self.plan.version,
                "briefing_date": self.briefing_date.isoformat(), "area": self.area.key, "area_name": self.area.name,
                "view": self.view,
                "milestones": self.milestones.to_dict(), "outcomes": self.outcomes.to_dict(),
                "series": {k: s.to_dict() for k, s in self.series.items()},
                "rate_series": {k: s.to_dict() for k, s in self.rate_series.items()},
                "data_end": self.data_end.isoformat() if self.data_end else None, "as_at": self.as_at,
                "surveys": [s.to_dict() for s in self.surveys]}
