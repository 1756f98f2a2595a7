"""The cube gives exactly the figures of the record-level metrics on the demo force.

Each function below is one metrics query (crimeplan.metrics.milestones / series / outcomes)
rewritten on the cube the way docs/performance.md tells the lead to: ``count()`` → ``n.sum()``,
``ifelse(p, 1, 0)`` → ``ifelse(p, n, 0)``, ``recorded_date`` → ``month``, ``outcome_date`` →
``outcome_month``. Each is checked against ``compute_plan`` (which reads the records) for the force
and a local authority, in both period views.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import ibis
import pytest

from crimeplan.metrics import compute_plan
from crimeplan.metrics.areas import area_filter, breakdown_level, resolve_area, with_division
from crimeplan.metrics.cube import asb_cube_table, build_cube, cube_table
from crimeplan.metrics.measures import is_asb, measure_predicate, positive_outcome_predicate
from crimeplan.metrics.milestones import current_window, table_milestones
from crimeplan.metrics.outcomes import table_rates
from crimeplan.periods import baseline_window, month_starts
from crimeplan.plan import load_plan
from tests.conftest import copy_store

BRIEFING = date(2014, 4, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_file):
    from crimeplan.store import open_store
    store = open_store(copy_store(demo_file, tmp_path_factory.mktemp("cube")))
    build_cube(store)
    yield store
    store.close()


def _d(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def cube_counts(store, plan, measure_ids, area, periods):
    """milestones.counts on the cube."""
    first, last = min(p.start for p in periods.values()), max(p.end for p in periods.values())
    c = cube_table(store)
    c = c.filter(area_filter(store, c, area), c.month.between(first, last))
    aggs = {f"{m}|{name}": ibis.ifelse(measure_predicate(c, plan.measures[m], last) & c.month.between(p.start, p.end),
                                       c.n, 0).sum()
            for m in measure_ids if not is_asb(plan.measures[m]) for name, p in periods.items()}
    row = store.ibis().execute(c.aggregate(**aggs)).iloc[0]
    return {tuple(k.split("|")): int(row[k] or 0) for k in aggs}


def cube_monthly(store, plan, measure_ids, area, end):
    """series.monthly_counts on the cube (crime measures and ASB)."""
    c = cube_table(store)
    c = c.filter(area_filter(store, c, area), c.month <= end)
    aggs = {m: ibis.ifelse(measure_predicate(c, plan.measures[m], end), c.n, 0).sum()
            for m in measure_ids if not is_asb(plan.measures[m])}
    frame = store.ibis().execute(c.group_by("month").aggregate(**aggs))
    by_month = {m: {_d(r["month"]): int(r[m]) for _, r in frame.iterrows()} for m in aggs}
    a = asb_cube_table(store)
    a = a.filter(area_filter(store, a, area), a.month <= end)
    frame = store.ibis().execute(a.group_by("month").aggregate(n=a.n.sum()))
    asb = {_d(r["month"]): int(r["n"]) for _, r in frame.iterrows()}
    for m in measure_ids:
        if is_asb(plan.measures[m]):
            by_month[m] = asb
    months = month_starts(min(d for v in by_month.values() for d in v), end)
    return months, {m: tuple(by_month[m].get(d, 0) for d in months) for m in measure_ids}


def cube_rate_series(store, plan, rate_id, area, end):
    """series.rate_series (its numerators and denominators) on the cube."""
    r = plan.rates[rate_id]
    c = cube_table(store)
    c = c.filter(area_filter(store, c, area))
    numerator = measure_predicate(c, plan.measures[r.numerator_measure], end)
    denominator = measure_predicate(c, plan.measures[r.denominator_measure], end)
    positive = positive_outcome_predicate(c, r.positive_outcomes, r.positive_outcome_labels)
    recorded = c.filter(denominator & (c.month <= end)).group_by("month").aggregate(n=lambda x: x.n.sum())
    den = {_d(row["month"]): int(row["n"]) for _, row in store.ibis().execute(recorded).iterrows()}
    if r.positive_outcome_labels:
        num_q = c.filter(numerator & positive & (c.month <= end)).group_by("month").aggregate(n=lambda x: x.n.sum())
    else:
        dated = c.filter(numerator & positive & c.outcome_month.notnull())
        dated = dated.mutate(month=dated.outcome_month)
        num_q = dated.filter(dated.month <= end).group_by("month").aggregate(n=lambda x: x.n.sum())
    num = {_d(row["month"]): int(row["n"]) for _, row in store.ibis().execute(num_q).iterrows()}
    months = tuple(m for m in month_starts(min(den), end) if den.get(m))
    return tuple(num.get(m, 0) for m in months), tuple(den[m] for m in months)


def cube_outcomes(store, plan, area, period, level):
    """outcomes.outcome_table's aggregates (totals, by division, by outcome type) on the cube."""
    c = cube_table(store)
    c = c.filter(area_filter(store, c, area))
    c = with_division(store, c, area, level) if level else c.mutate(division=ibis.literal(area.code))
    recorded_in = c.month.between(period.start, period.end)
    outcome_in = c.outcome_month.between(period.start, period.end)
    c = c.filter(recorded_in | outcome_in)
    out = {}
    for r in table_rates(plan):
        numerator = measure_predicate(c, plan.measures[r.numerator_measure], period.end)
        denominator = measure_predicate(c, plan.measures[r.denominator_measure], period.end)
        positive = positive_outcome_predicate(c, r.positive_outcomes, r.positive_outcome_labels)
        by_division = store.ibis().execute(c.group_by("division").aggregate(
            rec=ibis.ifelse(denominator & recorded_in, c.n, 0).sum(),
            det=ibis.ifelse(numerator & positive & outcome_in, c.n, 0).sum(),
            coh=ibis.ifelse(numerator & positive & recorded_in, c.n, 0).sum(),
            open=ibis.ifelse(denominator & recorded_in & c.outcome_type.isnull() & c.outcome_label.isnull(),
                             c.n, 0).sum()))
        if r.positive_outcome_labels:
            sel = c.filter(numerator & recorded_in)
            key = sel.outcome_label.fill_null("(no outcome yet)")
        else:
            sel = c.filter(numerator & outcome_in)
            key = sel.outcome_type.cast("string")
        types: dict[str, int] = defaultdict(int)
        for _, row in store.ibis().execute(sel.group_by(k=key).aggregate(n=sel.n.sum())).iterrows():
            types[str(row["k"])] += int(row["n"])
        basis_det = "det" if not r.positive_outcome_labels else "coh"
        out[r.id] = {
            "recorded": int(by_division["rec"].sum()), "detected": int(by_division[basis_det].sum()),
            "positive": int(by_division["coh"].sum()), "open": int(by_division["open"].sum()),
            "by_area": {row["division"]: (int(row["rec"]), int(row[basis_det])) for _, row in by_division.iterrows()},
            "by_type": dict(types)}
    return out


