"""Survey milestones in the paper (victim satisfaction): the narrative, the rolling rate with its
interval, and the p′ chart."""

from __future__ import annotations

from crimeplan.metrics.results import PlanResult
from crimeplan.render.formatting import count, percent
from crimeplan.report.context.markup import para, runs
from crimeplan.report.context.model import CHART_SIZE, Block, Figure, Table


def survey_blocks(result: PlanResult, survey, group: str) -> list[Block]:
    """A level milestone on a survey: the narrative, the rolling rate with its interval, the p′ chart."""
    from crimeplan.render.chartcache import cached_chart_svg
    from crimeplan.spc import spc_chart_text

    c = survey.current
    out: list[Block] = [para(survey.narrative, group)]
    headings = ("Survey measure", "Rolling 12 months", "95 % interval", "Respondents", "Milestone")
    cells = ((survey.title, percent(c.rate), f"{percent(c.low)} to {percent(c.high)}", count(c.n),
              percent(survey.target, trim=True)),)
    out.append(Table(f"{survey.title}: rolling 12 months to {survey.period.end:%B %Y}", headings, cells,
                     (False, True, True, True, True), anchor=f"table:{group}", groups=(group,),
                     note=runs(survey.comparator_note or "")))
    if survey.spc is not None and len(survey.months) >= 2:
        months = list(survey.months)
        measure = result.plan.surveys.get(survey.survey_measure)
        title = f"{measure.title if measure else survey.title}, {result.area.name}"   # the caption has the milestone
        svg = cached_chart_svg(survey.spc, dates=months, title=title, y_label="proportion satisfied",
                               target=survey.target, **CHART_SIZE)
        span = f"{months[0]:%B %Y} to {months[-1]:%B %Y}"
        out.append(Figure(f"{survey.title}: monthly results, {span}, as a p′ chart with the milestone",
                          svg, f"p′ chart of {survey.title} in {result.area.name}, {span}.",
                          spc_chart_text(survey.spc, months, title, target=survey.target),
                          anchor=f"figure:{group}", groups=(group,)))
    return out


