"""Funnel plots across units (forces, LPUs, local authorities): u / u′ charts for rates per
population and p / p′ charts for proportions (Spiegelhalter 2005; Laney 2002).

For unit i with count yᵢ and denominator nᵢ (for a u chart, the population in ``per`` units,
so yᵢ/nᵢ is the rate per 1,000; for a p chart, the number asked), the centre line is
c = Σy / Σn and the limits at size n are c ± k·σ(n)·σ_z with σ(n) = √(c/n) (u) or
√(c(1 − c)/n) (p); k = 1.96 (95 %) and 3.09 (99.8 %), the usual funnel bands. σ_z is 1 for the
plain charts; for u′/p′ it is Laney's: the z-scores' average moving range / 1.128, taken from
``crimeplan.spc.attribute`` with the units **ordered by denominator** (units have no time order;
ordering by size is the usual convention and keeps the result reproducible). Counts across
forces are overdispersed, so u′ is the honest choice for large units; the plain u chart flags
almost every force.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crimeplan.spc.attribute import attribute_limits

CHARTS = ("u", "uprime", "p", "pprime")
INNER_Z = 1.959964
"""95 % band (two-sided normal quantile)."""
OUTER_Z = 3.090232
"""99.8 % band (two-sided normal quantile), the funnel plot's control limit."""
CURVE_POINTS = 80


@dataclass(frozen=True)
class FunnelPoint:
    code: str
    name: str
    numerator: float
    denominator: float
    value: float               # rate (u) or proportion (p), in display units (× per for u)
    lcl95: float
    ucl95: float
    lcl998: float
    ucl998: float
    position: str              # above, below or within the 99.8 % limits
    warning: bool              # outside the 95 % band (but not necessarily the 99.8 %)
    z: float                   # (value − centre) / (σ(n)·σ_z)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "numerator": self.numerator,
                "denominator": self.denominator, "value": self.value, "lcl95": self.lcl95,
                "ucl95": self.ucl95, "lcl998": self.lcl998, "ucl998": self.ucl998,
                "position": self.position, "warning": self.warning, "z": self.z}


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
    """A funnel plot: centre, per-unit limits and the smooth limit curves."""

    chart: str
    centre: float
    sigma_z: float | None
    scale: float               # display factor: values are value × scale (1 for u per 1,000, 100 for %)
    points: tuple[FunnelPoint, ...]
    curve: tuple[FunnelCurvePoint, ...]

    @property
    def outliers(self) -> tuple[FunnelPoint, ...]:
        return tuple(p for p in self.points if p.position != "within")

    def to_dict(self) -> dict[str, Any]:
        return {"chart": self.chart, "centre": self.centre, "sigma_z": self.sigma_z, "scale": self.scale,
                "limits": {"inner": INNER_Z, "outer": OUTER_Z},
                "points": [p.to_dict() for p in self.points], "curve": [c.to_dict() for c in self.curve],
                "outliers": [p.code for p in self.outliers]}


def funnel(codes: Sequence[str], names: Sequence[str], numerators: Sequence[float],
           denominators: Sequence[float], *, chart: str = "u", scale: float = 1.0,
           curve_points: int = CURVE_POINTS) -> Funnel:
    """Funnel limits for units in any order; points are returned in the input order."""
    if chart not in CHARTS:
        raise ValueError(f"unknown funnel chart {chart!r}; expected one of {', '.join(CHARTS)}")
    if len(codes) < 2:
        raise ValueError(f"a funnel plot needs at least 2 units, got {len(codes)}")
    if any(not n > 0 for n in denominators):
        raise ValueError("every unit needs a positive denominator (population or number asked)")
    order = sorted(range(len(codes)), key=lambda i: (denominators[i], codes[i]))
    limits = attribute_limits([numerators[i] for i in order], [denominators[i] for i in order], chart=chart)
    centre = limits.cl
    sigma_z = limits.sigma_z
    proportion = chart in ("p", "pprime")

    def band(n: float, z: float) -> tuple[float, float]:
        sd = math.sqrt(centre * (1 - centre) / n) if proportion else math.sqrt(centre / n)
        half = z * sd * (1.0 if sigma_z is None else sigma_z)
        lo, hi = max(0.0, centre - half), centre + half
        return lo * scale, (min(1.0, hi) if proportion else hi) * scale

    points = []
    for code, name, y, n in zip(codes, names, numerators, denominators):
        value = y / n
        lo95, hi95 = band(n, INNER_Z)
        lo998, hi998 = band(n, OUTER_Z)
        sd = (math.sqrt(centre * (1 - centre) / n) if proportion else math.sqrt(centre / n)) \
            * (1.0 if sigma_z is None else sigma_z)
        z = (value - centre) / sd if sd > 0 else 0.0
        shown = value * scale
        position = "above" if shown > hi998 else "below" if shown < lo998 else "within"
        points.append(FunnelPoint(code, name, y, n, shown, lo95, hi95, lo998, hi998, position,
                                  shown > hi95 or shown < lo95, z))
    low_n, high_n = min(denominators), max(denominators)
    start, stop = low_n * 0.8, high_n * 1.1
    curve = []
    for i in range(curve_points):
        n = start * (stop / start) ** (i / (curve_points - 1))   # even on a log scale
        lo95, hi95 = band(n, INNER_Z)
        lo998, hi998 = band(n, OUTER_Z)
        curve.append(FunnelCurvePoint(n, lo95, hi95, lo998, hi998))
    return Funnel(chart, centre * scale, sigma_z, scale, tuple(points), tuple(curve))
