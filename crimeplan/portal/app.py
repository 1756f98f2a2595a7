"""The portal's composition root: settings, store, templates and the route table, wired together.

``build_app(settings, extra_routes=(), …)`` returns the ASGI app; other modules (accounts, deliverable
updates, the public view) add their own routes, navigation items, middleware, templates and an update
store through its keyword arguments (docs/portal.md). ``serve(db=…, host=…, port=…, plan=…)`` runs it
with uvicorn; ``request_once(app, path)`` answers one request without a server (``crimeplan serve --get``).

The error handler here is the second of the two places where a ``CrimeplanError`` becomes a message
(the first is ``crimeplan.cli.main``): a 4xx page, or a JSON error for ``.json`` requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Message

from crimeplan.errors import CrimeplanError
from crimeplan.portal import compare_pages, exports, paper, views
from crimeplan.portal.cache import PAGE_CACHE_SIZE, ResultCache
from crimeplan.portal.pages import DeliverableUpdates, NoUpdates
from crimeplan.portal.service import PortalService, PortalSettings
from crimeplan.store import Store

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
SUFFIXES = "{fmt:fmt}"
log = logging.getLogger("crimeplan.portal")

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class Portal:
    """What handlers share: the service (store, plans, cache), templates, navigation, the update store
    and the rendered-page cache (``views.cached_page``)."""

    def __init__(self, settings: PortalSettings, *, store: Store | None = None,
                 updates: DeliverableUpdates | None = None, template_dirs: Sequence[str | Path] = (),
                 extra_nav: Sequence[views.NavItem] = ()) -> None:
        self.settings = settings
        self.service = PortalService(settings, store)
        self.pages = ResultCache(PAGE_CACHE_SIZE)
        self.updates: DeliverableUpdates = updates or NoUpdates()
        self.nav = tuple(views.NAV) + tuple(extra_nav)
        loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader([str(d) for d in template_dirs]),
                                      jinja2.FileSystemLoader(str(TEMPLATES))])
        self.env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                                      trim_blocks=True, lstrip_blocks=True)

    def render(self, request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        """Render a template in the portal's layout (``base.html``); other modules call this too."""
        base = {"settings": self.settings, "request": request, "nav": [(i, False) for i in self.nav],
                "controls": None, "q": None, "exports": None, "paper": None, "ctx": {}}
        html = self.env.get_template(template).render({**base, **context})
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def _fmt_convertor():
    from starlette.convertors import Convertor, register_url_convertor

    class FormatConvertor(Convertor):
        regex = "json|csv|xlsx|html"

        def convert(self, value: str) -> str:
            return value

        def to_string(self, value: str) -> str:
            return value

    register_url_convertor("fmt", FormatConvertor())

    class PaperFormatConvertor(FormatConvertor):
        regex = "|".join(paper.PAPER_FORMATS)

    register_url_convertor("paperfmt", PaperFormatConvertor())


_fmt_convertor()


