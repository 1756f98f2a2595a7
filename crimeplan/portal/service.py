"""The portal's one door to the data: the store, the plans it may show, and cached results.

Every figure comes from ``crimeplan.metrics`` (no SQL here). One store connection serves the whole
process, so store calls are serialised with a lock; results are cached by
(plan id + version, briefing date, area, view, latest load id).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from crimeplan.errors import NotFoundError
from crimeplan.metrics import PlanResult, compute_plan
from crimeplan.metrics.areas import children
from crimeplan.metrics.milestones import counts, current_window, is_asb
from crimeplan.metrics.results import Area, Series
from crimeplan.metrics.series import analyse_series, monthly_counts
from crimeplan.periods import baseline_window
from crimeplan.plan import Plan, load_plan, shipped_plans
from crimeplan.portal.cache import DEFAULT_SIZE, ResultCache
from crimeplan.portal.catalogue import Catalogue, build_catalogue, latest_load_id
from crimeplan.store import Store, open_store


@dataclass(frozen=True)
class PortalSettings:
    """How the portal runs. ``plan`` is the default plan (a shipped name or the path of a plan file the
    operator chose); users may switch between it and the shipped plans, never load another path."""

    db: str | None = None
    plan: str = "wmp-2013-14"
    title: str = "Police and Crime Plan performance"
    cache_size: int = DEFAULT_SIZE
    debug: bool = False


class PortalService:
    def __init__(self, settings: PortalSettings, store: Store | None = None) -> None:
        self.settings = settings
        self._store = store
        self._lock = threading.RLock()
        self.cache = ResultCache(settings.cache_size)
        self._plans: dict[str, Plan] = {}

    # -- store and catalogue ---------------------------------------------------------------------
    @property
    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                from crimeplan.metrics.cube import ensure_cube

                self._store = open_store(self.settings.db)
                ensure_cube(self._store)  # a store last written before the cube existed
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    def load_id(self) -> int | None:
        with self._lock:
            return latest_load_id(self.store)

    def catalogue(self) -> Catalogue:
        load = self.load_id()
        return self.cache.get(("catalogue", load), lambda: self._locked(build_catalogue, self.store))

    # -- plans -------------------------------------------------------------------------------------
    def plan_names(self) -> list[str]:
        names = shipped_plans()
        return names if self.settings.plan in names else [self.settings.plan, *names]

    def plan(self, name: str) -> Plan:
        if name not in self.plan_names():
            raise NotFoundError(f"unknown plan {name!r}; expected one of {', '.join(self.plan_names())}")
        if name not in self._plans:
            from crimeplan.workflow.audit import note_plan

            plan = load_plan(name)
            with self._lock:
                note_plan(self.store, plan, "portal")  # a changed plan file (targets, leads) is audited
            self._plans[name] = plan
        return self._plans[name]

    # -- results -----------------------------------------------------------------------------------
    def plan_result(self, plan: Plan, briefing_date: date, area: Area, view: str) -> PlanResult:
        key = ("plan", plan.id, plan.version, plan.checksum, briefing_date, area.key, view, self.load_id())
        return self.cache.get(key, lambda: self._locked(compute_plan, plan, self.store, briefing_date, area,
                                                        view=view))

    def measure_series(self, plan: Plan, measure_id: str, briefing_date: date, area: Area, view: str) -> Series | None:
        """The monthly SPC series of any plan measure (those with a milestone come with the plan result)."""
        result = self.plan_result(plan, briefing_date, area, view)
        if measure_id in result.series:
            return result.series[measure_id]
        if measure_id in result.rate_series:
            return result.rate_series[measure_id]
        end = current_window(briefing_date, view).end

        def compute() -> Series | None:
            months, values = monthly_counts(self.store, plan, [measure_id], area, end)
            return analyse_series(plan, measure_id, months, values[measure_id]) if len(months) >= 2 else None

        key = ("series", plan.id, plan.checksum, measure_id, end, area.key, self.load_id())
        return self.cache.get(key, lambda: self._locked(compute))

    def period_counts(self, plan: Plan, measure_ids: tuple[str, ...], briefing_date: date, area: Area,
                      view: str) -> dict[tuple[str, str], int]:
        """{(measure, "current"|"baseline"): count} for the view's window and the same months a year before."""
        current = current_window(briefing_date, view)
        periods = {"current": current, "baseline": baseline_window(current)}
        key = ("counts", plan.id, plan.checksum, measure_ids, current, area.key, self.load_id())
        return self.cache.get(key, lambda: self._locked(counts, self.store, plan, list(measure_ids), area, periods))

    def sub_areas(self, area: Area) -> list[Area]:
        return self.cache.get(("children", area.key, self.load_id()), lambda: self._locked(children, self.store, area))

    def is_asb(self, plan: Plan, measure_id: str) -> bool:
        return is_asb(plan.measures[measure_id])

    def _locked(self, func, *args, **kwargs):
        with self._lock:
            return func(*args, **kwargs)
