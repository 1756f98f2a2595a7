"""Loading resident populations per area and year (denominators for rates per 1,000).

Recognised layouts: the canonical ``area_code,year,population``; the 2011 Census LSOA table
(``LSOA Code`` and the first ``Persons`` column, all usual residents); the Census totals per
police force area (``PFA16NM`` and the "All categories" column). Higher levels without a figure of
their own are the sum of the LSOAs below them. Reloading an area-year replaces it.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa

from crimeplan.errors import IngestError
from crimeplan.forces import slug_for_name
from crimeplan.ingest.files import InputFile, checksum, open_csv
from crimeplan.store import LoadRecord, Store, queries

CANONICAL = ("area_code", "year", "population")
CENSUS_LSOA = ("LSOA Code", "Persons")
CENSUS_YEAR = 2011
PFA_TOTAL = ("PFA16NM", "Ethnic Group: All categories: Ethnic group; measures: Value")


def ingest_population(store: Store, path: str | Path, *, year: int | None = None,
                      loaded_by: str = "unknown") -> dict:
    source, header = open_csv(path, CANONICAL)
    if all(c in header for c in CANONICAL):
        rows, layout = _read(source, lambda r: r["area_code"], lambda r: r["year"], lambda r: r["population"],
                             ("area_code", "year", "population")), "canonical"
    elif all(c in header for c in CENSUS_LSOA):
        persons = header.index("Persons")  # the first "Persons" column: all usual residents
        rows, layout = _read_positional(source, header.index("LSOA Code"), persons, year or CENSUS_YEAR), "census-lsoa"
    elif all(c in header for c in PFA_TOTAL):
        rows, layout = _read(source, lambda r: _force(source, r), lambda r: str(year or CENSUS_YEAR),
                             lambda r: r[PFA_TOTAL[1]], ("PFA16NM", "year", PFA_TOTAL[1])), "census-pfa"
    else:
        raise IngestError("unrecognised population file; expected the columns " + ", ".join(CANONICAL)
                          + ", the Census LSOA table (LSOA Code, Persons) or the Census PFA totals (PFA16NM)",
                          path=source.label, line=1)
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


def _number(source: InputFile, line: int, field: str, text: str) -> int:
    cleaned = text.replace(",", "").strip()
    if not cleaned.isdigit():
        raise IngestError(f"expected a whole number, got {text!r}", path=source.label, line=line, field=field)
    return int(cleaned)


def _force(source: InputFile, row: dict) -> str:
    slug = slug_for_name(row["PFA16NM"])
    if slug is None:
        raise IngestError(f"expected a police force name, got {row['PFA16NM']!r}", path=source.label,
                          field="PFA16NM")
    return slug


def _read(source, area, year, value, fields) -> list[tuple[str, int, int]]:
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


def _read_positional(source, code_at: int, value_at: int, year: int) -> list[tuple[str, int, int]]:
    out = []
    with open(source.path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for row in reader:
            out.append((row[code_at].strip(), year, _number(source, reader.line_num, "Persons", row[value_at])))
    return out
