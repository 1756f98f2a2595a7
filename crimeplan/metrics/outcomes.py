"""The outcome (detection) table, with its breakdowns by area and by clear-up.

Two counting bases, labelled: ``period`` (the paper's) = outcomes of the chosen types dated in the
period ÷ crimes recorded in the period; ``cohort`` = crimes recorded in the period whose outcome so
far is positive, with how many are still open. police.uk data has no outcome dates, so its rates
are always on the cohort basis.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

import ibis
import ibis.expr.types as ir

from crimeplan.metrics import records
from crimeplan.metrics.areas import NO_LOCATION, OUTSIDE, area_names, breakdown_level, with_division
from crimeplan.metrics.coverage import area_forces, coverage, loaded_months
from crimeplan.metrics.measures import measure_predicate, positive_outcome_predicate
from crimeplan.metrics.published import outcomes_published
from crimeplan.metrics.results import NO_OUTCOMES_NOTE, Area, AreaRate, Cohort, Coverage, OutcomeRow, OutcomeTable
from crimeplan.periods import Period
from crimeplan.plan import Plan, RateMeasure
from crimeplan.store import Store


def rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def table_rates(plan: Plan) -> list[RateMeasure]:
    for table in plan.tables.values():
        if table.kind == "rates":
            return [plan.rates[row] for row in table.rows]
    return list(plan.rates.values())


def outcome_table(store: Store, plan: Plan, briefing_date: date, area: Area,
                  level: str | None = None, *, view: str = "ytd", as_at: int | None = None) -> OutcomeTable:
    from crimeplan.metrics.milestones import current_window, period_label

    period = current_window(briefing_date, view)
    rates = table_rates(plan)
    level = breakdown_level(store, area, level)
    t = records.for_area(store, "crimes", area, as_at, level)
    by_type = _by_outcome_type(store, t, plan, rates, period)
    if level:
        t = with_division(store, t, area, level)
    else:
        t = t.mutate(division=ibis.literal(area.code))
    recorded_in = t.month.between(period.start, period.end)  # periods are whole months
    outcome_in = t.outcome_month.between(period.start, period.end)
    t = t.filter(recorded_in | outcome_in)
    aggs = {}
    for i, r in enumerate(rates):
        numerator = measure_predicate(t, plan.measures[r.numerator_measure], period.end)
        denominator = measure_predicate(t, plan.measures[r.denominator_measure], period.end)
        positive = positive_outcome_predicate(t, r.positive_outcomes, r.positive_outcome_labels)
        aggs[f"rec{i}"] = ibis.ifelse(denominator & recorded_in, t.n, 0).sum()
        aggs[f"det{i}"] = ibis.ifelse(numerator & positive & outcome_in, t.n, 0).sum()
        aggs[f"coh{i}"] = ibis.ifelse(numerator & positive & recorded_in, t.n, 0).sum()
        aggs[f"open{i}"] = ibis.ifelse(denominator & recorded_in & t.outcome_type.isnull()
                                       & t.outcome_label.isnull(), t.n, 0).sum()
    by_division = sorted(records.rows(store, t.group_by("division").aggregate(**aggs)),
                         key=lambda row: (row["division"] is None, row["division"] or ""))
    names = area_names(store)
    rows = []
    for i, r in enumerate(rates):
        totals = {k: sum(int(row[f"{k}{i}"] or 0) for row in by_division) for k in ("rec", "det", "coh", "open")}
        basis = "cohort" if r.positive_outcome_labels else "period"
        detected = totals["det"] if basis == "period" else totals["coh"]
        areas = []
        for row in by_division:
            code = row["division"]
            d = int(row[f"det{i}"] if basis == "period" else row[f"coh{i}"])
            areas.append(AreaRate(area=code, name=names.get(code, code if code in (NO_LOCATION, OUTSIDE) else code),
                                  recorded=int(row[f"rec{i}"]), detected=d, rate=rate(d, int(row[f"rec{i}"]))))
        areas.sort(key=lambda a: (a.area in (NO_LOCATION, OUTSIDE), a.name))
        milestone = next((m.target for m in plan.milestones.values() if m.rate == r.id), None)
        rows.append(OutcomeRow(
            measure=r.id, title=r.title, recorded=totals["rec"], detected=detected,
            rate=rate(detected, totals["rec"]), milestone=milestone, basis=basis,
            by_area=tuple(areas) if level else (), by_outcome_type=by_type.get(r.id, {}),
            cohort=Cohort(recorded=totals["rec"], positive=totals["coh"], open=totals["open"],
                          rate=rate(totals["coh"], totals["rec"]))))
    forces = area_forces(store, area, as_at)
    cover = coverage(loaded_months(store, forces, as_at), ((period_label(period, view), period),), forces)
    published = all(outcomes_published(store, f, period.months) for f in forces)  # BTP, PSNI: none
    rows = [with_coverage(r, cover, published) for r in rows]
    return OutcomeTable(plan=plan.id, briefing_date=briefing_date, area=area, current_period=period,
                        breakdown_level=level, rows=tuple(rows), view=view, coverage=cover)


def with_coverage(row: OutcomeRow, cover: Coverage, published: bool) -> OutcomeRow:
    """``row`` as it may be shown: with no figures when its months are not all loaded, with no
    rates (not 0 %) when the force publishes no outcomes."""
    if not cover.complete:
        return replace(row, recorded=None, detected=None, rate=None, by_area=(), by_outcome_type={},
                       cohort=Cohort(recorded=None, positive=None, open=None, rate=None), complete=False,
                       missing_months=cover.missing_months, coverage_note=cover.note,
                       outcomes_published=published)
    if not published:
        return replace(row, detected=None, rate=None, by_outcome_type={},
                       by_area=tuple(replace(a, detected=None, rate=None) for a in row.by_area),
                       cohort=replace(row.cohort, positive=None, open=None, rate=None),
                       coverage_note=NO_OUTCOMES_NOTE, outcomes_published=False)
    return row


def _by_outcome_type(store: Store, t: ir.Table, plan: Plan, rates: list[RateMeasure],
                     period: Period) -> dict[str, dict[str, int]]:
    """Every outcome recorded in the period for each rate's crimes ("breakdown by clear-up"): one
    query summing, for each rate, its crimes by outcome type and label; a rate counted on police.uk
    labels (cohort) takes its crimes recorded in the period, one on outcome types those with an
    outcome in the period."""
    aggs = {}
    for i, r in enumerate(rates):
        numerator = measure_predicate(t, plan.measures[r.numerator_measure], period.end)
        when = t.month if r.positive_outcome_labels else t.outcome_month
        aggs[f"r{i}"] = ibis.ifelse(numerator & when.between(period.start, period.end), t.n, 0).sum()
    frame = records.rows(store, t.group_by(["outcome_type", "outcome_label"]).aggregate(**aggs))
    out: dict[str, dict[str, int]] = {}
    for i, r in enumerate(rates):
        counts: dict[str, int] = defaultdict(int)
        for row in frame:
            n = int(row[f"r{i}"] or 0)
            if not n:
                continue
            if r.positive_outcome_labels:
                label = row["outcome_label"]
                counts[label if isinstance(label, str) else "(no outcome yet)"] += n
            else:
                counts[str(int(row["outcome_type"]))] += n
        out[r.id] = dict(sorted(counts.items(), key=lambda kv: _type_order(kv[0])))
    return out


def _type_order(key: str) -> tuple[int, int, str]:
    return (0, int(key), "") if key.isdigit() else (1, 0, key)
