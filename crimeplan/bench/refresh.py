"""The full plan refresh benchmark: every milestone, outcome rate and SPC series of the demo plan
for every area (``refresh_plan``), beside the hand-written ``GROUP BY`` of the same records.

The task runs in its own process (``crimeplan.bench.process``), whose peak memory is reported:
it imports what it uses inside itself, so the process loads nothing else."""

from __future__ import annotations

import time

from crimeplan.bench.measurement import BRIEFING, PLAN, PLAN_REFRESH, Measurement
from crimeplan.bench.process import run_task


def task_plan_refresh(db: str, plan: str = PLAN) -> dict:
    """Every milestone, outcome rate and SPC series of ``plan`` for every area (refresh_plan)."""
    from crimeplan.metrics.refresh import refresh_plan  # in the task's process only (its peak memory is measured)
    from crimeplan.plan import load_plan
    from crimeplan.store import open_store
    store = open_store(db)
    the_plan = load_plan(plan)
    started = time.perf_counter()
    figures = refresh_plan(store, the_plan, BRIEFING)
    seconds = time.perf_counter() - started
    rows = store.count("crimes")
    store.close()
    series = sum(len(f.series) for f in figures.values())
    return {"seconds": seconds, "rows": rows, "areas": len(figures), "series": series, "failed": {}}


def refresh_step(db: str, rows: int, reference_seconds: float) -> Measurement:
    p = run_task("plan_refresh", db=db)
    return Measurement(PLAN_REFRESH, rows, p["seconds"], "hand-written GROUP BY", reference_seconds, p["peak_mb"],
                       {"areas": p["areas"], "spc_series": p["series"]})
