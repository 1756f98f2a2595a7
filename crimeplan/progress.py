"""Progress of long loads: a bar on a terminal, one line per file otherwise (both on stderr).

A load reports twice as it goes: ``rows_read(n)`` when a batch of rows has been read and checked
(files are read in batches, so a large file or a batch of small ones moves the row count before it
is written), and ``file_loaded(label, rows)`` when a file is in the store.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TextIO

CANDIDATE_SUFFIXES = ("-street.csv", "-outcomes.csv", ".zip")
"""File names a folder's police.uk files have (crimeplan.ingest.police_uk reads the same ones)."""


class LoadProgress(Protocol):
    def rows_read(self, rows: int) -> None: ...

    def file_loaded(self, label: str, rows: int) -> None: ...


class Silent:
    """No progress (a library call)."""

    def rows_read(self, rows: int) -> None:
        return None

    def file_loaded(self, label: str, rows: int) -> None:
        return None


class Lines:
    """One line per file loaded, for logs and pipes: ``loaded 3/41 NAME: N rows (total, rows/s)``."""

    def __init__(self, total: int, out: TextIO) -> None:
        self.total, self.out = total, out
        self.done, self.rows, self.started = 0, 0, time.perf_counter()

    def rows_read(self, rows: int) -> None:
        return None

    def file_loaded(self, label: str, rows: int) -> None:
        self.done += 1
        self.rows += rows
        rate = self.rows / max(time.perf_counter() - self.started, 1e-9)
        of = f"/{self.total}" if self.total else ""
        print(f"loaded {self.done}{of} {Path(label).name}: {rows:,} rows ({self.rows:,} in all, {rate:,.0f} rows/s)",
              file=self.out, flush=True)


class Bar:
    """A Rich bar of files, with the rows read so far, rows/s and ETA."""

    def __init__(self, bar: Any, total: int) -> None:  # bar: rich.progress.Progress
        self.bar = bar
        self.task = bar.add_task("loading", total=total or None, rows=0, rate=0.0)
        self.rows = 0

    def _show(self, advance: int, description: str | None = None) -> None:
        elapsed = self.bar.tasks[0].elapsed or 1e-9
        fields = {"rows": self.rows, "rate": self.rows / elapsed}
        if description is not None:
            fields["description"] = description
        self.bar.update(self.task, advance=advance, **fields)

    def rows_read(self, rows: int) -> None:
        self.rows += rows
        self._show(0, "reading")

    def file_loaded(self, label: str, rows: int) -> None:
        self._show(1, Path(label).name[:40])


@contextmanager
def file_progress(paths: Sequence[str], out: TextIO | None = None) -> Iterator[LoadProgress]:
    """Yield the progress of a load of ``paths``: a bar when ``out`` (default stderr) is a terminal,
    else one line per file."""
    out = out if out is not None else sys.stderr
    total = _count_files(paths)
    if not out.isatty():
        yield Lines(total, out)
        return
    from rich.console import Console  # only a terminal's bar pays rich's import (~50 ms)
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} files"),
               TextColumn("{task.fields[rows]:,} rows · {task.fields[rate]:,.0f} rows/s"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, transient=True, console=Console(file=out)) as bar:
        yield Bar(bar, total)


def _count_files(paths: Sequence[str]) -> int:
    count = 0
    for given in paths:
        path = Path(given)
        if path.is_dir():
            count += sum(1 for p in path.rglob("*") if p.is_file() and any(
                s in p.name for s in CANDIDATE_SUFFIXES))
        else:
            count += 1
    return count
