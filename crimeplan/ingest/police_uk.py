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

Finding the files is ``police_uk_files``'s, checking them ``police_uk_checks``'s and writing them
``police_uk_writes``'s; this module batches them in one transaction.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from crimeplan.errors import IngestError
from crimeplan.ingest.files import checksums, duckdb_message, read_header
from crimeplan.ingest.police_uk_checks import check_batch
from crimeplan.ingest.police_uk_files import (
    EARLY_STREET_COLUMNS,
    OUTCOMES_COLUMNS,
    STREET_COLUMNS,
    PoliceUkFile,
    expected_columns,
    find_files,
    is_early_format,
)
from crimeplan.ingest.police_uk_writes import write_batch
from crimeplan.progress import LoadProgress, Silent
from crimeplan.store import Store, queries
from crimeplan.store.derived import DerivedTables
from crimeplan.store.duckdb import scratch

__all__ = ["EARLY_STREET_COLUMNS", "OUTCOMES_COLUMNS", "STREET_COLUMNS", "IngestSummary", "PoliceUkFile",
           "find_files", "ingest_police_uk", "is_early_format"]

BATCH_BYTES = 512 << 20
"""CSV bytes staged and appended together: files are read by DuckDB in one parallel pass per batch
(much faster than file by file), while the staged columns of a batch stay a few hundred MB."""
GZIP_RATIO = 5
"""How much larger a police.uk .csv.gz file is once decompressed, to size batches (4-5× for the
gzipped street files of the multi-force sample in the shared real data)."""


@dataclass
class IngestSummary:
    """What one ingest did, file by file (also written to the load history)."""

    files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows_loaded(self) -> int:
        return sum(f["rows_loaded"] for f in self.files)


def ingest_police_uk(store: Store, paths: Sequence[str | Path], *, derived: DerivedTables,
                     force: str | None = None, loaded_by: str = "unknown",
                     progress: LoadProgress | None = None) -> IngestSummary:
    """Load police.uk files into ``store`` in one transaction; return what was loaded. ``derived``
    (the cube) is told the force-months of each batch of street files once it is written;
    ``progress`` hears of each batch of rows read and of each file loaded."""
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
                derived.records_changed(store, [(f["force"], m) for f in results
                                                if f["kind"] == "police-uk-street" for m in f["months"]])
                for item, result in zip(batch, results, strict=True):
                    summary.files.append(result)
                    progress.file_loaded(item.source.label, result["rows_in"])
    return summary


def _batches(files: list[PoliceUkFile]) -> Iterator[list[PoliceUkFile]]:
    """Consecutive files of one kind with the same header, up to BATCH_BYTES: DuckDB reads each
    batch in one parallel pass. A file whose header cannot be read is a batch of its own (its
    checks then name the problem)."""
    batch: list[PoliceUkFile] = []
    key, size = None, 0
    for item in files:
        try:
            header = tuple(read_header(item.source, expected_columns(item.kind)))
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
        checked = check_batch(con, batch, force_option, seen)
    except (IngestError, duckdb.Error) as exc:
        if len(batch) == 1 and isinstance(exc, IngestError):
            raise
        # The fast path failed: check the files one by one, in order, on a scratch connection, so
        # the error is the one the first bad file gives on its own (file, line, field).
        with closing(scratch()) as alone:
            for item in batch:
                check_batch(alone, [item], force_option, replay_seen)
        if isinstance(exc, IngestError):
            raise
        raise IngestError(duckdb_message(exc), path=batch[0].source.label) from None
    progress.rows_read(sum(c.rows_in for c in checked))
    results = write_batch(store, con, checked, loaded_by, checksum_of)
    for statement in queries.STAGE_DROP:
        con.execute(statement)
    return results
