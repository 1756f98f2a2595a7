"""The figures the paper shows beyond the ``PlanResult``, read from the store once and handed to the
drafting as one frozen :class:`PaperData`: hate crime by strand and religion, the funding table, the
re-offending ranks, public confidence (the force's own survey and the national survey's figure)
and the paper's authors. Anything not loaded is ``None`` and the paper says so in one line."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from crimeplan.errors import CrimeplanError
from crimeplan.funding import FundingTable, funding_table, programmes
from crimeplan.indicators import IndicatorTable, indicator_table
from crimeplan.metrics.areas import children, resolve_area
from crimeplan.metrics.hate import HateTable, religion_table, strand_table
from crimeplan.metrics.milestones import milestone_table
from crimeplan.metrics.results import MilestoneTable, PlanResult
from crimeplan.metrics.surveys import SurveySeries, survey_series
from crimeplan.periods import FinancialYear
from crimeplan.store import Store
from crimeplan.workflow.settings import WorkflowSettings

REOFFENDING = "reoffending_rank"
"""The indicator of the Ministry of Justice re-offending ranks (``plans/wmp-2013-14/reoffending.csv``)."""
NATIONAL_CONFIDENCE = "csew_confidence"
"""The indicator of the Crime Survey for England and Wales confidence figure
(``plans/wmp-2013-14/csew-confidence.csv``)."""
CONFIDENCE_SURVEY = "confidence"
"""The survey of the force's own public-confidence waves (``crimeplan.surveys``)."""


@dataclass(frozen=True)
class AreaSetMilestone:
    """A milestone measured in its own set of areas (the priority areas): its one-row table, with its
    SPC series, and the names of the areas the set joins together."""

    table: MilestoneTable
    parts: tuple[str, ...]


@dataclass(frozen=True)
class PaperData:
    hate_strands: HateTable | None = None
    religion_actual: HateTable | None = None
    religion_perceived: HateTable | None = None
    funding: tuple[FundingTable, ...] = ()
    reoffending: IndicatorTable | None = None
    confidence: SurveySeries | None = None
    national_confidence: IndicatorTable | None = None
    authors: tuple[str, ...] = ()
    area_sets: Mapping[str, AreaSetMilestone] = field(default_factory=dict)
    """{milestone id: its figures} for the milestones measured in their own areas."""
    small_levels: frozenset[str] = field(default_factory=lambda: WorkflowSettings().small_levels)
    """The small-area levels (workflow setting ``small_area_levels``) the paper lists no counts of: the
    public view shows them only through its disclosure control (docs/disclosure.md)."""


def years_compared(result: PlanResult) -> tuple[FinancialYear, FinancialYear] | None:
    """Last year and this year, when the paper compares financial years (else None)."""
    try:
        return (FinancialYear.parse(result.milestones.baseline_label),
                FinancialYear.parse(result.milestones.current_label))
    except ValueError:
        return None


def gather(store: Store, result: PlanResult, *, authors: tuple[str, ...] = (),
           settings: WorkflowSettings | None = None) -> PaperData:
    """Everything the paper shows beyond ``result``, as loaded on or before the briefing date;
    ``settings`` (read at the boundary) name the small-area levels (their defaults when None)."""
    years = years_compared(result)
    hate = _hate(store, result, years) if years else {}
    return PaperData(**hate, funding=_funding(store, result), reoffending=_indicator(store, REOFFENDING,
                                                                                       result.briefing_date),
                     confidence=_confidence(store, result), authors=authors,
                     national_confidence=_indicator(store, NATIONAL_CONFIDENCE, result.briefing_date),
                     area_sets=_area_sets(store, result), small_levels=(settings or WorkflowSettings()).small_levels)


def _area_sets(store: Store, result: PlanResult) -> dict[str, AreaSetMilestone]:
    """The figures of each milestone measured in its own set of areas, in a paper for the force (an
    area's paper leaves them to the force's); a set the area data does not define is left out."""
    if result.area.level != "force":
        return {}
    out = {}
    for m in result.plan.milestones.values():
        if not (m.area and m.measure):
            continue
        try:
            where = resolve_area(store, m.area)
        except CrimeplanError:
            continue
        table = milestone_table(store, result.plan, result.briefing_date, where, view=result.view,
                                as_at=result.as_at, milestones=[m])
        out[m.id] = AreaSetMilestone(table, tuple(a.name for a in children(store, where)))
    return out


def _hate(store: Store, result: PlanResult, years: tuple[FinancialYear, FinancialYear]) -> dict[str, HateTable]:
    labels = [y.label for y in years]
    strands = strand_table(store, result.area, labels)
    if not any(strands.totals):
        return {}
    return {"hate_strands": strands, "religion_actual": religion_table(store, result.area, labels),
            "religion_perceived": religion_table(store, result.area, labels, basis="perceived")}


def _funding(store: Store, result: PlanResult) -> tuple[FundingTable, ...]:
    years = {y.label for y in result.plan.years} or {result.milestones.current_label}
    return tuple(funding_table(store, programme, year, plan=result.plan)
                 for programme, year in programmes(store) if year in years)


def _indicator(store: Store, indicator: str, briefing_date: date) -> IndicatorTable | None:
    try:
        table = indicator_table(store, indicator)
    except CrimeplanError:
        return None
    return table if table.published <= briefing_date else None


def _confidence(store: Store, result: PlanResult) -> SurveySeries | None:
    if result.area.level != "force":
        return None
    try:
        return survey_series(store, CONFIDENCE_SURVEY, "overall", result.area.code, until=result.briefing_date,
                             as_at=result.as_at)
    except CrimeplanError:
        return None
