"""The names of the area levels in words: one table for the paper, the portal and the comparisons."""

from __future__ import annotations

LEVEL_NAMES = {"force": "force", "pfa": "police force area", "la": "local authority",
               "csp": "community safety partnership", "lpu": "local policing unit", "ward": "ward",
               "priority_area": "priority area", "msoa": "MSOA", "lsoa": "neighbourhood (LSOA)",
               "neighbourhood": "neighbourhood"}
"""Names of the area levels (crimeplan.ingest.areas.LEVELS, and ``pfa``) in running text; the paper, the portal
and the comparisons all take them from here."""


def level_name(level: str | None) -> str:
    """A level in running text ("local authority", "neighbourhood (LSOA)"); an unlisted level as its code,
    spaced."""
    return LEVEL_NAMES.get(level or "", (level or "area").replace("_", " "))


def level_title(level: str | None) -> str:
    """A level as a heading or a control's label ("Local authority", "Neighbourhood (LSOA)")."""
    name = level_name(level)
    return name[:1].upper() + name[1:]
