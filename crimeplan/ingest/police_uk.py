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
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from crimeplan import reference
from crimeplan.errors import IngestError
from crimeplan.forces import slug_for_name
from crimeplan.metrics.cube import refresh_cube
from crimeplan.ingest.files import (InputFile, checksum, duckdb_message, first_problem, read_header,
                                    require_columns)
from crimeplan.store import LoadRecord, Store, queries
from crimeplan.store.schema import ASB_COLUMNS, CRIME_COLUMNS, OUTCOME_COLUMNS

STREET_COLUMNS = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                  "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")
OUTCOMES_COLUMNS = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                    "LSOA code", "LSOA name", "Outcome type")
ARCHIVE_NAME = re.compile(r"(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9-]+?)-(?P<kind>street|outcomes)\.csv(\.gz)?$")
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class PoliceUkFile:
    source: InputFile
    kind: str  # "street" or "outcomes"
    force: str | None
    month: str | None


@dataclass
class IngestSummary:
    """What one ingest did, file by file (also written to the load history)."""

    files: list[dict] = field(default_factory=list)

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
                     progress: Callable[[str, int], None] | None = None) -> IngestSummary:
    """Load police.uk files into ``store`` in one transaction; return what was loaded."""
    summary = IngestSummary()
    with tempfile.TemporaryDirectory(prefix="crimeplan-") as tmp:
        files = find_files(paths, Path(tmp))
        seen: dict[tuple[str, str, str], str] = {}
        with store.transaction():
            for item in files:
                result = _load_file(store, item, force, loaded_by, seen)
                summary.files.append(result)
                if progress is not None:
                    progress(item.source.label, result["rows_in"])
            refresh_cube(store, [(f["force"], m) for f in summary.files if f["kind"] == "police-uk-street"
                                 for m in f["months"]])
    return summary


