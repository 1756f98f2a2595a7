"""Intervals for counts and proportions, and the two-proportion test. Pure functions, stdlib only:
the comparisons (crimeplan.compare) and the survey rates (crimeplan.metrics.surveys) share them.

* **Exact Poisson (Garwood 1936)** for a count k at confidence 1 − α: the lower limit solves
  P(X ≥ k; λ) = α/2 and the upper P(X ≤ k; λ) = α/2. Through the Poisson–gamma relation these are
  gamma quantiles, λ_L = G⁻¹(α/2; k) and λ_U = G⁻¹(1 − α/2; k + 1) (equivalently
  χ²(α/2; 2k)/2 and χ²(1 − α/2; 2k + 2)/2). The regularised incomplete gamma function is computed
  here (series and continued fraction, Numerical Recipes §6.2) and inverted by bisection; the
  tests check it against scipy's chi-square quantiles and against summed Poisson probabilities.
* **Byar's approximation** (Breslow & Day 1987, p. 69): λ_L = k(1 − 1/(9k) − z/(3√k))³,
  λ_U = (k+1)(1 − 1/(9(k+1)) + z/(3√(k+1)))³; within 0.1 % of exact above about k = 100.
* **Wilson score interval** for a proportion x/n (Wilson 1927), the one survey results use.
* **Two-proportion z test** (pooled), with Newcombe's (1998, method 10) Wilson-based interval
  for the difference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

CONFIDENCE = 0.95
"""Default confidence level of every interval (Fingertips and police.uk comparisons use 95 %)."""

_EPS = 1e-15
_MAX_ITER = 100_000
_BISECT_REL = 1e-13

METHODS = ("exact", "byar")


@dataclass(frozen=True)
class Interval:
    """An estimate with its lower and upper limits at ``confidence``."""

    estimate: float
    low: float
    high: float
    confidence: float
    method: str

    def scaled(self, factor: float) -> Interval:
        return Interval(self.estimate * factor, self.low * factor, self.high * factor, self.confidence,
                        self.method)

    def to_dict(self) -> dict[str, Any]:
        return {"estimate": self.estimate, "low": self.low, "high": self.high,
                "confidence": self.confidence, "method": self.method}


def z_value(confidence: float = CONFIDENCE) -> float:
    """The two-sided standard normal quantile (1.959964 for 95 %)."""
    _check_confidence(confidence)
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


# --------------------------------------------------------------------------- incomplete gamma


def gamma_p(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x), a > 0, x ≥ 0."""
    if a <= 0:
        raise ValueError(f"gamma_p needs a > 0, got {a}")
    if x <= 0:
        return 0.0
    if x < a + 1:
        return _gamma_series(a, x)
    return 1.0 - _gamma_cf(a, x)


def _prefactor(a: float, x: float) -> float:
    return math.exp(-x + a * math.log(x) - math.lgamma(a))


def _gamma_series(a: float, x: float) -> float:
    term = total = 1.0 / a
    ap = a
    for _ in range(_MAX_ITER):
        ap += 1
        term *= x / ap
        total += term
        if abs(term) < abs(total) * _EPS:
            return total * _prefactor(a, x)
    raise ArithmeticError(f"gamma series did not converge for a={a}, x={x}")


def _gamma_cf(a: float, x: float) -> float:
    """Q(a, x) by Lentz's continued fraction."""
    tiny = 1e-300
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPS:
            return h * _prefactor(a, x)
    raise ArithmeticError(f"gamma continued fraction did not converge for a={a}, x={x}")


