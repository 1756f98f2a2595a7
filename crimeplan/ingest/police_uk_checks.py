"""Checking staged police.uk files before they are written: columns, months, crime types, the
force each belongs to, and each force-month given once per ingest. A bad file raises the
IngestError that names its first bad line and field."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from crimeplan import reference
from crimeplan.errors import IngestError
from crimeplan.forces import slug_for_name
from crimeplan.ingest.files import RowCheck, duckdb_message, first_problem, read_header, require_columns
from crimeplan.ingest.police_uk_files import (
    EARLY_STREET_COLUMNS,
    PoliceUkFile,
    expected_columns,
    is_early_format,
)
from crimeplan.store import queries

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class CheckedFile:
    """One file of a batch after its checks: where it goes and what it holds."""

    item: PoliceUkFile
    name: str  # the file as DuckDB names it in the staged rows
    force: str
    months: list[str]
    rows_in: int
    labels: list[str]
    early: bool  # the 2010–2011 archive format


def _required(kind: str, header: Sequence[str]) -> tuple[str, ...]:
    if kind == "outcomes":
        return "Crime ID", "Month", "Falls within", "LSOA code", "Outcome type"
    if is_early_format(header):
        return "Month", "Falls within", "Crime type"
    return "Crime ID", "Month", "Falls within", "LSOA code", "Crime type", "Last outcome category"


def _stage_sql(kind: str, header: Sequence[str]) -> str:
    if kind == "outcomes":
        return queries.STAGE_POLICE_UK_OUTCOMES_CSV
    return queries.STAGE_POLICE_UK_EARLY_STREET_CSV if is_early_format(header) else queries.STAGE_POLICE_UK_STREET_CSV


def check_batch(con: duckdb.DuckDBPyConnection, batch: list[PoliceUkFile], force_option: str | None,
                seen: dict[tuple[str, str, str], str]) -> list[CheckedFile]:
    """Stage the files of ``batch`` (one kind, one header) in ``_stage`` and check them: raises
    the IngestError of the first bad file when the batch is one file. ``seen`` (force, month,
    kind → file) grows with the force-months of the batch."""
    kind = batch[0].kind
    header: list[str] = []
    for item in batch:
        header = _checked_header(item)
    names = [str(item.source.path) for item in batch]
    try:
        # only the columns ingest uses are kept; every file is still parsed whole (strict_mode)
        con.execute(_stage_sql(kind, header), {"path": names, "columns": {name: "VARCHAR" for name in header}})
    except duckdb.Error as exc:
        if len(batch) > 1:
            raise
        raise (first_problem(batch[0].source) or IngestError(
            duckdb_message(exc), path=batch[0].source.label)) from None
    stats = {row[0]: dict(zip(_STATS, row[1:], strict=True))
             for row in con.execute(queries.STAGE_POLICE_UK_CHECK_STREET if kind == "street"
                                    else queries.STAGE_POLICE_UK_CHECK_OUTCOMES,
                                    {"types": sorted(_crime_types())}).fetchall()}
    early = kind == "street" and is_early_format(header)
    return [_checked_file(item, name, stats.get(name) or {"rows_in": 0}, force_option, seen, early)
            for item, name in zip(batch, names, strict=True)]


_STATS = ("rows_in", "bad_month", "bad_type", "first_force_name", "months", "labels")
"""The columns after the file name in queries.STAGE_POLICE_UK_CHECK_STREET / _OUTCOMES."""


def _checked_header(item: PoliceUkFile) -> list[str]:
    """The file's header, once it has the columns ingest needs, each named once."""
    kind = item.kind
    header = read_header(item.source, expected_columns(kind))
    require_columns(item.source, header, _required(kind, header),
                    "or those of the 2010–2011 archive: " + ", ".join(EARLY_STREET_COLUMNS) if kind == "street"
                    and not is_early_format(header) else "")
    if len(set(header)) != len(header) or not all(header):
        # DuckDB would rename a repeated or empty name: the columns cannot be read as in the header
        raise first_problem(item.source) or IngestError(
            "the columns could not be read as in the header; expected comma-separated fields",
            path=item.source.label, line=1)
    return header


def _checked_file(item: PoliceUkFile, name: str, s: dict[str, Any], force_option: str | None,
                  seen: dict[tuple[str, str, str], str], early: bool) -> CheckedFile:
    """One staged file's counts ``s`` checked: rows, months, crime types, its force, and each of
    its force-months not already given in this ingest."""
    if s["rows_in"] == 0:
        raise IngestError("the file has a header but no rows; expected at least one row",
                          path=item.source.label, line=2)
    if s["bad_month"] or s["bad_type"]:
        raise first_problem(item.source, row_check(item.kind)) or IngestError(
            "has rows that cannot be read", path=item.source.label)
    force = force_option or item.force or slug_for_name(s["first_force_name"] or "")
    if force is None:
        raise IngestError(f"cannot tell the force: the file name is not in the archive form "
                          f"YYYY-MM-force-street.csv and 'Falls within' is {s['first_force_name']!r}; "
                          "use --force SLUG", path=item.source.label, field="Falls within")
    months = [item.month] if item.month else sorted(s["months"] or [])
    for month in months:
        key = (force, month, item.kind)
        if key in seen:
            raise IngestError(f"{force} {month} ({item.kind}) is also in {seen[key]}; give each "
                              "force-month once per ingest", path=item.source.label)
        seen[key] = item.source.label
    # a force that publishes no outcome (BTP, PSNI) has no label at all: DuckDB's list is then NULL
    return CheckedFile(item, name, force, months, s["rows_in"], sorted(s["labels"] or []), early)


def _crime_types() -> set[str]:
    return set(reference.POLICE_UK_CRIME_TYPES)


def row_check(kind: str) -> RowCheck:
    """The check of one row read slowly (crimeplan.ingest.files.first_problem): month and crime type."""
    types = _crime_types()

    def check(row: dict[str, str]) -> tuple[str, str] | None:
        month = row.get("Month", "")
        if not MONTH.fullmatch(month or ""):
            return "Month", f"expected a month like 2017-01, got {month!r}"
        if kind == "street":
            crime_type = row.get("Crime type", "")
            if crime_type not in types:
                return "Crime type", f"expected a police.uk crime type (e.g. 'Burglary'), got {crime_type!r}"
        return None

    return check
