"""police.uk crime types (current and legacy labels, ``data/crime_types.csv``) and the early archive's
broad types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from crimeplan.reference import tables

Date = dt.date

ASB_LABEL = "Anti-social behaviour"


@dataclass(frozen=True)
class PoliceUkCrimeType:
    label: str                    # exactly as written in police.uk CSVs ("Crime type")
    slug: str                     # API slug
    valid_from: Date | None       # first data month the label was used (None = since launch)
    valid_to: Date | None         # last data month (None = still current)
    is_crime: bool = True         # False only for anti-social behaviour
    notes: str = ""

    @property
    def current(self) -> bool:
        return self.valid_to is None

    def valid_on(self, on: Date) -> bool:
        return ((self.valid_from is None or on >= self.valid_from)
                and (self.valid_to is None or on <= self.valid_to))


def _load() -> tuple[PoliceUkCrimeType, ...]:
    return tuple(PoliceUkCrimeType(r["label"], r["slug"], tables.date_or_none(r["valid_from"]),
                                   tables.date_or_none(r["valid_to"]), tables.yes(r["is_crime"]), r["notes"])
                 for r in tables.rows("crime_types"))


_CRIME_TYPE_LIST: tuple[PoliceUkCrimeType, ...] = _load()

#: label -> PoliceUkCrimeType, current labels first, then legacy ones.
POLICE_UK_CRIME_TYPES: dict[str, PoliceUkCrimeType] = {t.label: t for t in _CRIME_TYPE_LIST}
#: the 14 current labels (including anti-social behaviour), in police.uk's alphabetical order
CURRENT_CRIME_TYPES: tuple[str, ...] = tuple(t.label for t in _CRIME_TYPE_LIST if t.current)
LEGACY_CRIME_TYPES: tuple[str, ...] = tuple(t.label for t in _CRIME_TYPE_LIST if not t.current)
#: every crime label (current and legacy) except anti-social behaviour
CRIME_LABELS: tuple[str, ...] = tuple(t.label for t in _CRIME_TYPE_LIST if t.is_crime)


def crime_types_on(on: Date) -> tuple[str, ...]:
    """Labels police.uk used for data month ``on`` (dates of changes are approximate)."""
    return tuple(t.label for t in _CRIME_TYPE_LIST if t.valid_on(on))


#: The six broad crime types of the early archive (2010–2011, issue 15) and today's types each one
#: holds. "Other crime" then held every type split out later, and sexual offences (today inside
#: Violence and sexual offences), so it and "Violent crime" do not map one-to-one to today's types.
EARLY_CRIME_TYPES: dict[str, tuple[str, ...]] = {
    ASB_LABEL: (ASB_LABEL,),
    "Burglary": ("Burglary",),
    "Robbery": ("Robbery",),
    "Vehicle crime": ("Vehicle crime",),
    "Violent crime": ("Violence and sexual offences",),
    "Other crime": ("Other crime", "Bicycle theft", "Criminal damage and arson", "Drugs", "Other theft",
                    "Possession of weapons", "Public order", "Shoplifting", "Theft from the person",
                    "Violence and sexual offences"),
}

#: Values of ``published.crime_types``: the crime-type scheme of a force-month's rows.
CRIME_TYPE_SCHEMES: dict[str, str] = {
    "current": "today's crime types",
    "legacy": "rows with crime types of before the 2013 change (e.g. Violent crime), kept as written",
    "early": "the 2010–2011 archive's six broad crime types (e.g. Other crime held theft and damage), kept as written",
}


def crime_type_scheme(*, early: bool, legacy_rows: int) -> str:
    """The ``CRIME_TYPE_SCHEMES`` key of a force-month: ``early`` for the 2010–2011 archive format,
    ``legacy`` when some rows carry a legacy label, else ``current``."""
    return "early" if early else "legacy" if legacy_rows else "current"


def computable_on_early_scheme(categories: Iterable[str]) -> bool:
    """Whether a measure of today's ``categories`` can be counted from early-archive rows: every
    early type that holds one of them must hold nothing else (burglary yes; shoplifting, which was
    inside Other crime, no; all crime yes)."""
    wanted = set(categories)
    for holds in EARLY_CRIME_TYPES.values():
        if wanted & set(holds) and not set(holds) <= wanted:
            return False
    return True
