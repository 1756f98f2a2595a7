"""The JSON and CSV doors of the SPC engine: ``analyse_json`` (a request as docs/spc.md documents it) and
``read_series_csv`` (a CSV file of values, or numerators and denominators, into such a request)."""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from crimeplan.errors import SpcError
from crimeplan.spc import constants as c
from crimeplan.spc.analysis import analyse
from crimeplan.spc.inputs import parse_date

NAN = float("nan")

JSON_KEYS = ("values", "dates", "facets", "rebase_indices", "rebase_dates", "fix_after_n_points",
             "improvement_direction", "target", "screen_outliers", "profile", "method",
             "numerators", "denominators", "shift_points", "trend_points", "exclude", "multiply")


def analyse_json(obj: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a JSON request (docs/spc.md) and return SpcResult.to_dict()."""
    if not isinstance(obj, Mapping):
        raise SpcError(f"request: expected a JSON object, got {type(obj).__name__}")
    for key in obj:
        if key not in JSON_KEYS:
            raise SpcError(f"{key}: unknown key; expected one of {', '.join(JSON_KEYS)}")
    kwargs = dict(obj)
    values = kwargs.pop("values", None)
    defaults = {"improvement_direction": "increase", "screen_outliers": True, "profile": "ptd",
                "method": "xmr", "shift_points": c.SHIFT_POINTS, "trend_points": c.TREND_POINTS,
                "multiply": 1.0}
    for key, default in defaults.items():
        if kwargs.get(key) is None:
            kwargs[key] = default
    return analyse(values, **kwargs).to_dict()


CSV_COLUMNS = ("value", "date", "facet", "numerator", "denominator")


def read_series_csv(path: str | Path) -> dict[str, Any]:
    """Read a CSV (columns value, optional date, facet, numerator, denominator) into a request dict.

    ``value`` may be omitted when both ``numerator`` and ``denominator`` are present.
    """
    path = Path(path)
    rows = _rows(path)
    header = _header(path, rows)
    out: dict[str, list[float | str]] = {k: [] for k in CSV_COLUMNS if k in header}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise SpcError(f"{path}:{line_no}: expected {len(header)} columns, got {len(row)}")
        for col, cell in zip(header, row, strict=True):
            out[col].append(_cell(path, line_no, col, cell.strip()))
    if not any(out.values()) or not next(iter(out.values())):
        raise SpcError(f"{path}:2: expected at least one data row, got none")
    names = {"value": "values", "date": "dates", "facet": "facets", "numerator": "numerators",
             "denominator": "denominators"}
    return {names[k]: v for k, v in out.items()}


def _rows(path: Path) -> list[list[str]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except OSError as exc:
        raise SpcError(f"{path}: cannot be read ({exc.strerror})") from None
    if not rows:
        raise SpcError(f"{path}:1: expected a header row with a 'value' column, got an empty file")
    return rows


def _header(path: Path, rows: list[list[str]]) -> list[str]:
    """The columns of the first row, lower case; each one of CSV_COLUMNS, with values or a rate's two parts."""
    header = [h.strip().lower() for h in rows[0]]
    for col in header:
        if col not in CSV_COLUMNS:
            raise SpcError(f"{path}:1: {col}: unknown column; expected {', '.join(CSV_COLUMNS)}")
    has_rate = "numerator" in header and "denominator" in header
    if "value" not in header and not has_rate:
        raise SpcError(f"{path}:1: value: missing column; expected 'value' "
                       "(or 'numerator' and 'denominator')")
    return header


def _cell(path: Path, line_no: int, col: str, cell: str) -> float | str:
    """One stripped cell: a number (value, numerator, denominator), an ISO date, or a facet name."""
    if col in ("value", "numerator", "denominator"):
        try:
            v = float(cell.replace(",", ""))
        except ValueError:
            v = NAN
        if not math.isfinite(v):
            raise SpcError(f"{path}:{line_no}: {col}: expected a number, got {cell!r}")
        return v
    if col == "date":
        try:
            return parse_date(cell, "date").isoformat()
        except SpcError:
            raise SpcError(f"{path}:{line_no}: date: expected an ISO date (YYYY-MM-DD or "
                           f"YYYY-MM), got {cell!r}") from None
    if not cell:
        raise SpcError(f"{path}:{line_no}: facet: expected a facet name, got an empty cell")
    return cell
