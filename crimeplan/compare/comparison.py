"""A comparison of rates per 1,000 residents across units, as one frozen result.

Every rate carries an interval (exact Poisson by default). The peer average states its method:

* ``simple``: the unweighted mean of the members' rates, **including** the focal unit (the
  convention of HMIC's Crime and Policing Comparator);
* ``weighted``: Σ counts ÷ Σ populations, i.e. the group's own rate (HMICFRS value-for-money
  dashboards).

A unit is "significantly higher" (or "lower") than the average only when its whole interval lies
above (below) it, otherwise "similar" (the Fingertips convention). The funnel plot and the rank
intervals are computed from the same counts and shown beside it; a funnel call can differ from the
interval call (the funnel tests against the group's pooled rate with overdispersion if asked).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crimeplan.compare.funnel import Funnel, funnel
from crimeplan.compare.peers import PeerGroup
from crimeplan.compare.ranks import SEED, SIMULATIONS, rank_intervals
from crimeplan.compare.units import UnitCount
from crimeplan.errors import MetricError
from crimeplan.intervals import CONFIDENCE, rate_interval
from crimeplan.levels import level_name
from crimeplan.spc.narrative import format_number, join_words

AVERAGES = ("simple", "weighted")
FAR_OUT_FENCE = 3.0
"""Tukey's outer fence: a rate more than 3 interquartile ranges beyond a quartile is "far out"."""
FAR_OUT_RULE = "rate beyond Q1 − 3·IQR or Q3 + 3·IQR of the units' rates (Tukey's outer fences)"
MIN_UNITS_FOR_FENCE = 4
PER = 1_000
"""Rates are per 1,000 residents (police.uk "Compare your area", HMIC)."""
CALL_WORDS = {"higher": "significantly higher than", "lower": "significantly lower than",
              "similar": "not significantly different from"}


@dataclass(frozen=True)
class UnitRate:
    code: str
    name: str
    count: int
    population: int
    population_year: int
    population_basis: str
    rate: float
    low: float
    high: float
    call: str                    # higher / lower / similar, against the peer average
    funnel_position: str         # above / below / within the funnel's 99.8 % limits
    funnel_warning: bool         # outside the 95 % band
    rank: int
    rank_low: int
    rank_high: int
    focal: bool = False
    population_source: str = ""  # what the population is and where it was loaded from
    far_out: bool = False        # rate far outside the rest (Tukey's outer fence): off the funnel's scale

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "count": self.count, "population": self.population,
                "population_year": self.population_year, "population_basis": self.population_basis,
                "population_source": self.population_source, "far_out": self.far_out,
                "rate": self.rate, "low": self.low, "high": self.high, "call": self.call,
                "funnel_position": self.funnel_position, "funnel_warning": self.funnel_warning,
                "rank": self.rank, "rank_low": self.rank_low, "rank_high": self.rank_high, "focal": self.focal}


@dataclass(frozen=True)
class PeerAverage:
    method: str
    value: float
    members: int
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "value": self.value, "members": self.members,
                "description": self.description}


