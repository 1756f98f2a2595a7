"""What police.uk published for each force-month, as ingest recorded it (table ``published``).

A figure needs to tell "the force published nothing of this kind" from "the count is zero":
British Transport Police and PSNI publish no outcome at all, PSNI no LSOA, and the 2010–2011
archive has neither and only six broad crime types. Force-months loaded from canonical records (or
before migration 8) have no row here: they are taken as publishing everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crimeplan import reference
from crimeplan.store import Store, queries

NO_OUTCOMES = "no outcomes published by this force"
"""The words for an outcome measure of a force-month whose crimes carry no outcome."""
NO_LSOA = "the rows carry no LSOA"
"""The words for an area figure below force level when the rows carry no LSOA."""


@dataclass(frozen=True)
class Published:
    """One force-month of police.uk street data."""

    force: str
    month: dt.date
    rows: int
    crimes: int
    with_outcome: int
    with_lsoa: int
    with_crime_id: int
    crime_types: str  # a key of reference.CRIME_TYPE_SCHEMES

    @property
    def outcomes_published(self) -> bool:
        """False when no crime of the month has a "Last outcome category" (BTP, PSNI, the early archive)."""
        return self.with_outcome > 0 or self.crimes == 0

    @property
    def lsoa_published(self) -> bool:
        return self.with_lsoa > 0 or self.rows == 0

    def computable(self, categories: tuple[str, ...] | list[str] | frozenset[str]) -> bool:
        """Whether a measure of these (today's) crime types can be counted from this month's rows."""
        return self.crime_types != "early" or reference.computable_on_early_scheme(categories)


def published_months(store: Store, force: str | None = None) -> dict[tuple[str, dt.date], Published]:
    """(force, month) → what was published, for one force or every force."""
    rows = (store.fetchall(queries.PUBLISHED_FOR_FORCE, {"force": force}) if force is not None
            else store.fetchall(queries.PUBLISHED))
    out = {}
    for force_, month, rows_loaded, crimes, with_outcome, with_lsoa, with_id, scheme in rows:
        month = month if isinstance(month, dt.date) else dt.date.fromisoformat(str(month))
        out[(force_, month)] = Published(force_, month, int(rows_loaded), int(crimes), int(with_outcome),
                                         int(with_lsoa), int(with_id), str(scheme))
    return out


def months_without_outcomes(store: Store, force: str, months: list[dt.date] | tuple[dt.date, ...]) -> list[dt.date]:
    """The months of ``months`` in which ``force`` published no outcome for any crime (none when
    its data came from records or the month is not loaded)."""
    known = published_months(store, force)
    return [m for m in months if (p := known.get((force, m))) is not None and not p.outcomes_published]


def outcomes_published(store: Store, force: str, months: list[dt.date] | tuple[dt.date, ...]) -> bool:
    """False when ``force`` published no outcome in any of ``months`` that is loaded from police.uk
    (then an outcome rate is "no outcomes published by this force", not 0 %)."""
    known = published_months(store, force)
    loaded = [p for m in months if (p := known.get((force, m))) is not None]
    return not loaded or any(p.outcomes_published for p in loaded)
