"""The page controls: plan, briefing date, area and period view, validated once at the boundary.

Every value is checked against a closed set (plans, views, formats) or parsed (dates) or resolved
through the store's area list by bound parameters: nothing from the request reaches SQL as text.
Defaults: the server's plan (or the plan made for the chosen area's force), the plan's force (or
the first loaded force no shipped plan is fixed to), the first day after the force's latest
loaded month, year to date.

The plan and the briefing date follow the area: a form keeps the plan and date of the page it was
on, so choosing another force's area may bring a plan made for another force's data or a date
outside this force's months. Then the page is drawn for the plan made for the area's force and its
latest complete data, and says so (``Query.notices``), with a link to what was asked for where
it fits. The controls and the Change area links name the area they were drawn for (``from_area``,
never in a page's own links): when it belongs to another force, a plan not made for this force
and a briefing date after this force's data follow too (a date typed for the same force is kept,
with a notice, for the deliverables).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from starlette.requests import Request

from crimeplan.errors import ConfigError, MetricError, NotFoundError
from crimeplan.metrics.areas import resolve_area
from crimeplan.metrics.milestones import VIEWS
from crimeplan.metrics.results import Area
from crimeplan.periods import date_option, last_complete_month
from crimeplan.plan import Plan
from crimeplan.portal.catalogue import ForceAreas
from crimeplan.portal.service import PortalService

FORMATS = ("html", "json", "csv", "xlsx")
VIEW_NAMES = {"ytd": "Year to date", "rolling12": "Rolling 12 months"}
_AREA = re.compile(r"(?:[a-z][a-z0-9_]{0,19}:)?[A-Za-z0-9][A-Za-z0-9_.&'\- ]{0,99}")


@dataclass(frozen=True)
class Notice:
    """Why the page shows another plan or briefing date than the request asked for; ``link`` is the
    query (``params``) of a page that shows what was asked for, with its label."""

    text: str
    link: tuple[tuple[tuple[str, str], ...], str] | None = None

    @property
    def link_qs(self) -> str:
        return urlencode(dict(self.link[0])) if self.link else ""


@dataclass(frozen=True)
class Query:
    """The state every page is drawn for."""

    plan_name: str
    plan: Plan
    briefing_date: date
    area: Area
    view: str
    force: ForceAreas
    notices: tuple[Notice, ...] = ()

    def params(self, **overrides: str) -> dict[str, str]:
        values = {"plan": self.plan_name, "briefing_date": self.briefing_date.isoformat(), "area": self.area.key,
                  "view": self.view}
        values.update(overrides)
        return values

    def qs(self, **overrides: str) -> str:
        return urlencode(self.params(**overrides))

    def move_qs(self, area: str) -> str:
        """The query of this page for ``area``, naming the area it was drawn for (``from_area``: the
        plan and date follow when ``area`` is in another force)."""
        return self.qs(area=area, from_area=self.area.key)


def parse_query(params: Mapping[str, str], service: PortalService) -> Query:
    catalogue = service.catalogue()
    if not catalogue.forces:
        raise NotFoundError("no crimes are loaded yet; load data with `crimeplan ingest` or `crimeplan demo`")
    plan_name = (params.get("plan") or "").strip()
    area_spec = (params.get("area") or "").strip()
    plan = service.plan(plan_name) if plan_name else None
    area = _area(service, area_spec) if area_spec else None
    if area is None:
        area = _default_area(service, plan or service.plan(service.settings.plan))
    force = catalogue.force_of(area)
    if force is None:
        raise NotFoundError(f"no crimes are loaded for area {area.key!r} ({area.name}); loaded forces: "
                            + ", ".join(f.force.code for f in catalogue.forces))
    view = (params.get("view") or "ytd").strip()
    if view not in VIEWS:
        raise ConfigError(f"view: expected one of {', '.join(VIEWS)}, got {view!r}")
    moved = _from_other_force(service, (params.get("from_area") or "").strip(), force)
    plan_name, plan, plan_notice = _follow_plan(service, plan_name, force, moved)
    notices = [plan_notice] if plan_notice else []
    text = (params.get("briefing_date") or "").strip()
    day, notice = briefing_date(date_option("briefing date", text) if text else None, force, moved)
    if notice is not None:
        notices.append(notice)
    return Query(plan_name, plan, day, area, view, force, tuple(notices))


def _follow_plan(service: PortalService, asked_name: str, force: ForceAreas, moved: bool
                 ) -> tuple[str, Plan, Notice | None]:
    """The plan a page is drawn for: the one asked if it fits the force's data, else (or when the
    request ``moved`` here from another force and the plan is not made for this one) the plan made
    for the force's data, with a notice linking the one asked where it fits."""
    home = default_plan_name(service, force.force.code)
    if not asked_name:
        return home, service.plan(home), None
    asked = service.plan(asked_name)
    if asked_name == home or (fits(asked, force) and not (moved and asked.force != force.force.code)):
        return asked_name, asked, None
    shown = service.plan(home)
    if not fits(asked, force):
        return home, shown, _plan_notice(asked, asked_name, shown, force, service.catalogue())
    link = ((("plan", asked_name), ("area", force.force.key)), f"{asked.title} for {force.force.name}")
    return home, shown, Notice(f"The plan follows the area: this page shows {shown.title}, the plan for "
                               f"{force.force.name}'s data.", link)


