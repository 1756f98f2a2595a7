"""Rank intervals instead of league tables: how far could a unit's rank move by chance?

Each simulation draws every unit's count from Poisson(observed count) (numpy's generator with a
fixed seed, so results are reproducible), divides by the unit's exposure and ranks the rates.
The interval is the central ``confidence`` range of the simulated ranks (inverted-CDF
percentiles, so the limits are whole ranks). Rank 1 is the **lowest** rate unless
``descending`` (for crime, 1 = fewest crimes per 1,000). The point rank is the observed one,
ties sharing the better (smaller) rank. Method as in Marshall & Spiegelhalter (1998), with
Poisson draws in place of their posterior sampling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

SIMULATIONS = 2_000
SEED = 20140513
"""Default seed: the date of the board paper, so every run gives the same intervals."""


@dataclass(frozen=True)
class RankInterval:
    code: str
    rank: int
    low: int
    high: int

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "rank": self.rank, "low": self.low, "high": self.high}


def observed_ranks(values: Sequence[float], *, descending: bool = False) -> list[int]:
    """1 + the number of units strictly better (ties share the smaller rank)."""
    sign = -1 if descending else 1
    return [1 + sum(1 for w in values if sign * w < sign * v) for v in values]


def rank_intervals(codes: Sequence[str], counts: Sequence[int], exposures: Sequence[float], *,
                   simulations: int = SIMULATIONS, seed: int = SEED, confidence: float = 0.95,
                   descending: bool = False) -> tuple[RankInterval, ...]:
    if len(codes) != len(counts) or len(codes) != len(exposures):
        raise ValueError("codes, counts and exposures must have the same length")
    if simulations < 100:
        raise ValueError(f"expected at least 100 simulations, got {simulations}")
    counts_a = np.asarray(counts, dtype=float)
    exposures_a = np.asarray(exposures, dtype=float)
    rng = np.random.default_rng(seed)
    draws = rng.poisson(counts_a, size=(simulations, len(codes))) / exposures_a
    if descending:
        draws = -draws
    ranks = np.argsort(np.argsort(draws, axis=1, kind="stable"), axis=1) + 1
    tail = (1 - confidence) / 2 * 100
    low = np.percentile(ranks, tail, axis=0, method="inverted_cdf")
    high = np.percentile(ranks, 100 - tail, axis=0, method="inverted_cdf")
    point = observed_ranks(list(counts_a / exposures_a), descending=descending)
    return tuple(RankInterval(c, r, int(lo), int(hi)) for c, r, lo, hi in zip(codes, point, low, high, strict=False))
