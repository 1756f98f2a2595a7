"""The account and audit pages: users (add, disable, enable, reset a password) and the audit trail."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from crimeplan.errors import ConfigError, NotFoundError
from crimeplan.portal.auth import form_data, locked, require
from crimeplan.portal.inputs import text_field
from crimeplan.portal.workflow_pages import base_context, render_page
from crimeplan.workflow import audit as audit_mod
from crimeplan.workflow import users
from crimeplan.workflow.roles import MANAGE_USERS, READ_AUDIT, ROLES
from crimeplan.workflow.settings import WorkflowSettings


async def users_page(request: Request, *, message: str | None = None, status: int = 200,
                     password: str | None = None) -> Response:
    session = await require(request, MANAGE_USERS)
    found = await locked(request, users.list_users)
    return render_page(request, "workflow/users.html", {**base_context(session, "Accounts"), "users": found,
                                                        "roles": ROLES, "message": message, "password": password},
                       status)


async def add_user_form(request: Request) -> Response:
    session = await require(request, MANAGE_USERS)
    form = await form_data(request)
    settings: WorkflowSettings = request.app.state.auth.settings
    password = users.generate_password()
    try:
        await locked(request, users.add_user, str(form.get("username", "")), str(form.get("role", "")),
                     actor=session.user.username, settings=settings, password=password,
                     display_name=text_field(form, "display_name"), lead_name=text_field(form, "lead_name"))
    except ConfigError as exc:
        return await users_page(request, message=str(exc), status=400)
    return await users_page(request, message=f"Account {form.get('username')} added.", password=password)


async def user_action_form(request: Request) -> Response:
    session = await require(request, MANAGE_USERS)
    username, action = request.path_params["username"], request.path_params["action"]
    settings: WorkflowSettings = request.app.state.auth.settings
    if action == "disable":
        await locked(request, users.set_disabled, username, True, actor=session.user.username)
        return await users_page(request, message=f"Account {username} disabled.")
    if action == "enable":
        await locked(request, users.set_disabled, username, False, actor=session.user.username)
        return await users_page(request, message=f"Account {username} enabled.")
    if action == "reset":
        _, password = await locked(request, users.reset_password, username, actor=session.user.username,
                                   settings=settings)
        return await users_page(request, message=f"Password of {username} reset.", password=password)
    raise NotFoundError(f"no account action {action!r}")


async def audit_page(request: Request) -> Response:
    session = await require(request, READ_AUDIT)
    params = request.query_params
    entries = await locked(request, audit_mod.audit_entries, actor=params.get("actor") or None,
                           entity=params.get("entity") or None, action=params.get("action") or None)
    if request.url.path.endswith(".json"):
        return Response(audit_mod.to_json(entries), media_type="application/json")
    if request.url.path.endswith(".csv"):
        return Response(audit_mod.to_csv(entries), media_type="text/csv",
                        headers={"Content-Disposition": 'attachment; filename="audit.csv"'})
    return render_page(request, "workflow/audit.html", {**base_context(session, "Audit trail"),
                                                        "entries": entries[-500:], "total": len(entries)})
