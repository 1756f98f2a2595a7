"""``crimeplan users add|list|disable|enable|reset|role``: local accounts of the portal."""

from __future__ import annotations

import json
import sys

import click

from crimeplan.commands.context import login_name


def _settings():
    from crimeplan.workflow.settings import load_settings
    return load_settings()


def _password(from_stdin: bool) -> str | None:
    if not from_stdin:
        return None
    return sys.stdin.readline().rstrip("\n")


@click.group()
def users() -> None:
    """Accounts: viewer, lead (of named deliverables), analyst (approves), admin (accounts)."""


@users.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["viewer", "lead", "analyst", "admin"]))
@click.option("--lead-name", metavar="NAME", help="For a lead: the lead they act for, e.g. 'ACC Local Policing'.")
@click.option("--name", "display_name", help="Name shown in the portal (default the user name).")
@click.option("--oidc-subject", metavar="SUB", help="Single sign-on subject to link to this account.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (else one is generated).")
@click.pass_obj
def add_cmd(obj, username, role, lead_name, display_name, oidc_subject, password_stdin) -> None:
    """Create an account; prints a generated password once unless --password-stdin is given."""
    from crimeplan.workflow.users import add_user, generate_password
    given = _password(password_stdin)
    password = given if given is not None else generate_password()
    user = add_user(obj.store, username, role, actor=login_name(), settings=_settings(), password=password,
                    display_name=display_name, lead_name=lead_name, oidc_subject=oidc_subject)
    click.echo(f"user {user.username} added ({user.role}{', ' + user.lead_name if user.lead_name else ''})")
    if given is None:
        click.echo(f"password: {password}")


@users.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def list_cmd(obj, fmt: str) -> None:
    """Every account (never the password hashes)."""
    from crimeplan.workflow.users import list_users
    found = list_users(obj.store)
    if fmt == "json":
        click.echo(json.dumps([u.to_dict() for u in found], indent=2))
        return
    for u in found:
        click.echo(f"{u.username:20} {u.role:8} {'disabled' if u.disabled else 'active':8} {u.lead_name or ''}")


@users.command("disable")
@click.argument("username")
@click.pass_obj
def disable_cmd(obj, username: str) -> None:
    """Disable an account and end its sessions."""
    from crimeplan.workflow.users import set_disabled
    set_disabled(obj.store, username, True, actor=login_name())
    click.echo(f"user {username} disabled")


@users.command("enable")
@click.argument("username")
@click.pass_obj
def enable_cmd(obj, username: str) -> None:
    """Enable a disabled account."""
    from crimeplan.workflow.users import set_disabled
    set_disabled(obj.store, username, False, actor=login_name())
    click.echo(f"user {username} enabled")


@users.command("reset")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input (else generated).")
@click.pass_obj
def reset_cmd(obj, username: str, password_stdin: bool) -> None:
    """Set a new password, clear the sign-in delay and end the account's sessions."""
    from crimeplan.workflow.users import reset_password
    given = _password(password_stdin)
    _, password = reset_password(obj.store, username, actor=login_name(), settings=_settings(), password=given)
    click.echo(f"user {username}: password reset")
    if given is None:
        click.echo(f"password: {password}")


@users.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(["viewer", "lead", "analyst", "admin"]))
@click.option("--lead-name", metavar="NAME", help="For a lead: the lead they act for.")
@click.pass_obj
def role_cmd(obj, username: str, role: str, lead_name: str | None) -> None:
    """Change an account's role."""
    from crimeplan.workflow.users import set_role
    user = set_role(obj.store, username, role, actor=login_name(), lead_name=lead_name)
    click.echo(f"user {user.username}: {user.role}")
