"""The files of the data.police.uk archive: their names, their columns, and finding them in the
folders, ``.csv.gz`` files and ``.zip`` archives given to ``crimeplan ingest police-uk``."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from crimeplan.errors import IngestError
from crimeplan.ingest.files import InputFile, read_header

STREET_COLUMNS = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                  "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")
EARLY_STREET_COLUMNS = ("Month", "Reported by", "Falls within", "Easting", "Northing", "Location", "Crime type",
                        "Context")
"""The street files of the 2010–2011 archive (issue 15)."""
OUTCOMES_COLUMNS = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                    "LSOA code", "LSOA name", "Outcome type")
ARCHIVE_NAME = re.compile(r"(?P<month>\d{4}-\d{2})-(?P<force>[a-z0-9-]+?)-(?P<kind>street|outcomes)\.csv(\.gz)?$")


@dataclass(frozen=True)
class PoliceUkFile:
    """One street or outcomes file, with the force and month its name gives (None otherwise)."""

    source: InputFile
    kind: str  # "street" or "outcomes"
    force: str | None
    month: str | None


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


def expected_columns(kind: str) -> tuple[str, ...]:
    """The columns of a file of ``kind`` ("street" or "outcomes") in today's archive."""
    return STREET_COLUMNS if kind == "street" else OUTCOMES_COLUMNS


def is_early_format(header: Sequence[str]) -> bool:
    """A street file of the 2010–2011 archive: Easting/Northing and no Crime ID column."""
    return "Crime ID" not in header and "Easting" in header and "Crime type" in header
