"""Thin handlers: parse the controls, get the results (cached), build the page, answer in the format asked.

Every page answers as HTML, ``.json``, ``.csv`` and ``.xlsx`` (the suffix, or ``?format=``).

The performance pages are the same for every visitor (no session, form token or user name in
them), so ``cached_page`` keeps each rendered answer under (path, query, data version) and
answers again from memory until the data version changes; each answer carries a strong ETag (a
hash of its bytes, so every worker gives the same one) and ``Cache-Control: no-cache``, so a
browser revalidates and gets a bodiless 304 when nothing changed. Only 200 answers are kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from crimeplan.errors import NotFoundError
from crimeplan.periods import add_months
from crimeplan.portal import compare_pages, exports
from crimeplan.portal.catalogue import level_name
from crimeplan.portal.pages.area import area_page, areas_page
from crimeplan.portal.pages.deliverables import deliverables_page
from crimeplan.portal.pages.measure import measure_page
from crimeplan.portal.pages.milestones import milestones_page
from crimeplan.portal.pages.outcomes import outcomes_page
from crimeplan.portal.pages.overview import overview_page
from crimeplan.portal.pages.shapes import Page, in_percent
from crimeplan.portal.pages.status import status_page
from crimeplan.portal.paper import links as paper_links
from crimeplan.portal.params import VIEW_NAMES, Query, parse_format, request_query
from crimeplan.portal.service import REQUEST_VERSION_KEY, DataVersion, PortalService

PAPER_PAGES = frozenset({"overview", "milestones", "outcomes", "measure", "area", "deliverables"})
"""The performance pages, which link the board paper for what they show."""

RATE_AXIS = "% of crimes"
"""A rate chart's axis: outcomes per 100 crimes recorded (the chart draws in_percent's values)."""

MAX_SELECT_AREAS = 150
"""Levels with more areas than this are left out of the area drop-down (the Change area page lists them).
So are small areas (``WorkflowSettings.small_levels``): signed out, their pages are refused (403), and
the drop-down is the same for every visitor; the area pages and Change area link them."""


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str


NAV = (
    NavItem("/", "Overview"), NavItem("/milestones", "Milestones"), NavItem("/outcomes", "Outcome rates"),
    NavItem("/area", "Area"), NavItem("/compare", "Comparisons"), NavItem("/surveys", "Surveys"),
    NavItem("/deliverables", "Deliverables"), NavItem("/status", "Data status"),
)
WORKFLOW_NAV = (NavItem("/workflow", "Updates"), NavItem("/public", "Public view"))
"""The signed-in pages and the public view, after the performance pages."""


def portal(request: Request):
    return request.app.state.portal


def service(request: Request) -> PortalService:
    return request.app.state.portal.service


# --------------------------------------------------------------------------- page handlers


def overview(request: Request):
    q = request_query(request)
    return overview_page(q, _result(request, q), portal(request).updates), q


def milestones(request: Request):
    q = request_query(request)
    return milestones_page(q, _result(request, q)), q


def outcomes(request: Request):
    q = request_query(request)
    return outcomes_page(q, _result(request, q)), q


def measure(request: Request):
    q = request_query(request)
    return measure_page(q, _result(request, q), service(request), request.path_params["measure"]), q


def area(request: Request):
    q = request_query(request)
    return area_page(q, _result(request, q), service(request)), q


def areas(request: Request):
    q = request_query(request)
    return areas_page(q, service(request).catalogue(), _next_path(request)), q


def deliverables(request: Request):
    q = request_query(request)
    return deliverables_page(q, portal(request).updates), q


def status(request: Request):
    q = request_query(request) if service(request).catalogue().forces else None
    return status_page(service(request).catalogue()), q


def compare(request: Request):
    q = request_query(request)
    return compare_pages.compare_page(request, q), q


def surveys(request: Request):
    q = request_query(request)
    return compare_pages.surveys_page(request, q), q


def _result(request: Request, q: Query):
    return service(request).plan_result(q.plan, q.briefing_date, q.area, q.view)


def _next_path(request: Request) -> str:
    """Where a choice on the Change area page leads: one of the portal's own pages, nothing else."""
    wanted = request.query_params.get("next", "/")
    known = {item.path for item in NAV} | {"/areas"}
    if wanted in known or (wanted.startswith("/measures/") and wanted[10:].replace("_", "").isalnum()):
        return wanted
    return "/"


