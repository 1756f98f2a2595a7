"""Loading the Home Office "police recorded crime by police force area" open data table.

Layout (the ``prc-pfa-mar2013-onwards-tables`` workbook, one sheet per financial year exported
to CSV): ``Financial Year, Financial Quarter, Force Name, Offence Description, Offence Group,
Offence Subgroup, Offence Code, Number of Offences``. Counts may carry surrounding spaces and
thousands separators; ``-00`` is zero and negative counts (36 rows in 2017/18) are
adjustments to earlier quarters, kept as published. Force names are mapped to police.uk slugs; bodies
with no area (Action Fraud, CIFAS, Financial Fraud Action UK, UK Finance) keep their name with no slug, so they never
enter a per-area rate. Loading a financial year replaces that year (one transaction).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from crimeplan.errors import IngestError
from crimeplan.forces import slug_for_name
from crimeplan.ingest.files import InputFile, checksum, csv_rows, open_csv
from crimeplan.periods import FinancialYear
from crimeplan.store import LoadRecord, Store
from crimeplan.store.queries import comparisons as q

COLUMNS = ("Financial Year", "Financial Quarter", "Force Name", "Offence Description", "Offence Group",
           "Offence Subgroup", "Offence Code", "Number of Offences")
TABLE_COLUMNS = ("financial_year", "quarter", "force", "force_name", "offence_code", "offence_description",
                 "offence_group", "offence_subgroup", "offences", "load_id")
ZERO_MARKS = ("-", "-00", "-0")
"""How the workbook writes a zero count (5,345 of the 23,068 rows of 2017/18)."""
_SCHEMA = pa.schema([("financial_year", pa.string()), ("quarter", pa.int32()), ("force", pa.string()),
                     ("force_name", pa.string()), ("offence_code", pa.string()),
                     ("offence_description", pa.string()), ("offence_group", pa.string()),
                     ("offence_subgroup", pa.string()), ("offences", pa.int64()), ("load_id", pa.int32())])


def ingest_home_office_prc(store: Store, path: str | Path, *, loaded_by: str = "unknown") -> dict:
    source, _ = open_csv(path, COLUMNS, COLUMNS)
    rows, without_area = _read(source)
    if not rows:
        raise IngestError("no rows; expected one row per force, offence code and quarter", path=source.label,
                          line=2)
    years = sorted({r["financial_year"] for r in rows})
    with store.transaction():
        load_id = store.new_load_id()
        replaced = 0
        for year in years:
            replaced += int(store.scalar(q.COUNT_PRC_YEAR, {"financial_year": year}))
            store.execute(q.DELETE_PRC_YEAR, {"financial_year": year})
        for r in rows:
            r["load_id"] = load_id
        store.append_batches("home_office_prc", TABLE_COLUMNS,
                             iter([pa.RecordBatch.from_pylist(rows, schema=_SCHEMA)]))
        store.record_load(load_id, LoadRecord(
            kind="home-office-prc", source=source.label, checksum=checksum(source.path), force=None,
            months=tuple(years), rows_in=len(rows), rows_loaded=len(rows), rows_replaced=replaced,
            rows_rejected=0, details={"financial_years": years, "bodies_without_area": sorted(without_area)},
            loaded_by=loaded_by))
    forces = {r["force"] for r in rows if r["force"]}
    return {"source": source.label, "rows": len(rows), "replaced": replaced, "financial_years": years,
            "forces": len(forces), "bodies_without_area": sorted(without_area)}


def _count(text: str) -> int | None:
    """A published count: spaces and thousands separators allowed; ``-00``/``-`` is zero (the
    workbook's zero format); a negative number is a later quarter's adjustment and is kept."""
    cleaned = text.replace(",", "").strip()
    if cleaned in ZERO_MARKS:
        return 0
    digits = cleaned.removeprefix("-")
    return int(cleaned) if digits.isdigit() else None


def _read(source: InputFile) -> tuple[list[dict], set[str]]:
    rows: list[dict] = []
    without_area: set[str] = set()
    slugs: dict[str, str | None] = {}
    for _line, row, fail in csv_rows(source):
        try:
            year = FinancialYear.parse(row["Financial Year"]).label
        except ValueError:
            raise fail("Financial Year", f"expected a financial year like 2017/18, got "
                                         f"{row['Financial Year']!r}") from None
        quarter = row["Financial Quarter"].strip()
        if quarter not in ("1", "2", "3", "4"):
            raise fail("Financial Quarter", f"expected 1, 2, 3 or 4, got {quarter!r}")
        offences = _count(row["Number of Offences"])
        if offences is None:
            raise fail("Number of Offences", f"expected a whole number, got {row['Number of Offences']!r}")
        name = row["Force Name"].strip()
        if not name:
            raise fail("Force Name", "expected a force name, got ''")
        code = row["Offence Code"].strip()
        if not code:
            raise fail("Offence Code", "expected a Home Office offence code, got ''")
        if name not in slugs:
            slugs[name] = slug_for_name(name)
        if slugs[name] is None:
            without_area.add(name)
        rows.append({"financial_year": year, "quarter": int(quarter), "force": slugs[name],
                     "force_name": name, "offence_code": code,
                     "offence_description": row["Offence Description"].strip() or None,
                     "offence_group": row["Offence Group"].strip() or None,
                     "offence_subgroup": row["Offence Subgroup"].strip() or None,
                     "offences": offences})
    return rows, without_area
