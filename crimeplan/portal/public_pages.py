"""The public view: the plan's deliverables' progress and the disclosure-controlled tables, no sign-in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from crimeplan.periods import date_option
from crimeplan.portal import auth
from crimeplan.portal.auth import locked
from crimeplan.portal.inputs import plan_of
from crimeplan.portal.workflow_pages import base_context, render_page
from crimeplan.render.formatting import count
from crimeplan.workflow import public
from crimeplan.workflow.disclosure import SUPPRESSED_SYMBOL
from crimeplan.workflow.settings import WorkflowSettings


async def public_index(request: Request) -> Response:
    session = await auth.current_session(request)
    plan = plan_of(request)
    return render_page(request, "workflow/public.html", {**base_context(session, "Public view"), "plan": plan})


async def public_deliverables(request: Request) -> Response:
    plan = plan_of(request)
    items = await locked(request, public.public_deliverables, plan)
    if request.url.path.endswith(".json"):
        return JSONResponse({"plan": plan.id, "deliverables": [i.to_dict() for i in items]})
    title = "Progress on the plan's deliverables"
    return render_page(request, "workflow/public_deliverables.html",
                       {**base_context(None, title), "plan": plan, "items": items})


async def public_hate_crime(request: Request) -> Response:
    plan = plan_of(request)
    settings: WorkflowSettings = request.app.state.auth.settings
    table = await locked(request, public.religion_table, plan, settings)
    return _table_response(request, table)


async def public_areas(request: Request) -> Response:
    plan = plan_of(request)
    settings: WorkflowSettings = request.app.state.auth.settings
    params = request.query_params
    level = params.get("level", "lsoa")
    parent = params.get("parent") or plan.force or ""
    end = date_option("start/end", params.get("end"))
    start = date_option("start/end", params.get("start"))
    table = await locked(request, public.requested_area_table, parent, level, params.get("period"), start, end,
                         settings)
    return _table_response(request, table)


def _table_response(request: Request, table) -> Response:
    if request.url.path.endswith(".json"):
        return JSONResponse(table.to_dict())
    def show(v):
        return SUPPRESSED_SYMBOL if v is None else count(v)

    rows = [(label, [show(v) for v in cells], show(total))
            for label, cells, total in zip(table.row_labels, table.cells, table.row_totals, strict=True)]
    return render_page(request, "workflow/public_table.html", {
        **base_context(None, table.title), "table": table, "rows": rows,
        "col_totals": [show(v) for v in table.col_totals], "total": show(table.total),
        "symbol": SUPPRESSED_SYMBOL, "json_path": request.url.path + ".json"})
