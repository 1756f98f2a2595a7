"""Year-end projection of a milestone and the MDC assurance of a monthly target (docs/spc.md)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crimeplan.errors import SpcError
from crimeplan.periods import add_months
from crimeplan.spc import constants as c
from crimeplan.spc import rules
from crimeplan.spc.icons import assurance_icon
from crimeplan.spc.inputs import number_list
from crimeplan.spc.limits import average_moving_range, mean, moving_ranges
from crimeplan.spc.narrative import month_label

VERDICTS = ("met_consistently", "met_by_chance", "missed_by_chance", "not_met_consistently")


@dataclass(frozen=True)
class Projection:
    actual_to_date: float
    months_elapsed: int
    months_remaining: int
    projected_total: float
    low: float | None            # ~95 % interval; None when no AMR is known and months remain
    high: float | None
    baseline_total: float
    target_total: float
    projected_change: float      # projected_total - baseline_total
    projected_change_pct: float | None
    verdict: str                 # one of VERDICTS
    probability_of_meeting: float | None
    signal: bool                 # this year's values show special cause against last year's process
    signal_reason: str | None


def _normal_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def project_year_end(months_elapsed_values: Sequence[float], months_in_year: int, process_mean: float,
                     process_amr: float | None, baseline_total: float, target_total: float,
                     improvement_direction: str, *,
                     baseline_values: Sequence[float] | None = None, first_month: date | None = None) -> Projection:
    """Project the year's total from the months so far plus process_mean for each month left.

    The interval is projected_total +/- 1.96 * sqrt(k) * AMR / 1.128 for k remaining months.
    ``signal`` compares this year's months with last year's process: its mean is
    baseline_total / months_in_year (or the mean of ``baseline_values``) and its AMR is
    process_amr (or the screened AMR of ``baseline_values``). With ``first_month`` (the year's first
    month) the signal's reason names the month ("July 2013"), otherwise its place in the year.
    """
    x = number_list(months_elapsed_values, "months_elapsed_values", allow_empty=True)
    _check_inputs(len(x), months_in_year, improvement_direction,
                  {"process_mean": process_mean, "baseline_total": baseline_total, "target_total": target_total},
                  process_amr)
    actual = math.fsum(x)
    k = months_in_year - len(x)
    projected = actual + k * process_mean
    sigma = None if process_amr is None else process_amr / c.D2

    def good(total: float) -> bool:
        return total <= target_total if improvement_direction == "decrease" else total >= target_total

    low: float | None
    high: float | None
    probability: float | None
    if k == 0:
        low = high = projected
        probability = 1.0 if good(projected) else 0.0
        verdict = "met_consistently" if good(projected) else "not_met_consistently"
    elif sigma is None:
        low = high = probability = None
        verdict = "met_by_chance" if good(projected) else "missed_by_chance"
    else:
        sd = math.sqrt(k) * sigma
        low, high = projected - c.Z_95 * sd, projected + c.Z_95 * sd
        if sd == 0:
            probability = 1.0 if good(projected) else 0.0
        else:
            z = (target_total - projected) / sd
            probability = _normal_cdf(z) if improvement_direction == "decrease" else 1 - _normal_cdf(z)
        if good(low) and good(high):
            verdict = "met_consistently"
        elif not good(low) and not good(high):
            verdict = "not_met_consistently"
        else:
            verdict = "met_by_chance" if good(projected) else "missed_by_chance"

    signal, reason = _year_signal(x, months_in_year, baseline_total, process_amr, baseline_values, first_month)
    change = projected - baseline_total
    return Projection(
        actual_to_date=actual, months_elapsed=len(x), months_remaining=k, projected_total=projected,
        low=low, high=high, baseline_total=baseline_total, target_total=target_total,
        projected_change=change,
        projected_change_pct=None if baseline_total == 0 else 100 * change / baseline_total,
        verdict=verdict, probability_of_meeting=probability, signal=signal, signal_reason=reason)


def _check_inputs(n_elapsed: int, months_in_year: int, improvement_direction: str, numbers: dict[str, float],
                  process_amr: float | None) -> None:
    if not isinstance(months_in_year, int) or isinstance(months_in_year, bool) or months_in_year < 1:
        raise SpcError(f"months_in_year: expected a positive integer, got {months_in_year!r}")
    if n_elapsed > months_in_year:
        raise SpcError(f"months_elapsed_values: expected at most {months_in_year} values, got {n_elapsed}")
    if improvement_direction not in ("increase", "decrease"):
        raise SpcError("improvement_direction: expected increase or decrease for a target, "
                       f"got {improvement_direction!r}")
    for key, v in numbers.items():
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
            raise SpcError(f"{key}: expected a finite number, got {v!r}")
    if process_amr is not None and (not isinstance(process_amr, (int, float)) or process_amr < 0
                                    or not math.isfinite(process_amr)):
        raise SpcError(f"process_amr: expected a number >= 0 or None, got {process_amr!r}")


def _year_signal(x: list[float], months_in_year: int, baseline_total: float, process_amr: float | None,
                 baseline_values: Sequence[float] | None, first_month: date | None) -> tuple[bool, str | None]:
    amr: float | None
    if baseline_values is not None:
        base = number_list(baseline_values, "baseline_values")
        centre = mean(base)
        amr = average_moving_range(moving_ranges(base))
        n_base = len(base)
    else:
        centre = baseline_total / months_in_year
        amr = process_amr
        n_base = months_in_year
    if not x:
        return False, None
    if amr is not None and not math.isnan(amr):
        upl, lpl = centre + c.PROCESS_LIMIT_MULTIPLIER * amr, centre - c.PROCESS_LIMIT_MULTIPLIER * amr
        outside = [i for i, v in enumerate(x) if v > upl or v < lpl]
        if outside:
            which = (month_label(add_months(first_month, outside[0])) if first_month is not None
                     else f"month {outside[0] + 1} of the year")
            return True, f"{which} is outside last year's process limits"
    if any(rules.shift(rules.sides(x, centre), c.SHIFT_POINTS)):
        return True, f"{c.SHIFT_POINTS} or more consecutive months on one side of last year's average"
    if amr is not None and amr > 0:
        se = amr / c.D2 * math.sqrt(1 / len(x) + 1 / n_base)
        z = (mean(x) - centre) / se
        if abs(z) > 3:
            return True, (f"this year's monthly average differs from last year's by {abs(z):.1f} "
                          "standard errors")
    return False, None


def target_assurance(monthly_target: float | None, lpl: float, upl: float, direction: str) -> str | None:
    """MDC assurance of a monthly target against process limits (strict; on a limit = inconsistent)."""
    return assurance_icon(monthly_target, lpl, upl, direction)
