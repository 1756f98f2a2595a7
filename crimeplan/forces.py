"""The territorial police forces of England and Wales (and BTP), by police.uk slug.

Slugs and names are police.uk's (`/forces`); other publishers spell the names differently
("Avon & Somerset", "Avon and Somerset", "London, City of", "Metropolitan Police"), so
``slug_for_name`` normalises before it looks a name up.
"""

from __future__ import annotations

import re

FORCES: dict[str, str] = {
    "avon-and-somerset": "Avon & Somerset Constabulary", "bedfordshire": "Bedfordshire Police",
    "cambridgeshire": "Cambridgeshire Constabulary", "cheshire": "Cheshire Constabulary",
    "city-of-london": "City of London Police", "cleveland": "Cleveland Police",
    "cumbria": "Cumbria Constabulary", "derbyshire": "Derbyshire Constabulary",
    "devon-and-cornwall": "Devon & Cornwall Police", "dorset": "Dorset Police",
    "durham": "Durham Constabulary", "dyfed-powys": "Dyfed Powys Police", "essex": "Essex Police",
    "gloucestershire": "Gloucestershire Constabulary", "greater-manchester": "Greater Manchester Police",
    "gwent": "Gwent Police", "hampshire": "Hampshire Constabulary",
    "hertfordshire": "Hertfordshire Constabulary", "humberside": "Humberside Constabulary",
    "kent": "Kent Police", "lancashire": "Lancashire Constabulary",
    "leicestershire": "Leicestershire Police", "lincolnshire": "Lincolnshire Police",
    "merseyside": "Merseyside Police", "metropolitan": "Metropolitan Police Service",
    "norfolk": "Norfolk Constabulary", "north-wales": "North Wales Police",
    "north-yorkshire": "North Yorkshire Police", "northamptonshire": "Northamptonshire Police",
    "northumbria": "Northumbria Police", "nottinghamshire": "Nottinghamshire Police",
    "south-wales": "South Wales Police", "south-yorkshire": "South Yorkshire Police",
    "staffordshire": "Staffordshire Police", "suffolk": "Suffolk Constabulary",
    "surrey": "Surrey Police", "sussex": "Sussex Police", "thames-valley": "Thames Valley Police",
    "warwickshire": "Warwickshire Police", "west-mercia": "West Mercia Police",
    "west-midlands": "West Midlands Police", "west-yorkshire": "West Yorkshire Police",
    "wiltshire": "Wiltshire Police", "btp": "British Transport Police",
    "northern-ireland": "Police Service of Northern Ireland",
}

_SUFFIXES = re.compile(r"\b(police service|police|constabulary|service)\b")
_ALIASES = {"london city of": "city-of-london", "metropolitan police": "metropolitan",
            "metropolitan": "metropolitan", "dyfed powys": "dyfed-powys"}


def _key(name: str) -> str:
    text = name.lower().replace("&", "and").replace(",", " ").replace("-", " ")
    text = _SUFFIXES.sub(" ", text)
    return " ".join(text.split())


_BY_KEY = {_key(name): slug for slug, name in FORCES.items()}


def slug_for_name(name: str) -> str | None:
    """The police.uk slug for a force name in any common spelling, or None."""
    key = _key(name)
    if key in _ALIASES:
        return _ALIASES[key]
    if key.replace(" ", "-") in FORCES:
        return key.replace(" ", "-")
    return _BY_KEY.get(key)
