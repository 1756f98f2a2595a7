"""Loading data.police.uk archive files: ``*-street.csv`` and ``*-outcomes.csv``.

Files may be given one by one, as folders in the archive layout
(``YYYY-MM/YYYY-MM-force-street.csv``), gzipped (``.csv.gz``) or inside ``.zip`` archives. The
force and month come from the file name; a file named otherwise takes its force from its
"Falls within" column (or ``--force``) and its month from its rows.

Everything given to one ingest is one transaction: any bad file leaves the store as it was.
Loading a force-month again replaces it: the earlier rows are kept, marked superseded by the new
load, so a paper can still be rebuilt as the data stood before. Rows are kept as police.uk publishes them: crimes
without a Crime ID (all of British Transport Police's, for instance) are crimes; rows without an
LSOA belong to the force's "no location" area; repeated Crime IDs are kept and reported; anti-
social behaviour goes to its own table. Rows whose month is not the file's month are rejected and
reported in the load record, never dropped silently.

Forces that publish no outcome (British Transport Police, PSNI) load like the rest; what each
force-month published (crimes with an outcome, an LSOA, a Crime ID, and the crime-type scheme) is
kept in the table ``published`` (crimeplan.metrics.published reads it), so a measure can say "no
outcomes published by this force" instead of 0 %. Outcome labels police.uk writes in a spelling the
reference does not know are loaded as written, named and counted in the load's details
(``unknown_outcome_labels``) and in ``crimeplan status``.

The early archive format (2010–2011: ``Month, Reported by, Falls within, Easting, Northing,
Location, Crime type, Context``; no Crime ID, no LSOA, no outcome, six broad crime types) loads too:
its crime types are kept as written and its force-months are marked ``early`` in ``published``.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from crimeplan import reference
from crimeplan.errors import IngestError
from crimeplan.forces import slug_for_name
from crimeplan.ingest.files import (
    InputFile,
    RowCheck,
    checksums,
    duckdb_message,
    first_problem,
    read_header,
    require_columns,
)
from crimeplan.metrics.cube import refresh_cube
from crimeplan.progress import LoadProgress, Silent
from crimeplan.store import LoadRecord, Store, queries
from crimeplan.store.duckdb import scratch
from crimeplan.store.schema import ASB_COLUMNS, CRIME_COLUMNS, OUTCOME_COLUMNS

STREET_COLUMNS = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                  "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")
EARLY_STREET_COLUMNS = ("Month", "Reported by", "Falls within", "Easting", "Northing", "Location", "Crime type",
                        "Context")
"""The street files of the 2010–2011 archive (issue 15)."""
OUTCOMES_COLUMNS = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                    "LSOA code", "LSOA name", "Outcome type")
ARCHIVE_NAME = re.compile(r"(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9-]+?)-(?P<kind>street|outcomes)\.csv(\.gz)?$")
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
BATCH_BYTES = 512 << 20
"""CSV bytes staged and appended together: files are read by DuckDB in one parallel pass per batch
(much faster than file by file), while the staged columns of a batch stay a few hundred MB."""
GZIP_RATIO = 5
"""How much larger a police.uk .csv.gz file is once decompressed, to size batches (4-5× for the
gzipped street files of the multi-force sample in the shared real data)."""


@dataclass(frozen=True)
class PoliceUkFile:
    source: InputFile
    kind: str  # "street" or "outcomes"
    force: str | None
    month: str | None


@dataclass
class IngestSummary:
    """What one ingest did, file by file (also written to the load history)."""

    files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return sum(f["rows_loaded"] for f in self.files)


def find_files(paths: Sequence[str | Path], workdir: Path) -> list[PoliceUkFile]:
    """Expand files, folders and zip archives into the police.uk files they hold, in order."""
    found: list[PoliceUkFile] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise IngestError("no such file or folder", path=str(path))
        if path.is_dir():
            members = sorted(p for p in path.rglob("*") if p.is_file() and _is_candidate(p.name))
            if not members:
                raise IngestError("the folder holds no police.uk files (*-street.csv, *-outcomes.csv, "
                                  ".csv.gz or .zip)", path=str(path))
            for member in members:
                found.extend(_expand(member, workdir))
        else:
            found.extend(_expand(path, workdir))
    return found


def _is_candidate(name: str) -> bool:
    return bool(ARCHIVE_NAME.search(name)) or name.endswith(".zip")


def _expand(path: Path, workdir: Path) -> Iterator[PoliceUkFile]:
    if path.name.endswith(".zip"):
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise IngestError("is not a valid zip archive; expected a data.police.uk download",
                              path=str(path)) from None
        with archive:
            names = sorted(n for n in archive.namelist() if ARCHIVE_NAME.search(n.rsplit("/", 1)[-1]))
            if not names:
                raise IngestError("the zip archive holds no police.uk files (*-street.csv, *-outcomes.csv)",
                                  path=str(path))
            for name in names:
                target = workdir / f"{len(list(workdir.iterdir()))}-{name.rsplit('/', 1)[-1]}"
                with archive.open(name) as src, open(target, "wb") as dst:
                    while block := src.read(1 << 20):
                        dst.write(block)
                yield _classify(InputFile(target, f"{path}!{name}"))
        return
    yield _classify(InputFile(path, str(path)))


def _classify(source: InputFile) -> PoliceUkFile:
    match = ARCHIVE_NAME.search(source.path.name) or ARCHIVE_NAME.search(source.label)
    if match:
        return PoliceUkFile(source, match["kind"], match["force"], match["month"])
    header = read_header(source, STREET_COLUMNS)
    kind = "outcomes" if "Outcome type" in header and "Crime type" not in header else "street"
    return PoliceUkFile(source, kind, None, None)


def ingest_police_uk(store: Store, paths: Sequence[str | Path], *, force: str | None = None,
                     loaded_by: str = "unknown",
                     progress: LoadProgress | None = None) -> IngestSummary:
    """Load police.uk files into ``store`` in one transaction; return what was loaded. ``progress``
    hears of each batch of rows read and of each file loaded."""
    progress = progress if progress is not None else Silent()
    summary = IngestSummary()
    with tempfile.TemporaryDirectory(prefix="crimeplan-") as tmp:
        files = find_files(paths, Path(tmp))
        seen: dict[tuple[str, str, str], str] = {}
        with checksums(f.source.path for f in files) as checksum_of, closing(scratch()) as con, \
                store.transaction():
            for batch in _batches(files):
                results = _load_batch(store, con, batch, force, loaded_by, seen, checksum_of, progress)
                # a force-month comes once per ingest: its cube rows are final once its batch is in
                # (a refresh per batch keeps the grouping, and so memory, the size of one batch)
                refresh_cube(store, [(f["force"], m) for f in results if f["kind"] == "police-uk-street"
                                     for m in f["months"]])
                for item, result in zip(batch, results, strict=True):
                    summary.files.append(result)
                    progress.file_loaded(item.source.label, result["rows_in"])
    return summary


@dataclass(frozen=True)
class _Checked:
    """One file of a batch after its checks: where it goes and what it holds."""

    item: PoliceUkFile
    name: str  # the file as DuckDB names it in the staged rows
    force: str
    months: list[str]
    rows_in: int
    labels: list[str]
    early: bool  # the 2010–2011 archive format


def is_early_format(header: Sequence[str]) -> bool:
    """A street file of the 2010–2011 archive: Easting/Northing and no Crime ID column."""
    return "Crime ID" not in header and "Easting" in header and "Crime type" in header


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


def _batches(files: list[PoliceUkFile]) -> Iterator[list[PoliceUkFile]]:
    """Consecutive files of one kind with the same header, up to BATCH_BYTES: DuckDB reads each
    batch in one parallel pass. A file whose header cannot be read is a batch of its own (its
    checks then name the problem)."""
    batch: list[PoliceUkFile] = []
    key, size = None, 0
    for item in files:
        try:
            header = tuple(read_header(item.source, STREET_COLUMNS if item.kind == "street" else OUTCOMES_COLUMNS))
        except IngestError:
            header = None
        bytes_ = item.source.path.stat().st_size * (GZIP_RATIO if item.source.compressed else 1)
        if batch and (header is None or (item.kind, header) != key or size + bytes_ > BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(item)
        key, size = (item.kind, header), size + bytes_
        if header is None:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _load_batch(store: Store, con: duckdb.DuckDBPyConnection, batch: list[PoliceUkFile], force_option: str | None,
                loaded_by: str, seen: dict[tuple[str, str, str], str],
                checksum_of: Callable[[Path], str], progress: LoadProgress) -> list[dict[str, Any]]:
    """Stage ``batch`` on the scratch connection ``con``, check it and write it to ``store``."""
    replay_seen = dict(seen)
    try:
        checked = _check_batch(con, batch, force_option, seen)
    except (IngestError, duckdb.Error) as exc:
        if len(batch) == 1 and isinstance(exc, IngestError):
            raise
        # The fast path failed: check the files one by one, in order, on a scratch connection, so
        # the error is the one the first bad file gives on its own (file, line, field).
        with closing(scratch()) as alone:
            for item in batch:
                _check_batch(alone, [item], force_option, replay_seen)
        if isinstance(exc, IngestError):
            raise
        raise IngestError(duckdb_message(exc), path=batch[0].source.label) from None
    progress.rows_read(sum(c.rows_in for c in checked))
    results = _write_batch(store, con, checked, loaded_by, checksum_of)
    for statement in queries.STAGE_DROP:
        con.execute(statement)
    return results


def _check_batch(con: duckdb.DuckDBPyConnection, batch: list[PoliceUkFile], force_option: str | None,
                 seen: dict[tuple[str, str, str], str]) -> list[_Checked]:
    """Stage the files of ``batch`` (one kind, one header) in ``_stage`` and check them: raises
    the IngestError of the first bad file when the batch is one file."""
    kind = batch[0].kind
    header: list[str] = []
    for item in batch:
        header = read_header(item.source, STREET_COLUMNS if kind == "street" else OUTCOMES_COLUMNS)
        require_columns(item.source, header, _required(kind, header),
                        "or those of the 2010–2011 archive: " + ", ".join(EARLY_STREET_COLUMNS) if kind == "street"
                        and not is_early_format(header) else "")
        if len(set(header)) != len(header) or not all(header):
            # DuckDB would rename a repeated or empty name: the columns cannot be read as in the header
            raise first_problem(item.source) or IngestError(
                "the columns could not be read as in the header; expected comma-separated fields",
                path=item.source.label, line=1)
    names = [str(item.source.path) for item in batch]
    try:
        # only the columns ingest uses are kept; every file is still parsed whole (strict_mode)
        con.execute(_stage_sql(kind, header), {"path": names, "columns": {name: "VARCHAR" for name in header}})
    except duckdb.Error as exc:
        if len(batch) > 1:
            raise
        raise (first_problem(batch[0].source) or IngestError(
            duckdb_message(exc), path=batch[0].source.label)) from None
    stats = {row[0]: dict(zip(("rows_in", "bad_month", "bad_type", "first_force_name", "months", "labels"), row[1:],
                              strict=True))
             for row in con.execute(queries.STAGE_POLICE_UK_CHECK_STREET if kind == "street"
                                    else queries.STAGE_POLICE_UK_CHECK_OUTCOMES,
                                    {"types": sorted(_crime_types())}).fetchall()}
    checked = []
    for item, name in zip(batch, names, strict=True):
        s = stats.get(name) or {"rows_in": 0}
        if s["rows_in"] == 0:
            raise IngestError("the file has a header but no rows; expected at least one row",
                              path=item.source.label, line=2)
        if s["bad_month"] or s["bad_type"]:
            raise first_problem(item.source, _row_check(item.kind)) or IngestError(
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
        checked.append(_Checked(item, name, force, months, s["rows_in"], sorted(s["labels"] or []),
                                kind == "street" and is_early_format(header)))
    return checked


def _write_batch(store: Store, con: duckdb.DuckDBPyConnection, checked: list[_Checked], loaded_by: str,
                 checksum_of: Callable[[Path], str]) -> list[dict[str, Any]]:
    """Supersede the force-months of the checked files, append their rows, record one load each."""
    kind = checked[0].item.kind
    load_ids = [store.new_load_id() for _ in checked]
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

    if kind == "street":
        select = {"asb": reference.ASB_LABEL}
        crimes = store.append_from(con, "crimes", CRIME_COLUMNS, queries.STAGE_POLICE_UK_CRIMES, select)
        asb = store.append_from(con, "asb", ASB_COLUMNS, queries.STAGE_POLICE_UK_ASB, select)
        report = {r[0]: r[1:] for r in con.execute(queries.STAGE_POLICE_UK_STREET_REPORT, select).fetchall()}
        if (crimes, asb) != (sum(r[0] for r in report.values()), sum(r[1] for r in report.values())):
            raise IngestError(f"appended {crimes} crimes and {asb} anti-social behaviour rows but counted "
                              "otherwise; expected the same rows", path=checked[0].item.source.label)
        _record_published(store, con, checked, load_ids)
        unknown = _unknown_label_counts(con, checked)
    else:
        con.execute(queries.STAGE_POLICE_UK_OUTCOMES)
        loaded_by_file = dict(con.execute(queries.STAGE_POLICE_UK_OUTCOMES_PER_LOAD).fetchall())
        store.append_from(con, "outcomes", OUTCOME_COLUMNS, queries.STAGE_SELECT_OUTCOMES)

    results = []
    for c, load_id in zip(checked, load_ids, strict=True):
        if kind == "street":
            crimes, asb, other_month, no_id, no_lsoa, repeated_ids, repeated_rows = report.get(
                c.name, (0, 0, 0, 0, 0, 0, 0))
            loaded = crimes + asb
            details = {"crimes": crimes, "asb": asb, "crimes_without_crime_id": no_id,
                       "rows_without_location": no_lsoa, "repeated_crime_ids": repeated_ids,
                       "rows_with_repeated_crime_id": repeated_rows, "rejected_other_month": other_month,
                       "unknown_outcome_labels": unknown.get(c.name, {})}
        else:
            loaded = loaded_by_file.get(load_id, 0)
            details = {"outcomes": loaded, "rejected_other_month": c.rows_in - loaded}
        record = LoadRecord(kind=f"police-uk-{kind}", source=c.item.source.label,
                            checksum=checksum_of(c.item.source.path), force=c.force, months=tuple(c.months),
                            rows_in=c.rows_in, rows_loaded=loaded, rows_replaced=replaced[load_id],
                            rows_rejected=c.rows_in - loaded, details=details, loaded_by=loaded_by)
        store.record_load(load_id, record)
        results.append({"source": record.source, "kind": record.kind, "force": c.force, "months": list(c.months),
                        "rows_in": record.rows_in, "rows_loaded": loaded, "rows_replaced": replaced[load_id],
                        "rows_rejected": record.rows_rejected, **details})
    return results


def _record_published(store: Store, con: duckdb.DuckDBPyConnection, checked: list[_Checked],
                      load_ids: list[int]) -> None:
    """One row of ``published`` per force-month of the batch: what police.uk gave for it."""
    early = {load_id: c.early for c, load_id in zip(checked, load_ids, strict=True)}
    rows = con.execute(queries.STAGE_POLICE_UK_PUBLISHED, {"asb": reference.ASB_LABEL,
                                                           "legacy": list(reference.LEGACY_CRIME_TYPES)}).fetchall()
    for load_id, force, month, rows_loaded, crimes, with_outcome, with_lsoa, with_id, legacy in rows:
        store.execute(queries.INSERT_PUBLISHED, {
            "force": force, "month": month, "rows_loaded": rows_loaded, "crimes": crimes,
            "with_outcome": with_outcome, "with_lsoa": with_lsoa, "with_crime_id": with_id,
            "crime_types": reference.crime_type_scheme(early=early[load_id], legacy_rows=legacy), "load_id": load_id})


def _unknown_label_counts(con: duckdb.DuckDBPyConnection, checked: list[_Checked]) -> dict[str, dict[str, int]]:
    """Per staged file: the outcome labels the reference does not know, with their crimes."""
    unknown = sorted({label for c in checked for label in c.labels if reference.is_unknown_outcome_label(label)})
    out: dict[str, dict[str, int]] = {}
    if unknown:
        for name, label, n in con.execute(queries.STAGE_POLICE_UK_LABEL_COUNTS,
                                          {"asb": reference.ASB_LABEL, "labels": unknown}).fetchall():
            out.setdefault(name, {})[label] = n
    return out


def _crime_types() -> set[str]:
    return set(reference.POLICE_UK_CRIME_TYPES)


def _row_check(kind: str) -> RowCheck:
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
