"""The SPC benchmark (``crimeplan bench spc``): SPC of every measure and rate × every area of the
demo plan, beside the grouped queries that produce the monthly counts behind them."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from crimeplan import spc
from crimeplan.bench.measurement import BRIEFING, PLAN, Measurement
from crimeplan.loads.demo import load_demo
from crimeplan.metrics.milestones import current_window
from crimeplan.metrics.outcomes import table_rates
from crimeplan.metrics.refresh import _monthly, _outcome_months
from crimeplan.plan import load_plan
from crimeplan.store import open_store


def bench_spc(seed: int = 2014) -> list[Measurement]:
    """SPC for every measure and every rate × every area of the demo plan (XmR on the monthly
    counts, Laney u′ on the monthly detection rates), beside the grouped query that produces the
    monthly counts behind them (the reference, measured in the same run)."""
    with tempfile.TemporaryDirectory(prefix="crimeplan-bench-") as tmp:
        store = open_store(str(Path(tmp) / "demo.duckdb"))
        load_demo(store, seed=seed)
        plan = load_plan(PLAN)
        rates = table_rates(plan)
        period = current_window(BRIEFING, "ytd")
        started = time.perf_counter()
        monthly = _monthly(store, plan, list(plan.measures), rates, period.end, None)
        outcomes = _outcome_months(store, plan, rates, period, None)
        queried = time.perf_counter() - started
        store.close()
    started = time.perf_counter()
    analysed = 0
    for key, data in monthly.items():
        for measure, by_month in data["measures"].items():
            months = sorted(by_month)
            spc.analyse([by_month[m] for m in months], dates=[m.isoformat() for m in months],
                        improvement_direction=plan.measures[measure].improvement_direction)
            analysed += 1
        for r in rates:
            months = sorted(m for m in outcomes[key][r.id] if data["measures"][r.denominator_measure].get(m))
            if len(months) >= 2:
                spc.analyse(None, dates=[m.isoformat() for m in months], method="uprime",
                            numerators=[outcomes[key][r.id][m] for m in months],
                            denominators=[data["measures"][r.denominator_measure][m] for m in months])
                analysed += 1
    seconds = time.perf_counter() - started
    return [Measurement("grouped queries for every area's monthly counts (reference)", analysed, queried),
            Measurement(f"SPC of {analysed} series ({len(monthly)} areas × measures and rates)", analysed, seconds,
                        "grouped queries", queried)]
