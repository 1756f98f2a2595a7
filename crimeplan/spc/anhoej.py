"""Anhøj runs analysis: longest run and crossings (spc-method.md §1.9, qicharts2)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class AnhoejResult:
    centre: float
    useful_n: int
    longest_run: int
    longest_run_max: int | None
    crossings: int
    crossings_min: int | None
    signal: bool

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if isinstance(self.centre, float) and math.isnan(self.centre):
            d["centre"] = None
        return d


def longest_run_max(n: int) -> int:
    """round(log2 n) + 3: a longer run signals."""
    return round(math.log2(n)) + 3


def crossings_min(n: int) -> int:
    """qbinom(0.05, n - 1, 0.5): the smallest c with P(Bin(n-1, 1/2) <= c) >= 0.05. Fewer signals."""
    trials = n - 1
    total = 2 ** trials
    cum = 0
    for k in range(trials + 1):
        cum += math.comb(trials, k)
        if cum * 20 >= total:  # cum / total >= 0.05, exactly in integers
            return k
    return trials


def critical_values(n: int) -> tuple[int, int]:
    """(longest_run_max, crossings_min) for n useful observations."""
    return longest_run_max(n), crossings_min(n)


def runs_analysis(values: Sequence[float], centre: float | None = None) -> AnhoejResult:
    """Runs analysis around centre (the median when None). Points on the centre are dropped."""
    if centre is None:
        centre = statistics.median(values) if values else float("nan")
    useful = [(v > centre) - (v < centre) for v in values if v != centre]
    n = len(useful)
    if n == 0:
        return AnhoejResult(centre, 0, 0, None, 0, None, False)
    longest = run = 1
    crossings = 0
    for i in range(1, n):
        if useful[i] == useful[i - 1]:
            run += 1
        else:
            run = 1
            crossings += 1
        longest = max(longest, run)
    lr_max, cr_min = critical_values(n)
    return AnhoejResult(centre, n, longest, lr_max, crossings, cr_min,
                        longest > lr_max or crossings < cr_min)
