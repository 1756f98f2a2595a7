"""``crimeplan indicators …``: figures published by other bodies (ranks, rates), recorded and cited."""

from __future__ import annotations

import json

import click

from crimeplan.commands.context import login_name


@click.group()
def indicators() -> None:
    """External indicators such as the Ministry of Justice re-offending ranks."""


@indicators.command("load")
@click.argument("path", type=click.Path(), required=False)
@click.pass_obj
def load_cmd(obj, path) -> None:
    """Load an indicator CSV (default: the paper's re-offending ranks)."""
    from crimeplan.indicators import load_indicators, shipped_example

    r = load_indicators(obj.store, path or shipped_example(), loaded_by=login_name())
    click.echo(f"{r['source']}: {r['rows']} rows ({', '.join(r['indicators'])})")


@indicators.command("list")
@click.pass_obj
def list_cmd(obj) -> None:
    """Every indicator loaded, with its latest publication date."""
    from crimeplan.indicators import list_indicators

    for i in list_indicators(obj.store):
        click.echo(f"{i['indicator']}: {i['name']} (latest {i['latest']}, {i['rows']} areas)")


@indicators.command("show")
@click.argument("indicator")
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date (default: the latest).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "svg", "text"]), default="table",
              show_default=True, help="svg: a ranked chart; text: its text alternative.")
@click.pass_obj
def show_cmd(obj, indicator, published, fmt) -> None:
    """One indicator's figures with their source and publication date."""
    from crimeplan.indicators import indicator_chart_svg, indicator_chart_text, indicator_table
    from crimeplan.periods import date_option
    from crimeplan.render import tables
    from crimeplan.render.analysis_tables import indicator_grid

    when = date_option("--published", published)
    result = indicator_table(obj.store, indicator, when)
    if fmt == "svg":
        click.echo(indicator_chart_svg(result))
    elif fmt == "text":
        click.echo(indicator_chart_text(result))
    elif fmt == "json":
        click.echo(json.dumps(result.to_dict(), indent=2))
    else:
        tables.emit(indicator_grid(result), result.to_dict(), fmt)
