"""Survey rates with uncertainty: rolling 12-month rates with Wilson intervals, tests of change
between periods, and the plan's survey milestones with p′ SPC and assurance.

* A **rolling 12-month rate** at month E pools every stored result whose period ends in the 12
  months to E (monthly returns, or survey waves): Σ positive ÷ Σ n, with a Wilson interval.
* A **change** between two periods is tested with the pooled two-proportion z test (two-sided)
  and reported with Newcombe's interval for the difference.
* A **milestone** ("achieve 88 %") is met when the rolling rate's whole interval is at or above the
  target, missed when it is wholly below, otherwise "not distinguishable from the target". Its
  monthly results are a Laney p′ chart (crimeplan.spc), rebased only at changes registered for
  the survey measure in the process-change register; assurance compares the target with the
  latest period's limits.
* **National comparators**: ASB satisfaction surveys were local, so no comparable data exist for
  other forces; that is stated (``comparator = None`` with ``comparator_note``) rather than left blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from crimeplan import spc
from crimeplan.errors import MetricError, NotFoundError
from crimeplan.intervals import CONFIDENCE, Interval, ProportionTest, two_proportion_test, wilson_interval
from crimeplan.metrics.areas import resolve_area
from crimeplan.metrics.results import Area
from crimeplan.periods import (
    Period,
    add_months,
    last_complete_month,
    month_end,
    month_start,
    rolling_12_months,
    stored_date,
)
from crimeplan.plan import Milestone, Plan, SurveyMeasure
from crimeplan.register import ProcessChange, list_changes
from crimeplan.spc.narrative import format_percent, month_label
from crimeplan.store import Store
from crimeplan.store.queries import comparisons as q

ROLLING_MONTHS = 12
COMPARATORS: dict[str, str | None] = {
    "victim_satisfaction_crime": "Home Office user-satisfaction surveys (most similar forces)",
    "victim_satisfaction_asb": None,
    "confidence": "Crime Survey for England and Wales (force-area estimates)",
}
NO_COMPARATOR = ("No national comparator: ASB satisfaction surveys are run locally, so there is no "
                 "comparable data for other forces")
SURVEY_TITLES = {"victim_satisfaction_crime": "Victim satisfaction (crime)",
                 "victim_satisfaction_asb": "Victim satisfaction (ASB)", "confidence": "Public confidence"}
QUESTION_TITLES = {"overall": "whole experience", "ease_of_contact": "ease of contact",
                   "actions_taken": "actions taken", "kept_informed": "kept informed", "treatment": "treatment"}
STATUS_WORDS = {"met": "meets", "missed": "is below", "uncertain": "is not distinguishable from"}


@dataclass(frozen=True)
class SurveyPoint:
    """Σ positive of Σ n over ``start..end`` with its Wilson interval."""

    start: date
    end: date
    n: int
    positive: int
    rate: float
    low: float
    high: float
    periods: int = 1            # stored results pooled

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "n": self.n,
                "positive": self.positive, "rate": self.rate, "low": self.low, "high": self.high,
                "periods": self.periods}


@dataclass(frozen=True)
class SurveySeries:
    survey: str
    question: str
    area: str
    points: tuple[SurveyPoint, ...]           # as stored (months or waves)
    rolling: tuple[SurveyPoint, ...]          # rolling 12 months at each period end
    confidence: float
    comparator: str | None
    comparator_note: str | None

    @property
    def title(self) -> str:
        return f"{SURVEY_TITLES[self.survey]}: {QUESTION_TITLES[self.question]}"

    def to_dict(self) -> dict[str, Any]:
        return {"survey": self.survey, "question": self.question, "area": self.area, "title": self.title,
                "confidence": self.confidence, "points": [p.to_dict() for p in self.points],
                "rolling": [p.to_dict() for p in self.rolling], "comparator": self.comparator,
                "comparator_note": self.comparator_note}


@dataclass(frozen=True)
class SurveyChange:
    """Rate in ``first`` against rate in ``second``, with the two-proportion test."""

    survey: str
    question: str
    area: str
    first: SurveyPoint
    second: SurveyPoint
    test: ProportionTest

    def sentence(self) -> str:
        a, b = self.first, self.second
        direction = "up" if self.test.difference > 0 else "down" if self.test.difference < 0 else "unchanged"
        verdict = "a significant change" if self.test.significant else "not a significant change"
        return (f"{format_percent(b.rate * 100)} in {Period(b.start, b.end).label()} against "
                f"{format_percent(a.rate * 100)} in {Period(a.start, a.end).label()}: {direction} "
                f"{abs(self.test.difference) * 100:.1f} points, {verdict} (p = {self.test.p_value:.3f}).")

    def to_dict(self) -> dict[str, Any]:
        return {"survey": self.survey, "question": self.question, "area": self.area,
                "first": self.first.to_dict(), "second": self.second.to_dict(), "test": self.test.to_dict(),
                "sentence": self.sentence()}


@dataclass(frozen=True)
class SurveyMilestone:
    """A level milestone on a survey measure at a briefing date."""

    milestone: str
    title: str
    survey_measure: str
    survey: str
    question: str
    area: Area
    lead: str | None
    target: float
    period: Period
    current: SurveyPoint
    previous: SurveyPoint | None
    change: ProportionTest | None
    status: str                          # met / missed / uncertain (the interval against the target)
    months: tuple[date, ...]
    numerators: tuple[int, ...]
    denominators: tuple[int, ...]
    spc: Any                             # crimeplan.spc.SpcResult (p′ chart of the monthly results)
    variation: str | None
    assurance: str | None
    comparator: str | None
    comparator_note: str | None
    narrative: str

    @property
    def monthly_rates(self) -> tuple[float | None, ...]:
        """Each month's share of positive answers; None for a month with no respondents."""
        return tuple(n / d if d else None for n, d in zip(self.numerators, self.denominators, strict=True))

    def to_dict(self) -> dict[str, Any]:
        return {"milestone": self.milestone, "title": self.title, "survey_measure": self.survey_measure,
                "survey": self.survey, "question": self.question, "area": self.area.key, "lead": self.lead,
                "target": self.target, "period": {"start": self.period.start.isoformat(),
                                                  "end": self.period.end.isoformat()},
                "current": self.current.to_dict(), "previous": self.previous.to_dict() if self.previous else None,
                "change": self.change.to_dict() if self.change else None, "status": self.status,
                "months": [m.isoformat() for m in self.months], "numerators": list(self.numerators),
                "denominators": list(self.denominators), "spc": self.spc.to_dict() if self.spc else None,
                "variation": self.variation, "assurance": self.assurance, "comparator": self.comparator,
                "comparator_note": self.comparator_note, "narrative": self.narrative}


