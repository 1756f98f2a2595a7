"""Public confidence in the paper (the seed's paragraphs 5–7): the force's own survey, wave by
wave with its intervals (``crimeplan.metrics.surveys``), beside the national survey's published
figure for the force area (an external indicator)."""

from __future__ import annotations

from crimeplan.indicators import IndicatorTable
from crimeplan.metrics.surveys import SurveyPoint, SurveySeries
from crimeplan.periods import Period
from crimeplan.render.formatting import count, percent
from crimeplan.report.context.markup import para
from crimeplan.report.context.model import Block, Table, long_date

FORCE_SURVEY = "Force public confidence survey"
NO_DATA = "No public confidence survey results have been loaded for this paper."


def confidence_blocks(series: SurveySeries | None, national: IndicatorTable | None, group: str) -> list[Block]:
    if series is None or not series.points:
        return [para(NO_DATA, group, numbered=False, style="note")]
    out: list[Block] = [para(wave_sentence(series), group)]
    national_row = _national_value(national)
    if national is not None and national_row is not None:
        out.append(para(f"The {national.source}, published on {long_date(national.published)}, gives "
                        f"{percent(national_row / 100)} for the force area ([[table:confidence]]).", group))
    out.append(_table(series, national, national_row, group))
    return out


def wave_sentence(series: SurveySeries) -> str:
    latest = series.points[-1]
    text = (f"The latest wave of the force's public confidence survey ({_span(latest)}, {count(latest.n)} "
            f"interviews) found {percent(latest.rate)} of people confident in the police "
            f"({_interval(latest)})")
    if len(series.points) > 1:
        before = series.points[-2]
        same = percent(before.rate) == percent(latest.rate)
        text += (", the same as the previous wave" if same else
                 f", against {percent(before.rate)} in the previous wave")
        average = sum(p.rate for p in series.points) / len(series.points)
        text += (f"; since {series.points[0].start:%B %Y} confidence has averaged {percent(average)} a wave "
                 f"over {count(len(series.points))} waves")
    return text + "."


def _table(series: SurveySeries, national: IndicatorTable | None, value: float | None, group: str) -> Table:
    rows = [(f"{FORCE_SURVEY}, {_span(p)}", count(p.n), percent(p.rate), _interval(p, short=True))
            for p in series.points[-2:]]
    if national is not None and value is not None:
        rows.append((f"{national.source}, published {long_date(national.published)}", "-", percent(value / 100),
                     "-"))
    return Table("Confidence in the police: the force's survey and the national survey",
                 ("Survey", "Interviews", "Confident", "95 % interval"), tuple(rows), (False, True, True, True),
                 anchor="table:confidence", groups=(group,))


def _national_value(table: IndicatorTable | None) -> float | None:
    values = [r.value for r in table.rows if r.value is not None] if table else []
    return values[0] if values else None


def _span(point: SurveyPoint) -> str:
    return Period(point.start, point.end).label()


def _interval(point: SurveyPoint, *, short: bool = False) -> str:
    text = f"{percent(point.low)} to {percent(point.high)}"
    return text if short else f"95 % interval {text}"
