"""A survey measure's page (``/measures/satisfaction_crime``): the milestone's rolling 12-month rate
with its 95 % interval against the target, its SPC badges and the monthly results behind it.
Survey measures have no crime counts, so the page is drawn from the plan result's survey milestone
(``crimeplan.metrics.surveys.SurveyMilestone``)."""

from __future__ import annotations

from typing import Any

from crimeplan.errors import NotFoundError
from crimeplan.metrics import PlanResult
from crimeplan.portal.pages.shapes import Page, Row, Table, from_grid, period_text
from crimeplan.portal.params import Query
from crimeplan.render import labels
from crimeplan.render.analysis_tables import survey_milestone_table
from crimeplan.render.formatting import count, percent


def survey_measure_page(q: Query, result: PlanResult, measure_id: str) -> Page:
    sm = q.plan.surveys[measure_id]
    survey = next((s for s in result.surveys if s.survey_measure == measure_id), None)
    if survey is None:
        raise NotFoundError(f"no {sm.survey} survey results are loaded for {q.area.name} at the briefing date "
                            f"{q.briefing_date:%-d %B %Y}; see /surveys")
    milestone = from_grid(survey_milestone_table([survey]), "survey-milestone")
    tables = (milestone, monthly_table(survey))
    data = {"measure": measure_id, "title": sm.title, "kind": "survey", "plan": q.plan.id,
            "briefing_date": q.briefing_date.isoformat(), "area": q.area.key, "area_name": q.area.name,
            "milestone": survey.to_dict(), "narrative": [survey.narrative]}
    context: dict[str, Any] = {
        "measure_id": measure_id, "heading": sm.title, "is_rate": True, "narrative": [survey.narrative],
        "chart_src": None, "chart_text": "",
        "variation": labels.variation_badge(survey.variation), "assurance": labels.assurance_badge(survey.assurance),
        "status": labels.survey_status_badge(survey.status), "period": period_text(q, result),
        "sections": [("Against the milestone", milestone), ("The monthly results", tables[1])],
    }
    return Page("measure", sm.title, data, tables, context)


def monthly_table(survey: Any) -> Table:
    rows = tuple(Row((f"{month:%B %Y}", count(n), count(d), percent(rate)), (month.isoformat(), n, d, rate))
                 for month, n, d, rate in zip(survey.months, survey.numerators, survey.denominators,
                                              survey.monthly_rates, strict=True))
    return Table("numbers", f"{survey.title}: the monthly results", ("Month", "Positive", "Respondents", "Rate"),
                 rows, (False, True, True, True))
