"""The comparison and survey pages: ``/compare`` (rates per 1,000 with intervals, funnel and ranked
charts, the peer group chosen, the population's source and year) and ``/surveys`` (survey measures
with intervals, targets and SPC verdicts), each with JSON, CSV and Excel like every other page.

Figures come from the same calls as ``crimeplan compare rates|funnel|ranked`` (``crimeplan.compare``)
and ``crimeplan surveys milestones|rates`` (``crimeplan.metrics.surveys``), cached by the service per
data version. The comparison covers the 12 months to the last complete month before the briefing
date; its units are the areas one level below the chosen area (or, for an area with none below it,
its neighbours at its level in its force), or a stored peer group of forces (``?peer=GROUP``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from crimeplan.compare import compute
from crimeplan.compare.charts import funnel_chart_svg, funnel_chart_text, ranked_chart_svg, ranked_chart_text
from crimeplan.compare.peers import get_peer_group, list_peer_groups
from crimeplan.errors import CrimeplanError, MetricError, NotFoundError
from crimeplan.metrics.areas import breakdown_level
from crimeplan.metrics.surveys import survey_milestones, survey_series
from crimeplan.periods import last_complete_month
from crimeplan.portal.pages.shapes import Page, from_grid
from crimeplan.portal.params import Query, request_query
from crimeplan.portal.service import PortalService
from crimeplan.render.analysis_tables import comparison_table, survey_milestone_table, survey_series_table

WITHIN = "within"
"""The peer choice meaning "the areas inside (or beside) the chosen area"."""

DEFAULT_MEASURE = {"police-uk": "all_crime", "wmp-2013-14": "trc"}
"""As ``crimeplan compare``: all crime for the police.uk plan, total recorded crime for the WMP plan."""


@dataclass(frozen=True)
class CompareChoice:
    """What the comparison is of: the plan's measure and the peers (``WITHIN`` or a peer group id)."""
    measure: str
    peer: str

    def params(self) -> dict[str, str]:
        return {"measure": self.measure, "peer": self.peer}


def _svc(request: Request) -> PortalService:
    return request.app.state.portal.service


def compare_choice(request: Request, q: Query) -> CompareChoice:
    measure = (request.query_params.get("measure") or "").strip() or DEFAULT_MEASURE.get(q.plan.id, "")
    if measure not in q.plan.measures:
        measure_ids = list(q.plan.measures)
        if request.query_params.get("measure"):
            raise NotFoundError(f"unknown measure {measure!r}; plan {q.plan.id} has " + ", ".join(measure_ids))
        measure = measure_ids[0]
    peer = (request.query_params.get("peer") or WITHIN).strip()
    if peer != WITHIN and peer not in {g.group_id for g in peer_groups(_svc(request))}:
        raise NotFoundError(f"unknown peer group {peer!r}; see `crimeplan compare groups list`")
    return CompareChoice(measure, peer)


def peer_groups(svc: PortalService) -> tuple[Any, ...]:
    return svc.cache.get(("peer-groups", svc.data_version().tag), lambda: svc._locked(list_peer_groups, svc.store))


def comparison(svc: PortalService, q: Query, choice: CompareChoice):
    """The Comparison for the page (cached by plan, measure, peers, area, briefing date and data)."""
    end = last_complete_month(q.briefing_date).start
    if q.force.last_month is not None and end > q.force.last_month:
        end = q.force.last_month   # a briefing date after the data: the latest 12 months loaded (the page says so)
    # within a force: that force's figures; a peer group: every member's (and the group as it is now;
    # an approval changes neither, ``versions``)
    group = next((g for g in peer_groups(svc) if g.group_id == choice.peer), None)
    figures = svc.figures_key(q.area, ()) if group is None else svc.data_version().figures
    key = ("compare", q.plan.id, q.plan.checksum, choice, group, q.area.key, end, figures)
    return svc.cache.get(key, lambda: svc._locked(_compute, svc, q, choice, end))


def _compute(svc: PortalService, q: Query, choice: CompareChoice, end):
    store = svc.store
    if choice.peer != WITHIN:
        group = get_peer_group(store, choice.peer)
        return compute.compare_forces(store, group, q.plan, choice.measure, end=end)
    level = breakdown_level(store, q.area)
    if level is not None:
        return compute.compare_areas(store, q.area, level, q.plan, choice.measure, end=end)
    return compute.compare_areas(store, q.force.force, q.area.level, q.plan, choice.measure, end=end,
                                 focal=q.area.code)


