"""Reading the reference tables shipped as CSV files in ``crimeplan/reference/data/``.

Each file has a header row; a blank cell is ``None`` (dates) or empty; lists are written with ``;``
between items; yes/no columns hold ``yes`` or ``no``. The files are package data (pyproject
``[tool.setuptools.package-data]``), read once when :mod:`crimeplan.reference` is imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from importlib import resources

from crimeplan.errors import ConfigError

#: the package folder holding the CSV files
DATA_PACKAGE = "crimeplan.reference"
DATA_FOLDER = "data"
#: the separator between the items of a list cell
LIST_SEPARATOR = ";"


def rows(name: str) -> list[dict[str, str]]:
    """The rows of ``data/<name>.csv`` as dicts keyed by the header, in file order."""
    text = resources.files(DATA_PACKAGE).joinpath(DATA_FOLDER).joinpath(f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def date_or_none(cell: str) -> dt.date | None:
    """An ISO date cell (``2013-05-01``); blank is ``None``."""
    return dt.date.fromisoformat(cell) if cell else None


def int_or_none(cell: str) -> int | None:
    """An integer cell; blank is ``None``."""
    return int(cell) if cell else None


def yes(cell: str) -> bool:
    """A yes/no cell."""
    if cell not in ("yes", "no"):
        raise ConfigError(f"crimeplan/reference/data: expected yes or no, got {cell!r}")
    return cell == "yes"


def items(cell: str) -> tuple[str, ...]:
    """A list cell (``a;b;c``); blank is the empty tuple."""
    return tuple(cell.split(LIST_SEPARATOR)) if cell else ()


def numbers(cell: str) -> frozenset[int]:
    """A list cell of integers (``1;2;3``)."""
    return frozenset(int(n) for n in items(cell))
