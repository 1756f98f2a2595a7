"""Funnel plots across units (forces, LPUs, local authorities): rates per population (Poisson)
and proportions (binomial), after Spiegelhalter (2005) and Laney (2002).

For unit i with count yᵢ and denominator nᵢ (for a rate, the population in ``per`` units, so yᵢ/nᵢ
is the rate per 1,000; for a proportion, the number asked), the target is θ = Σy / Σn over the units
**in the target** (a unit can be left out of it, e.g. City of London per resident, and is still
plotted and judged). The limits at size n, at 95 % and 99.8 % (two-sided):

* ``limits="exact"`` (Spiegelhalter 2005, the default of ``crimeplan compare funnel``): the
  2.5/97.5 % and 0.1/99.9 % points of Poisson(θn) (rates, chart ``u``) or Binomial(n, θ)
  (proportions, chart ``p``), interpolated between counts (``crimeplan.compare.distributions``);
* ``limits="normal"``: θ ± z·σ(n) with σ(n) = √(θ/n) (u) or √(θ(1 − θ)/n) (p), z = 1.96 and 3.09;
* ``chart="uprime"``/``"pprime"``: Laney's σ_z (``crimeplan.spc.attribute``, units **ordered by
  denominator**) multiplies σ(n) — normal limits;
* ``overdispersion="multiplicative"``/``"additive"``: Spiegelhalter's φ / τ² from winsorised
  z-scores (``crimeplan.compare.overdispersion``); the widened limits are normal, θ ± z·σ*(n).

A funnel's only signals are points outside its limits: ``above``/``below`` the 99.8 % limits, a
``warning`` outside the 95 % ones. No time-series rule (runs, trends) is ever applied across units.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from crimeplan.compare.distributions import binomial_limit, poisson_limit
from crimeplan.compare.overdispersion import METHODS as OD_METHODS
from crimeplan.compare.overdispersion import Overdispersion, estimate
from crimeplan.spc.attribute import attribute_limits

CHARTS = ("u", "uprime", "p", "pprime")
LIMITS = ("exact", "normal")
INNER_Z = 1.959964
"""95 % band (two-sided normal quantile)."""
OUTER_Z = 3.090232
"""99.8 % band (two-sided normal quantile), the funnel plot's control limit."""
INNER_P = (0.025, 0.975)
OUTER_P = (0.001, 0.999)
"""The probabilities of the exact 95 % and 99.8 % limits (Spiegelhalter 2005)."""
CURVE_POINTS = 80


@dataclass(frozen=True)
class FunnelPoint:
    code: str
    name: str
    numerator: float
    denominator: float
    value: float               # rate (u) or proportion (p), in display units (× scale)
    lcl95: float
    ucl95: float
    lcl998: float
    ucl998: float
    position: str              # above, below or within the 99.8 % limits
    warning: bool              # outside the 95 % band (but not necessarily the 99.8 %)
    z: float                   # (value − target) / σ(n), σ including any over-dispersion
    in_target: bool = True     # counted in the target (centre line)
    off_scale: bool = False    # far outside the rest: drawn at the edge of the chart

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "numerator": self.numerator,
                "denominator": self.denominator, "value": self.value, "lcl95": self.lcl95,
                "ucl95": self.ucl95, "lcl998": self.lcl998, "ucl998": self.ucl998,
                "position": self.position, "warning": self.warning, "z": self.z,
                "in_target": self.in_target, "off_scale": self.off_scale}


@dataclass(frozen=True)
class FunnelCurvePoint:
    denominator: float
    lcl95: float
    ucl95: float
    lcl998: float
    ucl998: float

    def to_dict(self) -> dict[str, Any]:
        return {"denominator": self.denominator, "lcl95": self.lcl95, "ucl95": self.ucl95,
                "lcl998": self.lcl998, "ucl998": self.ucl998}