def gamma_quantile(p: float, a: float, guess: float | None = None) -> float:
    """x with P(a, x) = p, by bracketing then bisection (relative precision 1e-13)."""
    if not 0 < p < 1:
        raise ValueError(f"gamma_quantile needs 0 < p < 1, got {p}")
    x0 = guess if guess and guess > 0 else a
    lo, hi = x0, x0
    while lo > 1e-300 and gamma_p(a, lo) > p:
        lo /= 2
    while gamma_p(a, hi) < p:
        hi = hi * 2 + 1
    while hi - lo > _BISECT_REL * max(hi, 1e-300):
        mid = (lo + hi) / 2
        if gamma_p(a, mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


# --------------------------------------------------------------------------- Poisson counts


def poisson_interval(count: int, confidence: float = CONFIDENCE, method: str = "exact") -> Interval:
    """Interval for the mean of a Poisson count (``exact`` Garwood limits, or ``byar``)."""
    if isinstance(count, bool) or int(count) != count or count < 0:
        raise ValueError(f"a Poisson count must be a whole number ≥ 0, got {count!r}")
    if method not in METHODS:
        raise ValueError(f"unknown interval method {method!r}; expected one of {', '.join(METHODS)}")
    _check_confidence(confidence)
    k = int(count)
    alpha = 1 - confidence
    if method == "byar":
        low, high = _byar(k, z_value(confidence))
    else:
        b_low, b_high = _byar(k, z_value(confidence))
        low = 0.0 if k == 0 else gamma_quantile(alpha / 2, k, guess=b_low or None)
        high = gamma_quantile(1 - alpha / 2, k + 1, guess=b_high)
    return Interval(float(k), low, high, confidence, method)


def _byar(k: int, z: float) -> tuple[float, float]:
    low = 0.0 if k == 0 else k * (1 - 1 / (9 * k) - z / (3 * math.sqrt(k))) ** 3
    high = (k + 1) * (1 - 1 / (9 * (k + 1)) + z / (3 * math.sqrt(k + 1))) ** 3
    return max(0.0, low), high


def rate_interval(count: int, exposure: float, *, per: float = 1_000, confidence: float = CONFIDENCE,
                  method: str = "exact") -> Interval:
    """A rate ``count / exposure × per`` with the count's Poisson interval scaled the same way."""
    if not exposure > 0:
        raise ValueError(f"a rate needs a positive exposure (population), got {exposure!r}")
    return poisson_interval(count, confidence, method).scaled(per / exposure)


# --------------------------------------------------------------------------- proportions


def wilson_interval(positive: int, n: int, confidence: float = CONFIDENCE) -> Interval:
    """Wilson score interval for the proportion ``positive / n``."""
    if n <= 0 or positive < 0 or positive > n:
        raise ValueError(f"a proportion needs 0 ≤ positive ≤ n and n > 0, got {positive}/{n}")
    z = z_value(confidence)
    p = positive / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Interval(p, max(0.0, centre - half), min(1.0, centre + half), confidence, "wilson")


@dataclass(frozen=True)
class ProportionTest:
    """Two-proportion z test of p₁ = x₁/n₁ against p₂ = x₂/n₂ (``difference`` = p₂ − p₁)."""

    p1: float
    n1: int
    p2: float
    n2: int
    difference: float
    difference_low: float
    difference_high: float
    z: float
    p_value: float
    confidence: float
    significant: bool

    def to_dict(self) -> dict[str, Any]:
        return {"p1": self.p1, "n1": self.n1, "p2": self.p2, "n2": self.n2, "difference": self.difference,
                "difference_low": self.difference_low, "difference_high": self.difference_high,
                "z": self.z, "p_value": self.p_value, "confidence": self.confidence,
                "significant": self.significant}


def two_proportion_test(x1: int, n1: int, x2: int, n2: int, confidence: float = CONFIDENCE) -> ProportionTest:
    """Pooled two-proportion z test (two-sided) and Newcombe's interval for p₂ − p₁."""
    a, b = wilson_interval(x1, n1, confidence), wilson_interval(x2, n2, confidence)
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = 0.0 if se == 0 else (p2 - p1) / se
    p_value = math.erfc(abs(z) / math.sqrt(2))
    d = p2 - p1
    low = d - math.sqrt((p2 - b.low) ** 2 + (a.high - p1) ** 2)
    high = d + math.sqrt((b.high - p2) ** 2 + (p1 - a.low) ** 2)
    return ProportionTest(p1, n1, p2, n2, d, low, high, z, p_value, confidence, p_value < 1 - confidence)


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}")