@pytest.mark.parametrize("area_spec,view", [(None, "ytd"), ("la:E08000025", "rolling12")])
def test_cube_queries_equal_record_queries(demo, area_spec, view):
    plan = load_plan("wmp-2013-14")
    area = resolve_area(demo, area_spec, plan.force)
    result = compute_plan(plan, demo, BRIEFING, area, view=view)
    current = current_window(BRIEFING, view)
    periods = {"current": current, "baseline": baseline_window(current)}

    measure_ids = list(dict.fromkeys(m.measure for m in table_milestones(plan) if m.measure))
    numbers = cube_counts(demo, plan, measure_ids, area, periods)
    for row in result.milestones.rows:
        if not is_asb(plan.measures[row.measure]):
            expected = (numbers[(row.measure, "baseline")], numbers[(row.measure, "current")])
            assert expected == (row.baseline, row.current)
    assert sum(row.current for row in result.milestones.rows) > 10_000   # the check had figures to compare

    months, values = cube_monthly(demo, plan, measure_ids, area, current.end)
    window = [i for i, m in enumerate(months) if m >= periods["baseline"].start]   # the two years charted
    for measure, series in result.series.items():
        assert tuple(months[i] for i in window) == series.months, measure
        assert tuple(values[measure][i] for i in window) == series.values, measure

    for rate_id, series in result.rate_series.items():
        assert cube_rate_series(demo, plan, rate_id, area, current.end) == (series.numerators, series.denominators)
    assert result.rate_series

    level = breakdown_level(demo, area, None)
    outcomes = cube_outcomes(demo, plan, area, current, level)
    for row in result.outcomes.rows:
        got = outcomes[row.measure]
        assert (got["recorded"], got["detected"], got["positive"], got["open"]) == (
            row.recorded, row.detected, row.cohort.positive, row.cohort.open), row.measure
        assert got["by_type"] == row.by_outcome_type
        if level:
            assert {a.area: (a.recorded, a.detected) for a in row.by_area} == got["by_area"]
