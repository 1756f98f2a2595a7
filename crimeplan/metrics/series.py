"""Monthly series of a plan's measures for an area, and their SPC analysis."""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from crimeplan import spc
from crimeplan.errors import NotFoundError
from crimeplan.metrics import records
from crimeplan.metrics.coverage import area_forces, loaded_everywhere, loaded_months, possible_gaps
from crimeplan.metrics.measures import is_asb, measure_predicate, positive_outcome_predicate
from crimeplan.metrics.results import Area, Series
from crimeplan.periods import month_starts, stored_date
from crimeplan.plan import Plan
from crimeplan.register import ProcessChange, list_changes
from crimeplan.store import Store

SPC_DIRECTION = {"decrease": "decrease", "increase": "increase", "neutral": "neutral"}


def monthly_counts(store: Store, plan: Plan, measure_ids: list[str], area: Area, end: date,
                   start: date | None = None, *, as_at: int | None = None
                   ) -> tuple[tuple[date, ...], dict[str, tuple[int, ...]]]:
    """Counts per month for each measure, from the first month with data (or ``start``) to ``end``."""
    t = records.for_area(store, "crimes", area, as_at)
    t = t.filter(t.month <= end)
    if start is not None:
        t = t.filter(t.month >= start)
    crime_ids = [m for m in measure_ids if not is_asb(plan.measures[m])]
    aggs = {f"m{i}": ibis.ifelse(measure_predicate(t, plan.measures[m], end), t.n, 0).sum()
            for i, m in enumerate(crime_ids)}
    frame = records.rows(store, t.group_by("month").aggregate(**aggs)) if aggs else []
    by_month: dict[str, dict[date, int]] = {m: {} for m in measure_ids}
    if frame:
        for row in frame:
            month = stored_date(row["month"])
            for i, m in enumerate(crime_ids):
                by_month[m][month] = int(row[f"m{i}"] or 0)
    if len(crime_ids) < len(measure_ids):
        a = records.for_area(store, "asb", area, as_at)
        a = a.filter(a.month <= end)
        for row in records.rows(store, a.group_by("month").aggregate(n=a.n.sum())):
            for m in measure_ids:
                if is_asb(plan.measures[m]):
                    by_month[m][stored_date(row["month"])] = int(row["n"])
    seen = [d for values in by_month.values() for d in values]
    if not seen:
        return (), {m: () for m in measure_ids}
    months = month_starts(start or min(seen), end)
    return months, {m: tuple(by_month[m].get(d, 0) for d in months) for m in measure_ids}


def measure_series(store: Store, plan: Plan, measure_id: str, area: Area, end: date,
                   start: date | None = None) -> Series | None:
    """A plan measure's monthly SPC series in ``area`` from its first month with data (or ``start``)
    to ``end``, charted as the milestone table charts it: months not loaded for every force of the
    area left out, rebased at the process changes registered for the measure and area. None with
    fewer than two months."""
    months, values = monthly_counts(store, plan, [measure_id], area, end, start)
    if len(months) < 2:
        return None
    loaded = loaded_everywhere(loaded_months(store, area_forces(store, area)))
    return analyse_series(plan, measure_id, months, values[measure_id], loaded=loaded,
                          changes=tuple(list_changes(store, measure_id, area.key)))


def analyse_series(plan: Plan, measure_id: str, months: tuple[date, ...], values: tuple[int, ...], *,
                   changes: tuple[ProcessChange, ...], loaded: set[date], target: float | None = None) -> Series:
    """SPC of a monthly series, rebased only at the registered process ``changes`` inside it.

    Months whose data is not loaded (not in ``loaded``) are left out of the chart. Both are required:
    a caller that left them out charted over the register and drew months not loaded as 0.
    Possible gaps (a month counted 0 where a zero is implausible, crimeplan.metrics.coverage) stay
    on it as excluded points of type ``possible_gap``: in neither the centre line, the limits nor
    the runs, and never judged, so never a signal. The Series names both."""
    not_loaded = tuple(m for m in months if m not in loaded)
    gaps = possible_gaps(months, values, loaded)
    keep = [i for i, m in enumerate(months) if m not in not_loaded]
    if sum(months[i] not in gaps for i in keep) < 2:
        gaps, not_loaded, keep = (), (), list(range(len(months)))
    months, values = tuple(months[i] for i in keep), tuple(values[i] for i in keep)
    measure = plan.measures[measure_id]
    inside = [c for c in changes if months and months[0] <= c.month <= months[-1]]
    rebase = sorted({c.month.isoformat() for c in inside if c.rebase and c.month != months[0]})
    excluded = [i for i, m in enumerate(months) if m in gaps]
    result = spc.analyse(list(values), dates=[d.isoformat() for d in months],
                         improvement_direction=SPC_DIRECTION[measure.improvement_direction], target=target,
                         rebase_dates=rebase or None, profile=plan.spc_profile, exclude=excluded or None)
    return Series(measure=measure_id, months=months, values=tuple(values),
                  spc=spc.mark_possible_gaps(result, excluded),
                  annotations=tuple((c.month, c.reason) for c in inside), possible_gaps=gaps, not_loaded=not_loaded)


