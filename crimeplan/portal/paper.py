"""The board paper from the portal: ``/paper.pdf``, ``/paper.docx`` and ``/paper.html`` for the plan,
area, briefing date and period on screen, by the same code as ``crimeplan report``
(``crimeplan.report.build_report`` and ``render``) from the service's cached plan result.

Every performance page links the three (``links``); the answers are cached like the pages
(``views.cached_page``: keyed by path, query and data version, so an approved update or a load
draws the paper again).
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response

from crimeplan.errors import ConfigError
from crimeplan.portal.params import Query, request_query

PAPER_FORMATS = {"pdf": ("application/pdf", "PDF"),
                 "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"),
                 "html": ("text/html; charset=utf-8", "HTML")}
"""The paper's formats (those of ``crimeplan.report.FORMATS``): media type and the link's label."""

HTML_PAPER_CSP = ("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'; "
                  "form-action 'none'; frame-ancestors 'none'")
"""The HTML paper is standalone (its stylesheet inline, figures embedded): no scripts, nothing fetched."""


def links(q: Query) -> tuple[tuple[str, str], ...]:
    """(label, href) of the paper in each format for the page's plan, area, briefing date and period."""
    return tuple((label, f"/paper.{fmt}?{q.qs()}") for fmt, (_, label) in PAPER_FORMATS.items())


def paper_bytes(request: Request, q: Query, fmt: str) -> bytes:
    """The paper's file, as ``crimeplan report --format FMT`` writes it for the same choices."""
    from crimeplan.report import build_report, gather, render
    from crimeplan.report.updates import latest_approved

    svc = request.app.state.portal.service
    result = svc.plan_result(q.plan, q.briefing_date, q.area, q.view)
    with svc._lock:
        updates = latest_approved(svc.store, q.plan.id, result.briefing_date)
        loads = svc.store.loads()
        data = gather(svc.store, result, settings=request.app.state.auth.settings)
    context = build_report(result, updates=updates, loads=loads, data=data)
    return render(context, fmt)


def paper(request: Request) -> Response:
    fmt = request.path_params["fmt"]
    if fmt not in PAPER_FORMATS:
        raise ConfigError(f"paper format: expected one of {', '.join(PAPER_FORMATS)}, got {fmt!r}")
    q = request_query(request)
    media_type = PAPER_FORMATS[fmt][0]
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"board-paper-{q.plan.id}-{q.area.code}-{q.briefing_date.isoformat()}")
    disposition = "inline" if fmt in ("pdf", "html") else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{stem}.{fmt}"'}
    if fmt == "html":
        headers["Content-Security-Policy"] = HTML_PAPER_CSP
    return Response(paper_bytes(request, q, fmt), media_type=media_type, headers=headers)