def briefing_date(asked: date | None, force: ForceAreas, moved: bool = False) -> tuple[date, Notice | None]:
    """The briefing date a page is drawn for, and why it is not the one asked for: none asked, the
    force's latest complete data; before the data (or after it, when the request ``moved`` here from
    another force's area), the latest complete data with a notice; after the data, kept with a notice."""
    latest = force.default_briefing_date
    if latest is None:
        raise MetricError(f"no months are loaded for {force.force.name}")
    if asked is None:
        return latest, None
    if after_data(asked, force) and not moved:
        return asked, _after_data_notice(force)
    if not in_data(asked, force):
        return latest, _date_notice(asked, force)
    return asked, None


def _from_other_force(service: PortalService, spec: str, force: ForceAreas) -> bool:
    """Whether ``from_area`` (the area the controls were drawn for) is in another loaded force; an
    unknown or malformed one is ignored (it only steers the date)."""
    if not spec:
        return False
    try:
        came_from = service.catalogue().force_of(_area(service, spec))
    except NotFoundError:
        return False
    return came_from is not None and came_from.force.code != force.force.code


def request_query(request: Request) -> Query:
    """The controls of a request to the portal (``app.state.portal``)."""
    return parse_query(request.query_params, request.app.state.portal.service)


def default_results(service: PortalService) -> tuple[Plan, date, Area, str]:
    """(plan, briefing date, area, view) of the page a visitor sees first (``/``): the background
    warm-up recomputes its results after a change."""
    q = parse_query({}, service)
    return q.plan, q.briefing_date, q.area, q.view


def parse_format(params: Mapping[str, str], suffix: str | None) -> str:
    fmt = suffix or (params.get("format") or "html").strip().lower()
    if fmt not in FORMATS:
        raise ConfigError(f"format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    return fmt


def default_plan_name(service: PortalService, force_slug: str) -> str:
    """The server's plan if it fits the force; else a shipped plan made for the force; else a plan
    with no fixed force (police-uk)."""
    chosen = service.plan(service.settings.plan)
    if chosen.force in (None, force_slug):
        return service.settings.plan
    names = service.plan_names()
    for name in names:
        if service.plan(name).force == force_slug:
            return name
    return next((n for n in names if service.plan(n).force is None), service.settings.plan)


def _area(service: PortalService, spec: str) -> Area:
    if not _AREA.fullmatch(spec):
        raise NotFoundError(f"unknown area {spec!r}; expected LEVEL:CODE such as force:west-midlands or "
                            "la:E08000025")
    with service._lock:
        return resolve_area(service.store, spec)


def _default_area(service: PortalService, plan: Plan) -> Area:
    catalogue = service.catalogue()
    home = catalogue.force(plan.force) if plan.force else None
    if home is not None:
        return home.force
    fixed = {service.plan(n).force for n in service.plan_names()}
    free = [f for f in catalogue.forces if f.force.code not in fixed]
    return (free or list(catalogue.forces))[0].force


def fits(plan: Plan, force: ForceAreas) -> bool:
    """A plan fits a force's data when it is made for no force in particular or for that one."""
    return plan.force in (None, force.force.code)


def in_data(day: date, force: ForceAreas) -> bool:
    """Whether the last complete month before ``day`` is a loaded month of the force."""
    if force.first_month is None or force.last_month is None:
        return False
    return force.first_month <= last_complete_month(day).start <= force.last_month


def _plan_notice(asked: Plan, asked_name: str, shown: Plan, force: ForceAreas, catalogue) -> Notice:
    home = catalogue.force(asked.force) if asked.force else None
    owner = home.force.name if home else asked.force
    text = (f"The plan {asked.title} is made for {owner}'s data, so this page shows {shown.title}, "
            f"the plan for {force.force.name}'s data.")
    link = None
    if home is not None:
        query = (("plan", asked_name), ("area", home.force.key))
        link = (query, f"{asked.title} for {home.force.name}")
    return Notice(text, link)


def _date_notice(day: date, force: ForceAreas) -> Notice:
    latest = force.default_briefing_date
    assert latest is not None and force.first_month is not None and force.last_month is not None
    return Notice(f"{force.force.name} has no data for the briefing date {day:%-d %B %Y} (months loaded "
                  f"{force.first_month:%B %Y} to {force.last_month:%B %Y}), so this page shows its latest "
                  f"complete data: briefing date {latest:%-d %B %Y}.")


def after_data(day: date, force: ForceAreas) -> bool:
    """Whether the briefing date falls after the force's latest loaded month (kept, with a notice: the
    deliverables and their updates go on after the data, and figures needing later months say so)."""
    return force.last_month is not None and last_complete_month(day).start > force.last_month


def _after_data_notice(force: ForceAreas) -> Notice:
    assert force.last_month is not None
    return Notice(f"{force.force.name}'s data end in {force.last_month:%B %Y}: figures that need later months "
                  f"say 'insufficient data' rather than a number.")


