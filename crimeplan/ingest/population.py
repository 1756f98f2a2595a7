"""Loading resident populations per area and year (denominators for rates per 1,000).

Recognised layouts: the canonical ``area_code,year,population``; the 2011 Census LSOA table
(``LSOA Code`` and the first ``Persons`` column, all usual residents); the Census totals per
police force area (``PFA16NM`` and the "All categories" column); the Census totals per local
authority (``geography`` = the LA's name, ``CSP16CD`` and the "All categories" column): each LA
gets its figure and each community safety partnership the sum of its LAs. That table names LAs
without their codes, so the LAD → CSP → PFA lookup must be loaded first (``crimeplan ingest
areas``): an LA is matched by its CSP and name, or as its CSP's only LA (renamed LAs), and the load
is refused, saying so, when one cannot be. Higher levels without a figure of their own are the sum
of the LSOAs below them. Reloading an area-year replaces it.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa

from crimeplan.errors import IngestError
from crimeplan.forces import slug_for_name
from crimeplan.ingest.files import InputFile, checksum, open_csv
from crimeplan.store import LoadRecord, Store, queries

Field = Callable[[dict[str, str]], str]
"""Reads one field (area, year or value) of a row."""

CANONICAL = ("area_code", "year", "population")
CENSUS_LSOA = ("LSOA Code", "Persons")
CENSUS_YEAR = 2011
PFA_TOTAL = ("PFA16NM", "Ethnic Group: All categories: Ethnic group; measures: Value")
LA_TOTAL = ("geography", "CSP16CD", "Ethnic Group: All categories: Ethnic group; measures: Value")
"""The Census totals per local authority (one row per LA; it also names the LA's CSP and force)."""
EXPECTED = ("the columns area_code, year, population; the Census LSOA table (LSOA Code, Persons); the Census "
            "totals per force (PFA16NM and the 'All categories' column, one row per force) or per local "
            "authority (geography, CSP16CD and the 'All categories' column)")


def ingest_population(store: Store, path: str | Path, *, year: int | None = None,
                      loaded_by: str = "unknown") -> dict[str, Any]:
    source, header = open_csv(path, CANONICAL)
    if all(c in header for c in CANONICAL):
        rows, layout = _read(source, lambda r: r["area_code"], lambda r: r["year"], lambda r: r["population"],
                             ("area_code", "year", "population")), "canonical"
    elif all(c in header for c in CENSUS_LSOA):
        persons = header.index("Persons")  # the first "Persons" column: all usual residents
        rows, layout = _read_positional(source, header.index("LSOA Code"), persons, year or CENSUS_YEAR), "census-lsoa"
    elif all(c in header for c in LA_TOTAL):
        rows, layout = _local_authorities(store, source, year or CENSUS_YEAR), "census-la"
    elif all(c in header for c in PFA_TOTAL):
        rows, layout = _read(source, lambda r: _force(source, r), lambda r: str(year or CENSUS_YEAR),
                             lambda r: r[PFA_TOTAL[1]], ("PFA16NM", "year", PFA_TOTAL[1])), "census-pfa"
    else:
        raise IngestError("unrecognised population file; expected " + EXPECTED, path=source.label, line=1)
    _refuse_repeats(source, rows, layout)
    with store.transaction():
        load_id = store.new_load_id()
        store.execute(queries.POPULATION_STAGE_CREATE)
        batch = pa.RecordBatch.from_pylist(
            [{"area_code": a, "year": y, "population": p, "load_id": load_id} for a, y, p in rows],
            schema=pa.schema([("area_code", pa.string()), ("year", pa.int32()), ("population", pa.int64()),
                              ("load_id", pa.int32())]))
        store.append_batches("_population_stage", CANONICAL + ("load_id",), iter([batch]))
        for statement in queries.POPULATION_REPLACE:
            store.execute(statement)
        store.record_load(load_id, LoadRecord(
            kind="population", source=source.label, checksum=checksum(source.path), force=None, months=(),
            rows_in=len(rows), rows_loaded=len(rows), rows_replaced=0, rows_rejected=0,
            details={"layout": layout}, loaded_by=loaded_by))
    return {"source": source.label, "layout": layout, "rows": len(rows)}


def _refuse_repeats(source: InputFile, rows: list[tuple[str, int, int]], layout: str) -> None:
    """One figure per area and year: a table with more (e.g. per LA, read as per force) is the wrong table."""
    seen: set[tuple[str, int]] = set()
    for line, (area, year, _) in enumerate(rows, start=2):
        if (area, year) in seen:
            raise IngestError(f"{area} {year} appears more than once (read as {layout}); expected one row per "
                              f"area and year: " + EXPECTED, path=source.label, line=line)
        seen.add((area, year))


def _local_authorities(store: Store, source: InputFile, year: int) -> list[tuple[str, int, int]]:
    """Each CSP's population (the sum of its LAs), and each LA's whose code the loaded areas give."""
    by_csp: dict[str, list[tuple[str, str]]] = {}
    for csp, code, name in store.fetchall(queries.LOCAL_AUTHORITIES_BY_CSP):
        by_csp.setdefault(csp, []).append((code, name))
    csps: dict[str, int] = {}
    las: list[tuple[str, int, int]] = []
    with open(source.path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            csp, name = row["CSP16CD"].strip(), row["geography"].strip()
            if not csp:
                raise IngestError("expected a CSP code, got ''", path=source.label, line=reader.line_num,
                                  field="CSP16CD")
            value = _number(source, reader.line_num, LA_TOTAL[2], row[LA_TOTAL[2]])
            csps[csp] = csps.get(csp, 0) + value
            children = by_csp.get(csp, [])
            named = [code for code, child in children if child.casefold() == name.casefold()]
            code = named[0] if named else children[0][0] if len(children) == 1 else None
            if code is None:
                raise IngestError(f"no loaded local authority {name!r} in CSP {csp}; expected the LAD → CSP → PFA "
                                  "lookup loaded first (crimeplan ingest areas FILE), which gives each LA's code",
                                  path=source.label, line=reader.line_num, field="geography")
            las.append((code, year, value))
    return las + [(csp, year, value) for csp, value in csps.items()]


def _number(source: InputFile, line: int, field: str, text: str) -> int:
    cleaned = text.replace(",", "").strip()
    if not cleaned.isdigit():
        raise IngestError(f"expected a whole number, got {text!r}", path=source.label, line=line, field=field)
    return int(cleaned)


def _force(source: InputFile, row: dict[str, str]) -> str:
    slug = slug_for_name(row["PFA16NM"])
    if slug is None:
        raise IngestError(f"expected a police force name, got {row['PFA16NM']!r}", path=source.label,
                          field="PFA16NM")
    return slug


def _read(source: InputFile, area: Field, year: Field, value: Field,
          fields: tuple[str, str, str]) -> list[tuple[str, int, int]]:
    out = []
    with open(source.path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            code = area(row).strip()
            if not code:
                raise IngestError("expected an area code, got ''", path=source.label, line=reader.line_num,
                                  field=fields[0])
            out.append((code, _number(source, reader.line_num, fields[1], year(row)),
                        _number(source, reader.line_num, fields[2], value(row))))
    return out


def _read_positional(source: InputFile, code_at: int, value_at: int, year: int) -> list[tuple[str, int, int]]:
    out = []
    with open(source.path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            out.append((row[code_at].strip(), year, _number(source, reader.line_num, "Persons", row[value_at])))
    return out
