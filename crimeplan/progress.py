"""A progress bar for long loads: rows, rows/s and ETA on a terminal; silent when piped."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def file_progress(paths: Sequence[str]) -> Iterator[Callable[[str, int], None]]:
    """Yield ``advance(label, rows)``, called once per file loaded."""
    if not sys.stderr.isatty():
        yield lambda label, rows: None
        return
    from rich.progress import (BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn)

    total = _count_files(paths)
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} files"),
               TextColumn("{task.fields[rows]:,} rows · {task.fields[rate]:,.0f} rows/s"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("loading", total=total or None, rows=0, rate=0.0)
        state = {"rows": 0}

        def advance(label: str, rows: int) -> None:
            state["rows"] += rows
            elapsed = bar.tasks[0].elapsed or 1e-9
            bar.update(task, advance=1, rows=state["rows"], rate=state["rows"] / elapsed,
                       description=Path(label).name[:40])

        yield advance


def _count_files(paths: Sequence[str]) -> int:
    count = 0
    for given in paths:
        path = Path(given)
        if path.is_dir():
            count += sum(1 for p in path.rglob("*") if p.is_file() and (
                "-street.csv" in p.name or "-outcomes.csv" in p.name))
        else:
            count += 1
    return count