# --------------------------------------------------------------------------- pure functions


def pooled(rows: Sequence[tuple[date, date, int, int]], confidence: float = CONFIDENCE) -> SurveyPoint:
    n = sum(r[2] for r in rows)
    positive = sum(r[3] for r in rows)
    i: Interval = wilson_interval(positive, n, confidence)
    return SurveyPoint(min(r[0] for r in rows), max(r[1] for r in rows), n, positive, i.estimate, i.low, i.high,
                       len(rows))


def rolling(rows: Sequence[tuple[date, date, int, int]], months: int = ROLLING_MONTHS,
            confidence: float = CONFIDENCE) -> tuple[SurveyPoint, ...]:
    """Rolling ``months`` rates at each distinct period end (results ending in the window)."""
    out = []
    for end in sorted({r[1] for r in rows}):
        first = add_months(month_start(end), -(months - 1))
        window = [r for r in rows if first <= r[1] <= end]
        out.append(pooled(window, confidence))
    return tuple(out)


def within(rows: Sequence[tuple[date, date, int, int]], period: Period) -> list[tuple[date, date, int, int]]:
    """Results whose period ends inside ``period``."""
    return [r for r in rows if period.start <= r[1] <= period.end]


def milestone_status(point: SurveyPoint, target: float) -> str:
    if point.low >= target:
        return "met"
    if point.high < target:
        return "missed"
    return "uncertain"


# --------------------------------------------------------------------------- from the store


EVERY_LOAD = 2**62
"""``as_at`` when none is asked for: above every load id, so every load's results count."""


def survey_rows(store: Store, survey: str, question: str, area_code: str,
                until: date = date(9999, 12, 31), as_at: int | None = None) -> list[tuple[date, date, int, int]]:
    """The results loaded at or before load ``as_at`` (every load when None)."""
    return [(stored_date(a), stored_date(b), int(n), int(p)) for a, b, n, p in store.fetchall(
        q.SURVEY_RESULTS, {"survey": survey, "question": question, "area_code": area_code, "until": until,
                           "as_at": EVERY_LOAD if as_at is None else as_at})]


def survey_series(store: Store, survey: str, question: str, area_code: str, *, until: date | None = None,
                  confidence: float = CONFIDENCE, as_at: int | None = None) -> SurveySeries:
    rows = survey_rows(store, survey, question, area_code, until or date(9999, 12, 31), as_at)
    if not rows:
        raise NotFoundError(f"no {survey} results for question {question!r} in {area_code} "
                            "(load them with `crimeplan surveys load FILE` or `crimeplan surveys demo`)")
    points = tuple(pooled([r], confidence) for r in rows)
    comparator = COMPARATORS.get(survey)
    return SurveySeries(survey, question, area_code, points, rolling(rows, confidence=confidence), confidence,
                        comparator, None if comparator else NO_COMPARATOR)


def survey_change(store: Store, survey: str, question: str, area_code: str, first: Period, second: Period,
                  confidence: float = CONFIDENCE) -> SurveyChange:
    rows = survey_rows(store, survey, question, area_code)
    a, b = within(rows, first), within(rows, second)
    for period, got in ((first, a), (second, b)):
        if not got:
            raise NotFoundError(f"no {survey} results for {question!r} in {area_code} ending in {period.label()}")
    pa, pb = pooled(a, confidence), pooled(b, confidence)
    return SurveyChange(survey, question, area_code, pa, pb,
                        two_proportion_test(pa.positive, pa.n, pb.positive, pb.n, confidence))


