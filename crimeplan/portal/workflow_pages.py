"""The signed-in workflow pages (issue 7): deliverables and their updates, drafting, editing and review.

Handlers are thin: they check the session, role and CSRF token (``crimeplan.portal.auth``), call
``crimeplan.workflow`` under the store lock, and render; refusals are exceptions answered by
``crimeplan.portal.errors``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from crimeplan.errors import ConfigError
from crimeplan.plan import Plan
from crimeplan.portal.auth import form_data, locked, require
from crimeplan.portal.errors import wants_json
from crimeplan.portal.inputs import (
    as_of_date,
    evidence_links,
    kept_form,
    path_number,
    plan_of,
    text_field,
    whole_number,
)
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow import users
from crimeplan.workflow.errors import ConflictError
from crimeplan.workflow.roles import APPROVE, EDIT_DELIVERABLE, VIEW, may_draft


async def ensure_plan_stored(request: Request, plan: Plan) -> None:
    await locked(request, dl.ensure_plan, plan, "plan")


def render_page(request: Request, template: str, context: dict, status: int = 200) -> Response:
    return request.app.state.portal.render(request, template, context, status)


def base_context(session: users.Session | None, title: str) -> dict:
    return {"page": {"title": title}, "session": session, "csrf": session.csrf_token if session else "",
            "statuses": dl.STATUSES, "message": None, "conflict": False}


async def deliverables_page(request: Request) -> Response:
    session = await require(request, VIEW)
    plan = plan_of(request)
    await ensure_plan_stored(request, plan)
    as_of = as_of_date(request)
    states = await locked(request, dl.deliverable_states, plan, as_of)
    if request.url.path.endswith(".json"):
        return JSONResponse({"plan": plan.id, "as_of": as_of.isoformat(),
                             "deliverables": [s.to_dict() for s in states]})
    return render_page(request, "workflow/list.html", {**base_context(session, "Deliverables: updates and status"),
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
    return {**base_context(session, f"{d.deliverable_id}: {d.title}"), "plan": plan, "d": d, "updates": visible,
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
    plan = plan_of(request)
    await ensure_plan_stored(request, plan)
    context = await _deliverable_context(request, session, plan, request.path_params["deliverable_id"])
    return render_page(request, "workflow/deliverable.html", context)


async def add_update_form(request: Request) -> Response:
    session = await require(request, VIEW)
    plan = plan_of(request)
    deliverable_id = request.path_params["deliverable_id"]
    form = await form_data(request)
    kept = kept_form(form)
    try:
        await locked(request, dl.add_update, plan.id, deliverable_id, session.user.actor, text=kept["text"],
                     status=kept["status"] or None, reason=kept["reason"], evidence=evidence_links(form),
                     covered_in=kept["covered_in"], expected_version=whole_number(form.get("version"), "version"))
    except (ConflictError, ConfigError) as exc:
        context = await _deliverable_context(request, session, plan, deliverable_id)
        context.update(form=kept, message=str(exc), conflict=isinstance(exc, ConflictError))
        return render_page(request, "workflow/deliverable.html", context, exc.http_status)
    return RedirectResponse(f"/workflow/deliverables/{deliverable_id}?saved=1", status_code=303)


async def edit_deliverable_form(request: Request) -> Response:
    session = await require(request, EDIT_DELIVERABLE)
    plan = plan_of(request)
    deliverable_id = request.path_params["deliverable_id"]
    form = await form_data(request)
    await locked(request, dl.edit_deliverable, plan.id, deliverable_id, session.user.actor,
                 expected_version=whole_number(form.get("version"), "version"), title=text_field(form, "title"),
                 lead=text_field(form, "lead"), cadence=text_field(form, "cadence"),
                 covered_elsewhere=text_field(form, "covered_elsewhere"))
    return RedirectResponse(f"/workflow/deliverables/{deliverable_id}", status_code=303)


async def review_page(request: Request) -> Response:
    session = await require(request, APPROVE)
    plan = plan_of(request)
    pending = await locked(request, dl.pending_updates, plan.id)
    if request.url.path.endswith(".json"):
        return JSONResponse([u.to_dict() for u in pending])
    return render_page(request, "workflow/review.html",
                       {**base_context(session, "Updates awaiting review"), "plan": plan, "pending": pending})


async def review_form(request: Request) -> Response:
    session = await require(request, APPROVE)
    form = await form_data(request)
    decision = text_field(form, "decision")
    if decision not in ("approve", "return"):
        raise ConfigError(f"decision: expected approve or return, got {str(decision)[:20]!r}")
    update = await locked(request, dl.review_update, path_number(request, "update_id"), session.user.actor,
                          approve=decision == "approve", note=text_field(form, "note"),
                          expected_version=whole_number(form.get("version"), "version"))
    if wants_json(request):
        return JSONResponse(update.to_dict())
    return RedirectResponse("/workflow/review", status_code=303)


async def edit_update_form(request: Request) -> Response:
    """Save the author's next revision of a draft or returned update; refused (409, 400) with the
    deliverable page showing the submitted text in the edit form."""
    session = await require(request, VIEW)
    update_id = path_number(request, "update_id")
    form = await form_data(request)
    kept = kept_form(form)
    try:
        update = await locked(request, dl.edit_update, update_id, session.user.actor, text=kept["text"],
                              status=kept["status"] or None, reason=kept["reason"], evidence=evidence_links(form),
                              covered_in=kept["covered_in"],
                              expected_version=whole_number(form.get("version"), "version"))
    except (ConflictError, ConfigError) as exc:
        before = await locked(request, dl.get_update, update_id)
        plan = plan_of(request)
        if plan.id != before.plan_id:
            plan = request.app.state.portal.service.plan(before.plan_id)
        context = await _deliverable_context(request, session, plan, before.deliverable_id)
        context.update(editing={"update_id": update_id, **kept}, message=str(exc),
                       conflict=isinstance(exc, ConflictError))
        return render_page(request, "workflow/deliverable.html", context, exc.http_status)
    return RedirectResponse(f"/workflow/deliverables/{update.deliverable_id}", status_code=303)
