"""Display formatting of numbers, percentages and dates. Values arrive unrounded; rounding is here only."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

PERCENT_DECIMALS = 1
"""Percentages are shown to one decimal place, rounded half up (the paper is not consistent:
it truncates −6.18 % to −6.1 % but rounds 4.42 % up to 4.5 %; see docs/domain.md §0)."""


def count(value: int | float | None) -> str:
    if value is None:
        return "-"
    return f"{int(value):,}"


def percent(fraction: float | None, decimals: int = PERCENT_DECIMALS, *, trim: bool = False) -> str:
    """0.0228 → "2.3 %"; with ``trim``, whole numbers lose their decimals (−0.05 → "-5 %")."""
    if fraction is None:
        return "-"
    quantum = Decimal(1).scaleb(-decimals)
    value = (Decimal(str(fraction)) * 100).quantize(quantum, rounding=ROUND_HALF_UP)
    if trim and value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    if value == 0:
        value = abs(value)
    return f"{value} %"


def number(value: float | None, decimals: int = 0) -> str:
    """A measured (not counted) value such as a monthly average or a process limit, rounded half
    up: 15661.85 → "15,662"; with ``decimals=1``, 6376.83 → "6,376.8"."""
    if value is None or value != value:  # None or NaN
        return "-"
    quantum = Decimal(1).scaleb(-decimals)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    return f"{rounded:,}" if decimals else f"{int(rounded):,}"


NBSP = "\u00a0"
"""The no-break space between a number and its "%" or unit, so that "%" never starts a line."""

UNITS = ("per cent", "pt", "mm", "cm", "km", "kg", "miles", "tonnes", "hours", "days", "weeks", "months", "years")
"""Words that measure the number before them and stay on its line ("45 miles", "8 pt", "12 months")."""

_SPACE_BEFORE_PERCENT = re.compile(r"(\d)[ \t\u202f\u00a0]*%")
_SPACE_BEFORE_UNIT = re.compile(rf"(\d)[ \t\u202f]+({'|'.join(UNITS)})\b")


def typeset(text: str) -> str:
    """Text as a printed paper shows it: one style of percentage, "2.3 %" with a no-break space
    (whether it was written "2.3%" or "2.3 %"), and a no-break space between a number and its unit."""
    text = _SPACE_BEFORE_PERCENT.sub(rf"\1{NBSP}%", text)
    return _SPACE_BEFORE_UNIT.sub(rf"\1{NBSP}\2", text)