@dataclass(frozen=True)
class Funnel:
    """A funnel plot: target, per-unit limits, the smooth limit curves and how they were made."""

    chart: str
    centre: float
    sigma_z: float | None
    scale: float               # display factor: values are value × scale (1 for u per 1,000, 100 for %)
    points: tuple[FunnelPoint, ...]
    curve: tuple[FunnelCurvePoint, ...]
    limits: str = "normal"
    overdispersion: Overdispersion | None = None

    @property
    def outliers(self) -> tuple[FunnelPoint, ...]:
        return tuple(p for p in self.points if p.position != "within")

    @property
    def left_out_of_target(self) -> tuple[FunnelPoint, ...]:
        return tuple(p for p in self.points if not p.in_target)

    @property
    def distribution(self) -> str:
        proportion = self.chart in ("p", "pprime")
        if self.limits == "exact" and not (self.overdispersion and self.overdispersion.applied):
            return "binomial" if proportion else "Poisson"
        return "normal approximation to the " + ("binomial" if proportion else "Poisson")

    def describe(self) -> str:
        """The method in one sentence, for the chart, its text alternative and the JSON."""
        if self.chart in ("uprime", "pprime"):
            how = f"Laney's {self.chart[0]}′ limits (σz {self.sigma_z:.2f}), normal"
        elif self.limits == "exact":
            how = "exact " + ("binomial" if self.chart == "p" else "Poisson") + " limits"
        else:
            how = "normal-approximation limits"
        od = self.overdispersion
        if od is not None and od.method != "none":
            how += "; " + od.describe()
            if od.applied and self.limits == "exact":
                how += "; widened limits use the normal approximation"
        out = self.left_out_of_target
        target = "target = pooled rate of all units" if not out else (
            "target = pooled rate without " + ", ".join(p.name for p in out) + " (still plotted)")
        return f"Funnel plot (Spiegelhalter 2005): {how}; 95 % and 99.8 % limits; {target}."

    def to_dict(self) -> dict[str, Any]:
        od = self.overdispersion
        return {"chart": self.chart, "centre": self.centre, "sigma_z": self.sigma_z, "scale": self.scale,
                "limits": {"inner": INNER_Z, "outer": OUTER_Z, "method": self.limits,
                           "probabilities": {"inner": list(INNER_P), "outer": list(OUTER_P)},
                           "distribution": self.distribution},
                "overdispersion": od.to_dict() if od else None,
                "target_excludes": [p.code for p in self.left_out_of_target],
                "method": self.describe(),
                "signals": "points outside the 99.8 % limits only (no time-series rules across units)",
                "points": [p.to_dict() for p in self.points], "curve": [c.to_dict() for c in self.curve],
                "outliers": [p.code for p in self.outliers],
                "off_scale": [p.code for p in self.points if p.off_scale]}


def funnel(codes: Sequence[str], names: Sequence[str], numerators: Sequence[float],
           denominators: Sequence[float], *, chart: str = "u", scale: float = 1.0, limits: str = "normal",
           overdispersion: str = "none", exclude_from_target: Collection[str] = (),
           off_scale: Collection[str] = (), curve_points: int = CURVE_POINTS) -> Funnel:
    """Funnel limits for units in any order; points are returned in the input order."""
    _check_methods(chart, limits, overdispersion)
    target_units = _target_units(codes, denominators, exclude_from_target)
    laney = chart in ("uprime", "pprime")
    order = sorted(target_units, key=lambda i: (denominators[i], codes[i]))
    base = attribute_limits([numerators[i] for i in order], [denominators[i] for i in order], chart=chart)
    bands = _Bands(base.cl, base.sigma_z, chart in ("p", "pprime"), scale)
    z_null = [bands.z(numerators[i] / denominators[i], denominators[i]) for i in target_units]
    od = estimate(z_null, [bands.se(denominators[i]) for i in target_units], overdispersion) if not laney else None
    bands = replace(bands, od=od, exact=limits == "exact" and not laney and not (od is not None and od.applied))
    points = tuple(_point(bands, code, name, y, n, code not in exclude_from_target, code in off_scale)
                   for code, name, y, n in zip(codes, names, numerators, denominators, strict=True))
    return Funnel(chart, base.cl * scale, base.sigma_z, scale, points,
                  _curve(bands, min(denominators), max(denominators), curve_points),
                  "normal" if laney else limits, od)


