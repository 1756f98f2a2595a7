"""Exact Poisson and binomial funnel limits (Spiegelhalter 2005, Appendix A.1.1). Stdlib only.

For a target θ, a unit of size n and a probability p, let r_p be the p-quantile of the count's
distribution (the smallest r with F(r) ≥ p): Poisson(θn) for a rate, Binomial(n, θ) for a
proportion. Because the count is discrete, the limit is interpolated between r_p − 1 and r_p:

    α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)),   limit = (r_p − α) / n

so the curves are smooth in n. F is computed through the regularised incomplete gamma function
(Poisson: F(r; μ) = 1 − P(r + 1, μ)) and the regularised incomplete beta function (binomial:
F(r; n, θ) = I_{1−θ}(n − r, r + 1)), Numerical Recipes §6.2 and §6.4; the tests check both against
scipy's ``poisson``/``binom`` ``cdf`` and ``ppf``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from crimeplan.intervals import gamma_p, gamma_quantile

_EPS = 3e-16
_TINY = 1e-300
_MAX_ITER = 10_000


def poisson_cdf(r: int, mu: float) -> float:
    """P(X ≤ r) for X ~ Poisson(mu)."""
    if r < 0:
        return 0.0
    if mu <= 0:
        return 1.0
    return 1.0 - gamma_p(r + 1, mu)


def beta_inc(a: float, b: float, x: float) -> float:
    """Regularised incomplete beta I_x(a, b), a, b > 0, 0 ≤ x ≤ 1."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1) / (a + b + 2):
        return front * _beta_cf(a, b, x) / a
    return 1.0 - front * _beta_cf(b, a, 1 - x) / b


def _beta_cf(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _MAX_ITER):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > _TINY else _TINY)
        c = 1 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > _TINY else _TINY)
        c = 1 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPS:
            return h
    return h


def binomial_cdf(r: int, n: int, theta: float) -> float:
    """P(X ≤ r) for X ~ Binomial(n, theta)."""
    if r < 0:
        return 0.0
    if r >= n or theta <= 0:
        return 1.0
    if theta >= 1:
        return 0.0
    return beta_inc(n - r, r + 1, 1 - theta)


def _quantile(cdf: Callable[[int], float], p: float, high: int) -> int:
    """The smallest integer r in [0, high] with cdf(r) ≥ p (bisection on a monotone cdf)."""
    lo, hi = 0, high
    while cdf(hi) < p:
        hi *= 2
    while lo < hi:
        mid = (lo + hi) // 2
        if cdf(mid) >= p:
            hi = mid
        else:
            lo = mid + 1
    return lo


def poisson_quantile(p: float, mu: float) -> int:
    return _quantile(lambda r: poisson_cdf(r, mu), p, max(1, int(mu + 10 * math.sqrt(mu) + 10)))


def binomial_quantile(p: float, n: int, theta: float) -> int:
    return _quantile(lambda r: binomial_cdf(r, n, theta), p, n)


def _interpolated(cdf: Callable[[int], float], r: int, p: float) -> float:
    upper, lower = cdf(r), cdf(r - 1)
    alpha = (upper - p) / (upper - lower) if upper > lower else 0.0
    return max(0.0, r - alpha)


def poisson_limit(p: float, theta: float, n: float) -> float:
    """The p-limit of the rate y/n for a unit of exposure n under Poisson(θn) (Spiegelhalter's interpolation)."""
    mu = theta * n
    if mu <= 0:
        return 0.0
    r = poisson_quantile(p, mu)
    return _interpolated(lambda k: poisson_cdf(k, mu), r, p) / n


def binomial_limit(p: float, theta: float, n: int) -> float:
    """The p-limit of the proportion y/n for a unit of size n under Binomial(n, θ)."""
    if theta <= 0:
        return 0.0
    if theta >= 1:
        return 1.0
    r = binomial_quantile(p, n, theta)
    return min(1.0, _interpolated(lambda k: binomial_cdf(k, n, theta), r, p) / n)


def chi2_quantile(p: float, df: int) -> float:
    """The p-quantile of χ² with df degrees of freedom (= 2 × gamma quantile of shape df/2)."""
    return 2 * gamma_quantile(p, df / 2)
