"""Plain-English sentences in the register of the force's board papers.

Deterministic and built only from the numbers passed in and the SpcResult: no number is invented.
Phrases (spc-method.md §1.10):

* "spike": a point outside the process limits (rule 1);
* "step change": a rebase, a registered change, or a shift (rule 2) running to the latest point;
* "stable close to its average": the latest period shows common cause only (after any spikes);
* "seasonal pattern": a block of 2 to 6 consecutive calendar months is above the average of its
  own twelve-month year in every whole year observed, and observed in at least
  SEASONAL_MIN_YEARS years.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from crimeplan.errors import SpcError
from crimeplan.spc import constants as c
from crimeplan.spc.inputs import parse_date
from crimeplan.spc.result import SpcGroup, SpcPoint, SpcResult

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def _half_up(x: float, decimals: int) -> Decimal:
    """Round half up, as the tables do (crimeplan.render.formatting), so a figure reads the same
    in a table and in a sentence (2,948.5 is 2,949 in both)."""
    return Decimal(str(x)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(x: float, decimals: int | None = None) -> str:
    """Thousands separators; whole numbers unless decimals is given (or |x| < 100 and fractional)."""
    if decimals is None:
        decimals = 0 if abs(x) >= 100 or float(x).is_integer() else 1
    return f"{_half_up(x, decimals):,.{decimals}f}"


def format_percent(x: float) -> str:
    """12.345 → "12.3 %": one style of percentage everywhere, as crimeplan.render.formatting.percent writes it."""
    return f"{_half_up(x, 1):,.1f} %"


def month_label(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def join_words(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def describe_change(title: str, baseline: float, current: float, baseline_label: str,
                    unit: str = "offences") -> str:
    """e.g. "Violence with injury is 8.7% (1,552 offences) higher than in 2012/13."."""
    diff = current - baseline
    if diff == 0:
        return f"{title} is the same as in {baseline_label} ({format_number(current)} {unit})."
    word = "higher" if diff > 0 else "lower"
    amount = f"{format_number(abs(diff))} {unit}"
    if baseline == 0:
        return f"{title} is {amount} {word} than in {baseline_label}."
    pct = format_percent(abs(diff) / abs(baseline) * 100)
    return f"{title} is {pct} ({amount}) {word} than in {baseline_label}."


def describe_milestone(title: str, baseline: float, current: float, baseline_label: str,
                       series: SpcResult | None = None, dates: Sequence[Any] | None = None,
                       registered_changes: Sequence[tuple[Any, str]] = (), unit: str = "offences",
                       per_period: str = "a month", decimals: int | None = None,
                       facet: str | int | None = None) -> list[str]:
    """The headline change against the baseline year, then what the SPC chart shows."""
    out = [describe_change(title, baseline, current, baseline_label, unit)]
    if series is not None:
        out += describe_series(series, dates, registered_changes=registered_changes, subject="it",
                               per_period=per_period, decimals=decimals, facet=facet)
    return out


def describe_series(series: SpcResult, dates: Sequence[Any] | None = None, *,
                    registered_changes: Sequence[tuple[Any, str]] = (), subject: str = "it",
                    per_period: str = "a month", decimals: int | None = None,
                    facet: str | int | None = None) -> list[str]:
    points = series.facet_points(facet)
    groups = series.facet_groups(facet)
    when = _date_lookup(series, dates)

    def label(p: SpcPoint) -> str:
        d = when(p.index)
        return month_label(d) if d else f"point {p.index + 1}"

    latest_group = groups[-1]
    lp = [p for p in points if p.group == points[-1].group]
    avg = f"its average of {format_number(latest_group.mean, decimals)} {per_period}".rstrip()
    spikes = [p for p in lp if p.rule == "outside_limits"]
    others = [p for p in lp if p.rule not in (None, "outside_limits")]
    latest = lp[-1]
    Subject = subject[:1].upper() + subject[1:]
    step_clauses = _step_changes(series, groups, points, when, registered_changes)

    if not spikes and not others:
        main = f"{Subject} has been stable close to {avg}"
    elif not others and latest.rule is None:
        main = (f"After {_a_spike(spikes)} in {join_words([label(p) for p in spikes])}, "
                f"{subject} has been stable close to {avg}")
    elif latest.rule == "outside_limits":
        side = "above" if latest.direction == "high" else "below"
        main = (f"{label(latest)}, the latest month, was a spike {side} the process limits "
                f"around {avg}{_judgement(latest)}")
    elif latest.rule == "shift":
        run = _run_back(lp, lambda p: p.rule is not None and p.direction == latest.direction)
        side = "above" if latest.direction == "high" else "below"
        main = (f"{Subject} has been {side} {avg} for {len(run)} consecutive months, since "
                f"{label(run[0])}{_judgement(latest)}")
        step_clauses.append(f"this suggests a step change {'up' if side == 'above' else 'down'} "
                            f"from {label(run[0])}")
    elif latest.rule == "trend":
        run = _run_back(lp, lambda p: p.rule is not None)
        word = "rising" if latest.direction == "high" else "falling"
        main = (f"{Subject} has been {word} for {len(run)} consecutive months, since "
                f"{label(run[0])}, against {avg}{_judgement(latest)}")
    elif latest.rule == "two_in_three":
        side = "upper" if latest.direction == "high" else "lower"
        main = (f"{Subject} has been close to its {side} process limit in two of the last three "
                f"months, against {avg}{_judgement(latest)}")
    else:
        flagged = sorted(others + spikes, key=lambda p: p.index)
        main = (f"{Subject} is within its usual range around {avg}, after special-cause variation "
                f"between {label(flagged[0])} and {label(flagged[-1])}")
    if latest.rule != "shift" and not any("step change" in clause for clause in step_clauses):
        # A run on one side of the mean may be labelled by a rule of higher precedence (a spike,
        # two-in-three) at its end; the run still says the process has moved.
        high = latest.value > latest.centre
        run = _run_back(lp, lambda p: p.value != p.centre and (p.value > p.centre) == high)
        if len(run) >= series.options.shift_points:
            step_clauses.append(f"the last {len(run)} months have all been {'above' if high else 'below'} "
                                f"the average, which suggests a step change {'up' if high else 'down'} "
                                f"from {label(run[0])}")
    sentences = [main + ("; " + "; ".join(step_clauses) if step_clauses else "") + "."]
    dated = [(d, p.value) for p in points if (d := when(p.index)) is not None]
    seasonal = _seasonal(dated) if len(dated) == len(points) else None
    if seasonal:
        months, years = seasonal
        sentences.append(f"There is a seasonal pattern: {subject} was above average in "
                         f"{join_words(months)} in each of {years} years.")
    return sentences


def _a_spike(spikes: list[SpcPoint]) -> str:
    return "a spike" if len(spikes) == 1 else "spikes"


def _judgement(p: SpcPoint) -> str:
    return {"special_cause_improvement": " (an improvement)",
            "special_cause_concern": " (a concern)"}.get(p.point_type, "")


def _run_back(pts: list[SpcPoint], keep: Callable[[SpcPoint], bool]) -> list[SpcPoint]:
    run: list[SpcPoint] = []
    for p in reversed(pts):
        if not keep(p):
            break
        run.insert(0, p)
    return run


def _date_lookup(series: SpcResult, dates: Sequence[Any] | None) -> Callable[[int], date | None]:
    if dates is not None:
        if len(dates) != len(series.points):
            raise SpcError(f"dates: expected {len(series.points)} entries (one per point), got {len(dates)}")
        parsed = [parse_date(d, f"dates[{i}]") for i, d in enumerate(dates)]
        return lambda i: parsed[i]
    by_index = {p.index: p.date for p in series.points}
    return lambda i: by_index[i]


def _step_changes(series: SpcResult, groups: Sequence[SpcGroup], points: Sequence[SpcPoint],
                  when: Callable[[int], date | None], registered_changes: Sequence[tuple[Any, str]]) -> list[str]:
    reasons: dict[date, str] = {}
    for d, reason in registered_changes:
        reasons[parse_date(d, "registered_changes")] = reason or ""
    clauses: list[str] = []
    covered: set[date] = set()
    for prev, g in pairwise(groups):
        d = when(g.start)
        if d is None:
            continue
        covered.add(d)
        clauses.append(_step_clause("up" if g.mean > prev.mean else "down", d, reasons.get(d, "")))
    for d, reason in sorted(reasons.items()):
        if d in covered:
            continue
        before = [p.value for p in points if (w := when(p.index)) and w < d]
        after = [p.value for p in points if (w := when(p.index)) and w >= d]
        if not before or not after:
            continue
        up = math.fsum(after) / len(after) > math.fsum(before) / len(before)
        clauses.append(_step_clause("up" if up else "down", d, reason))
    return clauses


def _step_clause(direction: str, d: date, reason: str) -> str:
    text = f"there was a step change {direction} from {month_label(d)}"
    return text + (f" ({reason})" if reason else "")


def describe_possible_gaps(months: Sequence[Any]) -> str:
    """The sentence for months counted 0 although the force published other data those months:
    left out of the chart (not in its limits, never a signal)."""
    labels = join_words([month_label(parse_date(m, "possible_gaps")) for m in months])
    plural = len(months) > 1
    return (f"{labels} {'were' if plural else 'was'} counted as 0 although the force published other data "
            f"that month: {'possible gaps' if plural else 'a possible gap'} in the data, left out of the "
            f"process limits and not a signal.")


def describe_not_loaded(months: Sequence[Any]) -> str:
    """The sentence for months inside a series whose data is not loaded (for every force of the area):
    left out of the chart, never shown as a figure."""
    labels = join_words([month_label(parse_date(m, "not_loaded")) for m in months])
    plural = len(months) > 1
    return (f"{labels} {'are' if plural else 'is'} not loaded: left out of the chart and its process "
            f"limits, not shown as {'figures' if plural else 'a figure'}.")


def describe_seasonality(values: Sequence[float], dates: Sequence[Any], subject: str = "it") -> str | None:
    """The seasonal-pattern sentence for a long monthly history (several years), or None.

    Milestone charts show only the two years a milestone compares; seasonality needs more years,
    so it is judged on the whole history loaded."""
    seasonal = _seasonal([(parse_date(d, "dates"), float(v)) for d, v in zip(dates, values, strict=True)])
    if not seasonal:
        return None
    months, years = seasonal
    return f"There is a seasonal pattern: {subject} was above average in {join_words(months)} in each of {years} years."


def _seasonal(dated: list[tuple[date, float]]) -> tuple[list[str], int] | None:
    """Months above average in every whole year observed. Each point is compared with the mean of
    its own twelve-month year (counted from the first point), not the chart's mean, so a trend
    across years does not hide (or fake) a seasonal pattern."""
    if not dated:
        return None
    first_month = dated[0][0].month
    by_month: dict[int, dict[int, bool]] = {}
    for start in range(0, len(dated) - 11, 12):
        year = dated[start:start + 12]
        average = sum(v for _, v in year) / 12
        for d, v in year:
            by_month.setdefault(d.month, {})[start // 12] = v > average
    high = [m for m, years in by_month.items()
            if len(years) >= c.SEASONAL_MIN_YEARS and all(years.values())]
    if not 2 <= len(high) <= 6:
        return None
    high.sort(key=lambda m: (m - first_month) % 12)
    # one contiguous block of calendar months (cyclically), e.g. October to January
    if sum(((m % 12) + 1) not in high for m in high) != 1:
        return None
    return [MONTHS[m - 1] for m in high], min(len(by_month[m]) for m in high)
