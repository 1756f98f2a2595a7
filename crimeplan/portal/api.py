"""The workflow's JSON API and its OpenAPI description (fuzzed by schemathesis in the tests)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from crimeplan.portal.auth import form_data, locked, require
from crimeplan.portal.inputs import as_of_date, evidence_links, plan_of, text_field, whole_number
from crimeplan.portal.workflow_pages import ensure_plan_stored
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow.roles import VIEW


async def api_deliverables(request: Request) -> Response:
    await require(request, VIEW)
    plan = plan_of(request)
    await ensure_plan_stored(request, plan)
    states = await locked(request, dl.deliverable_states, plan, as_of_date(request))
    return JSONResponse([s.to_dict() for s in states])


async def api_deliverable(request: Request) -> Response:
    await require(request, VIEW)
    plan = plan_of(request)
    await ensure_plan_stored(request, plan)

    def load(store):
        d = dl.get_deliverable(store, plan.id, request.path_params["deliverable_id"])
        return {**d.to_dict(), "updates": [u.to_dict() for u in dl.history(store, plan.id, d.deliverable_id)
                                           if u.state == dl.APPROVED]}

    return JSONResponse(await locked(request, load))


async def api_add_update(request: Request) -> Response:
    session = await require(request, VIEW)
    plan = plan_of(request)
    await ensure_plan_stored(request, plan)
    body = await form_data(request)
    update = await locked(request, dl.add_update, plan.id, request.path_params["deliverable_id"],
                          session.user.actor, text=text_field(body, "text"), status=text_field(body, "status"),
                          reason=text_field(body, "reason"), evidence=evidence_links(body),
                          covered_in=text_field(body, "covered_in"),
                          expected_version=whole_number(body.get("version"), "version"))
    return JSONResponse(update.to_dict(), 201)


async def api_openapi(request: Request) -> Response:
    service = request.app.state.portal.service
    plan = service.plan(service.settings.plan)
    return JSONResponse(openapi(service.plan_names(), list(plan.deliverables)))


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