PAGES: dict[str, Callable] = {
    "overview": overview, "milestones": milestones, "outcomes": outcomes, "measure": measure, "area": area,
    "areas": areas, "deliverables": deliverables, "status": status, "compare": compare, "surveys": surveys,
}


def page_endpoint(name: str) -> Callable[[Request], Response]:
    build = PAGES[name]

    def endpoint(request: Request) -> Response:
        fmt = parse_format(request.query_params, request.path_params.get("fmt"))
        page, q = build(request)
        stem = name if name != "measure" else f"measure-{request.path_params['measure']}"
        table_id = request.query_params.get("table")
        if fmt == "json":
            return exports.json_response(page.data)
        if fmt == "csv":
            return exports.csv_response(page, table_id, stem)
        if fmt == "xlsx":
            return exports.xlsx_response(page, table_id, stem, sheet_note(page, q))
        return portal(request).render(request, page.template + ".html", page_context(request, page, q))

    endpoint.__name__ = f"{name}_page"
    return endpoint


def sheet_note(page: Page, q: Query | None) -> str:
    """What a workbook's sheets say under their tables: the source and what the page was drawn for."""
    shown = (f"; plan {q.plan.title}, {q.area.name}, briefing date {q.briefing_date:%-d %B %Y}, "
             f"{VIEW_NAMES[q.view].lower()}") if q else ""
    return f"Source: crimeplan performance portal, {page.title}{shown}."


def chart_svg(request: Request) -> Response:
    """The SPC chart of a measure as an SVG image (the page carries its text and table alternatives)."""
    from crimeplan.render.chartcache import cached_chart_svg

    q = request_query(request)
    measure_id = request.path_params["measure"]
    svc = service(request)
    if measure_id not in q.plan.measures and measure_id not in q.plan.rates:
        raise NotFoundError(f"unknown measure {measure_id!r}; plan {q.plan.id} has "
                            + ", ".join([*q.plan.measures, *q.plan.rates]))
    series = svc.measure_series(q.plan, measure_id, q.briefing_date, q.area, q.view)
    if series is None:
        raise NotFoundError(f"too few months of {measure_id} in {q.area.name} for a chart")
    is_rate = measure_id in q.plan.rates
    title = (q.plan.rates if is_rate else q.plan.measures)[measure_id].title
    result = svc.plan_result(q.plan, q.briefing_date, q.area, q.view)
    row = next((r for r in result.milestones.rows if r.measure == measure_id), None)
    target = (row.assurance or {}).get("monthly_target") if row else None
    unit = "rate" if is_rate else q.plan.measures[measure_id].unit

    # cached by its inputs (the SPC result and the options), shared with the board paper; rates in %
    svg = cached_chart_svg(in_percent(series.spc) if is_rate else series.spc, dates=list(series.months),
                           title=f"{title}, {q.area.name}", y_label=RATE_AXIS if is_rate else f"{unit} a month",
                           target=target)
    return Response(svg, media_type="image/svg+xml")


# --------------------------------------------------------------------------- rendered-page cache

PAGE_CACHE_CONTROL = "no-cache"
"""Browsers and proxies may keep a page but must revalidate it (If-None-Match) before showing it
again: a new load or an approved update shows at once, and an unchanged page costs a 304."""


@dataclass(frozen=True)
class CachedPage:
    """A rendered 200 answer: its bytes, its headers (content type, security headers, disposition;
    not its length or caching headers) and a strong ETag of the bytes."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str

    @classmethod
    def of(cls, response: Response) -> CachedPage | Response:
        """A 200 answer as a cacheable page; anything else back unchanged (never cached)."""
        if response.status_code != 200 or not isinstance(response.body, bytes):
            return response
        dropped = {"content-length", "etag", "cache-control"}
        headers = tuple((k, v) for k, v in response.headers.items() if k not in dropped)
        etag = '"' + hashlib.blake2b(response.body, digest_size=16).hexdigest() + '"'
        return cls(response.body, headers, etag)

    def response(self, if_none_match: str | None) -> Response:
        caching = {"ETag": self.etag, "Cache-Control": PAGE_CACHE_CONTROL}
        if if_none_match and etag_matches(if_none_match, self.etag):
            return Response(status_code=304, headers=caching)
        response = Response(self.body, status_code=200, headers=dict(self.headers))
        response.headers.update(caching)
        return response


def etag_matches(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/ prefixes are ignored."""
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)


