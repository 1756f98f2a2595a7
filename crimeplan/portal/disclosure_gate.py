"""Signed-out visitors see small areas only through the public view's disclosure control.

``SmallAreaGate`` is ASGI middleware in front of the performance pages and their exports: a request
without a session for an area at a small level (``small_area_levels``), or for an area whose
breakdown tables list small areas, is refused with 403 and told where the protected table is
(``crimeplan.workflow.public.signed_out_refusal``; docs/disclosure.md). Signed-in users see every
page as before. The pages stay the same for everyone who may see them, so the page cache is kept.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from crimeplan.portal import auth
from crimeplan.portal.limits import plain_error
from crimeplan.portal.service import REQUEST_VERSION_KEY
from crimeplan.workflow import public

GATED_PREFIXES = ("/measures/", "/paper.")
"""Paths (by prefix) that show counts of the area asked for."""
GATED_PAGES = frozenset({"/", "/overview", "/milestones", "/outcomes", "/area", "/compare", "/surveys"})
"""Pages (each also with a .json/.csv/.xlsx/.html suffix) that show counts of the area asked for."""


def gated(path: str) -> bool:
    if path.startswith(GATED_PREFIXES):
        return True
    stem, dot, suffix = path.rpartition(".")
    return path in GATED_PAGES or (bool(dot) and stem in GATED_PAGES and suffix in ("json", "csv", "xlsx", "html"))


class SmallAreaGate:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._tree: tuple[Any, public.AreaTree] | None = None

    def _area_tree(self, service: Any, version: Any) -> public.AreaTree:
        if self._tree is None or self._tree[0] != version:
            with service._lock:
                self._tree = (version, public.area_tree(service.store))
        return self._tree[1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not gated(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        areas = query.get("area") or []
        app = scope.get("app")
        auth_state = getattr(getattr(app, "state", None), "auth", None)
        if not areas or auth_state is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        if await auth.current_session(request) is not None:
            await self.app(scope, receive, send)
            return
        service = app.state.portal.service  # type: ignore[union-attr]
        version = await run_in_threadpool(service.data_version)
        scope.setdefault("state", {})[REQUEST_VERSION_KEY] = version  # the page reads it, not the store again
        tree = await run_in_threadpool(self._area_tree, service, version)
        small = auth_state.settings.small_levels
        for spec in areas:
            reason = public.signed_out_refusal(tree, spec, small)
            if reason:
                await plain_error(scope, send, 403, reason)
                return
        await self.app(scope, receive, send)
