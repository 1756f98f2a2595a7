"""The portal's composition root: settings, store, templates, the route table and the error handlers,
wired together into the one application ``crimeplan serve`` runs and the tests test.

``build_app(settings, workflow_settings, store=…)`` returns the ASGI app: the performance pages (each
also as .json/.csv/.xlsx), the board paper, sign-in, the workflow pages and JSON API, and the public
view. Errors become answers in one place (``crimeplan.portal.errors.EXCEPTION_HANDLERS``); every
answer carries the security headers (``crimeplan.portal.headers``). ``serve(db=…, host=…, port=…,
plan=…)`` runs it with uvicorn; ``request_once(app, path)`` answers one request without a server
(``crimeplan serve --get``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Message

from crimeplan.portal import auth, compare_pages, paper, views, workflow_routes
from crimeplan.portal.cache import PAGE_CACHE_SIZE, ResultCache
from crimeplan.portal.disclosure_gate import SmallAreaGate
from crimeplan.portal.errors import EXCEPTION_HANDLERS
from crimeplan.portal.headers import SECURITY_HEADERS, ResponseHeaders
from crimeplan.portal.limits import TimeLimit
from crimeplan.portal.pages.deliverables import ApprovedUpdates, DeliverableUpdates
from crimeplan.portal.params import default_results
from crimeplan.portal.service import PortalService, PortalSettings
from crimeplan.store import Store
from crimeplan.workflow.settings import WorkflowSettings, load_settings

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
FAVICON = STATIC / "favicon.svg"
"""The portal's icon (ours: a line chart on the header's colours), also answered at /favicon.ico,
where browsers and tools ask without reading the page's <link rel="icon">."""
SUFFIXES = "{fmt:fmt}"
log = logging.getLogger("crimeplan.portal")


class Portal:
    """What handlers share: the service (store, plans, cache), templates, navigation, the update store
    and the rendered-page cache (``views.cached_page``)."""

    def __init__(self, settings: PortalSettings, *, store: Store | None = None) -> None:
        self.settings = settings
        self.service = PortalService(settings, store)
        self.service.warm_also(lambda: default_results(self.service))
        self.pages = ResultCache(PAGE_CACHE_SIZE)
        self.updates: DeliverableUpdates = ApprovedUpdates(self.service)
        self.nav = (*views.NAV, *views.WORKFLOW_NAV)
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                      undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    def render(self, request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        """Render a template in the portal's layout (``base.html``); other modules call this too."""
        base = {"settings": self.settings, "request": request, "nav": [(i, False) for i in self.nav],
                "controls": None, "q": None, "exports": None, "paper": None, "ctx": {}}
        html = self.env.get_template(template).render({**base, **context})
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


class FormatConvertor(Convertor[str]):
    """``{fmt:fmt}``: a page's export format."""

    regex = "json|csv|xlsx|html"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


class PaperFormatConvertor(FormatConvertor):
    """``{fmt:paperfmt}``: the board paper's formats."""

    regex = "|".join(paper.PAPER_FORMATS)


register_url_convertor("fmt", FormatConvertor())
register_url_convertor("paperfmt", PaperFormatConvertor())


FIGURES_ONLY = frozenset({"milestones", "outcomes", "area", "areas", "measure"})
"""The pages (and their exports) that show figures and no deliverable update: drawn again after a load
or register change, not after an update or approval (the overview, deliverables, paper, status and
comparison pages show audited changes, ``views.cached_page``)."""


def page(endpoint: Callable[[Request], Response], name: str = ""):
    """A performance page: the same for every visitor, so answered from the rendered-page cache."""
    return views.cached_page(endpoint, figures_only=name in FIGURES_ONLY)


def favicon(request: Request) -> Response:
    return FileResponse(FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


def routes() -> list[BaseRoute]:
    """The portal's own route table (each page also answers with a .json/.csv/.xlsx suffix). Pages
    are drawn in worker threads (store queries, rendering); only cached answers are sent from the
    event loop (``views.cached_page``)."""
    table: list[BaseRoute] = [Route("/", page(views.page_endpoint("overview")), name="home")]
    for path, name in (("/overview", "overview"), ("/milestones", "milestones"), ("/outcomes", "outcomes"),
                       ("/area", "area"), ("/areas", "areas"), ("/deliverables", "deliverables"),
                       ("/status", "status"), ("/compare", "compare"), ("/surveys", "surveys")):
        endpoint = page(views.page_endpoint(name), name)
        table += [Route(f"{path}.{SUFFIXES}", endpoint, name=f"{name}-export"), Route(path, endpoint, name=name)]
    measure = page(views.page_endpoint("measure"), "measure")
    table += [
        Route("/measures/{measure}/chart.svg", page(views.chart_svg, "measure"), name="chart"),
        Route("/measures/{measure}." + SUFFIXES, measure, name="measure-export"),
        Route("/measures/{measure}", measure, name="measure"),
        Route("/paper.{fmt:paperfmt}", page(paper.paper), name="paper"),
        Route("/compare/funnel.svg", page(compare_pages.chart_endpoint("funnel")), name="compare-funnel"),
        Route("/compare/ranked.svg", page(compare_pages.chart_endpoint("ranked")), name="compare-ranked"),
        Route("/favicon.ico", favicon, name="favicon"),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    return table


def build_app(settings: PortalSettings | None = None, workflow_settings: WorkflowSettings | None = None, *,
              store: Store | None = None) -> Starlette:
    """The portal as an ASGI app: every page, sign-in, the workflow, the API and the public view.
    ``store`` (tests): an open store to use instead of opening ``settings.db`` (then left open)."""
    settings = settings or PortalSettings()
    portal = Portal(settings, store=store)
    app = Starlette(debug=False, routes=[*workflow_routes.routes(), *routes()],
                    middleware=[Middleware(ResponseHeaders), Middleware(TimeLimit), Middleware(SmallAreaGate)],
                    exception_handlers=EXCEPTION_HANDLERS,
                    lifespan=_lifespan(portal, owns_store=store is None))
    app.state.portal = portal
    app.state.auth = auth.Auth(workflow_settings or load_settings())
    return app


full_app = build_app
"""The name ``crimeplan serve`` and older tests use for the one app."""


def _lifespan(portal: Portal, *, owns_store: bool):
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        yield
        if owns_store:
            portal.service.close()
        else:
            portal.service.warmup.stop()   # a store handed in stays open; the warm-up ends with the app

    return lifespan


def serve(db: str | None = None, host: str = "127.0.0.1", port: int = 8000, plan: str = "wmp-2013-14",
          *, debug: bool = False) -> None:
    """Run the portal with uvicorn (one process) until interrupted. The socket is bound before the
    address is printed, so with ``port=0`` the line names the port the OS chose (and it is already taken)."""
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    app = full_app(PortalSettings(db=db, plan=plan, debug=debug, warm_up=True))
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

    try:
        _run_to_end(app(scope, receive, send))
    except Exception:  # a bug, already answered with the 500 page: Starlette re-raises it for the log
        log.exception("internal error on %s", parts.path)
    return status, headers, bytes(body)


def _run_to_end(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run ``coroutine`` to its end from synchronous code, in a thread of its own when this thread already
    runs an event loop (a notebook, or a program embedding the portal), where asyncio.run refuses."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(coroutine)
        return
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coroutine).result()
