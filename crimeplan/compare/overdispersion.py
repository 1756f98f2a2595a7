"""Over-dispersion of a funnel plot (Spiegelhalter 2005, "Handling over-dispersion of performance
indicators", Qual Saf Health Care 14:347–351; and "Funnel plots for comparing institutional
performance", Stat Med 24:1185–1202, §5).

With k units, target θ and each unit's standard error under the null sᵢ = √(V(θ)/nᵢ)
(V(θ) = θ for a Poisson rate, θ(1 − θ) for a proportion), the z-scores are zᵢ = (yᵢ/nᵢ − θ)/sᵢ.

* **Winsorisation**: the z-scores are sorted and the ⌊k × 10 %⌋ most extreme at each end are set to
  the next value in (``WINSOR``), so a few outlying units cannot inflate the estimate themselves.
* **Multiplicative** (φ): φ̂ = Σ z_w² / k; the limits become θ ± z_p √φ̂ sᵢ (only when φ̂ > 1).
* **Additive** (random effects, DerSimonian–Laird): with wᵢ = 1/sᵢ²,
  τ̂² = max(0, (k φ̂ − (k − 1)) / (Σwᵢ − Σwᵢ²/Σwᵢ)); the limits become θ ± z_p √(sᵢ² + τ̂²).
* **Test**: the units are over-dispersed when k φ̂ exceeds the 95 % point of χ² with k − 1 degrees
  of freedom (reported; the adjustment is applied whenever it is asked for and φ̂ > 1).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crimeplan.compare.distributions import chi2_quantile

METHODS = ("none", "multiplicative", "additive")
WINSOR = 0.10
"""Fraction of z-scores winsorised at each end (Spiegelhalter 2005: 10 %)."""
TEST_LEVEL = 0.95


@dataclass(frozen=True)
class Overdispersion:
    method: str
    phi: float                  # winsorised mean squared z-score
    tau2: float                 # additive between-unit variance (0 unless method is additive)
    units: int
    winsorised: int             # z-scores moved at each end
    chi2_95: float              # the test's critical value for k·φ
    overdispersed: bool         # k·φ > χ²(0.95; k − 1)
    applied: bool               # the limits were widened

    def inflate(self, se: float) -> float:
        """The standard error used for the limits of a unit whose null standard error is ``se``."""
        if not self.applied:
            return se
        if self.method == "multiplicative":
            return se * math.sqrt(self.phi)
        return math.sqrt(se * se + self.tau2)

    def describe(self) -> str:
        if self.method == "none":
            return "no over-dispersion adjustment"
        how = (f"multiplicative, φ = {self.phi:.2f}" if self.method == "multiplicative"
               else f"additive random effects, τ = {math.sqrt(self.tau2):.3g} (φ = {self.phi:.2f})")
        applied = "" if self.applied else " (not applied: no over-dispersion)"
        return (f"over-dispersion {how}{applied}, from z-scores winsorised at {WINSOR:.0%} each end "
                f"(Spiegelhalter 2005)")

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "phi": self.phi, "tau2": self.tau2, "units": self.units,
                "winsorised_each_end": self.winsorised, "winsor_fraction": WINSOR, "chi2_95": self.chi2_95,
                "overdispersed": self.overdispersed, "applied": self.applied, "description": self.describe()}


def winsorise(z: Sequence[float], fraction: float = WINSOR) -> tuple[list[float], int]:
    """z with the ⌊k × fraction⌋ lowest and highest values set to the next value in; and that count."""
    k = len(z)
    q = int(k * fraction)
    if q == 0:
        return list(z), 0
    ordered = sorted(z)
    low, high = ordered[q], ordered[k - q - 1]
    return [min(max(v, low), high) for v in z], q


def estimate(z: Sequence[float], se: Sequence[float], method: str) -> Overdispersion:
    """φ̂ (and τ̂² for ``additive``) from the z-scores and null standard errors of the target's units."""
    if method not in METHODS:
        raise ValueError(f"unknown over-dispersion method {method!r}; expected one of {', '.join(METHODS)}")
    k = len(z)
    zw, q = winsorise(z)
    phi = math.fsum(v * v for v in zw) / k if k else float("nan")
    critical = chi2_quantile(TEST_LEVEL, k - 1) if k > 1 else float("nan")
    tau2 = 0.0
    if method == "additive" and k > 1:
        w = [1 / (s * s) for s in se if s > 0]
        denominator = math.fsum(w) - math.fsum(x * x for x in w) / math.fsum(w)
        tau2 = max(0.0, (k * phi - (k - 1)) / denominator) if denominator > 0 else 0.0
    applied = method != "none" and phi > 1 and (method == "multiplicative" or tau2 > 0)
    return Overdispersion(method, phi, tau2, k, q, critical, k > 1 and k * phi > critical, applied)