def survey_milestones(store: Store, plan: Plan, briefing_date: date, area: Area | str | None = None, *,
                      confidence: float = CONFIDENCE, skip_missing: bool = False,
                      as_at: int | None = None) -> tuple[SurveyMilestone, ...]:
    """Every ``level`` milestone of ``plan`` on a survey measure, at ``briefing_date``, in ``area``
    (from the results loaded at or before load ``as_at`` when given).

    With ``skip_missing`` a milestone whose survey has no results loaded for the area is left out
    (the portal and the paper say so) instead of refusing the whole set."""

    where = area if isinstance(area, Area) else resolve_area(store, area, plan.force)
    out = []
    for m in plan.milestones.values():
        if m.survey is None or m.kind != "level":
            continue
        try:
            out.append(_milestone(store, plan, m, plan.surveys[m.survey], briefing_date, where, confidence, as_at))
        except MetricError:
            if not skip_missing:
                raise
    return tuple(out)


def _milestone(store: Store, plan: Plan, m: Milestone, sm: SurveyMeasure, briefing_date: date, area: Area,
               confidence: float, as_at: int | None = None) -> SurveyMilestone:
    window = rolling_12_months(briefing_date)
    rows = survey_rows(store, sm.survey, sm.question, area.code, window.end, as_at)
    current_rows = within(rows, window)
    if not current_rows:
        raise MetricError(f"milestone {m.id}: no {sm.survey} results for {area.name} in the 12 months to "
                          f"{month_label(window.end)} (load survey results first)")
    current = pooled(current_rows, confidence)
    previous_window = Period(add_months(window.start, -12), window.start - timedelta(days=1))
    previous_rows = within(rows, previous_window)
    previous = pooled(previous_rows, confidence) if previous_rows else None
    change = (two_proportion_test(previous.positive, previous.n, current.positive, current.n, confidence)
              if previous else None)
    monthly = [r for r in rows if r[0].day == 1 and r[1] == month_end(r[0])]
    result, months, nums, dens = _spc(store, sm, area, monthly, m.target)
    status = milestone_status(current, m.target)
    comparator = COMPARATORS.get(sm.survey)
    narrative = _narrative(sm, current, window, m.target, status, result)
    return SurveyMilestone(
        m.id, m.title, sm.id, sm.survey, sm.question, area, m.lead, m.target, window, current, previous, change,
        status, months, nums, dens, result, result.variation if result else None,
        result.assurance if result else None, comparator, None if comparator else NO_COMPARATOR, narrative)


def _spc(store: Store, sm: SurveyMeasure, area: Area, monthly: Sequence[tuple[date, date, int, int]],
         target: float) -> tuple[spc.SpcResult | None, tuple[date, ...], tuple[int, ...], tuple[int, ...]]:
    if len(monthly) < 2:
        return None, (), (), ()
    months = tuple(r[0] for r in monthly)
    nums = tuple(r[3] for r in monthly)
    dens = tuple(r[2] for r in monthly)
    rebase = sorted({c.month.isoformat() for c in _changes(store, sm.id, area.key)
                     if c.rebase and months[0] < c.month <= months[-1] and c.month in months})
    result = spc.analyse(None, dates=list(months), numerators=list(nums), denominators=list(dens),
                         method="pprime", target=target, improvement_direction=sm.improvement_direction,
                         rebase_dates=rebase or None)
    return result, months, nums, dens


def _changes(store: Store, measure: str, area_key: str) -> list[ProcessChange]:
    return list_changes(store, measure, area_key)


def _narrative(sm: SurveyMeasure, current: SurveyPoint, window: Period, target: float, status: str,
               result: spc.SpcResult | None) -> str:
    pct = format_percent(current.rate * 100)
    interval = f"{format_percent(current.low * 100)}–{format_percent(current.high * 100)}"
    verdict = result.assurance if result else None
    assurance = {"consistent_pass": "the process as it runs now will consistently meet it",
                 "consistent_fail": "the process as it runs now cannot meet it without a change",
                 "inconsistent": "the process as it runs now will meet it only some months"}.get(
        verdict or "", "there are too few monthly results to judge the process")
    return (f"{sm.title} was {pct} ({interval}) over the 12 months to {month_label(window.end)}, which "
            f"{STATUS_WORDS[status]} the milestone of {format_percent(target * 100)}; {assurance}.")


def latest_briefing_date(rows: Sequence[tuple[date, date, int, int]]) -> date:
    """The briefing date just after the last result (first day of the next month)."""
    return add_months(month_start(max(r[1] for r in rows)), 1)


__all__ = ["COMPARATORS", "NO_COMPARATOR", "SurveyChange", "SurveyMilestone", "SurveyPoint", "SurveySeries",
           "last_complete_month", "milestone_status", "pooled", "rolling", "survey_change", "survey_milestones",
           "survey_rows", "survey_series", "within"]
