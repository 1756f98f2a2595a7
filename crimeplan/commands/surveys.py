"""``crimeplan surveys …``: load survey results, rolling rates with Wilson intervals, tests of
change, and the plan's survey milestones with p′ SPC and assurance."""

from __future__ import annotations

import json

import click

from crimeplan.commands.context import DeferredChoice, login_name


def _surveys() -> tuple[str, ...]:
    from crimeplan.plan import SURVEYS
    return SURVEYS


def _questions() -> tuple[str, ...]:
    from crimeplan.plan import SURVEY_QUESTIONS
    return SURVEY_QUESTIONS


SURVEY_CHOICE = DeferredChoice(_surveys)
QUESTION_CHOICE = DeferredChoice(_questions)


def _area_code(store, area: str | None, plan_name: str) -> str:
    from crimeplan.metrics.areas import resolve_area
    from crimeplan.plan import load_plan

    return resolve_area(store, area, load_plan(plan_name).force).code


def _period(text: str, flag: str):
    from crimeplan.errors import ConfigError
    from crimeplan.periods import Period
    from crimeplan.surveys.ingest import parse_period

    try:
        return Period(*parse_period(text))
    except ValueError as exc:
        raise ConfigError(f"{flag}: {exc}; expected YYYY-MM or YYYY-MM/YYYY-MM") from None


@click.group()
def surveys() -> None:
    """Victim satisfaction and public confidence surveys."""


@surveys.command("load")
@click.argument("path", type=click.Path())
@click.pass_obj
def load_cmd(obj, path: str) -> None:
    """Load survey results: per respondent (date,area,survey,question,answer) or aggregates
    (period,area,survey,question,n,positive)."""
    from crimeplan.surveys.ingest import ingest_surveys

    r = ingest_surveys(obj.store, path, loaded_by=login_name())
    click.echo(f"{r['source']}: {r['results']:,} results ({r['layout']}; {', '.join(r['surveys'])}), "
               f"{r['replaced']:,} replaced, {r['answers_left_out']:,} answers left out (don't know/refused)")


@surveys.command("demo")
@click.pass_obj
def demo_cmd(obj) -> None:
    """Load the demo force's survey results (shaped like the May 2014 board paper)."""
    from crimeplan.surveys.demo import load_survey_demo

    r = load_survey_demo(obj.store, loaded_by=login_name())
    click.echo(f"demo surveys for {r['force']}: {r['results']:,} results ({', '.join(r['surveys'])})")


@surveys.command("rates")
@click.option("--survey", type=SURVEY_CHOICE, required=True)
@click.option("--question", type=QUESTION_CHOICE, default="overall", show_default=True,
              help="overall is the 'whole experience' stage.")
@click.option("--area", metavar="LEVEL:CODE", help="Area; default the plan's force.")
@click.option("--plan", "plan_name", default="wmp-2013-14", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_obj
def rates_cmd(obj, survey, question, area, plan_name, fmt) -> None:
    """Each stored result and the rolling 12-month rate, with 95 % Wilson intervals."""
    from crimeplan.metrics.surveys import survey_series
    from crimeplan.render import tables
    from crimeplan.render.analysis_tables import survey_series_table

    series = survey_series(obj.store, survey, question, _area_code(obj.store, area, plan_name))
    tables.emit(survey_series_table(series), series.to_dict(), fmt)


@surveys.command("change")
@click.option("--survey", type=SURVEY_CHOICE, required=True)
@click.option("--question", type=QUESTION_CHOICE, default="overall", show_default=True)
@click.option("--from", "first", required=True, metavar="PERIOD", help="First period: YYYY-MM or YYYY-MM/YYYY-MM.")
@click.option("--to", "second", required=True, metavar="PERIOD", help="Second period, the same way.")
@click.option("--area", metavar="LEVEL:CODE")
@click.option("--plan", "plan_name", default="wmp-2013-14", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def change_cmd(obj, survey, question, first, second, area, plan_name, fmt) -> None:
    """Test the change between two periods (two-proportion z test, Newcombe interval)."""
    from crimeplan.metrics.surveys import survey_change

    result = survey_change(obj.store, survey, question, _area_code(obj.store, area, plan_name),
                           _period(first, "--from"), _period(second, "--to"))
    click.echo(json.dumps(result.to_dict(), indent=2) if fmt == "json" else result.sentence())


@surveys.command("milestones")
@click.option("--plan", "plan_name", default="wmp-2013-14", show_default=True)
@click.option("--briefing-date", required=True, metavar="YYYY-MM-DD")
@click.option("--area", metavar="LEVEL:CODE")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "svg"]), default="table",
              show_default=True, help="svg: the p′ chart of each milestone, one after another.")
@click.pass_obj
def milestones_cmd(obj, plan_name, briefing_date, area, fmt) -> None:
    """The plan's survey milestones: rolling rate, interval, p′ SPC, assurance and narrative."""
    from crimeplan.metrics.surveys import survey_milestones
    from crimeplan.periods import required_date_option
    from crimeplan.plan import load_plan
    from crimeplan.render import tables
    from crimeplan.render.analysis_tables import survey_milestone_table

    day = required_date_option("--briefing-date", briefing_date)
    items = survey_milestones(obj.store, load_plan(plan_name), day, area)
    if fmt == "svg":
        from crimeplan.spc import spc_chart_svg
        for m in items:
            if m.spc is not None:
                click.echo(spc_chart_svg(m.spc, dates=list(m.months), title=f"{m.title} (p′ chart)",
                                         y_label="proportion satisfied", target=m.target))
        return
    tables.emit(survey_milestone_table(items), {"milestones": [m.to_dict() for m in items]}, fmt)
    if fmt == "table":
        for m in items:
            click.echo(m.narrative)
            if m.comparator_note:
                click.echo(f"  {m.comparator_note}.")
