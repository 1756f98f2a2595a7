"""Figures in text: the numbers a sentence states, whether they are percentages, counts or years,
the financial year it speaks of, and when a stated figure agrees with a recomputed one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crimeplan.render.formatting import percent

TOLERANCE_UNITS = 1.0
"""A stated percentage may differ from the recomputed one by less than this many units of its
last digit ("4.8 %" covers 4.7–4.9 exclusive; "43 %" covers 42–44 exclusive): the seed paper both
rounds and truncates, and either is accepted."""

APPROXIMATE = ("nearly", "almost", "around", "about", "approximately", "over", "some", "circa", "roughly",
               "c.", "under", "more than", "less than", "fewer than", "up to")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")

NUMBER = re.compile(r"(?<![\w.])([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[-/–]\s*(\d\d(?:\d\d)?)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_TWELVE_MONTHS_TO = re.compile(r"12 months \(?(?:to|ending)(?: the)?(?: end of)? (\w+) ((?:19|20)\d\d)", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(“\"'])")
_PERCENT_SIGN = re.compile(r"\s?%")   # \s covers the no-break spaces
_PER_CENT = re.compile(r"\s?per cent")


@dataclass(frozen=True)
class Num:
    value: float
    decimals: int
    start: int
    end: int
    percent: bool
    text: str
    signed: bool = False

    @property
    def is_year(self) -> bool:
        return (not self.percent and self.decimals == 0 and "," not in self.text and 1990 <= self.value <= 2039
                and not self.signed)

    @property
    def is_count(self) -> bool:
        """A whole number that is neither a percentage nor a year."""
        return not self.percent and not self.is_year and self.decimals == 0


def numbers(sentence: str) -> list[Num]:
    out = []
    spans = [(m.start(), m.end()) for m in YEAR_SPAN.finditer(sentence)]
    for m in NUMBER.finditer(sentence):
        if any(a <= m.start() < b for a, b in spans):
            continue  # 2013-14 is a year, not two numbers
        sign, whole, frac = m.group(1), m.group(2), m.group(3) or ""
        value = float(whole.replace(",", "") + frac)
        if sign in ("-", "−"):
            value = -value
        end = m.end()
        sign_match = _PERCENT_SIGN.match(sentence, end)
        is_pct = bool(sign_match) or bool(_PER_CENT.match(sentence, end))
        if sign_match:
            end = sign_match.end()
        out.append(Num(value, len(frac) - 1 if frac else 0, m.start(), end, is_pct, sentence[m.start():end],
                       bool(sign)))
    return out


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]


def agrees(stated: float, decimals: int, actual: float) -> bool:
    """Does a stated percentage (in percent units, shown with ``decimals``) agree with ``actual``?"""
    return abs(abs(stated) - abs(actual)) < TOLERANCE_UNITS * 10 ** -decimals - 1e-9


def period_of(sentence: str) -> str | None:
    """The financial year a sentence speaks of, as its start year ("2012-13", "2012/13", "in 2012"
    → "2012"); "12 months to March 2014" → "2013"; None when it names none or several."""
    m = _TWELVE_MONTHS_TO.search(sentence)
    if m and m.group(1).lower() in MONTHS:
        month, year = MONTHS.index(m.group(1).lower()) + 1, int(m.group(2))
        return str(year - 1 if month <= 3 else year)
    spans = {m.group(1) for m in YEAR_SPAN.finditer(sentence)}
    if len(spans) == 1:
        return spans.pop()
    if spans:
        return None
    masked = YEAR_SPAN.sub(" ", sentence)
    years = []
    for m in _YEAR.finditer(masked):
        before = masked[max(0, m.start() - 12):m.start()].lower()
        if any(before.rstrip().endswith(mo) for mo in MONTHS):
            continue  # "January 2014" dates a report, not the period of a figure
        years.append(m.group(1))
    return years[0] if len(set(years)) == 1 else None


def period_key(label: str | None) -> str | None:
    """ "2013/14" → "2013" (the key :func:`period_of` uses)."""
    if not label:
        return None
    m = YEAR_SPAN.search(label) or _YEAR.search(label)
    return m.group(1) if m else None


def fy(start_year: str) -> str:
    """ "2013" → "2013/14"."""
    return f"{start_year}/{(int(start_year) + 1) % 100:02d}"


def approximate(sentence: str, num: Num) -> bool:
    """Is the figure hedged ("nearly 840", "over 40,000")? Hedged figures are not checked."""
    before = sentence[max(0, num.start - 18):num.start].lower()
    return any(re.search(rf"\b{re.escape(w)}\s*[+]?$", before) for w in APPROXIMATE)


def recomputed(fraction: float, stated: Num | None = None) -> str:
    """A recomputed share, one decimal more than the stated figure (at least one)."""
    return percent(fraction, max(1, (stated.decimals + 1) if stated else 1))
