"""The headers every portal answer carries: the security headers, and ``Cache-Control: no-store`` on
signed-in pages, the JSON API and sign-in (so no shared cache keeps a user's page). One ASGI
middleware adds them to every route's answer; error pages get them from ``Portal.render``."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
PRIVATE_PREFIXES = ("/workflow", "/api/", "/login")
"""Paths answered per user: never stored by a browser or proxy."""


def is_private(path: str) -> bool:
    return path.startswith(PRIVATE_PREFIXES)


class ResponseHeaders:
    """ASGI middleware: the security headers (unless the route set its own, e.g. the HTML paper's
    CSP) and no-store on private paths."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = is_private(scope["path"])

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for key, value in SECURITY_HEADERS.items():
                    if key.lower() not in headers:
                        headers[key] = value
                if private:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
