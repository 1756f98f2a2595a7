"""Writing checked police.uk files to the store: the force-months they replace superseded, their
crimes, anti-social behaviour or outcomes appended, what police.uk published per force-month, and
one load record per file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from crimeplan import reference
from crimeplan.errors import IngestError
from crimeplan.ingest.police_uk_checks import CheckedFile
from crimeplan.store import LoadRecord, Store, queries
from crimeplan.store.schema import ASB_COLUMNS, CRIME_COLUMNS, OUTCOME_COLUMNS


def write_batch(store: Store, con: duckdb.DuckDBPyConnection, checked: list[CheckedFile], loaded_by: str,
                checksum_of: Callable[[Path], str]) -> list[dict[str, Any]]:
    """Supersede the force-months of the checked files, append their rows, record one load each;
    return one result per file (source, kind, force, months, row counts and details)."""
    kind = checked[0].item.kind
    load_ids = [store.new_load_id() for _ in checked]
    _stage_batch(con, checked, load_ids)
    replaced = _supersede(store, checked, load_ids, kind)
    details = (_append_street(store, con, checked, load_ids) if kind == "street"
               else _append_outcomes(store, con, checked, load_ids))
    results = []
    for c, load_id in zip(checked, load_ids, strict=True):
        loaded, file_details = details[load_id]
        record = LoadRecord(kind=f"police-uk-{kind}", source=c.item.source.label,
                            checksum=checksum_of(c.item.source.path), force=c.force, months=tuple(c.months),
                            rows_in=c.rows_in, rows_loaded=loaded, rows_replaced=replaced[load_id],
                            rows_rejected=c.rows_in - loaded, details=file_details, loaded_by=loaded_by)
        store.record_load(load_id, record)
        results.append({"source": record.source, "kind": record.kind, "force": c.force, "months": list(c.months),
                        "rows_in": record.rows_in, "rows_loaded": loaded, "rows_replaced": replaced[load_id],
                        "rows_rejected": record.rows_rejected, **file_details})
    return results


_FileDetails = dict[int, tuple[int, dict[str, Any]]]
"""Per load id: the rows loaded and the load's details."""


@dataclass(frozen=True)
class StreetCounts:
    """One row of ``STAGE_POLICE_UK_STREET_COUNTS``: a file's rows of one month, kept (with the load id
    and force they go to) or not (a month other than the file's: ``load_id`` None), and the file's
    repeated Crime IDs."""

    filename: str
    load_id: int | None
    force: str | None
    month: date | None
    rows: int
    crimes: int
    with_outcome: int
    with_lsoa: int
    with_id: int
    legacy: int
    repeated_ids: int   # of the whole file, on each of its rows
    repeated_rows: int


def _stage_batch(con: duckdb.DuckDBPyConnection, checked: list[CheckedFile], load_ids: list[int]) -> None:
    """The batch's force-months with their load ids, and its outcome labels mapped to outcome types."""
    con.execute(queries.STAGE_BATCH_MONTHS_CREATE)
    pairs = [(c, load_id, month) for c, load_id in zip(checked, load_ids, strict=True) for month in c.months]
    con.execute(queries.STAGE_BATCH_MONTHS_INSERT_ALL, {
        "names": [c.name for c, _, _ in pairs], "months": [f"{m}-01" for _, _, m in pairs],
        "forces": [c.force for c, _, _ in pairs], "load_ids": [load_id for _, load_id, _ in pairs]})
    con.execute(queries.STAGE_OUTCOME_MAP_CREATE)
    labels = sorted({label for c in checked for label in c.labels})
    if labels:
        con.execute(queries.STAGE_OUTCOME_MAP_INSERT_ALL, {
            "labels": labels, "types": [reference.outcome_type_for_label(label) for label in labels]})


def _supersede(store: Store, checked: list[CheckedFile], load_ids: list[int], kind: str) -> dict[int, int]:
    """Mark the rows the batch replaces as superseded by it; return the rows replaced per load id."""
    replaced = {}
    counted = (((queries.COUNT_CRIMES_FORCE_MONTH, queries.SUPERSEDE_CRIMES_FORCE_MONTH),
                (queries.COUNT_ASB_FORCE_MONTH, queries.SUPERSEDE_ASB_FORCE_MONTH)) if kind == "street"
               else ((queries.COUNT_OUTCOMES_FORCE_MONTH, queries.SUPERSEDE_OUTCOMES_FORCE_MONTH),))
    for c, load_id in zip(checked, load_ids, strict=True):
        replaced[load_id] = 0
        for month in c.months:
            p = {"force": c.force, "month": f"{month}-01"}
            for count_sql, supersede_sql in counted:
                replaced[load_id] += store.scalar(count_sql, p)
                store.execute(supersede_sql, {**p, "load_id": load_id})
            if kind == "street":
                store.execute(queries.SUPERSEDE_PUBLISHED_FORCE_MONTH, {**p, "load_id": load_id})
    return replaced


