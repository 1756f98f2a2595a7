"""Where an exception becomes an answer: the portal's Starlette ``exception_handlers``, in one place.

A ``CrimeplanError`` is a deliberate refusal (its ``http_status``, a one-line message); a missing
sign-in redirects to /login (401 for JSON); Starlette's own 404 and 405 get the same page; anything
else is a bug: a 500 saying so in one line, the traceback left to the server's log. JSON requests
(``wants_json``: the API, a ``.json`` path, ``?format=json`` or an Accept header asking first for
JSON) get ``{"error": {"status": …, "message": …}}``, every other request the error page.
This and ``crimeplan.cli.main`` are the two places a ``CrimeplanError`` becomes a message.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from crimeplan.errors import CrimeplanError
from crimeplan.portal import auth
from crimeplan.portal.auth import LoginRequired
from crimeplan.portal.exports import json_text
from crimeplan.portal.headers import SECURITY_HEADERS, is_private
from crimeplan.workflow.errors import ConflictError

log = logging.getLogger("crimeplan.portal")

TITLES = {400: "There is a problem with the request", 404: "Page not found", 405: "Method not allowed",
          500: "Sorry, there is a problem with the service"}


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path.endswith(".json") or request.query_params.get("format") == "json" or \
        "application/json" in request.headers.get("accept", "").split(",")[0]


def error_response(request: Request, status: int, message: str, **extra: Any) -> Response:
    """The answer for an error: JSON (with ``extra`` fields) or the error page in the portal's layout."""
    if wants_json(request):
        body = json_text({"error": {"status": status, "message": message, **extra}}) + "\n"
        response: Response = Response(body, status_code=status, media_type="application/json",
                                      headers=SECURITY_HEADERS)
    else:
        title = TITLES.get(status, TITLES[400] if status < 500 else TITLES[500])
        sentence = message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
        response = request.app.state.portal.render(request, "error.html", {
            "status": status, "title": title, "message": sentence, "back": safe_back(request)}, status)
    if is_private(request.url.path):
        response.headers["Cache-Control"] = "no-store"
    return response


def safe_back(request: Request) -> str:
    """The "Go back" link: the referring page if it is one of ours and not this one, else the overview."""
    ref = request.headers.get("referer", "")
    parts = urlsplit(ref)
    if ref and parts.netloc == request.url.netloc and parts.path != request.url.path:
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


async def crimeplan_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CrimeplanError)
    if isinstance(exc, ConflictError):
        return error_response(request, exc.http_status, str(exc), kept=exc.kept, current_version=exc.current_version)
    return error_response(request, exc.http_status, str(exc))


async def login_required(request: Request, exc: Exception) -> Response:
    if wants_json(request):
        return error_response(request, LoginRequired.http_status, str(exc))
    return auth.login_redirect(request)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = {404: f"there is no page at {request.url.path}", 405: f"{request.method} is not allowed here"}.get(
        exc.status_code, str(exc.detail))
    return error_response(request, exc.status_code, message)


async def internal_error(request: Request, exc: Exception) -> Response:
    """A bug: one line for the user (the exception itself only in debug mode); Starlette then re-raises
    it so the server logs the traceback."""
    debug = request.app.state.portal.settings.debug
    detail = f"{type(exc).__name__}: {exc}" if debug else \
        "the portal could not draw this page; the error has been logged"
    return error_response(request, 500, f"internal error: {detail}")


EXCEPTION_HANDLERS = {HTTPException: http_error, LoginRequired: login_required, CrimeplanError: crimeplan_error,
                      Exception: internal_error}
"""For ``Starlette(exception_handlers=…)``: the most specific class of the exception raised wins."""