@dataclass(frozen=True)
class Comparison:
    """Rates per 1,000 of ``subject`` across units, with intervals, the average, funnel and ranks."""

    subject: str
    source: str
    period_label: str
    start: date | None
    end: date | None
    months: tuple[date, ...]
    level: str
    group: PeerGroup | None
    focal: str | None
    per: int
    confidence: float
    interval_method: str
    average: PeerAverage
    units: tuple[UnitRate, ...]
    funnel: Funnel
    rank_order: str               # ascending: rank 1 = the lowest rate
    simulations: int
    seed: int
    excluded: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    average_without: PeerAverage | None = None   # the average without the far-out units (None if none)
    group_method: str = ""                       # how the units were chosen (the group's source)

    @property
    def unit_label(self) -> str:
        return f"per {self.per:,} residents"

    @property
    def far_out(self) -> tuple[UnitRate, ...]:
        return tuple(u for u in self.units if u.far_out)

    @property
    def population_note(self) -> str:
        """The populations behind the rates, e.g. "Census 2011 usual residents by police force area (…)"."""
        sources = sorted({u.population_source or f"population {u.population_year}" for u in self.units})
        return "Rates per 1,000 residents; population: " + "; ".join(sources) + "."

    def average_note(self) -> str | None:
        """The average with and without far-out units, in one sentence (None without any)."""
        if self.average_without is None:
            return None
        names = join_words([u.name for u in self.far_out])
        return (f"Peer average {format_number(self.average.value, 1)} with {names}, "
                f"{format_number(self.average_without.value, 1)} without ({self.average_without.description}); "
                f"{names} {'is' if len(self.far_out) == 1 else 'are'} far outside the other units' rates "
                f"(beyond {FAR_OUT_FENCE:g} × the interquartile range) and shown off the funnel's scale.")

    @property
    def focal_unit(self) -> UnitRate | None:
        return next((u for u in self.units if u.focal), None)

    def headline(self) -> str:
        """One sentence on the focal unit (or the spread, without one)."""
        pct = round(self.confidence * 100)
        unit = self.focal_unit
        if unit is None:
            higher = [u.name for u in self.units if u.call == "higher"]
            lower = [u.name for u in self.units if u.call == "lower"]
            parts = []
            if higher:
                parts.append(f"significantly higher than the average: {join_words(higher)}")
            if lower:
                parts.append(f"significantly lower: {join_words(lower)}")
            return (f"{self.subject} {self.unit_label}, {self.period_label}: "
                    + ("; ".join(parts) if parts else "no unit differs significantly from the average")
                    + f" ({self.average.description}, {format_number(self.average.value, 1)}).")
        return (f"{unit.name}: {format_number(unit.rate, 1)} {self.unit_label} ({self.subject}, "
                f"{self.period_label}; {pct} % interval {format_number(unit.low, 1)}–"
                f"{format_number(unit.high, 1)}), {CALL_WORDS[unit.call]} the peer average of "
                f"{format_number(self.average.value, 1)} ({self.average.description}); rank {unit.rank} "
                f"of {len(self.units)} (lowest rate = 1; plausible ranks {unit.rank_low}–{unit.rank_high}).")

    def to_dict(self) -> dict[str, Any]:
        return {"subject": self.subject, "source": self.source, "period": self.period_label,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
                "months": [m.isoformat() for m in self.months], "level": self.level,
                "group": self.group.to_dict() if self.group else None, "focal": self.focal,
                "per": self.per, "unit_label": self.unit_label, "confidence": self.confidence,
                "interval_method": self.interval_method, "average": self.average.to_dict(),
                "units": [u.to_dict() for u in self.units], "funnel": self.funnel.to_dict(),
                "rank_order": self.rank_order, "simulations": self.simulations, "seed": self.seed,
                "excluded": [{"code": c, "reason": r} for c, r in self.excluded],
                "average_without_far_out": self.average_without.to_dict() if self.average_without else None,
                "far_out": [u.code for u in self.far_out], "far_out_rule": FAR_OUT_RULE,
                "population_note": self.population_note, "group_method": self.group_method,
                "notes": list(self.notes), "headline": self.headline()}


def peer_average(rates: Sequence[float], counts: Sequence[int], populations: Sequence[int], method: str,
                 *, per: int = PER, focal_name: str | None = None) -> PeerAverage:
    if method not in AVERAGES:
        raise MetricError(f"unknown average {method!r}; expected one of {', '.join(AVERAGES)}")
    n = len(rates)
    if method == "simple":
        including = f", including {focal_name}" if focal_name else ""
        return PeerAverage(method, math.fsum(rates) / n, n, f"simple mean of {n} rates{including}")
    return PeerAverage(method, math.fsum(counts) / math.fsum(populations) * per, n,
                       f"weighted: total count ÷ total population of {n} units")


def far_out_units(codes: Sequence[str], rates: Sequence[float], *, fence: float = FAR_OUT_FENCE) -> tuple[str, ...]:
    """Units whose rate lies beyond Tukey's outer fences, Q1 − 3·IQR and Q3 + 3·IQR (Tukey 1977), of
    the units' rates (quartiles by ``statistics.quantiles``, inclusive method). Needs 4 units."""
    if len(rates) < MIN_UNITS_FOR_FENCE:
        return ()
    q1, _, q3 = statistics.quantiles(rates, n=4, method="inclusive")
    iqr = q3 - q1
    return tuple(c for c, r in zip(codes, rates, strict=True) if r > q3 + fence * iqr or r < q1 - fence * iqr)


