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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crimeplan.compare.funnel import Funnel, funnel
from crimeplan.compare.peers import PeerGroup
from crimeplan.compare.ranks import SEED, SIMULATIONS, rank_intervals
from crimeplan.compare.rates import CONFIDENCE, rate_interval
from crimeplan.compare.units import UnitCount
from crimeplan.errors import MetricError
from crimeplan.spc.narrative import format_number, join_words

AVERAGES = ("simple", "weighted")
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

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "count": self.count, "population": self.population,
                "population_year": self.population_year, "population_basis": self.population_basis,
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

    @property
    def unit_label(self) -> str:
        return f"per {self.per:,} residents"

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
                     notes: Sequence[str] = ()) -> Comparison:
    """The comparison of ``units`` (pure: no store). Units without a population are excluded."""
    usable = [u for u in units if u.population is not None and u.population.value > 0]
    excluded = tuple((u.code, "no population loaded (load one with `crimeplan ingest population`)")
                     for u in units if u not in usable)
    if len(usable) < 2:
        raise MetricError(f"a comparison needs at least 2 units with a population; got {len(usable)}"
                          + (f" (no population for {', '.join(c for c, _ in excluded)})" if excluded else ""))
    if focal is not None and focal not in {u.code for u in usable}:
        raise MetricError(f"the focal unit {focal!r} is not among the units compared")
    intervals = [rate_interval(u.count, u.population.value, per=PER, confidence=confidence,
                               method=interval_method) for u in usable]
    rates = [i.estimate for i in intervals]
    focal_name = next((u.name for u in usable if u.code == focal), None)
    avg = peer_average(rates, [u.count for u in usable], [u.population.value for u in usable], average,
                       focal_name=focal_name)
    plot = funnel([u.code for u in usable], [u.name for u in usable], [u.count for u in usable],
                  [u.population.value / PER for u in usable], chart=funnel_chart)
    ranks = rank_intervals([u.code for u in usable], [u.count for u in usable],
                           [u.population.value / PER for u in usable], simulations=simulations, seed=seed,
                           confidence=confidence)
    rows = tuple(
        UnitRate(u.code, u.name, u.count, u.population.value, u.population.year, u.population.basis,
                 i.estimate, i.low, i.high, call_against(i.low, i.high, avg.value), p.position, p.warning,
                 r.rank, r.low, r.high, u.code == focal)
        for u, i, p, r in zip(usable, intervals, plot.points, ranks))
    return Comparison(subject, source, period_label, start, end, tuple(months), level, group, focal, PER,
                      confidence, interval_method, avg, rows, plot, "ascending", simulations, seed, excluded,
                      tuple(notes))
