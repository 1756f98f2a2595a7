"""``crimeplan deliverables list|due|history|add-update|approve|return|edit|calendar|export``.

The command line acts as an analyst under the login name (or ``--as NAME``): whoever can reach the
store can already change it; the portal is where roles are enforced per user.
"""

from __future__ import annotations

import json
import sys
from datetime import date

import click

from crimeplan.commands.context import login_name


def _context(obj, plan_name: str):
    from crimeplan.plan import load_plan
    from crimeplan.workflow.deliverables import ensure_plan

    plan = load_plan(plan_name)
    ensure_plan(obj.store, plan, actor=login_name())
    return plan


def _actor(name: str | None):
    from crimeplan.workflow.roles import ANALYST, Actor
    return Actor(name or login_name(), ANALYST)


def _day(text: str | None) -> date:
    from crimeplan.periods import date_option
    return date_option("date", text, date.today())


def _states_text(title: str, states) -> str:
    from crimeplan.render.tables import Grid, to_text
    from crimeplan.workflow.deliverables import STATUSES

    headings = ("Deliverable", "Lead", "Cadence", "Status", "Last approved", "Due by", "Overdue", "Drafts")
    rows = tuple((s.deliverable.deliverable_id, s.deliverable.lead, s.deliverable.cadence or "-",
                  STATUSES[s.status],
                  f"{s.last_approved.approved_at:%-d %b %Y}" if s.last_approved else "never",
                  f"{s.next_due:%-d %b %Y}" if s.next_due else "-", "OVERDUE" if s.overdue else "",
                  str(s.pending) if s.pending else "") for s in states)
    return to_text(Grid(title, headings, rows, rows))


_plan_option = click.option("--plan", "plan_name", default="wmp-2013-14", show_default=True,
                            help="A shipped plan or a path to a plan file.")
_format_option = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                              show_default=True)
_as_option = click.option("--as", "as_name", metavar="NAME", help="Name recorded as author/approver (default: login).")


@click.group()
def deliverables() -> None:
    """Deliverables of the plan: status, due updates, drafting and approval of updates."""


@deliverables.command("list")
@_plan_option
@click.option("--as-of", metavar="YYYY-MM-DD", help="Date overdue is judged at (default today).")
@_format_option
@click.pass_obj
def list_cmd(obj, plan_name: str, as_of: str | None, fmt: str) -> None:
    """Every deliverable: lead, cadence, status, last approved update, next due date, overdue flag."""
    from crimeplan.workflow.deliverables import deliverable_states
    plan = _context(obj, plan_name)
    day = _day(as_of)
    states = deliverable_states(obj.store, plan, day)
    if fmt == "json":
        click.echo(json.dumps({"plan": plan.id, "as_of": day.isoformat(),
                               "deliverables": [s.to_dict() for s in states]}, indent=2))
    else:
        click.echo(_states_text(f"{plan.title}: deliverables at {day:%-d %B %Y}", states))


@deliverables.command("due")
@_plan_option
@click.option("--as-of", metavar="YYYY-MM-DD", help="Date (default today).")
@click.option("--within", "within_days", default=0, show_default=True, help="Also those due within N days.")
@_format_option
@click.pass_obj
def due_cmd(obj, plan_name: str, as_of: str | None, within_days: int, fmt: str) -> None:
    """Deliverables whose update is overdue, or due within N days, soonest first."""
    from crimeplan.workflow.deliverables import due
    plan = _context(obj, plan_name)
    day = _day(as_of)
    states = due(obj.store, plan, day, within_days=within_days)
    if fmt == "json":
        click.echo(json.dumps({"plan": plan.id, "as_of": day.isoformat(), "within_days": within_days,
                               "deliverables": [s.to_dict() for s in states]}, indent=2))
    else:
        click.echo(_states_text(f"Updates due by {day:%-d %B %Y} (+{within_days} days)", states))


@deliverables.command("history")
@_plan_option
@click.argument("deliverable_id")
@_format_option
@click.pass_obj
def history_cmd(obj, plan_name: str, deliverable_id: str, fmt: str) -> None:
    """Every update of a deliverable (drafts, returned, approved), oldest first."""
    from crimeplan.workflow.deliverables import get_deliverable, history
    plan = _context(obj, plan_name)
    d = get_deliverable(obj.store, plan.id, deliverable_id)
    updates = history(obj.store, plan.id, deliverable_id)
    if fmt == "json":
        click.echo(json.dumps([u.to_dict() for u in updates], indent=2))
        return
    click.echo(f"{d.deliverable_id} at version {d.version} (approve with --version {d.version})")
    for u in updates:
        click.echo(f"#{u.update_id} {u.created_at:%Y-%m-%d %H:%M} {u.author} [{u.state}] {u.status}"
                   + (f" (reason: {u.status_reason})" if u.status_reason else ""))
        click.echo("    " + u.text.replace("\n", "\n    "))
        for link in u.evidence:
            click.echo(f"    evidence: {link}")


@deliverables.command("add-update")
@_plan_option
@click.argument("deliverable_id")
@click.option("--text", help="The progress made (use - to read it from standard input).")
@click.option("--status", type=click.Choice(["not_started", "on_track", "at_risk", "off_track", "complete"]),
              help="New status (default: unchanged).")