def _append_street(store: Store, con: duckdb.DuckDBPyConnection, checked: list[CheckedFile],
                   load_ids: list[int]) -> _FileDetails:
    """Append the staged crimes and anti-social behaviour, and what police.uk published."""
    select = {"asb": reference.ASB_LABEL}
    crimes = store.append_from(con, "crimes", CRIME_COLUMNS, queries.STAGE_POLICE_UK_CRIMES, select)
    asb = store.append_from(con, "asb", ASB_COLUMNS, queries.STAGE_POLICE_UK_ASB, select)
    counts = [StreetCounts(*row) for row in con.execute(
        queries.STAGE_POLICE_UK_STREET_COUNTS, {**select, "legacy": list(reference.LEGACY_CRIME_TYPES)}).fetchall()]
    kept = [c for c in counts if c.load_id is not None]
    if (crimes, asb) != (sum(c.crimes for c in kept), sum(c.rows - c.crimes for c in kept)):
        raise IngestError(f"appended {crimes} crimes and {asb} anti-social behaviour rows but counted "
                          "otherwise; expected the same rows", path=checked[0].item.source.label)
    _record_published(store, kept, {c.name: c.early for c in checked})
    unknown = _unknown_label_counts(con, checked)
    out: _FileDetails = {}
    for c, load_id in zip(checked, load_ids, strict=True):
        mine = [n for n in kept if n.filename == c.name]
        crimes_kept = sum(n.crimes for n in mine)
        asb_kept = sum(n.rows - n.crimes for n in mine)
        repeated_ids, repeated_rows = next(((n.repeated_ids, n.repeated_rows) for n in counts if n.filename == c.name),
                                           (0, 0))
        out[load_id] = (crimes_kept + asb_kept, {
            "crimes": crimes_kept, "asb": asb_kept, "crimes_without_crime_id": sum(n.crimes - n.with_id for n in mine),
            "rows_without_location": sum(n.rows - n.with_lsoa for n in mine), "repeated_crime_ids": repeated_ids,
            "rows_with_repeated_crime_id": repeated_rows,
            "rejected_other_month": sum(n.rows for n in counts if n.filename == c.name and n.load_id is None),
            "unknown_outcome_labels": unknown.get(c.name, {})})
    return out


def _append_outcomes(store: Store, con: duckdb.DuckDBPyConnection, checked: list[CheckedFile],
                     load_ids: list[int]) -> _FileDetails:
    """Append the staged outcomes of the batch's force-months."""
    con.execute(queries.STAGE_POLICE_UK_OUTCOMES)
    loaded_by_file = dict(con.execute(queries.STAGE_POLICE_UK_OUTCOMES_PER_LOAD).fetchall())
    store.append_from(con, "outcomes", OUTCOME_COLUMNS, queries.STAGE_SELECT_OUTCOMES)
    out: _FileDetails = {}
    for c, load_id in zip(checked, load_ids, strict=True):
        loaded = loaded_by_file.get(load_id, 0)
        out[load_id] = (loaded, {"outcomes": loaded, "rejected_other_month": c.rows_in - loaded})
    return out


def _record_published(store: Store, kept: list[StreetCounts], early: dict[str, bool]) -> None:
    """One row of ``published`` per force-month of the batch: what police.uk gave for it."""
    for n in kept:
        store.execute(queries.INSERT_PUBLISHED, {
            "force": n.force, "month": n.month, "rows_loaded": n.rows, "crimes": n.crimes,
            "with_outcome": n.with_outcome, "with_lsoa": n.with_lsoa, "with_crime_id": n.with_id,
            "crime_types": reference.crime_type_scheme(early=early[n.filename], legacy_rows=n.legacy),
            "load_id": n.load_id})


def _unknown_label_counts(con: duckdb.DuckDBPyConnection, checked: list[CheckedFile]) -> dict[str, dict[str, int]]:
    """Per staged file: the outcome labels the reference does not know, with their crimes."""
    unknown = sorted({label for c in checked for label in c.labels if reference.is_unknown_outcome_label(label)})
    out: dict[str, dict[str, int]] = {}
    if unknown:
        for name, label, n in con.execute(queries.STAGE_POLICE_UK_LABEL_COUNTS,
                                          {"asb": reference.ASB_LABEL, "labels": unknown}).fetchall():
            out.setdefault(name, {})[label] = n
    return out
