"""``crimeplan hate …``: hate crime by strand and religious hate crime by religion, year on year."""

from __future__ import annotations

import click


def _options(func):
    for opt in reversed([
        click.option("--year", "years", multiple=True, required=True, metavar="YYYY/YY",
                     help="Financial year; repeat for year on year (e.g. --year 2012/13 --year 2013/14)."),
        click.option("--area", metavar="LEVEL:CODE", help="Area; default the plan's force."),
        click.option("--plan", "plan_name", default="wmp-2013-14", show_default=True),
        click.option("--suppress", is_flag=True, help="Public view: withhold counts below --threshold."),
        click.option("--threshold", type=int, default=5, show_default=True, help="Small-number threshold."),
        click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                     show_default=True),
    ]):
        func = opt(func)
    return func


@click.group()
def hate() -> None:
    """Hate crime detail: the five strands, actual and perceived religion."""


def _area(store, area, plan_name):
    from crimeplan.metrics.areas import resolve_area
    from crimeplan.plan import load_plan

    return resolve_area(store, area, load_plan(plan_name).force)


@hate.command("religion")
@_options
@click.option("--basis", type=click.Choice(["actual", "perceived"]), default="actual", show_default=True,
              help="The victim's actual religion, or the religion the offender perceived.")
@click.pass_obj
def religion_cmd(obj, years, area, plan_name, suppress, threshold, fmt, basis) -> None:
    """Religious hate crime by religion: counts and shares per year (the paper's paragraph 17 table)."""
    from crimeplan.metrics.hate import religion_table
    from crimeplan.render import tables
    from crimeplan.render.analysis_tables import hate_table

    result = religion_table(obj.store, _area(obj.store, area, plan_name), years, basis=basis, suppress=suppress,
                            threshold=threshold)
    tables.emit(hate_table(result), result.to_dict(), fmt)


@hate.command("strands")
@_options
@click.pass_obj
def strands_cmd(obj, years, area, plan_name, suppress, threshold, fmt) -> None:
    """Hate crime by strand, and as a share of all recorded crime."""
    from crimeplan.metrics.hate import strand_table
    from crimeplan.render import tables
    from crimeplan.render.analysis_tables import hate_table

    result = strand_table(obj.store, _area(obj.store, area, plan_name), years, suppress=suppress,
                          threshold=threshold)
    tables.emit(hate_table(result), result.to_dict(), fmt)