def _check_methods(chart: str, limits: str, overdispersion: str) -> None:
    if chart not in CHARTS:
        raise ValueError(f"unknown funnel chart {chart!r}; expected one of {', '.join(CHARTS)}")
    if limits not in LIMITS:
        raise ValueError(f"unknown funnel limits {limits!r}; expected one of {', '.join(LIMITS)}")
    if overdispersion not in OD_METHODS:
        raise ValueError(f"unknown over-dispersion method {overdispersion!r}; expected one of {', '.join(OD_METHODS)}")
    if chart in ("uprime", "pprime") and overdispersion != "none":
        raise ValueError(f"chart {chart!r} already allows for over-dispersion (Laney); "
                         "use chart u or p with an over-dispersion method, not both")


def _target_units(codes: Sequence[str], denominators: Sequence[float],
                  exclude_from_target: Collection[str]) -> list[int]:
    """The indexes of the units the target is pooled over, once the units are checked."""
    if len(codes) < 2:
        raise ValueError(f"a funnel plot needs at least 2 units, got {len(codes)}")
    if any(not n > 0 for n in denominators):
        raise ValueError("every unit needs a positive denominator (population or number asked)")
    unknown = [c for c in exclude_from_target if c not in codes]
    if unknown:
        raise ValueError(f"not among the units of the funnel: {', '.join(unknown)}")
    target_units = [i for i, c in enumerate(codes) if c not in exclude_from_target]
    if len(target_units) < 2:
        raise ValueError("a funnel's target needs at least 2 units")
    return target_units


@dataclass(frozen=True)
class _Bands:
    """The funnel's limits at any size n, around the target ``centre`` (in data units)."""

    centre: float
    sigma_z: float | None        # Laney's σ_z (u′, p′ charts), else None
    proportion: bool             # binomial (p, p′) rather than Poisson (u, u′)
    scale: float
    od: Overdispersion | None = None
    exact: bool = False          # exact Poisson/binomial limits rather than normal ones

    def se(self, n: float) -> float:
        """σ(n) before any over-dispersion, times Laney's σ_z if any."""
        c = self.centre
        sd = math.sqrt(c * (1 - c) / n) if self.proportion else math.sqrt(c / n)
        return sd * (1.0 if self.sigma_z is None else self.sigma_z)

    def sd(self, n: float) -> float:
        """σ(n) with any over-dispersion."""
        return self.od.inflate(self.se(n)) if self.od is not None else self.se(n)

    def z(self, value: float, n: float, *, inflated: bool = False) -> float:
        sd = self.sd(n) if inflated else self.se(n)
        return (value - self.centre) / sd if sd > 0 else 0.0

    def band(self, n: float, z: float, probs: tuple[float, float]) -> tuple[float, float]:
        """The (lower, upper) limits at size n, in display units (× scale)."""
        c = self.centre
        if self.exact and self.proportion:
            whole = max(1, round(n))
            lo, hi = binomial_limit(probs[0], c, whole), binomial_limit(probs[1], c, whole)
        elif self.exact:
            lo, hi = poisson_limit(probs[0], c, n), poisson_limit(probs[1], c, n)
        else:
            half = z * self.sd(n)
            lo, hi = max(0.0, c - half), c + half
            if self.proportion:
                hi = min(1.0, hi)
        return lo * self.scale, hi * self.scale


def _point(bands: _Bands, code: str, name: str, y: float, n: float, in_target: bool,
           off_scale: bool) -> FunnelPoint:
    value = y / n
    lo95, hi95 = bands.band(n, INNER_Z, INNER_P)
    lo998, hi998 = bands.band(n, OUTER_Z, OUTER_P)
    shown = value * bands.scale
    position = "above" if shown > hi998 else "below" if shown < lo998 else "within"
    return FunnelPoint(code, name, y, n, shown, lo95, hi95, lo998, hi998, position,
                       shown > hi95 or shown < lo95, bands.z(value, n, inflated=True), in_target, off_scale)


def _curve(bands: _Bands, low_n: float, high_n: float, curve_points: int) -> tuple[FunnelCurvePoint, ...]:
    """The limits drawn from 0.8 × the smallest denominator to 1.1 × the largest, even on a log scale."""
    start, stop = low_n * 0.8, high_n * 1.1
    curve = []
    for i in range(curve_points):
        n = start * (stop / start) ** (i / (curve_points - 1))
        curve.append(FunnelCurvePoint(n, *bands.band(n, INNER_Z, INNER_P), *bands.band(n, OUTER_Z, OUTER_P)))
    return tuple(curve)
