"""Percentages as plan files write them ("-5%", "−5 %", "+3%", "12.5%")."""

from __future__ import annotations

import re
from fractions import Fraction

_PERCENT = re.compile(r"([+-]?)\s*(\d+(?:\.\d+)?)\s*%")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-", "\ufe63": "-", "\uff0d": "-"})


def percentage_fraction(text: str) -> Fraction:
    """The exact fraction of a percentage ("-5%" → -1/20); ValueError for anything else."""
    match = _PERCENT.fullmatch(text.translate(_MINUS_SIGNS).strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"expected a percentage like -5%, got {text!r}")
    sign, number = match.groups()
    value = Fraction(number) / 100
    return -value if sign == "-" else value


def parse_percentage(text: str) -> float:
    """ "-5%", "-5 %", "−5%" (Unicode minus), "+3%", "88%", "12.5%" → -0.05, …, 0.88, 0.125."""
    return float(percentage_fraction(text))