def guarded(endpoint: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """Every deliberate error becomes a 4xx page (or JSON); anything else a 500 without a traceback."""

    def handler(request: Request) -> Response:
        try:
            response = endpoint(request)
        except CrimeplanError as exc:
            return error_response(request, exc.http_status, str(exc))
        except Exception as exc:  # a bug: say so in one line, log the traceback
            log.exception("internal error on %s", request.url.path)
            detail = f"{type(exc).__name__}: {exc}" if request.app.state.portal.settings.debug else \
                "the portal could not draw this page; the error has been logged"
            return error_response(request, 500, f"internal error: {detail}")
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    handler.__name__ = getattr(endpoint, "__name__", "handler")
    return handler


TITLES = {400: "There is a problem with the request", 404: "Page not found", 405: "Method not allowed",
          500: "Sorry, there is a problem with the service"}


def wants_json(request: Request) -> bool:
    return request.url.path.endswith(".json") or request.query_params.get("format") == "json" or \
        "application/json" in request.headers.get("accept", "").split(",")[0]


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return exports.json_response({"error": {"status": status, "message": message}}, status)
    portal: Portal = request.app.state.portal
    title = TITLES.get(status, TITLES[400] if status < 500 else TITLES[500])
    sentence = message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
    return portal.render(request, "error.html", {"status": status, "title": title, "message": sentence,
                                                 "back": _safe_back(request)}, status)


def _safe_back(request: Request) -> str:
    ref = request.headers.get("referer", "")
    parts = urlsplit(ref)
    if ref and parts.netloc == request.url.netloc and parts.path != request.url.path:
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return "/"


async def http_error(request: Request, exc: HTTPException) -> Response:
    message = {404: f"there is no page at {request.url.path}", 405: f"{request.method} is not allowed here"}.get(
        exc.status_code, str(exc.detail))
    return error_response(request, exc.status_code, message)


def page(endpoint: Callable[[Request], Response]):
    """A performance page: the same for every visitor, so answered from the rendered-page cache."""
    return views.cached_page(guarded(endpoint))


def routes() -> list[BaseRoute]:
    """The portal's own route table (each page also answers with a .json/.csv/.xlsx suffix). Pages
    are drawn in worker threads (store queries, rendering); only cached answers are sent from the
    event loop (``views.cached_page``)."""
    table: list[BaseRoute] = [Route("/", page(views.page_endpoint("overview")), name="home")]
    for path, name in (("/overview", "overview"), ("/milestones", "milestones"), ("/outcomes", "outcomes"),
                       ("/area", "area"), ("/areas", "areas"), ("/deliverables", "deliverables"),
                       ("/status", "status"), ("/compare", "compare"), ("/surveys", "surveys")):
        endpoint = page(views.page_endpoint(name))
        table += [Route(f"{path}.{SUFFIXES}", endpoint, name=f"{name}-export"), Route(path, endpoint, name=name)]
    measure = page(views.page_endpoint("measure"))
    table += [
        Route("/measures/{measure}/chart.svg", page(views.chart_svg), name="chart"),
        Route("/measures/{measure}." + SUFFIXES, measure, name="measure-export"),
        Route("/measures/{measure}", measure, name="measure"),
        Route("/paper.{fmt:paperfmt}", page(paper.paper), name="paper"),
        Route("/compare/funnel.svg", page(compare_pages.chart_endpoint("funnel")), name="compare-funnel"),
        Route("/compare/ranked.svg", page(compare_pages.chart_endpoint("ranked")), name="compare-ranked"),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    return table


def build_app(settings: PortalSettings | None = None, extra_routes: Sequence[BaseRoute] = (), *,
              store: Store | None = None, updates: DeliverableUpdates | None = None,
              template_dirs: Sequence[str | Path] = (), extra_nav: Sequence[views.NavItem] = (),
              middleware: Sequence[Middleware] = ()) -> Starlette:
    """The portal as an ASGI app.

    ``extra_routes`` come before the portal's own (so a module may also replace a page);
    ``template_dirs`` are searched before the portal's templates (extend ``base.html``);
    ``extra_nav`` adds navigation items; ``middleware`` (e.g. sessions) wraps every route;
    ``updates`` supplies deliverables' latest updates (see ``pages.DeliverableUpdates``).
    """
    settings = settings or PortalSettings()
    portal = Portal(settings, store=store, updates=updates, template_dirs=template_dirs, extra_nav=extra_nav)
    app = Starlette(debug=False, routes=[*extra_routes, *routes()], middleware=list(middleware),
                    # Starlette types every handler as taking any Exception, so one typed for the exception it
                    # is registered for is refused (Callable parameters are contravariant; starlette issue 2391)
                    exception_handlers={HTTPException: http_error},  # type: ignore[dict-item]
                    lifespan=_lifespan(portal, owns_store=store is None))
    app.state.portal = portal
    return app


def _lifespan(portal: Portal, *, owns_store: bool):
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        if owns_store:
            portal.service.close()

    return lifespan


def full_app(settings: PortalSettings) -> Starlette:
    """The portal as served: the performance pages plus sign-in, deliverable updates and the public
    view (crimeplan.portal.workflow_views extends ``build_app`` through its extension points)."""
    from crimeplan.portal.workflow_views import workflow_app

    return workflow_app(settings)


def serve(db: str | None = None, host: str = "127.0.0.1", port: int = 8000, plan: str = "wmp-2013-14",
          *, debug: bool = False) -> None:
    """Run the portal with uvicorn (one process) until interrupted. The socket is bound before the
    address is printed, so with ``port=0`` the line names the port the OS chose (and it is already taken)."""
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    app = full_app(PortalSettings(db=db, plan=plan, debug=debug))
    app.state.portal.service.catalogue()  # open and migrate the store before the first request
    # proxy_headers off: uvicorn would otherwise take the client from X-Forwarded-For of any local peer;
    # crimeplan reads that header itself, only from CRIMEPLAN_TRUSTED_PROXIES (portal.auth.client_address).
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", proxy_headers=False))
    sock = server.config.bind_socket()
    shown = f"[{host}]" if ":" in host else host
    print(f"crimeplan portal: http://{shown}:{sock.getsockname()[1]}/ (Ctrl+C to stop)", flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C: uvicorn shuts down, then re-raises it
        server.run(sockets=[sock])
    if not server.started:  # as uvicorn.run: the app failed to start
        raise SystemExit(STARTUP_FAILURE)


def request_once(app: Starlette, path: str) -> tuple[int, dict[str, str], bytes]:
    """Answer one GET request without a server: (status, headers, body)."""
    parts = urlsplit(path if path.startswith("/") else "/" + path)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": parts.path, "raw_path": parts.path.encode(),
             "query_string": parts.query.encode(), "root_path": "",
             "headers": [(b"host", b"localhost")], "client": ("127.0.0.1", 0), "server": ("localhost", 80)}
    status = 500
    headers: dict[str, str] = {}
    body = bytearray()

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            headers.update({k.decode("latin-1"): v.decode("latin-1") for k, v in message.get("headers", [])})
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    asyncio.run(app(scope, receive, send))
    return status, headers, bytes(body)
