"""``police_uk_rows(n)``: rows shaped like a police.uk street-level CSV, for loading tests and benchmarks."""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crimeplan import reference as ref
from crimeplan.demo.calibration import CELLS, DEMO_FORCE, yearly_totals
from crimeplan.demo.records import as_date, code_category, draw, take
from crimeplan.forces import FORCES

# ---------------------------------------------------------------------------------------------
# police.uk street-level rows
# ---------------------------------------------------------------------------------------------

POLICE_UK_COLUMNS: tuple[str, ...] = (
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")
_STREETS = ("High Street", "Station Road", "Church Lane", "Park Road", "Victoria Road",
            "Green Lane", "Manor Road", "Mill Lane", "School Lane", "Queens Road",
            "Supermarket", "Petrol Station", "Parking Area", "Shopping Area", "Sports/recreation Area",
            "Nightclub", "Hospital", "Bus/coach Station", "Further/higher Educational Building",
            "Theatre/concert Hall")
_PUK_OUTCOMES = (
    ("Investigation complete; no suspect identified", .42), ("Unable to prosecute suspect", .22),
    ("Under investigation", .08), ("Status update unavailable", .05),
    ("Awaiting court outcome", .06), ("Local resolution", .04),
    ("Offender given a caution", .03), ("Court result unavailable", .03),
    ("Formal action is not in the public interest", .02),
    ("Action to be taken by another organisation", .02),
    ("Further investigation is not in the public interest", .01),
    ("Offender given a penalty notice", .005), ("Offender given a drugs possession warning", .005),
)


def _force_name(force: str) -> str:
    """The police.uk name of a force slug; a made-up "<Slug> Police" for a slug of no real force."""
    if force in FORCES:
        return FORCES[force]
    return " ".join(w.capitalize() for w in force.split("-")) + " Police"


def police_uk_rows(n: int, *, seed: int = 0, force: str = DEMO_FORCE,
                   month: str | _dt.date = "2014-03") -> pa.Table:
    """``n`` rows shaped like a police.uk street-level CSV (12 columns, text except lon/lat).

    About 1 in 4 rows is anti-social behaviour (blank Crime ID and outcome); about 1 in 20 rows
    has no location (no coordinates, "No location", blank LSOA). Blanks are nulls.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = np.random.default_rng(seed)
    m = as_date(month)
    month_text = f"{m.year:04d}-{m.month:02d}"
    name = _force_name(force)
    mix = yearly_totals()[:, 4].astype(float)
    crime_p = np.zeros(len(ref.CURRENT_CRIME_TYPES))
    labels = list(ref.CURRENT_CRIME_TYPES)
    for ci, cell in enumerate(CELLS):
        for c, w in cell.codes:
            crime_p[labels.index(code_category(c))] += (
                mix[ci] * w / sum(x for _, x in cell.codes))
    crime_p = crime_p / crime_p.sum() * 0.75
    crime_p[labels.index(ref.ASB_LABEL)] = 0.25
    ctype = draw(rng, n, (np.arange(len(labels)), crime_p))
    asb = ctype == labels.index(ref.ASB_LABEL)
    # Crime ID: 64 hex characters
    raw = np.frombuffer(rng.bytes(32 * n), dtype=np.uint8).reshape(n, 32)
    hexs = np.array([f"{i:02x}".encode() for i in range(256)], dtype="S2")
    ids = pa.array(hexs[raw].view("S64").ravel() if n else np.array([], "S64"),
                   pa.binary(), mask=asb).cast(pa.string())
    noloc = rng.random(n) < 0.05
    lon = -1.90 + rng.normal(0, 0.12, n)
    lat = 52.48 + rng.normal(0, 0.07, n)
    lsoa_num = rng.integers(0, 1700, n)
    town = np.array(["Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall",
                     "Wolverhampton"], dtype=object)[lsoa_num % 7]
    lsoa_code = pc.binary_join_element_wise(
        "E01", pc.utf8_lpad(pa.array(9000 + lsoa_num).cast(pa.string()), width=6,
                            padding="0"), "")
    lsoa_name = pc.binary_join_element_wise(
        pa.array(town, pa.string()),
        pc.utf8_lpad(pa.array(lsoa_num // 7 + 1).cast(pa.string()), width=3, padding="0"),
        " ")
    lsoa_name = pc.binary_join_element_wise(
        lsoa_name, take(tuple("ABCDE"), (lsoa_num % 5).astype(np.int32)), "")
    nl = pa.array(noloc)
    street = take(tuple("On or near " + s for s in _STREETS),
                   rng.integers(0, len(_STREETS), n).astype(np.int32))
    location = pc.if_else(nl, pa.scalar("No location"), street)
    oc_labels = tuple(label for label, _ in _PUK_OUTCOMES)
    oc = draw(rng, n, (np.arange(len(oc_labels)), np.array([p for _, p in _PUK_OUTCOMES])))
    null_str = pa.nulls(n, pa.string())
    return pa.table({
        "Crime ID": ids,
        "Month": pa.array(np.full(n, month_text, dtype=object), pa.string()),
        "Reported by": pa.array(np.full(n, name, dtype=object), pa.string()),
        "Falls within": pa.array(np.full(n, name, dtype=object), pa.string()),
        "Longitude": pa.array(np.round(lon, 6), pa.float64(), mask=noloc),
        "Latitude": pa.array(np.round(lat, 6), pa.float64(), mask=noloc),
        "Location": location,
        "LSOA code": pc.if_else(nl, pa.scalar(None, pa.string()), lsoa_code),
        "LSOA name": pc.if_else(nl, pa.scalar(None, pa.string()), lsoa_name),
        "Crime type": take(labels, ctype.astype(np.int32)),
        "Last outcome category": take(oc_labels, np.where(asb, -1, oc).astype(np.int32)),
        "Context": null_str,
    })
