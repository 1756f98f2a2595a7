"""The route table of the signed-in and public pages: sign-in, the workflow pages, accounts and audit,
the JSON API and the public view. ``ROLE_ROUTES`` names each protected route's permission (the role
matrix test walks it); errors are answered by ``crimeplan.portal.errors`` for every route alike."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from crimeplan.portal import auth
from crimeplan.portal.account_pages import add_user_form, audit_page, user_action_form, users_page
from crimeplan.portal.api import api_add_update, api_deliverable, api_deliverables, api_openapi
from crimeplan.portal.public_pages import public_areas, public_deliverables, public_hate_crime, public_index
from crimeplan.portal.workflow_pages import (
    add_update_form,
    deliverable_page,
    deliverables_page,
    edit_deliverable_form,
    edit_update_form,
    review_form,
    review_page,
)
from crimeplan.workflow.roles import APPROVE, EDIT_DELIVERABLE, MANAGE_USERS, READ_AUDIT, VIEW

Handler = Callable[[Request], Awaitable[Response]]


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
    table: list[Route] = auth.routes()
    for method, path, _ in ROLE_ROUTES:
        table.append(Route(path, HANDLERS[(method, path)], methods=[method]))
    for path, handler in PUBLIC_ROUTES.items():
        table.append(Route(path, handler, methods=["GET"]))
    table += auth.oidc_routes()
    table.append(Route("/api/workflow/openapi.json", api_openapi, methods=["GET"]))
    return table
