"""``crimeplan funding …``: funding allocations per district and programme, totals checked."""

from __future__ import annotations

import click

from crimeplan.commands.context import login_name


@click.group()
def funding() -> None:
    """Funding allocations (e.g. the Community Safety Fund) linked to the plan's outcomes."""


@funding.command("load")
@click.argument("path", type=click.Path(), required=False)
@click.option("--plan", "plan_name", default="wmp-2013-14", show_default=True,
              help="Plan whose outcomes and deliverables the lines must name.")
@click.pass_obj
def load_cmd(obj, path, plan_name) -> None:
    """Load a funding CSV (default: the plan's example, the paper's Community Safety Fund table)."""
    from crimeplan.funding import load_funding, shipped_example
    from crimeplan.plan import load_plan

    r = load_funding(obj.store, path or shipped_example(plan_name), plan=load_plan(plan_name), loaded_by=login_name())
    click.echo(f"{r['source']}: {r['lines']} lines ({', '.join(r['programmes'])}); totals checked")


@funding.command("show")
@click.option("--programme", default="community_safety_fund", show_default=True)
@click.option("--year", default="2013/14", show_default=True)
@click.option("--plan", "plan_name", default="wmp-2013-14", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_obj
def show_cmd(obj, programme, year, plan_name, fmt) -> None:
    """The allocation table with its total checks and the outcomes each line serves."""
    from crimeplan.funding import funding_table
    from crimeplan.plan import load_plan
    from crimeplan.render import tables
    from crimeplan.render.analysis_tables import funding_grid

    result = funding_table(obj.store, programme, year, plan=load_plan(plan_name))
    tables.emit(funding_grid(result), result.to_dict(), fmt)
    if fmt == "table":
        for check in result.checks:
            click.echo(("✓ " if check.ok else "✗ ") + check.sentence())
