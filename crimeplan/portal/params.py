"""The page controls: plan, briefing date, area and period view, validated once at the boundary.

Every value is checked against a closed set (plans, views, formats) or parsed (dates) or resolved
through the store's area list by bound parameters: nothing from the request reaches SQL as text.
Defaults: the server's plan (or the plan made for the chosen area's force), the plan's force (or
the first loaded force no shipped plan is fixed to), the first day after the force's latest
loaded month, year to date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from crimeplan.errors import ConfigError, MetricError, NotFoundError
from crimeplan.metrics.areas import resolve_area
from crimeplan.metrics.milestones import VIEWS
from crimeplan.metrics.results import Area
from crimeplan.periods import add_months, date_option, last_complete_month, month_end
from crimeplan.plan import Plan
from crimeplan.portal.catalogue import ForceAreas
from crimeplan.portal.service import PortalService

FORMATS = ("html", "json", "csv", "xlsx")
VIEW_NAMES = {"ytd": "Year to date", "rolling12": "Rolling 12 months"}
_AREA = re.compile(r"(?:[a-z][a-z0-9_]{0,19}:)?[A-Za-z0-9][A-Za-z0-9_.&'\- ]{0,99}")


@dataclass(frozen=True)
class Query:
    """The state every page is drawn for."""

    plan_name: str
    plan: Plan
    briefing_date: date
    area: Area
    view: str
    force: ForceAreas

    def params(self, **overrides: str) -> dict[str, str]:
        values = {"plan": self.plan_name, "briefing_date": self.briefing_date.isoformat(), "area": self.area.key,
                  "view": self.view}
        values.update(overrides)
        return values

    def qs(self, **overrides: str) -> str:
        return urlencode(self.params(**overrides))


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
    if plan is None:
        plan_name = default_plan_name(service, force.force.code)
        plan = service.plan(plan_name)
    view = (params.get("view") or "ytd").strip()
    if view not in VIEWS:
        raise ConfigError(f"view: expected one of {', '.join(VIEWS)}, got {view!r}")
    text = (params.get("briefing_date") or "").strip()
    if text:
        day = date_option("briefing date", text)
    else:
        day = force.default_briefing_date
    check_briefing_date(day, force)
    return Query(plan_name, plan, day, area, view, force)


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
    if plan.force and catalogue.force(plan.force):
        return catalogue.force(plan.force).force
    fixed = {service.plan(n).force for n in service.plan_names()}
    free = [f for f in catalogue.forces if f.force.code not in fixed]
    return (free or list(catalogue.forces))[0].force


def check_briefing_date(day: date, force: ForceAreas) -> None:
    """The last complete month before the briefing date must be a loaded month of the force."""
    if force.first_month is None or force.last_month is None:
        raise MetricError(f"no months are loaded for {force.force.name}")
    month = last_complete_month(day).start
    if not force.first_month <= month <= force.last_month:
        earliest = add_months(force.first_month, 1)
        latest = month_end(add_months(force.last_month, 1))
        raise MetricError(
            f"briefing date {day.isoformat()} is outside the data for {force.force.name}: months loaded "
            f"{force.first_month:%B %Y} to {force.last_month:%B %Y}, so choose a briefing date from "
            f"{earliest.isoformat()} to {latest.isoformat()}")
