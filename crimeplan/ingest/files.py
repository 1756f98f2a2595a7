"""Opening input files and explaining what is wrong with them.

Files are parsed fast by DuckDB. When DuckDB refuses a file, or a check over the parsed rows
fails, ``first_problem`` re-reads it slowly in Python to name the exact line and field, so the
user gets one line saying where the problem is and what was expected.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from crimeplan.errors import IngestError

CHUNK = 1 << 20
MAX_LINE_BYTES = 2_097_152
"""Longest line read: DuckDB's ``max_line_size`` default (2 MB). A longer last line without an end
is refused here rather than dropped (issue 19)."""
LISTED_MAX = 12
"""Columns named in a message at most (a million-column header gives a short line)."""
NAME_MAX = 80
"""Characters of one column name shown in a message."""


def check_regular(source: InputFile) -> None:
    """Refuse what is not a regular file (a FIFO, a device, a directory) before opening it, so a
    named pipe cannot hang the load: ``os.stat`` does not block."""
    try:
        mode = os.stat(source.path).st_mode
    except OSError as exc:
        raise IngestError(f"cannot read the file ({_reason(exc)}); expected a CSV file", path=source.label) from None
    if not stat.S_ISREG(mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a directory" if stat.S_ISDIR(mode)
                else "a device or socket")
        raise IngestError(f"is {kind}, not a regular file; expected a CSV file", path=source.label)


def check_last_line(source: InputFile) -> None:
    """Refuse a file whose last line has no end and is longer than ``MAX_LINE_BYTES`` (it would be
    dropped, not loaded). A shorter unterminated last line is read as any other. Gzip files are
    not checked here (the end cannot be reached without decompressing)."""
    if source.compressed:
        return
    with open(source.path, "rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return
        handle.seek(size - 1)
        if handle.read(1) in (b"\n", b"\r"):
            return
        start = max(0, size - MAX_LINE_BYTES - 1)
        handle.seek(start)
        tail = handle.read(size - start)
    if b"\n" not in tail and b"\r" not in tail and size > MAX_LINE_BYTES:
        raise IngestError(f"the last line is longer than {MAX_LINE_BYTES:,} bytes and has no end of line; "
                          "expected CSV lines of at most that length", path=source.label)


def listing(names: Sequence[str]) -> str:
    """Column names for a message, each and the list shortened."""
    shown = [n if len(n) <= NAME_MAX else n[:NAME_MAX] + "…" for n in names[:LISTED_MAX]]
    more = f" … ({len(names):,} columns)" if len(names) > LISTED_MAX else ""
    return ", ".join(shown) + more

RowCheck = Callable[[dict[str, str]], "tuple[str, str] | None"]
"""Looks at one row (column → text) and returns (field, message) when it is wrong."""


@dataclass(frozen=True)
class InputFile:
    """A file to load: where it is on disk, and the name to use in messages."""

    path: Path
    label: str

    @property
    def compressed(self) -> bool:
        return self.path.name.endswith(".gz")


def checksum(path: Path) -> str:
    check_regular(InputFile(path, str(path)))
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


@contextmanager
def checksums(paths: Iterable[Path]) -> Iterator[Callable[[Path], str]]:
    """Hash ``paths`` in a background thread while DuckDB parses them (hashlib releases the GIL
    while it hashes); yields ``checksum_of(path)``, which waits for that file's hash. Leaving the
    block early (a bad file) drops the hashes not yet started."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crimeplan-checksum")
    futures: dict[Path, Future[str]] = {}
    for path in paths:
        if path not in futures:
            futures[path] = pool.submit(checksum, path)
    try:
        yield lambda path: (futures[path].result() if path in futures else checksum(path))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _open_binary(source: InputFile):
    check_regular(source)
    return gzip.open(source.path, "rb") if source.compressed else open(source.path, "rb")


