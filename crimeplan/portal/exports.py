"""A page as JSON, CSV or Excel, from the same page model the HTML shows.

JSON is the page's ``data`` (the results' ``to_dict``); CSV is one table's unrounded values
(``?table=ID``, default the page's first table); Excel (.xlsx, openpyxl) is every table of the page,
one sheet each, or the one named by ``?table=``: typed cells (counts and other numbers with number
formats, a value the page shows as a percentage with a % format, ISO dates as dates), the caption and
header rows frozen, and a note naming the source, plan, area and briefing date under the table (issue 18).
Text that a spreadsheet would run as a formula is defused in both (``crimeplan.render.spreadsheet``; issue 19).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date, datetime
from typing import Any

from starlette.responses import Response

from crimeplan.portal.pages.shapes import Page, Table
from crimeplan.render.spreadsheet import csv_row, defuse_row

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_MAX = 31
"""Excel limits sheet names to 31 characters, without []:*?/\\."""
COUNT_FORMAT = "#,##0"
WHOLE_FORMAT = "0"
DECIMAL_FORMAT = "#,##0.0##"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"
"""Excel number formats: whole numbers with thousands separators, other numbers to up to three
decimals, proportions as percentages to one decimal (as the pages), dates as ISO dates."""
SHOWN_AS_PERCENT = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?\s?%")
"""A cell the page shows as a percentage ("2.3 %", "-5 %", "12.7 % (190 of 1,392)"): its value is a proportion."""
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FROZEN_BELOW = "A3"
"""The caption (row 1) and the headings (row 2) stay in view."""


def clean(value: Any) -> Any:
    """JSON-safe values: NaN and infinities become null (browsers' JSON.parse rejects them)."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def json_text(data: Any) -> str:
    return json.dumps(clean(data), indent=2, allow_nan=False)


def json_response(data: Any, status: int = 200) -> Response:
    return Response(json_text(data) + "\n", status_code=status, media_type="application/json")


def csv_text(table: Table) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(csv_row(table.headings))
    writer.writerows(csv_row("" if v is None else v for v in clean(list(row.raw))) for row in table.rows)
    return buf.getvalue()


def csv_response(page: Page, table_id: str | None, stem: str) -> Response:
    table = page.table(table_id)
    return Response(csv_text(table), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{stem}-{table.id}.csv"'})


def typed_cell(shown: str, value: Any) -> tuple[Any, str | None]:
    """A value as an Excel cell and its number format (None: as it is)."""
    if isinstance(value, bool) or value is None:
        return value, None
    if isinstance(value, int):   # the page's thousands separators, or none (a year: 2013)
        return value, COUNT_FORMAT if "," in shown or abs(value) < 1000 else WHOLE_FORMAT
    if isinstance(value, float) and value.is_integer() and not SHOWN_AS_PERCENT.match(shown) and "." not in shown:
        return int(value), COUNT_FORMAT   # a count the metrics hold as a float (14606.0)
    if isinstance(value, float):
        return value, PERCENT_FORMAT if SHOWN_AS_PERCENT.match(shown) else DECIMAL_FORMAT
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return date.fromisoformat(value), DATE_FORMAT
    return value, None


def xlsx_bytes(tables: tuple[Table, ...] | list[Table], note: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    if book.active is not None:  # a new workbook has one empty sheet
        book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_name(table.id, used))
        sheet.append(defuse_row([table.caption]))
        sheet["A1"].font = Font(bold=True)
        sheet.append(defuse_row(table.headings))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            typed = [typed_cell(shown, value) for shown, value in zip(row.cells, clean(list(row.raw)), strict=False)]
            sheet.append(defuse_row(value for value, _ in typed))
            for cell, (_, number_format) in zip(sheet[sheet.max_row], typed, strict=False):
                if number_format:
                    cell.number_format = number_format
        sheet.freeze_panes = FROZEN_BELOW
        if note:
            sheet.append([])
            sheet.append(defuse_row([note]))
        for i, heading in enumerate(table.headings, start=1):
            letter = sheet.cell(row=2, column=i).column_letter
            sheet.column_dimensions[letter].width = max(10, min(60, len(heading) + 4))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def xlsx_response(page: Page, table_id: str | None, stem: str, note: str = "") -> Response:
    tables = (page.table(table_id),) if table_id else page.tables
    if not tables:
        page.table(None)  # raises NotFoundError naming the page
    name = f"{stem}-{tables[0].id}.xlsx" if table_id else f"{stem}.xlsx"
    return Response(xlsx_bytes(tables, note), media_type=XLSX_MEDIA_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _sheet_name(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "-", text)[:SHEET_NAME_MAX] or "table"
    name, n = base, 2
    while name in used:
        suffix = f"-{n}"
        name, n = base[:SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
    used.add(name)
    return name
