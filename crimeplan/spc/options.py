"""Validated, frozen analysis options. Messages name the key and what was expected."""

from __future__ import annotations

import math
from dataclasses import dataclass

from crimeplan.errors import SpcError
from crimeplan.spc import constants as c


def _is_int(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


@dataclass(frozen=True)
class SpcOptions:
    improvement_direction: str = "increase"
    target: float | None = None
    screen_outliers: bool = True
    profile: str = "ptd"
    method: str = "xmr"
    fix_after_n_points: int | None = None
    shift_points: int = c.SHIFT_POINTS
    trend_points: int = c.TREND_POINTS
    multiply: float = 1.0
    exclude: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.improvement_direction not in c.IMPROVEMENT_DIRECTIONS:
            raise SpcError("improvement_direction: expected one of increase, decrease, neutral, "
                           f"got {self.improvement_direction!r}")
        if self.target is not None and not (_is_number(self.target) and math.isfinite(self.target)):
            raise SpcError(f"target: expected a finite number or null, got {self.target!r}")
        if not isinstance(self.screen_outliers, bool):
            raise SpcError(f"screen_outliers: expected true or false, got {self.screen_outliers!r}")
        if self.profile not in c.PROFILES:
            raise SpcError(f"profile: expected one of {', '.join(c.PROFILES)}, got {self.profile!r}")
        if self.method not in c.METHODS:
            raise SpcError(f"method: expected one of {', '.join(c.METHODS)}, got {self.method!r}")
        least = c.MIN_FREEZE_QIC if self.profile == "qic" else c.MIN_FIX_AFTER_N_POINTS
        if self.fix_after_n_points is not None and not (
                _is_int(self.fix_after_n_points) and self.fix_after_n_points >= least):
            raise SpcError(f"fix_after_n_points: expected an integer >= {least} "
                           f"or null, got {self.fix_after_n_points!r}")
        if not (_is_number(self.multiply) and math.isfinite(self.multiply) and self.multiply > 0):
            raise SpcError(f"multiply: expected a number > 0, got {self.multiply!r}")
        for k, i in enumerate(self.exclude):
            if not (_is_int(i) and i >= 0):
                raise SpcError(f"exclude[{k}]: expected a 0-based index of a value, got {i!r}")
        for key in ("shift_points", "trend_points"):
            v = getattr(self, key)
            if not (_is_int(v) and v >= 2):
                raise SpcError(f"{key}: expected an integer >= 2, got {v!r}")