__all__ = ["monthly_counts", "analyse_series"]


def latest_month(store: Store, area: Area, *, as_at: int | None = None) -> date:
    """The latest month with records in ``area``."""
    value = records.scalar(store, records.for_area(store, "crimes", area, as_at).month.max())
    if value is None:
        raise NotFoundError(f"no records loaded for {area.name}")
    return stored_date(value)


def rate_series(store: Store, plan: Plan, rate_ids: list[str], area: Area, end: date, *,
                as_at: int | None = None) -> dict[str, Series]:
    """Monthly outcomes ÷ crimes recorded for each rate, with its SPC chart (rates with fewer than
    two months of recorded crimes are left out). Two queries for every rate: one by recorded month,
    one by outcome month.

    Period basis: outcomes dated in each month ÷ crimes recorded in it (the paper's detection
    rate). It is a ratio, not a proportion — a small area can clear up more crimes in a month than
    it records — so it is charted as a Laney u′ chart (outcomes per recorded crime). Cohort basis
    (police.uk): crimes recorded in each month whose outcome so far is positive, a true
    proportion, charted as a Laney p′ chart.
    """
    rates = [plan.rates[r] for r in rate_ids]
    t = records.for_area(store, "crimes", area, as_at)
    by_recorded: dict[str, ir.Scalar] = {}
    by_outcome: dict[str, ir.Scalar] = {}
    for i, r in enumerate(rates):
        numerator = measure_predicate(t, plan.measures[r.numerator_measure], end)
        positive = numerator & positive_outcome_predicate(t, r.positive_outcomes, r.positive_outcome_labels)
        recorded = measure_predicate(t, plan.measures[r.denominator_measure], end)
        by_recorded[f"den{i}"] = ibis.ifelse(recorded, t.n, 0).sum()
        (by_recorded if r.positive_outcome_labels else by_outcome)[f"num{i}"] = ibis.ifelse(positive, t.n, 0).sum()
    recorded = _by_month(store, t.filter(t.month <= end), "month", by_recorded)
    dated = t.filter(t.outcome_month <= end)
    outcomes = _by_month(store, dated, "outcome_month", by_outcome) if by_outcome else {}
    out = {}
    for i, r in enumerate(rates):
        den = {m: v for m, v in recorded.get(f"den{i}", {}).items() if v}
        num = (recorded if r.positive_outcome_labels else outcomes).get(f"num{i}", {})
        months = tuple(m for m in month_starts(min(den), end) if den.get(m)) if den else ()
        if len(months) < 2:
            continue
        numerators = tuple(num.get(m, 0) for m in months)
        denominators = tuple(den[m] for m in months)
        method = "pprime" if r.positive_outcome_labels else "uprime"
        result = spc.analyse(None, dates=[m.isoformat() for m in months], method=method,
                             numerators=list(numerators), denominators=list(denominators),
                             improvement_direction=SPC_DIRECTION[r.improvement_direction],
                             profile=plan.spc_profile)
        out[r.id] = Series(measure=r.id, months=months,
                           values=tuple(n / d for n, d in zip(numerators, denominators, strict=True)),
                           spc=result, numerators=numerators, denominators=denominators)
    return out


def _by_month(store: Store, t: ir.Table, month: str, aggs: dict[str, ir.Scalar]) -> dict[str, dict[date, int]]:
    """{aggregate name: {month: value}} of ``aggs`` grouped by the ``month`` column."""
    out: dict[str, dict[date, int]] = {name: {} for name in aggs}
    for row in records.rows(store, t.group_by(m=t[month]).aggregate(**aggs)):
        if row["m"] is None or row["m"] != row["m"]:   # outcome month NULL (no outcome) or NaT
            continue
        for name in aggs:
            out[name][stored_date(row["m"])] = int(row[name] or 0)
    return out
