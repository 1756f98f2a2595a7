"""Home Office offence codes (``data/offence_codes.csv``, transcribed from the 2017/18 open data code list)
and the offence groups the plan and report use (``data/offence_groups.csv``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from crimeplan.errors import NotFoundError
from crimeplan.reference import tables

Date = dt.date


@dataclass(frozen=True)
class OffenceCode:
    code: str
    description: str
    group: str                   # Home Office offence group
    subgroup: str                # Home Office offence subgroup
    police_uk_category: str      # current police.uk crime type label
    valid_from: Date | None = None
    valid_to: Date | None = None
    notes: str = ""

    def valid_on(self, on: Date) -> bool:
        return ((self.valid_from is None or on >= self.valid_from)
                and (self.valid_to is None or on <= self.valid_to))


#: Home Office offence code -> OffenceCode (132 codes of the 2017/18 list + 4 homicide parts)
HOME_OFFICE_CODES: dict[str, OffenceCode] = {
    r["code"]: OffenceCode(r["code"], r["description"], r["group"], r["subgroup"], r["police_uk_category"],
                           tables.date_or_none(r["valid_from"]), tables.date_or_none(r["valid_to"]), r["notes"])
    for r in tables.rows("offence_codes")
}

#: the Home Office offence group of fraud recorded centrally (Action Fraud and industry bodies)
FRAUD_GROUP = "Fraud offences"
#: codes of fraud recorded centrally: never in a force's TRC
FRAUD_CODES: frozenset[str] = frozenset(c.code for c in HOME_OFFICE_CODES.values() if c.group == FRAUD_GROUP)
#: the combined Home Office homicide code and its components (split by us; see docs)
HOMICIDE_COMBINED_CODE = "1/4.1/4.10/4.2"


def police_uk_category_for_code(code: str | None) -> str | None:
    """Current police.uk crime type label for a Home Office code (None if unknown)."""
    c = HOME_OFFICE_CODES.get(str(code).strip()) if code is not None else None
    return c.police_uk_category if c is not None else None


FITS = ("direct", "close", "superset", "approximate", "none")


@dataclass(frozen=True)
class OffenceGroup:
    id: str
    title: str
    codes: frozenset[str]                 # every Home Office code ever in the group
    police_uk_categories: tuple[str, ...]  # police.uk crime types the group maps to
    fit: str                               # one of FITS (domain.md section 2.3)
    notes: str = ""

    def codes_on(self, on: Date | None = None) -> frozenset[str]:
        """The group's codes valid on ``on`` (all codes when ``on`` is None)."""
        if on is None:
            return self.codes
        if isinstance(on, dt.datetime):
            on = on.date()
        return frozenset(c for c in self.codes if HOME_OFFICE_CODES[c].valid_on(on))


def _group_codes(row: dict[str, str]) -> frozenset[str]:
    """A group's codes: every code of its Home Office groups and subgroups, plus the codes it lists."""
    groups, subgroups = set(tables.items(row["ho_groups"])), set(tables.items(row["ho_subgroups"]))
    chosen = {c.code for c in HOME_OFFICE_CODES.values() if c.group in groups or c.subgroup in subgroups}
    return frozenset(chosen | set(tables.items(row["codes"])))


#: group id -> OffenceGroup, in display order
OFFENCE_GROUPS: dict[str, OffenceGroup] = {
    r["id"]: OffenceGroup(r["id"], r["title"], _group_codes(r), tables.items(r["police_uk_categories"]), r["fit"],
                          r["notes"])
    for r in tables.rows("offence_groups")
}

#: Home Office violence against the person codes (for containment checks)
VIOLENCE_AGAINST_THE_PERSON_CODES: frozenset[str] = frozenset(
    c.code for c in HOME_OFFICE_CODES.values() if c.group == "Violence against the person")


def group_ids() -> tuple[str, ...]:
    """All offence group ids, in display order."""
    return tuple(OFFENCE_GROUPS)


def _lookup(ids: str | Iterable[str]) -> list[OffenceGroup]:
    if isinstance(ids, str):
        ids = (ids,)
    out = []
    for i in ids:
        try:
            out.append(OFFENCE_GROUPS[i])
        except KeyError:
            raise NotFoundError(f"unknown offence group {i!r}; expected one of "
                                f"{', '.join(OFFENCE_GROUPS)}") from None
    return out


def codes_for_groups(ids: str | Iterable[str], on: Date | None = None) -> frozenset[str]:
    """Union of the groups' Home Office codes (valid on ``on`` when given).

    Raises :class:`crimeplan.errors.NotFoundError` for an unknown group id.
    """
    out: set[str] = set()
    for g in _lookup(ids):
        out |= g.codes_on(on)
    return frozenset(out)


def categories_for_groups(ids: str | Iterable[str]) -> tuple[str, ...]:
    """Union of the groups' police.uk crime types, in first-seen order."""
    seen: dict[str, None] = {}
    for g in _lookup(ids):
        for c in g.police_uk_categories:
            seen.setdefault(c, None)
    return tuple(seen)
