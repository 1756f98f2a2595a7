"""Hate crime detail: the five strands, and religious hate crime by the victim's actual or
perceived religion, year on year (the board paper's paragraphs 15–18).

Religious hate crime is a crime whose ``hate_strands`` include ``religion``; a blank religion is
the paper's "BLANK" row. A crime with several strands counts once under each of them in the
strand table (so strands add up to more than the hate-crime total, as in Home Office tables).

**Public view: primary suppression only.** With ``suppress=True``, every cell with a count from 1
to ``threshold − 1`` (and its share) is withheld. Totals stay visible, so a single withheld cell in
a column can be worked out by subtraction (no secondary suppression here); the disclosure-control
module being written separately is the place for that. Zeros are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crimeplan.errors import ConfigError
from crimeplan.metrics.results import Area
from crimeplan.periods import FinancialYear
from crimeplan.reference import HATE_STRANDS, RELIGIONS
from crimeplan.store import Store
from crimeplan.store.queries import comparisons as q

SUPPRESSION_THRESHOLD = 5
"""Counts below this (and above zero) are withheld in the public view (a common small-number rule)."""
BASES = ("actual", "perceived")
BLANK = "Blank"
STRAND_TITLES = {"race": "Racial", "religion": "Religious", "disability": "Disability",
                 "sexual_orientation": "Homophobic", "transgender": "Transgender"}


@dataclass(frozen=True)
class CountRow:
    """One row of a year-on-year table: counts and shares per year (None where withheld)."""

    label: str
    counts: tuple[int | None, ...]
    shares: tuple[float | None, ...]
    suppressed: tuple[bool, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "counts": list(self.counts), "shares": list(self.shares),
                "suppressed": list(self.suppressed)}


@dataclass(frozen=True)
class HateTable:
    """A year-on-year table of hate crime (religions or strands) in one area."""

    title: str
    area: Area
    years: tuple[str, ...]
    rows: tuple[CountRow, ...]
    totals: tuple[int, ...]
    share_of: str                     # what the shares are of
    suppress: bool
    threshold: int
    basis: str | None = None          # actual / perceived, for religion tables
    all_crime: tuple[int, ...] = ()   # total recorded crime per year (strand table)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "area": self.area.key, "years": list(self.years),
                "rows": [r.to_dict() for r in self.rows], "totals": list(self.totals), "share_of": self.share_of,
                "suppress": self.suppress, "threshold": self.threshold, "basis": self.basis,
                "all_crime": list(self.all_crime),
                "suppression_note": SUPPRESSION_NOTE if self.suppress else None}


SUPPRESSION_NOTE = ("Counts from 1 to the threshold − 1 are withheld (primary suppression only; totals are "
                    "shown, so no secondary suppression is applied)")


def _years(years: Sequence[str | FinancialYear]) -> list[FinancialYear]:
    out = []
    for y in years:
        try:
            out.append(y if isinstance(y, FinancialYear) else FinancialYear.parse(y))
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    if not out:
        raise ConfigError("give at least one financial year (e.g. 2012/13)")
    return out


def _params(area: Area, fy: FinancialYear) -> dict[str, Any]:
    base = {"start": fy.start, "end": fy.end}
    return {**base, "force": area.code} if area.level == "force" else {**base, "area": area.code}


def _q(area: Area, force_sql: str, area_sql: str) -> str:
    return force_sql if area.level == "force" else area_sql


def cell_rows(labels: Sequence[str], counts_by_year: Sequence[dict[str, int]], totals: Sequence[int], *,
              suppress: bool, threshold: int) -> tuple[CountRow, ...]:
    """Rows of counts and shares, with primary suppression (pure)."""
    rows = []
    for label in labels:
        counts, shares, hidden = [], [], []
        for by, total in zip(counts_by_year, totals, strict=True):
            n = by.get(label, 0)
            withhold = suppress and 0 < n < threshold
            counts.append(None if withhold else n)
            shares.append(None if withhold or not total else n / total)
            hidden.append(withhold)
        rows.append(CountRow(label, tuple(counts), tuple(shares), tuple(hidden)))
    return tuple(rows)


def religion_table(store: Store, area: Area, years: Sequence[str | FinancialYear], *, basis: str = "actual",
                   suppress: bool = False, threshold: int = SUPPRESSION_THRESHOLD) -> HateTable:
    """Religious hate crime by the victim's actual (or perceived) religion, year on year."""
    if basis not in BASES:
        raise ConfigError(f"basis {basis!r}; expected one of {', '.join(BASES)}")
    if threshold < 1:
        raise ConfigError(f"threshold must be at least 1, got {threshold}")
    fys = _years(years)
    force_sql, area_sql = ((q.HATE_ACTUAL_RELIGION_FORCE, q.HATE_ACTUAL_RELIGION_AREA) if basis == "actual"
                           else (q.HATE_PERCEIVED_RELIGION_FORCE, q.HATE_PERCEIVED_RELIGION_AREA))
    by_year = []
    for fy in fys:
        counts: dict[str, int] = {}
        for religion, n in store.fetchall(_q(area, force_sql, area_sql), _params(area, fy)):
            label = religion.strip() if religion and religion.strip() else BLANK
            counts[label] = counts.get(label, 0) + int(n)
        by_year.append(counts)
    totals = tuple(sum(c.values()) for c in by_year)
    seen = {label for c in by_year for label, n in c.items() if n}
    order = [r for r in RELIGIONS if r in seen] + sorted(seen - set(RELIGIONS))
    title = f"Religious hate crime by the victim's {basis} religion"
    return HateTable(title, area, tuple(fy.label for fy in fys),
                     cell_rows(order, by_year, totals, suppress=suppress, threshold=threshold), totals,
                     "religious hate crimes", suppress, threshold, basis)


def strand_table(store: Store, area: Area, years: Sequence[str | FinancialYear], *, suppress: bool = False,
                 threshold: int = SUPPRESSION_THRESHOLD) -> HateTable:
    """Hate crime by strand (the five monitored strands), with hate crime as a share of all crime."""
    fys = _years(years)
    by_year, totals, all_crime = [], [], []
    for fy in fys:
        counts = {s: 0 for s in HATE_STRANDS}
        hate = 0
        for strands, n in store.fetchall(_q(area, q.HATE_STRANDS_FORCE, q.HATE_STRANDS_AREA), _params(area, fy)):
            hate += int(n)
            for s in {x.strip() for x in strands.split(",") if x.strip()}:
                counts[s] = counts.get(s, 0) + int(n)
        by_year.append({STRAND_TITLES.get(k, k): v for k, v in counts.items()})
        totals.append(hate)
        all_crime.append(int(store.scalar(_q(area, q.HATE_TOTAL_FORCE, q.HATE_TOTAL_AREA), _params(area, fy))))
    labels = [STRAND_TITLES[s] for s in HATE_STRANDS]
    return HateTable("Hate crime by strand", area, tuple(fy.label for fy in fys),
                     cell_rows(labels, by_year, totals, suppress=suppress, threshold=threshold), tuple(totals),
                     "hate crimes (a crime with several strands counts under each)", suppress, threshold,
                     all_crime=tuple(all_crime))