@click.option("--reason", help="Why the status changes (required when it does).")
@click.option("--evidence", multiple=True, metavar="URL", help="An evidence link (repeatable).")
@click.option("--covered-in", metavar="PAPER", help="The update is covered in another report: name it.")
@click.option("--expected-version", type=int, help="Refuse if the deliverable changed since this version.")
@_as_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def add_update_cmd(obj, plan_name, deliverable_id, text, status, reason, evidence, covered_in, expected_version,
                   as_name, fmt) -> None:
    """Draft an update; it reaches the paper once another person approves it."""
    from crimeplan.workflow.deliverables import add_update
    from crimeplan.workflow.errors import ConflictError
    plan = _context(obj, plan_name)
    if text == "-":
        text = sys.stdin.read()
    try:
        update = add_update(obj.store, plan.id, deliverable_id, _actor(as_name), text=text, status=status,
                            reason=reason, evidence=evidence, covered_in=covered_in,
                            expected_version=expected_version)
    except ConflictError as exc:
        click.echo("your text, not saved:\n" + (exc.kept.get("text") or ""), err=True)
        raise
    if fmt == "json":
        click.echo(json.dumps(update.to_dict(), indent=2))
    else:
        click.echo(f"update {update.update_id} drafted for {deliverable_id}; awaiting approval")


def _review(obj, update_id: int, as_name: str | None, note: str | None, approve: bool, fmt: str,
            version: int | None = None) -> None:
    from crimeplan.workflow.deliverables import review_update
    update = review_update(obj.store, update_id, _actor(as_name), approve=approve, note=note,
                           expected_version=version)
    if fmt == "json":
        click.echo(json.dumps(update.to_dict(), indent=2))
    else:
        click.echo(f"update {update_id} {update.state} by {update.reviewed_by}")


@deliverables.command("approve")
@click.argument("update_id", type=int)
@click.option("--version", "version", type=int, required=True,
              help="The deliverable version you read the update at (shown by `pending` and `history`): "
                   "refused if the text changed since.")
@click.option("--note", help="A note for the author.")
@_as_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def approve_cmd(obj, update_id: int, version: int, note: str | None, as_name: str | None, fmt: str) -> None:
    """Approve a drafted update (not one written by you): it becomes the deliverable's latest."""
    _review(obj, update_id, as_name, note, True, fmt, version)


@deliverables.command("return")
@click.argument("update_id", type=int)
@click.option("--note", required=True, help="What the author should change.")
@_as_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def return_cmd(obj, update_id: int, note: str, as_name: str | None, fmt: str) -> None:
    """Return a drafted update to its author with a note."""
    _review(obj, update_id, as_name, note, False, fmt)


@deliverables.command("pending")
@_plan_option
@_format_option
@click.pass_obj
def pending_cmd(obj, plan_name: str, fmt: str) -> None:
    """Drafted updates awaiting review."""
    from crimeplan.workflow.deliverables import get_deliverable, pending_updates
    plan = _context(obj, plan_name)
    updates = pending_updates(obj.store, plan.id)
    versions = {u.deliverable_id: get_deliverable(obj.store, plan.id, u.deliverable_id).version for u in updates}
    if fmt == "json":
        click.echo(json.dumps([{**u.to_dict(), "version": versions[u.deliverable_id]} for u in updates], indent=2))
        return
    for u in updates:
        click.echo(f"#{u.update_id} {u.deliverable_id} (version {versions[u.deliverable_id]}) by {u.author} "
                   f"{u.created_at:%Y-%m-%d %H:%M}, revision {u.revision}: {u.text[:70]}")


@deliverables.command("edit")
@_plan_option
@click.argument("deliverable_id")
@click.option("--title")
@click.option("--lead")
@click.option("--cadence", type=click.Choice(["monthly", "quarterly", "6-monthly", "annual"]))
@click.option("--covered-elsewhere", metavar="TEXT")
@click.option("--expected-version", type=int, help="Refuse if the deliverable changed since this version.")
@_as_option
@click.pass_obj
def edit_cmd(obj, plan_name, deliverable_id, title, lead, cadence, covered_elsewhere, expected_version,
             as_name) -> None:
    """Change a deliverable's title, lead, cadence or covered-elsewhere pointer."""
    from crimeplan.workflow.deliverables import edit_deliverable
    plan = _context(obj, plan_name)
    d = edit_deliverable(obj.store, plan.id, deliverable_id, _actor(as_name), expected_version=expected_version,
                         title=title, lead=lead, cadence=cadence, covered_elsewhere=covered_elsewhere)
    click.echo(f"{d.deliverable_id}: saved (version {d.version})")


@deliverables.command("calendar")
@_plan_option
@click.option("--set", "dates", multiple=True, metavar="YYYY-MM-DD", help="Board meeting dates (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_obj
def calendar_cmd(obj, plan_name: str, dates: tuple[str, ...], fmt: str) -> None:
    """Show the board calendar (default: every 2 months), or set its meeting dates."""
    from crimeplan.workflow import calendar
    plan = _context(obj, plan_name)
    if dates:
        calendar.set_meetings(obj.store, plan, [_day(d) for d in dates], login_name())
    meetings = calendar.meetings(obj.store, plan)
    if fmt == "json":
        click.echo(json.dumps([m.isoformat() for m in meetings]))
    else:
        for m in meetings:
            click.echo(f"{m:%a %-d %B %Y}")


@deliverables.command("export")
@_plan_option
@click.option("--as-of", metavar="YYYY-MM-DD", help="Date overdue is judged at (default today).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--approved-only", is_flag=True, help="Only approved updates.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="File to write (default stdout).")
@click.pass_obj
def export_cmd(obj, plan_name: str, as_of: str | None, fmt: str, approved_only: bool, output: str | None) -> None:
    """Every deliverable with its updates, one row per update, as CSV or JSON."""
    from crimeplan.workflow.deliverables import export_rows, rows_to_csv
    plan = _context(obj, plan_name)
    rows = export_rows(obj.store, plan, _day(as_of), approved_only=approved_only)
    text = rows_to_csv(rows) if fmt == "csv" else json.dumps(rows, indent=2) + "\n"
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        click.echo(f"{len(rows)} rows written to {output}")
    else:
        click.echo(text, nl=False)
