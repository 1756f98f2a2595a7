"""``crimeplan audit list|export``: the append-only audit trail, with the data loads."""

from __future__ import annotations

import click


def _entries(obj, actor, entity, action, since, loads):
    from datetime import datetime

    from crimeplan.errors import ConfigError
    from crimeplan.workflow.audit import audit_entries
    start = None
    if since:
        try:
            start = datetime.fromisoformat(since)
        except ValueError:
            raise ConfigError(f"--since: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {since!r}") from None
    return audit_entries(obj.store, actor=actor, entity=entity, action=action, since=start, include_loads=loads)


def _filters(func):
    func = click.option("--no-loads", "loads", is_flag=True, flag_value=False, default=True,
                        help="Leave out the data loads.")(func)
    func = click.option("--since", metavar="YYYY-MM-DD", help="Entries at or after this time (UTC).")(func)
    func = click.option("--action", metavar="PREFIX",
                        help="Action or its prefix (update., user.add, data.load).")(func)
    func = click.option("--entity", metavar="PREFIX",
                        help="Entity or its prefix (deliverable:wmp-2013-14/A1, user:).")(func)
    func = click.option("--actor", metavar="NAME", help="Only this person's changes.")(func)
    return func


@click.group()
def audit() -> None:
    """The audit trail: who changed what, when, before and after."""


@audit.command("list")
@_filters
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_obj
def list_cmd(obj, actor, entity, action, since, loads, fmt) -> None:
    """List entries, oldest first."""
    from crimeplan.render.tables import Grid, to_text
    from crimeplan.workflow.audit import to_csv, to_json
    entries = _entries(obj, actor, entity, action, since, loads)
    if fmt == "json":
        click.echo(to_json(entries))
    elif fmt == "csv":
        click.echo(to_csv(entries), nl=False)
    else:
        rows = tuple((str(e.audit_id or "-"), e.at.isoformat(sep=" ", timespec="seconds"), e.actor, e.action,
                      e.entity) for e in entries)
        click.echo(to_text(Grid(f"Audit trail: {len(rows)} entries", ("#", "When (UTC)", "Who", "Action", "Entity"),
                                rows, rows)))


@audit.command("export")
@_filters
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True), help="File to write.")
@click.pass_obj
def export_cmd(obj, actor, entity, action, since, loads, fmt, output) -> None:
    """Write the entries, with before and after values, to a CSV or JSON file."""
    from crimeplan.workflow.audit import to_csv, to_json
    entries = _entries(obj, actor, entity, action, since, loads)
    with open(output, "w", encoding="utf-8", newline="") as fh:
        fh.write(to_csv(entries) if fmt == "csv" else to_json(entries) + "\n")
    click.echo(f"{len(entries)} entries written to {output}")


@audit.command("verify")
@click.option("--head", metavar="HASH", help="A head hash noted earlier: it must still be in the chain "
              "(finds entries cut off the end or a rewritten trail).")
@click.pass_obj
def verify_cmd(obj, head) -> None:
    """Check the hash chain: name the first entry changed, deleted, inserted or back-dated."""
    from crimeplan.workflow.audit import verify_chain
    from crimeplan.workflow.errors import AuditTampered
    check = verify_chain(obj.store, head)
    if not check.intact:
        where = f"entry #{check.bad_entry}" if check.bad_entry is not None else "the trail"
        raise AuditTampered(f"audit trail: {where} {check.problem}")
    click.echo(f"audit trail intact: {check.entries} entries; head {check.head or '(empty)'} "
               "(note it, and pass it as --head next time)")
