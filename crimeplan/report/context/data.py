"""The figures the paper shows beyond the ``PlanResult``, read from the store once and handed to the
drafting as one frozen :class:`PaperData`: hate crime by strand and religion, the funding table, the
re-offending ranks, public confidence (the force's own survey and the national survey's figure)
and the paper's authors. Anything not loaded is ``None`` and the paper says so in one line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crimeplan.errors import CrimeplanError
from crimeplan.funding import FundingTable, funding_table, programmes
from crimeplan.indicators import IndicatorTable, indicator_table
from crimeplan.metrics.hate import HateTable, religion_table, strand_table
from crimeplan.metrics.results import PlanResult
from crimeplan.metrics.surveys import SurveySeries, survey_series
from crimeplan.periods import FinancialYear
from crimeplan.store import Store

REOFFENDING = "reoffending_rank"
"""The indicator of the Ministry of Justice re-offending ranks (``plans/wmp-2013-14/reoffending.csv``)."""
NATIONAL_CONFIDENCE = "csew_confidence"
"""The indicator of the Crime Survey for England and Wales confidence figure
(``plans/wmp-2013-14/csew-confidence.csv``)."""
CONFIDENCE_SURVEY = "confidence"
"""The survey of the force's own public-confidence waves (``crimeplan.surveys``)."""


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


def years_compared(result: PlanResult) -> tuple[FinancialYear, FinancialYear] | None:
    """Last year and this year, when the paper compares financial years (else None)."""
    try:
        return (FinancialYear.parse(result.milestones.baseline_label),
                FinancialYear.parse(result.milestones.current_label))
    except ValueError:
        return None


def gather(store: Store, result: PlanResult, *, authors: tuple[str, ...] = ()) -> PaperData:
    """Everything the paper shows beyond ``result``, as loaded on or before the briefing date."""
    years = years_compared(result)
    hate = _hate(store, result, years) if years else {}
    return PaperData(**hate, funding=_funding(store, result), reoffending=_indicator(store, REOFFENDING,
                                                                                       result.briefing_date),
                     confidence=_confidence(store, result), authors=authors,
                     national_confidence=_indicator(store, NATIONAL_CONFIDENCE, result.briefing_date))


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
        return survey_series(store, CONFIDENCE_SURVEY, "overall", result.area.code, until=result.briefing_date)
    except CrimeplanError:
        return None