def call_against(low: float, high: float, benchmark: float) -> str:
    """higher / lower only when the whole interval lies beyond the benchmark."""
    if low > benchmark:
        return "higher"
    if high < benchmark:
        return "lower"
    return "similar"


def build_comparison(units: Sequence[UnitCount], *, subject: str, source: str, period_label: str,
                     level: str, start: date | None = None, end: date | None = None,
                     months: Sequence[date] = (), group: PeerGroup | None = None, focal: str | None = None,
                     average: str = "simple", confidence: float = CONFIDENCE, interval_method: str = "exact",
                     funnel_chart: str = "u", simulations: int = SIMULATIONS, seed: int = SEED,
                     notes: Sequence[str] = (), funnel_limits: str = "normal", overdispersion: str = "none",
                     target_excludes: Sequence[str] = (), far_out_in_target: bool = False) -> Comparison:
    """The comparison of ``units`` (pure: no store). Units without a population are excluded."""
    populated = [(u, u.population) for u in units if u.population is not None and u.population.value > 0]
    usable = [u for u, _ in populated]
    populations = [pop for _, pop in populated]
    excluded = tuple((u.code, "no population loaded (load one with `crimeplan ingest population`)")
                     for u in units if u not in usable)
    if len(usable) < 2:
        raise MetricError(f"a comparison needs at least 2 units with a population; got {len(usable)}"
                          + (f" (no population for {', '.join(c for c, _ in excluded)})" if excluded else ""))
    if focal is not None and focal not in {u.code for u in usable}:
        why = dict(excluded).get(focal, "it has no figures for the period")
        name = next((u.name for u in units if u.code == focal), focal)
        raise MetricError(f"{name} cannot be placed among the {len(usable)} areas compared: {why}")
    intervals = [rate_interval(u.count, pop.value, per=PER, confidence=confidence,
                               method=interval_method) for u, pop in populated]
    rates = [i.estimate for i in intervals]
    focal_name = next((u.name for u in usable if u.code == focal), None)
    avg = peer_average(rates, [u.count for u in usable], [pop.value for pop in populations], average,
                       focal_name=focal_name)
    far = far_out_units([u.code for u in usable], rates)
    avg_without = None
    if far:
        rest = [(r, u, pop) for r, (u, pop) in zip(rates, populated, strict=True) if u.code not in far]
        avg_without = peer_average([r for r, _, _ in rest], [u.count for _, u, _ in rest],
                                   [pop.value for _, _, pop in rest], average,
                                   focal_name=focal_name if focal not in far else None)
    out_of_target = set(target_excludes) | (set() if far_out_in_target else set(far))
    try:
        plot = funnel([u.code for u in usable], [u.name for u in usable], [u.count for u in usable],
                      [pop.value / PER for pop in populations], chart=funnel_chart, limits=funnel_limits,
                      overdispersion=overdispersion, exclude_from_target=out_of_target, off_scale=far)
    except ValueError as exc:
        raise MetricError(f"funnel: {exc}") from None
    ranks = rank_intervals([u.code for u in usable], [u.count for u in usable],
                           [pop.value / PER for pop in populations], simulations=simulations, seed=seed,
                           confidence=confidence)
    rows = tuple(
        UnitRate(u.code, u.name, u.count, pop.value, pop.year, pop.basis,
                 i.estimate, i.low, i.high, call_against(i.low, i.high, avg.value), p.position, p.warning,
                 r.rank, r.low, r.high, u.code == focal, pop.citation, u.code in far)
        for (u, pop), i, p, r in zip(populated, intervals, plot.points, ranks, strict=True))
    return Comparison(subject, source, period_label, start, end, tuple(months), level, group, focal, PER,
                      confidence, interval_method, avg, rows, plot, "ascending", simulations, seed, excluded,
                      tuple(notes), avg_without, group_method(group, level))


def group_method(group: PeerGroup | None, level: str) -> str:
    """How the units compared were chosen, in words (every comparison names its group and its method)."""
    if group is None:
        return f"every {level_name(level)} with data loaded"
    how = group.source or ("a comparator set chosen by the user" if group.kind == "comparator"
                           else "a published most similar group")
    return f"{group.name} ({group.group_id}): {how}"