def _load_file(store: Store, item: PoliceUkFile, force_option: str | None, loaded_by: str,
               seen: dict[tuple[str, str, str], str]) -> dict:
    columns = STREET_COLUMNS if item.kind == "street" else OUTCOMES_COLUMNS
    header = read_header(item.source, columns)
    require_columns(item.source, header, ("Crime ID", "Month", "Falls within", "LSOA code")
                    + (("Crime type", "Last outcome category") if item.kind == "street" else ("Outcome type",)))
    con = store.staging
    try:
        con.execute(queries.STAGE_CSV, {"path": str(item.source.path)})
    except duckdb.Error as exc:
        raise (first_problem(item.source) or IngestError(
            duckdb_message(exc), path=item.source.label)) from None
    if [r[0] for r in con.execute(queries.STAGE_COLUMNS).fetchall()] != header:
        raise first_problem(item.source) or IngestError(
            "the columns could not be read as in the header; expected comma-separated fields",
            path=item.source.label, line=1)
    stats = dict(zip(("rows_in", "bad_month", "bad_type", "first_force_name", "months"),
                     con.execute(queries.STAGE_POLICE_UK_CHECK_STREET if item.kind == "street"
                                 else queries.STAGE_POLICE_UK_CHECK_OUTCOMES,
                                 {"types": sorted(_crime_types())}).fetchone()))
    if stats["rows_in"] == 0:
        raise IngestError("the file has a header but no rows; expected at least one row",
                          path=item.source.label, line=2)
    if stats["bad_month"] or stats["bad_type"]:
        raise first_problem(item.source, _row_check(item.kind)) or IngestError(
            "has rows that cannot be read", path=item.source.label)

    force = force_option or item.force or slug_for_name(stats["first_force_name"] or "")
    if force is None:
        raise IngestError(f"cannot tell the force: the file name is not in the archive form "
                          f"YYYY-MM-force-street.csv and 'Falls within' is {stats['first_force_name']!r}; "
                          "use --force SLUG", path=item.source.label, field="Falls within")
    months = [item.month] if item.month else sorted(stats["months"])
    for month in months:
        key = (force, month, item.kind)
        if key in seen:
            raise IngestError(f"{force} {month} ({item.kind}) is also in {seen[key]}; give each "
                              "force-month once per ingest", path=item.source.label)
        seen[key] = item.source.label

    load_id = store.new_load_id()
    params = {"force": force, "load_id": load_id, "months": [f"{m}-01" for m in months]}
    con.execute(queries.STAGE_OUTCOME_MAP_CREATE)
    labels = [r[0] for r in con.execute(
        queries.STAGE_DISTINCT_OUTCOME_LABELS if item.kind == "street"
        else queries.STAGE_DISTINCT_OUTCOME_TYPES).fetchall()]
    if labels:
        con.execute(queries.STAGE_OUTCOME_MAP_INSERT_ALL, {
            "labels": labels,
            "types": [reference.outcome_type_for_label(label) for label in labels]})

    replaced = 0
    details: dict = {}
    if item.kind == "street":
        for month in months:
            p = {"force": force, "month": f"{month}-01"}
            replaced += store.scalar(queries.COUNT_CRIMES_FORCE_MONTH, p) + store.scalar(queries.COUNT_ASB_FORCE_MONTH, p)
            store.execute(queries.SUPERSEDE_CRIMES_FORCE_MONTH, {**p, "load_id": load_id})
            store.execute(queries.SUPERSEDE_ASB_FORCE_MONTH, {**p, "load_id": load_id})
        select = {**params, "asb": reference.ASB_LABEL}
        crimes = store.append_from_staging("crimes", CRIME_COLUMNS, queries.STAGE_POLICE_UK_CRIMES, select)
        asb = store.append_from_staging("asb", ASB_COLUMNS, queries.STAGE_POLICE_UK_ASB, select)
        (other_month, no_id, no_lsoa, repeated_ids, repeated_rows) = con.execute(
            queries.STAGE_POLICE_UK_STREET_REPORT, {"months": params["months"], "asb": reference.ASB_LABEL}).fetchone()
        unknown_outcomes = sorted(lab for lab in labels if reference.outcome_group_for_label(lab) == "unknown")
        loaded = crimes + asb
        details = {"crimes": crimes, "asb": asb, "crimes_without_crime_id": no_id,
                   "rows_without_location": no_lsoa, "repeated_crime_ids": repeated_ids,
                   "rows_with_repeated_crime_id": repeated_rows, "rejected_other_month": other_month,
                   "unknown_outcome_labels": unknown_outcomes}
    else:
        con.execute(queries.STAGE_POLICE_UK_OUTCOMES, params)
        for month in months:
            p = {"force": force, "month": f"{month}-01"}
            replaced += store.scalar(queries.COUNT_OUTCOMES_FORCE_MONTH, p)
            store.execute(queries.SUPERSEDE_OUTCOMES_FORCE_MONTH, {**p, "load_id": load_id})
        loaded = store.append_from_staging("outcomes", OUTCOME_COLUMNS, queries.STAGE_SELECT_OUTCOMES)
        other_month = stats["rows_in"] - loaded
        details = {"outcomes": loaded, "rejected_other_month": other_month}
    record = LoadRecord(kind=f"police-uk-{item.kind}", source=item.source.label,
                        checksum=checksum(item.source.path), force=force, months=tuple(months),
                        rows_in=stats["rows_in"], rows_loaded=loaded, rows_replaced=replaced,
                        rows_rejected=stats["rows_in"] - loaded, details=details, loaded_by=loaded_by)
    store.record_load(load_id, record)
    for statement in queries.STAGE_DROP:
        con.execute(statement)
    return {"source": record.source, "kind": record.kind, "force": force, "months": list(months),
            "rows_in": record.rows_in, "rows_loaded": loaded, "rows_replaced": replaced,
            "rows_rejected": record.rows_rejected, **details}


def _crime_types() -> set[str]:
    return set(reference.POLICE_UK_CRIME_TYPES)


def _row_check(kind: str):
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