def read_header(source: InputFile, expected: Sequence[str]) -> list[str]:
    """The header row of a CSV file, refusing empty, binary and non-UTF-8 files with a clear line."""
    what = "a header line with the columns " + listing(expected)
    try:
        with _open_binary(source) as handle:
            first = handle.readline(1 << 16)
        check_last_line(source)
    except (OSError, EOFError, zlib.error) as exc:
        raise IngestError(f"cannot read the file ({_reason(exc)}); expected a CSV file",
                          path=source.label) from None
    if not first.strip():
        raise IngestError(f"the file is empty; expected {what}", path=source.label, line=1)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IngestError(f"the file is not UTF-8 text (is it a CSV file?); expected {what}",
                          path=source.label, line=1) from None
    if "\x00" in text:
        raise IngestError(f"the file is binary, not CSV; expected {what}", path=source.label, line=1)
    return next(csv.reader([text.rstrip("\r\n")]))


def require_columns(source: InputFile, header: Sequence[str], required: Sequence[str], alternative: str = "") -> None:
    """Refuse a header without every ``required`` column (``alternative`` names another accepted layout)."""
    for column in required:
        if column not in header:
            near = [h for h in header if h.strip().lower() == column.lower()]
            hint = f" (found {near[0][:NAME_MAX]!r}; names are case- and space-sensitive)" if near else ""
            raise IngestError(
                f"missing column{hint}; expected the columns " + listing(required)
                + (f" ({alternative})" if alternative else "") + "; the header has " + listing(header),
                path=source.label, line=1, field=column)


def first_problem(source: InputFile, check: RowCheck | None = None) -> IngestError | None:
    """Read the file slowly and return an error naming the first bad line, or None."""
    try:
        with _open_binary(source) as raw:
            line_no = 0
            for line_no, raw_line in enumerate(_lines(raw), start=1):
                try:
                    raw_line.decode("utf-8-sig" if line_no == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    return IngestError(
                        f"byte {exc.start + 1} of the line is not UTF-8 (0x{raw_line[exc.start]:02x}); "
                        "expected UTF-8 text", path=source.label, line=line_no)
    except EOFError:
        return IngestError("the gzip file is truncated: it ends before its end-of-stream marker; "
                           "expected a complete .gz file", path=source.label, line=line_no + 1)
    except (OSError, zlib.error) as exc:
        return IngestError(f"cannot decompress ({_reason(exc)}); expected a valid .gz file",
                           path=source.label, line=line_no + 1)
    with _open_binary(source) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, strict=True)
        try:
            header = next(reader)
            for row in reader:
                if not row:
                    continue
                if len(row) != len(header):
                    return IngestError(
                        f"has {len(row)} fields; expected {len(header)} as in the header",
                        path=source.label, line=reader.line_num)
                if check is not None:
                    problem = check(dict(zip(header, row, strict=True)))
                    if problem is not None:
                        field, message = problem
                        return IngestError(message, path=source.label, line=reader.line_num, field=field)
        except csv.Error as exc:
            return IngestError(f"is not valid CSV ({exc}); expected comma-separated fields with "
                               "double-quoted text", path=source.label, line=reader.line_num)
    return None


def _lines(raw) -> Iterator[bytes]:
    yield from raw


def _reason(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def duckdb_message(exc: Exception) -> str:
    """The first line of a DuckDB error, without its 'Invalid Input Error:' prefix."""
    first = str(exc).strip().splitlines()[0]
    return first.split(": ", 1)[-1]


def open_csv(path: str | Path, expected: Sequence[str], required: Sequence[str] = ()) -> tuple[InputFile, list[str]]:
    """A small CSV input checked whole before it is read: it exists, it is UTF-8 CSV whose rows all
    have the header's fields, and it has the ``required`` columns. Returns the file and its header."""
    source = InputFile(Path(path), str(path))
    if not source.path.exists():
        raise IngestError("no such file", path=source.label)
    check_regular(source)
    header = read_header(source, expected)
    if required:
        require_columns(source, header, required)
    problem = first_problem(source)
    if problem is not None:
        raise problem
    return source, header


def csv_rows(source: InputFile) -> Iterator[tuple[int, dict[str, str], Callable[[str, str], IngestError]]]:
    """Each row of a checked CSV with its line number and ``fail(field, message)``, an error that
    names the file, the line and the field."""
    with open(source.path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line = reader.line_num
            yield line, row, partial(_row_error, source.label, line)


def _row_error(label: str, line: int, field: str, message: str) -> IngestError:
    return IngestError(message, path=label, line=line, field=field)
