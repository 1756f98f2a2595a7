"""The portal's workflow pages (issue 7): deliverables and their updates for signed-in users, review,
accounts and the audit trail; a JSON API with its OpenAPI description; and the public view.

``workflow_app(portal_settings, workflow_settings, store=…)`` is the portal with these routes added
through ``build_app``'s extension point. Handlers are thin: they check the session, role and CSRF
token (``crimeplan.portal.auth``), call ``crimeplan.workflow`` under the store lock, and render.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from crimeplan.errors import ConfigError, CrimeplanError, NotFoundError
from crimeplan.periods import add_months, date_option, month_start
from crimeplan.plan import Plan
from crimeplan.portal import auth
from crimeplan.portal.auth import LoginRequired, form_data, locked, require
from crimeplan.workflow import audit as audit_mod
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow import public, users
from crimeplan.workflow import status as status_rule
from crimeplan.workflow.errors import ConflictError
from crimeplan.workflow.roles import (
    APPROVE,
    EDIT_DELIVERABLE,
    MANAGE_USERS,
    READ_AUDIT,
    ROLES,
    VIEW,
    may_draft,
)
from crimeplan.workflow.settings import WorkflowSettings, load_settings

log = logging.getLogger("crimeplan.portal.workflow")
Handler = Callable[..., Awaitable[Response]]


# -- plumbing -------------------------------------------------------------------------------------
def _portal(request: Request):
    return request.app.state.portal


def _json_request(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path.endswith(".json")


def guard(endpoint: Handler) -> Handler:
    """Deliberate errors become 4xx pages (or JSON); a missing sign-in redirects to /login."""
    from crimeplan.portal.app import SECURITY_HEADERS, error_response

    async def handler(request: Request) -> Response:
        try:
            response = await endpoint(request)
        except LoginRequired as exc:
            response = (JSONResponse({"error": {"status": 401, "message": str(exc)}}, 401)
                        if _json_request(request) else auth.login_redirect(request))
        except CrimeplanError as exc:
            response = (JSONResponse({"error": {"status": exc.http_status, "message": str(exc)}}, exc.http_status)
                        if _json_request(request) else error_response(request, exc.http_status, str(exc)))
        except Exception:  # a bug: one line for the user, the traceback in the log
            log.exception("internal error on %s", request.url.path)
            response = error_response(request, 500, "internal error: the error has been logged")
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        if request.url.path.startswith(("/workflow", "/api/", "/login")):
            response.headers["Cache-Control"] = "no-store"
        return response

    handler.__name__ = getattr(endpoint, "__name__", "handler")
    return handler


def _plan(request: Request) -> Plan:
    service = _portal(request).service
    name = request.query_params.get("plan") or service.settings.plan
    return service.plan(name)


def _as_of(request: Request) -> date:
    return date_option("as_of", request.query_params.get("as_of"), date.today())


def _int(value: Any, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {str(value)[:40]!r}") from None
    if not 0 <= number < 2**31:
        raise ConfigError(f"{name}: expected a whole number from 0, got {number}")
    return number


def _path_int(request: Request, name: str) -> int:
    value = _int(request.path_params[name], name)
    assert value is not None
    return value


def _evidence(form: dict) -> list[str]:
    raw = form.get("evidence") or []
    if isinstance(raw, str):
        raw = raw.splitlines()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise ConfigError("evidence: expected a list of links")
    return [line for item in raw for line in item.splitlines() if line.strip()]


def _text(form: dict, name: str) -> str | None:
    value = form.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{name}: expected text")
    return value


async def _ensure(request: Request, plan: Plan) -> None:
    await locked(request, dl.ensure_plan, plan, "plan")


def _render(request: Request, template: str, context: dict, status: int = 200) -> Response:
    return _portal(request).render(request, template, context, status)


def _base(session: users.Session | None, title: str) -> dict:
    return {"page": {"title": title}, "session": session, "csrf": session.csrf_token if session else "",
            "statuses": dl.STATUSES, "message": None, "conflict": False}


# -- internal pages -------------------------------------------------------------------------------
async def deliverables_page(request: Request) -> Response:
    session = await require(request, VIEW)
    plan = _plan(request)
    await _ensure(request, plan)
    as_of = _as_of(request)
    states = await locked(request, dl.deliverable_states, plan, as_of)
    if request.url.path.endswith(".json"):
        return JSONResponse({"plan": plan.id, "as_of": as_of.isoformat(),
                             "deliverables": [s.to_dict() for s in states]})
    return _render(request, "workflow/list.html", {**_base(session, "Deliverables: updates and status"),
                                                    "plan": plan, "as_of": as_of, "states": states})


async def _deliverable_context(request: Request, session: users.Session, plan: Plan, deliverable_id: str) -> dict:
    def load(store):
        d = dl.get_deliverable(store, plan.id, deliverable_id)
        updates = dl.history(store, plan.id, deliverable_id)
        return d, updates, {u.update_id: dl.revisions(store, u.update_id) for u in updates}

    d, updates, revisions = await locked(request, load)
    user = session.user
    visible = [u for u in updates if u.state == dl.APPROVED or user.role in ("analyst",) or u.author == user.username]
    may_draft_here = may_draft(user.role, user.lead_name, d.lead)
    return {**_base(session, f"{d.deliverable_id}: {d.title}"), "plan": plan, "d": d, "updates": visible,
            "writers": {n: sorted({r.author for r in revs}) for n, revs in revisions.items()},
            "editable": {u.update_id for u in visible
                         if may_draft_here and u.author == user.username and u.state != dl.APPROVED},
            "reviewable": {u.update_id for u in visible if user.role == "analyst" and u.state == dl.DRAFT
                           and user.username not in {u.author, *(r.author for r in revisions[u.update_id])}},
            "can_draft": may_draft_here, "can_edit": user.role == "analyst",
            "form": {"text": "", "status": d.status, "reason": "", "evidence": "", "covered_in": ""},
            "editing": None, "message": None, "conflict": False}


async def deliverable_page(request: Request) -> Response:
    session = await require(request, VIEW)
    plan = _plan(request)
    await _ensure(request, plan)
    context = await _deliverable_context(request, session, plan, request.path_params["deliverable_id"])
    return _render(request, "workflow/deliverable.html", context)


async def add_update_form(request: Request) -> Response:
    session = await require(request, VIEW)
    plan = _plan(request)
    deliverable_id = request.path_params["deliverable_id"]
    form = await form_data(request)
    kept = _kept(form)
    try:
        await locked(request, dl.add_update, plan.id, deliverable_id, session.user.actor, text=kept["text"],
                     status=kept["status"] or None, reason=kept["reason"], evidence=_evidence(form),
                     covered_in=kept["covered_in"], expected_version=_int(form.get("version"), "version"))
    except (ConflictError, ConfigError) as exc:
        context = await _deliverable_context(request, session, plan, deliverable_id)
        context.update(form=kept, message=str(exc), conflict=isinstance(exc, ConflictError))
        return _render(request, "workflow/deliverable.html", context, exc.http_status)
    return RedirectResponse(f"/workflow/deliverables/{deliverable_id}?saved=1", status_code=303)


async def edit_deliverable_form(request: Request) -> Response:
    session = await require(request, EDIT_DELIVERABLE)
    plan = _plan(request)
    deliverable_id = request.path_params["deliverable_id"]
    form = await form_data(request)
    await locked(request, dl.edit_deliverable, plan.id, deliverable_id, session.user.actor,
                 expected_version=_int(form.get("version"), "version"), title=_text(form, "title"),
                 lead=_text(form, "lead"), cadence=_text(form, "cadence"),
                 covered_elsewhere=_text(form, "covered_elsewhere"))
    return RedirectResponse(f"/workflow/deliverables/{deliverable_id}", status_code=303)


async def review_page(request: Request) -> Response:
    session = await require(request, APPROVE)
    plan = _plan(request)
    pending = await locked(request, dl.pending_updates, plan.id)
    if request.url.path.endswith(".json"):
        return JSONResponse([u.to_dict() for u in pending])
    return _render(request, "workflow/review.html", {**_base(session, "Updates awaiting review"), "plan": plan,
                                                      "pending": pending})


async def review_form(request: Request) -> Response:
    session = await require(request, APPROVE)
    form = await form_data(request)
    decision = _text(form, "decision")
    if decision not in ("approve", "return"):
        raise ConfigError(f"decision: expected approve or return, got {str(decision)[:20]!r}")
    update = await locked(request, dl.review_update, _path_int(request, "update_id"), session.user.actor,
                          approve=decision == "approve", note=_text(form, "note"),
                          expected_version=_int(form.get("version"), "version"))
    if _json_request(request):
        return JSONResponse(update.to_dict())
    return RedirectResponse("/workflow/review", status_code=303)


def _kept(form: dict[str, Any]) -> dict[str, str]:
    """The submitted update form, as text to show again when the save is refused."""
    return {"text": _text(form, "text") or "", "status": _text(form, "status") or "",
            "reason": _text(form, "reason") or "", "evidence": "\n".join(_evidence(form)),
            "covered_in": _text(form, "covered_in") or ""}


async def edit_update_form(request: Request) -> Response:
    """Save the author's next revision of a draft or returned update; refused (409, 400) with the
    deliverable page showing the submitted text in the edit form."""
    session = await require(request, VIEW)
    update_id = _path_int(request, "update_id")
    form = await form_data(request)
    kept = _kept(form)
    try:
        update = await locked(request, dl.edit_update, update_id, session.user.actor, text=kept["text"],
                              status=kept["status"] or None, reason=kept["reason"], evidence=_evidence(form),
                              covered_in=kept["covered_in"], expected_version=_int(form.get("version"), "version"))
    except (ConflictError, ConfigError) as exc:
        before = await locked(request, dl.get_update, update_id)
        plan = _plan(request)
        if plan.id != before.plan_id:
            plan = _portal(request).service.plan(before.plan_id)
        context = await _deliverable_context(request, session, plan, before.deliverable_id)
        context.update(editing={"update_id": update_id, **kept}, message=str(exc),
                       conflict=isinstance(exc, ConflictError))
        return _render(request, "workflow/deliverable.html", context, exc.http_status)
    return RedirectResponse(f"/workflow/deliverables/{update.deliverable_id}", status_code=303)


async def users_page(request: Request, *, message: str | None = None, status: int = 200,
                     password: str | None = None) -> Response:
    session = await require(request, MANAGE_USERS)
    found = await locked(request, users.list_users)
    return _render(request, "workflow/users.html", {**_base(session, "Accounts"), "users": found, "roles": ROLES,
                                                    "message": message, "password": password}, status)


async def add_user_form(request: Request) -> Response:
    session = await require(request, MANAGE_USERS)
    form = await form_data(request)
    settings: WorkflowSettings = request.app.state.auth.settings
    password = users.generate_password()
    try:
        await locked(request, users.add_user, str(form.get("username", "")), str(form.get("role", "")),
                     actor=session.user.username, settings=settings, password=password,
                     display_name=_text(form, "display_name"), lead_name=_text(form, "lead_name"))
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
    return _render(request, "workflow/audit.html", {**_base(session, "Audit trail"), "entries": entries[-500:],
                                                    "total": len(entries)})


# -- JSON API -------------------------------------------------------------------------------------
async def api_deliverables(request: Request) -> Response:
    await require(request, VIEW)
    plan = _plan(request)
    await _ensure(request, plan)
    states = await locked(request, dl.deliverable_states, plan, _as_of(request))
    return JSONResponse([s.to_dict() for s in states])


async def api_deliverable(request: Request) -> Response:
    await require(request, VIEW)
    plan = _plan(request)
    await _ensure(request, plan)

    def load(store):
        d = dl.get_deliverable(store, plan.id, request.path_params["deliverable_id"])
        return {**d.to_dict(), "updates": [u.to_dict() for u in dl.history(store, plan.id, d.deliverable_id)
                                           if u.state == dl.APPROVED]}

    return JSONResponse(await locked(request, load))


async def api_add_update(request: Request) -> Response:
    session = await require(request, VIEW)
    plan = _plan(request)
    await _ensure(request, plan)
    body = await form_data(request)
    try:
        update = await locked(request, dl.add_update, plan.id, request.path_params["deliverable_id"],
                              session.user.actor, text=_text(body, "text"), status=_text(body, "status"),
                              reason=_text(body, "reason"), evidence=_evidence(body),
                              covered_in=_text(body, "covered_in"),
                              expected_version=_int(body.get("version"), "version"))
    except ConflictError as exc:
        return JSONResponse({"error": {"status": 409, "message": str(exc), "kept": exc.kept,
                                       "current_version": exc.current_version}}, 409)
    return JSONResponse(update.to_dict(), 201)


async def api_openapi(request: Request) -> Response:
    service = _portal(request).service
    plan = service.plan(service.settings.plan)
    return JSONResponse(openapi(service.plan_names(), list(plan.deliverables)))


# -- public view ----------------------------------------------------------------------------------
async def public_index(request: Request) -> Response:
    session = await auth.current_session(request)
    plan = _plan(request)
    return _render(request, "workflow/public.html", {**_base(session, "Public view"), "plan": plan})


async def public_deliverables(request: Request) -> Response:
    plan = _plan(request)
    items = await locked(request, public.public_deliverables, plan)
    if request.url.path.endswith(".json"):
        return JSONResponse({"plan": plan.id, "deliverables": [i.to_dict() for i in items]})
    return _render(request, "workflow/public_deliverables.html", {**_base(None, "Progress on the plan's deliverables"),
                                                                  "plan": plan, "items": items})


async def public_hate_crime(request: Request) -> Response:
    plan = _plan(request)
    settings: WorkflowSettings = request.app.state.auth.settings
    table = await locked(request, public.religion_table, plan, settings)
    return _table_response(request, table)


async def public_areas(request: Request) -> Response:
    plan = _plan(request)
    settings: WorkflowSettings = request.app.state.auth.settings
    params = request.query_params
    level = params.get("level", "lsoa")
    parent = params.get("parent") or plan.force or ""
    end = date_option("start/end", params.get("end"))
    start = date_option("start/end", params.get("start"))
    if end is None:
        latest = await locked(request, public.latest_month)
        if latest is None:
            raise NotFoundError("no crimes are loaded")
        end = latest
    start = start or add_months(month_start(end), -11)
    table = await locked(request, public.area_table, parent, level, start, end, settings)
    return _table_response(request, table)


def _table_response(request: Request, table) -> Response:
    if request.url.path.endswith(".json"):
        return JSONResponse(table.to_dict())
    from crimeplan.render.formatting import count
    from crimeplan.workflow.disclosure import SUPPRESSED_SYMBOL

    def show(v):
        return SUPPRESSED_SYMBOL if v is None else count(v)

    rows = [(label, [show(v) for v in cells], show(total))
            for label, cells, total in zip(table.row_labels, table.cells, table.row_totals, strict=True)]
    return _render(request, "workflow/public_table.html", {
        **_base(None, table.title), "table": table, "rows": rows,
        "col_totals": [show(v) for v in table.col_totals], "total": show(table.total),
        "symbol": SUPPRESSED_SYMBOL, "json_path": request.url.path + ".json"})


# -- the route table, the OpenAPI description, the app --------------------------------------------
ROLE_ROUTES: tuple[tuple[str, str, str], ...] = (
    # (method, path, permission): the role matrix test walks this table
    ("GET", "/workflow", VIEW), ("GET", "/workflow/deliverables.json", VIEW),
    ("GET", "/workflow/deliverables/{deliverable_id}", VIEW),
    ("POST", "/workflow/deliverables/{deliverable_id}/updates", VIEW),
    ("POST", "/workflow/deliverables/{deliverable_id}/edit", EDIT_DELIVERABLE),
    ("POST", "/workflow/updates/{update_id:int}/edit", VIEW),
    ("GET", "/workflow/review", APPROVE), ("GET", "/workflow/review.json", APPROVE),
    ("POST", "/workflow/updates/{update_id:int}/review", APPROVE),
    ("GET", "/workflow/users", MANAGE_USERS), ("POST", "/workflow/users", MANAGE_USERS),
    ("POST", "/workflow/users/{username}/{action}", MANAGE_USERS),
    ("GET", "/workflow/audit", READ_AUDIT), ("GET", "/workflow/audit.json", READ_AUDIT),
    ("GET", "/workflow/audit.csv", READ_AUDIT),
    ("GET", "/api/workflow/deliverables", VIEW), ("GET", "/api/workflow/deliverables/{deliverable_id}", VIEW),
    ("POST", "/api/workflow/deliverables/{deliverable_id}/updates", VIEW),
    ("POST", "/api/workflow/updates/{update_id:int}/review", APPROVE),
)
HANDLERS: dict[tuple[str, str], Handler] = {
    ("GET", "/workflow"): deliverables_page, ("GET", "/workflow/deliverables.json"): deliverables_page,
    ("GET", "/workflow/deliverables/{deliverable_id}"): deliverable_page,
    ("POST", "/workflow/deliverables/{deliverable_id}/updates"): add_update_form,
    ("POST", "/workflow/deliverables/{deliverable_id}/edit"): edit_deliverable_form,
    ("POST", "/workflow/updates/{update_id:int}/edit"): edit_update_form,
    ("GET", "/workflow/review"): review_page, ("GET", "/workflow/review.json"): review_page,
    ("POST", "/workflow/updates/{update_id:int}/review"): review_form,
    ("GET", "/workflow/users"): users_page, ("POST", "/workflow/users"): add_user_form,
    ("POST", "/workflow/users/{username}/{action}"): user_action_form,
    ("GET", "/workflow/audit"): audit_page, ("GET", "/workflow/audit.json"): audit_page,
    ("GET", "/workflow/audit.csv"): audit_page,
    ("GET", "/api/workflow/deliverables"): api_deliverables,
    ("GET", "/api/workflow/deliverables/{deliverable_id}"): api_deliverable,
    ("POST", "/api/workflow/deliverables/{deliverable_id}/updates"): api_add_update,
    ("POST", "/api/workflow/updates/{update_id:int}/review"): review_form,
}
PUBLIC_ROUTES: dict[str, Handler] = {
    "/public": public_index, "/public/deliverables": public_deliverables,
    "/public/deliverables.json": public_deliverables, "/public/hate-crime": public_hate_crime,
    "/public/hate-crime.json": public_hate_crime, "/public/areas": public_areas, "/public/areas.json": public_areas,
}


def routes() -> list[Route]:
    table: list[Route] = auth.routes(guard)
    for method, path, _ in ROLE_ROUTES:
        table.append(Route(path, guard(HANDLERS[(method, path)]), methods=[method]))
    for path, handler in PUBLIC_ROUTES.items():
        table.append(Route(path, guard(handler), methods=["GET"]))
    table += auth.oidc_routes(guard)
    table.append(Route("/api/workflow/openapi.json", guard(api_openapi), methods=["GET"]))
    return table


def openapi(plan_names: list[str] | None = None, deliverable_ids: list[str] | None = None) -> dict:
    """The JSON API's OpenAPI 3 description (fuzzed by schemathesis in the tests); the default plan's
    deliverable ids and the plan names are listed as the values the parameters take."""
    error = {"description": "error",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    deliverable_id = {"name": "deliverable_id", "in": "path", "required": True,
                      "schema": {"type": "string", "maxLength": 40,
                                 **({"enum": deliverable_ids} if deliverable_ids else {})}}
    plan = {"name": "plan", "in": "query", "schema": {"type": "string", **({"enum": plan_names} if plan_names else {})}}
    csrf = {"name": "X-CSRF-Token", "in": "header", "required": True, "schema": {"type": "string"}}
    responses = {"400": error, "401": error, "403": error, "404": error}
    return {
        "openapi": "3.0.3",
        "info": {"title": "crimeplan workflow API", "version": "1"},
        "paths": {
            "/api/workflow/deliverables": {"get": {
                "operationId": "listDeliverables",
                "parameters": [{"name": "as_of", "in": "query", "schema": {"type": "string", "format": "date"}},
                               plan],
                "responses": {"200": {"description": "deliverables", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"type": "object"}}}}}, **responses}}},
            "/api/workflow/deliverables/{deliverable_id}": {"get": {
                "operationId": "getDeliverable", "parameters": [deliverable_id],
                "responses": {"200": {"description": "a deliverable with its approved updates",
                                      "content": {"application/json": {"schema": {"type": "object"}}}},
                              **responses}}},
            "/api/workflow/deliverables/{deliverable_id}/updates": {"post": {
                "operationId": "addUpdate", "parameters": [deliverable_id, csrf],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/NewUpdate"}}}},
                "responses": {"201": {"description": "the drafted update",
                                      "content": {"application/json": {"schema": {"type": "object"}}}},
                              "409": error, **responses}}},
            "/api/workflow/updates/{update_id}/review": {"post": {
                "operationId": "reviewUpdate",
                "parameters": [{"name": "update_id", "in": "path", "required": True,
                                "schema": {"type": "integer", "minimum": 0, "maximum": 2147483647}}, csrf],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Review"}}}},
                "responses": {"200": {"description": "the reviewed update",
                                      "content": {"application/json": {"schema": {"type": "object"}}}},
                              "409": error, **responses}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object"}}},
            "NewUpdate": {"type": "object", "properties": {
                "text": {"type": "string"}, "status": {"type": "string", "enum": list(dl.STATUSES)},
                "reason": {"type": "string"}, "evidence": {"type": "array", "items": {"type": "string"}},
                "covered_in": {"type": "string"}, "version": {"type": "integer"}}},
            "Review": {"type": "object", "required": ["decision", "version"], "properties": {
                "decision": {"type": "string", "enum": ["approve", "return"]}, "note": {"type": "string"},
                "version": {"type": "integer"}}},
        }},
    }


class ApprovedUpdates:
    """The portal's ``DeliverableUpdates``: each deliverable's latest approved update, status and
    overdue flag at the briefing date, by the rule of ``crimeplan.workflow.status``."""

    available = True

    def __init__(self, service) -> None:
        self.service = service

    def statuses(self, plan: Plan, as_of: date) -> dict[str, status_rule.StatusAt]:
        with self.service._lock:
            return status_rule.statuses(self.service.store, plan, as_of)


def workflow_app(portal_settings=None, workflow_settings: WorkflowSettings | None = None, *, store=None):
    """The portal with the workflow, sign-in and public routes."""
    from crimeplan.portal.app import build_app
    from crimeplan.portal.views import NavItem

    app = build_app(portal_settings, routes(), store=store,
                    extra_nav=(NavItem("/workflow", "Updates"), NavItem("/public", "Public view")))
    portal = app.state.portal
    portal.updates = ApprovedUpdates(portal.service)
    app.state.auth = auth.Auth(workflow_settings or load_settings())
    return app


__all__ = ["PUBLIC_ROUTES", "ROLE_ROUTES", "openapi", "routes", "workflow_app"]
