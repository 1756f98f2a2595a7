"""Exports a spreadsheet will not run (issue 19, item 8): text that starts like a formula is defused
in CSV and XLSX; numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest

from crimeplan.portal.exports import csv_text, xlsx_bytes
from crimeplan.portal.pages.shapes import Row, Table
from crimeplan.render.spreadsheet import defuse
from crimeplan.render.tables import Grid, to_csv

HOSTILE = ['=HYPERLINK("http://example.invalid","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_gets_a_quote_and_numbers_do_not(text):
    assert defuse(text) == "'" + text
    assert defuse(-5) == -5 and defuse(-2.5) == -2.5 and defuse("E01000003") == "E01000003" and defuse(None) is None


def _table() -> Table:
    rows = tuple(Row((name, "-3"), (name, -3)) for name in HOSTILE)
    return Table("areas", "=caption", ("Area", "-Change"), rows)


def test_csv_export_defuses_text_cells_only():
    rows = list(csv.reader(io.StringIO(csv_text(_table()), newline="")))
    assert rows[0] == ["Area", "'-Change"]
    assert [r[0] for r in rows[1:]] == ["'" + t.replace("\r", "\n") for t in HOSTILE]  # a CR cannot end the row
    assert {r[1] for r in rows[1:]} == {"-3"}  # the number, unquoted


def test_xlsx_export_holds_no_formula_and_keeps_numbers():
    from openpyxl import load_workbook
    sheet = load_workbook(io.BytesIO(xlsx_bytes([_table()]))).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    assert [sheet.cell(row=r, column=1).value for r in range(3, 3 + len(HOSTILE))] == ["'" + t for t in HOSTILE]
    assert sheet.cell(row=3, column=2).value == -3 and sheet.cell(row=3, column=2).data_type == "n"


def test_command_line_csv_defuses_text_cells():
    grid = Grid("t", ("Area", "Count"), (("=1+1", "-3"),), (("=1+1", -3),))
    rows = list(csv.reader(io.StringIO(to_csv(grid))))
    assert rows[1] == ["'=1+1", "-3"]