def compare_page(request: Request, q: Query) -> Page:
    svc = _svc(request)
    choice = compare_choice(request, q)
    within = f"Areas in or beside {q.area.name}"
    form = {
        "hidden": tuple(q.params().items()),
        "peers": ((WITHIN, within, choice.peer == WITHIN),
                  *((g.group_id, g.name, g.group_id == choice.peer) for g in peer_groups(svc))),
        "measures": tuple((mid, m.title, mid == choice.measure) for mid, m in q.plan.measures.items()),
    }
    try:
        result = comparison(svc, q, choice)
    except (NotFoundError, MetricError) as exc:   # the areas in or beside this one cannot be compared: say why
        if choice.peer != WITHIN:
            raise
        return _no_comparison(q, choice, svc, str(exc), form)
    table = from_grid(comparison_table(result), "comparison")
    qs = urlencode({**q.params(), **choice.params()})
    context = {
        "headline": result.headline(), "population_note": result.population_note,
        "average_note": result.average_note(), "group_method": result.group_method,
        "notes": tuple(result.notes) + tuple(f"Left out: {code}: {why}" for code, why in result.excluded),
        "funnel_src": f"/compare/funnel.svg?{qs}", "ranked_src": f"/compare/ranked.svg?{qs}",
        "funnel_text": funnel_chart_text(result), "ranked_text": ranked_chart_text(result), **form,
        "unavailable": None, "elsewhere": (), "period": f"{result.subject}: {result.period_label}",
        "export_qs": urlencode(choice.params()),
    }
    data = {"plan": q.plan.id, "area": q.area.key, "briefing_date": q.briefing_date.isoformat(),
            **choice.params(), **result.to_dict()}
    return Page("compare", "Comparisons", data, (table,), context)


def _no_comparison(q: Query, choice: CompareChoice, svc: PortalService, reason: str, form: dict) -> Page:
    """The comparisons page when the areas in or beside the chosen one cannot be compared (fewer than
    two with data, as City of London Police alone): it says why and links the comparisons that can
    be drawn (each other loaded force's areas; the peer groups are in the form)."""
    elsewhere = tuple((f"/compare?{q.move_qs(f.force.key)}", f"the areas of {f.force.name}")
                      for f in svc.catalogue().forces if f.force.key != q.area.key)
    context = {**form, "unavailable": f"No comparison: {reason}. A comparison needs at least two areas with data "
               "in the same months.", "elsewhere": elsewhere, "export_qs": urlencode(choice.params())}
    data = {"plan": q.plan.id, "area": q.area.key, "briefing_date": q.briefing_date.isoformat(),
            **choice.params(), "comparison": None, "unavailable": reason}
    return Page("compare", "Comparisons", data, (), context)


def chart_endpoint(kind: str) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        q = request_query(request)
        result = comparison(_svc(request), q, compare_choice(request, q))
        svg = funnel_chart_svg(result) if kind == "funnel" else ranked_chart_svg(result)
        return Response(svg, media_type="image/svg+xml")

    endpoint.__name__ = f"compare_{kind}_svg"
    return endpoint


# --------------------------------------------------------------------------- surveys


def surveys_page(request: Request, q: Query) -> Page:
    svc = _svc(request)
    key = ("surveys", q.plan.id, q.plan.checksum, q.briefing_date, q.area.key, svc.figures_key(q.area))

    def compute() -> tuple[Any, tuple[Any, ...], tuple[str, ...]]:
        milestones = survey_milestones(svc.store, q.plan, q.briefing_date, q.area, skip_missing=True)
        series, missing = [], []
        for sm in q.plan.surveys.values():
            try:
                series.append((sm, survey_series(svc.store, sm.survey, sm.question, q.area.code,
                                                 until=q.briefing_date)))
            except CrimeplanError as exc:
                missing.append(f"{sm.title}: {exc}")
        return milestones, tuple(series), tuple(missing)

    milestones, series, missing = svc.cache.get(key, lambda: svc._locked(compute))
    tables = [from_grid(survey_milestone_table(milestones), "survey-milestones")] if milestones else []
    tables += [from_grid(survey_series_table(s), f"survey-{sm.id}") for sm, s in series]
    data = {"plan": q.plan.id, "area": q.area.key, "briefing_date": q.briefing_date.isoformat(),
            "milestones": [m.to_dict() for m in milestones],
            "series": {sm.id: s.to_dict() for sm, s in series}, "not_loaded": list(missing)}
    context = {"narratives": tuple((m.title, m.narrative) for m in milestones), "missing": missing,
               "has_surveys": bool(q.plan.surveys)}
    return Page("surveys", "Surveys", data, tuple(tables), context)