def cached_page(endpoint: Callable[[Request], Response], *,
                figures_only: bool = False) -> Callable[[Request], Awaitable[Response]]:
    """``endpoint`` (sync, answering errors itself) served from the rendered-page cache, keyed by
    path, query and data version: all of it, or for a page that shows no deliverable update
    (``figures_only``) the loads and register only, so an approval leaves it cached.

    The data version is read once per request, in a worker thread (it is a query); a hit is answered
    on the event loop; a miss renders in a worker thread with that same version pinned, and other
    requests for the page meanwhile await it without holding a thread."""

    async def handler(request: Request) -> Response:
        svc = service(request)
        try:
            gate_read: DataVersion | None = getattr(request.state, REQUEST_VERSION_KEY, None)
            version = gate_read if gate_read is not None else await run_in_threadpool(svc.data_version)
        except Exception:  # noqa: BLE001 - the store is failing: the endpoint answers with the error page
            return await run_in_threadpool(endpoint, request)
        key = (request.url.path, tuple(sorted(request.query_params.multi_items())),
               version.figures_tag if figures_only else version.tag)

        def render() -> CachedPage | Response:
            with svc.pinned_version(version):
                return CachedPage.of(endpoint(request))

        page = await portal(request).pages.aget(key, lambda: run_in_threadpool(render),
                                                keep=lambda value: isinstance(value, CachedPage))
        if isinstance(page, CachedPage):
            return page.response(request.headers.get("if-none-match"))
        return page

    handler.__name__ = getattr(endpoint, "__name__", "handler")
    return handler


# --------------------------------------------------------------------------- shared context


def page_context(request: Request, page: Page, q: Query | None) -> dict:
    path = request.url.path
    base = path.rsplit(".", 1)[0] if "." in path.rsplit("/", 1)[-1] else path
    base = "/overview" if base == "/" else base
    qs = q.qs() if q else ""
    if page.context.get("export_qs"):
        qs = f"{qs}&{page.context['export_qs']}"
    return {
        "page": page, "q": q, "ctx": page.context,
        "nav": [(item, _is_current(item.path, base)) for item in portal(request).nav],
        "controls": controls(request, q, path) if q else None,
        "paper": paper_links(q) if q and page.template in PAPER_PAGES else None,
        "exports": {"json": f"{base}.json?{qs}", "csv": f"{base}.csv?{qs}", "xlsx": f"{base}.xlsx?{qs}"},
        "table_export": lambda t: {"csv": f"{base}.csv?{qs}&{urlencode({'table': t.id})}",
                                   "xlsx": f"{base}.xlsx?{qs}&{urlencode({'table': t.id})}"},
        "link": lambda p, **kw: f"{p}?{q.qs(**kw)}" if q else p,
    }


def _is_current(item_path: str, base: str) -> bool:
    return (item_path == "/" and base == "/overview") or item_path == base


def controls(request: Request, q: Query, path: str) -> dict:
    svc = service(request)
    catalogue = svc.catalogue()
    groups = [("Forces", [(f.force.key, f.force.name, f.force.key == q.area.key) for f in catalogue.forces])]
    small = request.app.state.auth.settings.small_levels
    for level, items in q.force.levels():
        listed = len(items) <= MAX_SELECT_AREAS and level not in small
        shown = items if listed else [a for a in items if a.key == q.area.key]
        if shown:
            groups.append((level_name(level), [(a.key, a.name, a.key == q.area.key) for a in shown]))
    plans = [(name, svc.plan(name).title, name == q.plan_name) for name in svc.plan_names()]
    first = q.force.first_month
    action = path if "." not in path.rsplit("/", 1)[-1] else path.rsplit(".", 1)[0]
    return {
        "action": action, "from_area": q.area.key, "notices": q.notices, "plans": plans, "area_groups": groups,
        "views": [(v, VIEW_NAMES[v], v == q.view) for v in VIEW_NAMES],
        "briefing_date": q.briefing_date.isoformat(),
        "min_date": add_months(first, 1).isoformat() if first else "",
        "change_area": f"/areas?{q.qs(next=action)}",
        "plan_force_warning": (f"The plan {q.plan.title} is written for {q.plan.force}; figures for "
                               f"{q.force.force.name} may not mean what its measures say.")
        if q.plan.force and q.plan.force != q.force.force.code else None,
    }
