"""Cells a spreadsheet will not run (CSV and formula injection, OWASP "CSV Injection").

A text cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets skip before reading a formula) is taken as a formula by Excel, LibreOffice and Google
Sheets when a CSV file is opened: an area named ``=HYPERLINK(...)`` would become a live link.
Such text gets a leading ``'``, which spreadsheets show as text. Only text is touched: numbers,
dates and empty cells stay as they are (a negative number is a number, not text).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: Any) -> Any:
    """``value``, with ``'`` in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def defuse_row(values: Any) -> list[Any]:
    return [defuse(v) for v in values]


def csv_row(values: Any) -> list[Any]:
    """``defuse_row`` for a CSV writer whose lines end in ``\n``: a carriage return inside text
    becomes ``\n`` too, so the writer quotes the cell (Python's csv quotes only the line end's own
    characters; a bare CR would start a new row in a spreadsheet, beginning with whatever follows)."""
    return [v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v for v in defuse_row(values)]
