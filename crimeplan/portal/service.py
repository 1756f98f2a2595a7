"""The portal's one door to the data: the store, the plans it may show, and cached results.

Every figure comes from ``crimeplan.metrics``. One store connection serves the whole process, so
store calls are serialised with a lock; results are cached by (plan id + version, briefing date,
area, view, and the part of the data version they depend on: their force's loads and the national
ones, and the register entries of their force, ``versions.DataVersion.figures_for``), so a load of
one force or a register change in it leaves every other force's cached results in use, and an
approved update leaves every result in use. After a change of figures, the results asked for most
are recomputed in the background (``warmup``; ``PortalSettings.warm_up``, on for ``crimeplan serve``).

The data version (``DataVersion``: loads per force, audit entries, register state) is read from the store by
one small query (``crimeplan.store.queries.portal``; the register's state only when the audit
entries moved, as every register change is audited) at most once per request
(``pinned_version``), on a second connection of its own when the service opened the store, so a
page served from the cache never waits behind a long computation holding the store lock. Reading
it from the store, not memory, is what makes several workers on one PostgreSQL store agree: a
save, approval or load through one worker changes the version every worker reads next.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from crimeplan.errors import NotFoundError
from crimeplan.metrics import PlanResult, compute_plan
from crimeplan.metrics import series as monthly_series
from crimeplan.metrics.areas import children, resolve_area
from crimeplan.metrics.compute import plan_rate_series
from crimeplan.metrics.measures import is_asb
from crimeplan.metrics.milestones import counts, counts_by_area, current_window
from crimeplan.metrics.results import Area, DeferredSeries, Series
from crimeplan.periods import baseline_window
from crimeplan.plan import Plan, load_plan, shipped_plans
from crimeplan.portal.cache import DEFAULT_SIZE, FreshReads, ResultCache
from crimeplan.portal.catalogue import Catalogue, build_catalogue
from crimeplan.portal.warmup import Popular, WarmUp
from crimeplan.store import Store, open_store
from crimeplan.store.versions import DataVersion, read_loads, read_register

AUDIT_WINDOW = 1024
"""Audit ids counted for late commits (``queries.portal.DATA_VERSION``): at least the latest 1,024,
far more than there can be transactions in flight at once."""


__all__ = ["DataVersion", "PortalService", "PortalSettings"]


_pinned: ContextVar[DataVersion | None] = ContextVar("crimeplan_portal_data_version", default=None)


@dataclass(frozen=True)
class PortalSettings:
    """How the portal runs. ``plan`` is the default plan (a shipped name or the path of a plan file the
    operator chose); users may switch between it and the shipped plans, never load another path."""

    db: str | None = None
    plan: str = "wmp-2013-14"
    title: str = "Police and Crime Plan performance"
    cache_size: int = DEFAULT_SIZE
    debug: bool = False
    warm_up: bool = False   # recompute the most requested results after a change (``crimeplan serve``)


REQUEST_VERSION_KEY = "data_version"
"""The request state's key for a data version already read for the request (the disclosure gate's;
``views.cached_page`` uses it rather than reading the store again)."""


class PortalService:
    def __init__(self, settings: PortalSettings, store: Store | None = None) -> None:
        self.settings = settings
        self._store = store
        self._owns_store = store is None
        self._reader: Store | None = None   # the version query's own connection (when we own the store)
        self._lock = threading.RLock()
        self.cache = ResultCache(settings.cache_size)
        self._versions: FreshReads[DataVersion] = FreshReads(self._read_version)
        self._register: tuple[tuple, tuple] | None = None  # (audit version, register marks)
        self._seen: tuple | None = None   # the figures of the latest version read
        self.popular = Popular()
        self.warmup = WarmUp(self._warm, poll=self._versions.get)
        self._default: Callable[[], tuple[Plan, date, Area, str]] | None = None
        self._audit_floor = 0
        self._plans: dict[str, Plan] = {}

    # -- store and catalogue ---------------------------------------------------------------------
    @property
    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                from crimeplan.metrics.cube_check import ensure_cube_once

                self._store = open_store(self.settings.db)
                ensure_cube_once(self._store)  # a store last written before the cube existed: once per load
            return self._store

    def close(self) -> None:
        self.warmup.stop()
        with self._lock:
            if self._reader is not None:
                self._reader.close()
                self._reader = None
            if self._store is not None:
                self._store.close()
                self._store = None

    # -- the data version --------------------------------------------------------------------------
    def data_version(self) -> DataVersion:
        """The version pinned for this request, else a fresh read (one query, shared by concurrent callers)."""
        return _pinned.get() or self._versions.get()

    @contextlib.contextmanager
    def pinned_version(self, version: DataVersion | None = None) -> Iterator[DataVersion]:
        """Use one data version (``version``, else one read now) for everything done inside the block."""
        pinned = _pinned.get()
        if pinned is not None:
            yield pinned
            return
        version = version or self._versions.get()
        token = _pinned.set(version)
        try:
            yield version
        finally:
            _pinned.reset(token)

    @property
    def version_reads(self) -> int:
        """How many times the version was read from the store (tests and the benchmark)."""
        return self._versions.reads

    def _read_version(self) -> DataVersion:
        reader = self._version_reader()
        if reader is None:
            with self._lock:
                return self._version_from(self.store)
        return self._version_from(reader)  # FreshReads runs one read at a time

    def _version_from(self, store: Store) -> DataVersion:
        audit, loads = read_loads(store, self._audit_floor)
        if self._register is None or self._register[0] != audit:
            self._register = (audit, read_register(store))
        if store.dialect == "postgres":
            # the next read counts from a floor at least AUDIT_WINDOW below the latest id, moved in
            # steps of AUDIT_WINDOW so that it rarely changes the version by itself
            self._audit_floor = max(0, ((audit[0] or 0) // AUDIT_WINDOW - 1) * AUDIT_WINDOW)
        version = DataVersion(loads, audit, self._register[1])
        self._notice(version)
        return version

    def _notice(self, version: DataVersion) -> None:
        """After a change of figures (not on the first read), warm the most requested results up."""
        seen, self._seen = self._seen, version.figures
        if not self.settings.warm_up:
            return
        if seen is not None and seen != version.figures:
            self.warmup.request()
        else:
            self.warmup.start()   # from now on, it also reads the version while idle (warmup.POLL_SECONDS)

    def _version_reader(self) -> Store | None:
        """A second connection for the version query, opened when the service owns its store (a store
        handed in stays the caller's: one connection, shared under the lock)."""
        if not self._owns_store:
            return None
        if self._reader is None:
            main = self.store
            with self._lock:
                if self._reader is None and not _in_memory(main):
                    self._reader = open_store(main.url, migrate=False)
        return self._reader

    def load_id(self) -> int | None:
        return self.data_version().load

    def catalogue(self, version: DataVersion | None = None) -> Catalogue:
        load = (version or self.data_version()).load
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
        self.popular.note((plan.id, plan.checksum, briefing_date, area.key, view), (plan, briefing_date, area, view))
        return self._plan_result(plan, briefing_date, area, view)

    def _plan_result(self, plan: Plan, briefing_date: date, area: Area, view: str) -> PlanResult:
        key = ("plan", plan.id, plan.version, plan.checksum, briefing_date, area.key, view, self.figures_key(area))

        def rates(where: Area) -> DeferredSeries:
            # the rates' monthly series only when a page reads them (the overview, the outcome and
            # measure pages; not the area page): a first answer waits for what it shows. Computed
            # once, kept inside the cached result
            return DeferredSeries(lambda: self._locked(plan_rate_series, plan, self.store, briefing_date, where,
                                                       view=view))

        return self.cache.get(key, lambda: self._locked(compute_plan, plan, self.store, briefing_date, area,
                                                        view=view, rates=rates))

    def measure_series(self, plan: Plan, measure_id: str, briefing_date: date, area: Area, view: str) -> Series | None:
        """The monthly SPC series of any plan measure (those with a milestone come with the plan result)."""
        result = self.plan_result(plan, briefing_date, area, view)
        if measure_id in result.series:
            return result.series[measure_id]
        if measure_id in result.rate_series:
            return result.rate_series[measure_id]
        if measure_id not in plan.measures:  # a rate has a series only with the plan result (issue 19: was a KeyError)
            return None
        end = current_window(briefing_date, view).end
        key = ("series", plan.id, plan.checksum, measure_id, end, area.key, self.figures_key(area, (measure_id,)))
        return self.cache.get(key, lambda: self._locked(monthly_series.measure_series, self.store, plan, measure_id,
                                                        area, end))

    def period_counts(self, plan: Plan, measure_ids: tuple[str, ...], briefing_date: date, area: Area,
                      view: str) -> dict[tuple[str, str], int]:
        """{(measure, "current"|"baseline"): count} for the view's window and the same months a year before."""
        current = current_window(briefing_date, view)
        periods = {"current": current, "baseline": baseline_window(current)}
        key = ("counts", plan.id, plan.checksum, measure_ids, current, area.key, self.figures_key(area, ()))  # no SPC
        return self.cache.get(key, lambda: self._locked(counts, self.store, plan, list(measure_ids), area, periods))

    def sub_area_counts(self, plan: Plan, measure_ids: tuple[str, ...], briefing_date: date,
                        area: Area, view: str) -> list[tuple[Area, dict[tuple[str, str], int]]]:
        """``period_counts`` of each area directly under ``area``, one grouped query per level among
        them (a query per area took 30 s for a local authority's 600 neighbourhoods)."""
        subs = self.sub_areas(area)
        current = current_window(briefing_date, view)
        periods = {"current": current, "baseline": baseline_window(current)}

        def grouped(level: str) -> dict[str, dict[tuple[str, str], int]]:
            key = ("counts by area", plan.id, plan.checksum, measure_ids, current, area.key, level,
                   self.figures_key(area, ()))  # no SPC
            return self.cache.get(key, lambda: self._locked(counts_by_area, self.store, plan, list(measure_ids),
                                                            area, level, periods))

        by_level = {level: grouped(level) for level in dict.fromkeys(a.level for a in subs)}
        return [(a, {(m, p): by_level[a.level].get(a.code, {}).get((m, p), 0) for m in measure_ids for p in periods})
                for a in subs]

    def sub_areas(self, area: Area) -> list[Area]:
        return self.cache.get(("children", area.key, self.figures_key(area, ())),
                              lambda: self._locked(children, self.store, area))

    def is_asb(self, plan: Plan, measure_id: str) -> bool:
        return is_asb(plan.measures[measure_id])

    def figures_key(self, area: Area, measures: tuple[str, ...] | None = None) -> tuple:
        """The part of the data version results for ``area`` (of ``measures``, else of every measure)
        depend on (the rule: ``DataVersion.figures_for``)."""
        version = self.data_version()
        forces = self.catalogue(version).force_codes
        return version.figures_for(forces.get(area.key), forces, measures)

    # -- background warm-up ------------------------------------------------------------------------
    def warm_also(self, default: Callable[[], tuple[Plan, date, Area, str]]) -> None:
        """Warm ``default()`` (plan, briefing date, area, view: the default overview) up with the most requested."""
        self._default = default

    def _warm(self) -> None:
        """Recompute the most requested results (and the default overview's) for the data as it is now."""
        wanted = self.popular.top()
        if self._default is not None:
            with contextlib.suppress(NotFoundError):   # nothing loaded yet: no default page
                wanted = [self._default(), *wanted]
        done: set[tuple] = set()
        for plan, briefing_date, area, view in wanted:
            key = (plan.id, plan.checksum, briefing_date, area.key, view)
            if self.warmup.stopped.is_set():
                return
            if key in done:
                continue
            done.add(key)
            try:   # as the area is now (an area lookup may have renamed it), as a request resolves it
                area = self._locked(resolve_area, self.store, area.key)
            except NotFoundError:
                continue
            with self.pinned_version():
                result = self._plan_result(plan, briefing_date, area, view)
                len(result.rate_series)   # the overview's and outcome pages' series too

    def _locked(self, func, *args, **kwargs):
        with self._lock:
            return func(*args, **kwargs)


def _in_memory(store: Store) -> bool:
    """An in-memory DuckDB cannot be reached by a second connection (it would be another database)."""
    path = getattr(store, "path", None)
    return store.dialect == "duckdb" and (not path or path.startswith(":memory:"))
