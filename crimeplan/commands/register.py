"""`crimeplan register`: the process-change register (add, list, withdraw, suggest)."""

from __future__ import annotations

import json

import click

from crimeplan.commands.context import login_name


@click.group()
def register() -> None:
    """Registered process changes: the only places where SPC limits are recalculated."""


@register.command("add")
@click.option("--measure", required=True, metavar="ID", help="Measure id of the plan (e.g. vwi).")
@click.option("--area", default="*", show_default=True, metavar="LEVEL:CODE|*", help="Area key, or * for all.")
@click.option("--month", required=True, metavar="YYYY-MM", help="First month of the new process.")
@click.option("--reason", required=True, help="Why the process changed.")
@click.option("--no-rebase", is_flag=True, help="Annotate only; do not recalculate limits.")
@click.pass_obj
def add(obj, measure: str, area: str, month: str, reason: str, no_rebase: bool) -> None:
    """Register a process change (and rebase the measure's limits from that month)."""
    from crimeplan.register import add_change

    change = add_change(obj.store, measure=measure, area=area, month=_month(month), reason=reason,
                        rebase=not no_rebase, created_by=login_name())
    click.echo(f"registered change {change.change_id}: {measure} {area} from {change.month:%B %Y}: {reason}")


@register.command("list")
@click.option("--measure", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def list_(obj, measure: str | None, fmt: str) -> None:
    """List the registered changes in force."""
    from crimeplan.register import list_changes

    changes = list_changes(obj.store, measure)
    if fmt == "json":
        click.echo(json.dumps([c.to_dict() for c in changes], indent=2))
        return
    for c in changes:
        click.echo(f"{c.change_id:>4}  {c.measure:<12} {c.area:<28} {c.month:%Y-%m}  "
                   f"{'rebase' if c.rebase else 'note  '}  {c.reason}")


@register.command("withdraw")
@click.argument("change_id", type=int)
@click.pass_obj
def withdraw(obj, change_id: int) -> None:
    """Withdraw a registered change (it stays in the history)."""
    from crimeplan.register import withdraw_change

    change = withdraw_change(obj.store, change_id, by=login_name())
    click.echo(f"withdrew change {change.change_id}: {change.measure} from {change.month:%B %Y}")


@register.command("suggest")
@click.option("--plan", "plan_name", default="wmp-2013-14", show_default=True)
@click.option("--measure", required=True, metavar="ID")
@click.option("--area", metavar="LEVEL:CODE")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def suggest(obj, plan_name: str, measure: str, area: str | None, fmt: str) -> None:
    """Suggest where sustained shifts begin, for an analyst to confirm. Never rebases by itself."""
    from crimeplan.errors import NotFoundError
    from crimeplan.metrics.areas import resolve_area
    from crimeplan.metrics.series import latest_month, monthly_counts
    from crimeplan.plan import load_plan
    from crimeplan.spc import suggest_step_changes

    plan = load_plan(plan_name)
    if measure not in plan.measures:
        raise NotFoundError(f"unknown measure {measure!r}; plan {plan.id} has " + ", ".join(plan.measures))
    where = resolve_area(obj.store, area, plan.force)
    months, values = monthly_counts(obj.store, plan, [measure], where, latest_month(obj.store, where))
    candidates = suggest_step_changes(list(values[measure]), [m.isoformat() for m in months])
    if fmt == "json":
        click.echo(json.dumps([{"month": str(c.date), "direction": c.direction, "before_mean": c.before_mean,
                                "after_mean": c.after_mean, "reason": c.reason} for c in candidates], indent=2))
        return
    if not candidates:
        click.echo(f"no sustained shift found in {plan.measures[measure].title} for {where.name}")
    for c in candidates:
        click.echo(f"{str(c.date)[:7]}  step {c.direction}: {c.before_mean:,.0f} → {c.after_mean:,.0f} a month "
                   f"({c.reason}). To confirm: crimeplan register add --measure {measure} --area {where.key} "
                   f"--month {str(c.date)[:7]} --reason '…'")


def _month(text: str):
    from datetime import date

    from crimeplan.errors import ConfigError
    try:
        year, month = (int(x) for x in text.split("-")[:2])
        return date(year, month, 1)
    except ValueError:
        raise ConfigError(f"--month: expected a month like 2013-07, got {text!r}") from None
