"""Validating an analysis request: values (or numerators and denominators), dates, facets, exclusions and
rebase points. Every message names the key (and index) and what was expected."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from crimeplan.errors import SpcError
from crimeplan.spc import constants as c
from crimeplan.spc.options import _is_int, _is_number
from crimeplan.spc.result import Facet, facet_key


def parse_date(x: Any, key: str) -> date:
    """A date, datetime, 'YYYY-MM-DD' or 'YYYY-MM' (first of the month)."""
    if isinstance(x, datetime):
        return x.date()
    if isinstance(x, date):
        return x
    if isinstance(x, str):
        s = x.strip()
        try:
            if len(s) == 7:
                return date.fromisoformat(s + "-01")
            return date.fromisoformat(s[:10]) if len(s) >= 10 else date.fromisoformat(s)
        except ValueError:
            pass
    raise SpcError(f"{key}: expected an ISO date (YYYY-MM-DD or YYYY-MM), got {x!r}")


def number_list(xs: Any, key: str, *, allow_empty: bool = False) -> list[float]:
    """A list of finite numbers, as floats."""
    if isinstance(xs, (str, bytes, Mapping)) or not isinstance(xs, Sequence):
        raise SpcError(f"{key}: expected a list of numbers, got {type(xs).__name__}")
    if not xs and not allow_empty:
        raise SpcError(f"{key}: expected a non-empty list of numbers, got an empty list")
    out = []
    for i, v in enumerate(xs):
        if not _is_number(v) or not math.isfinite(v):
            raise SpcError(f"{key}[{i}]: expected a finite number, got {v!r}")
        out.append(float(v))
    return out


def check_length(xs: Sequence[Any], n: int, key: str) -> None:
    if len(xs) != n:
        raise SpcError(f"{key}: expected {n} entries (one per value), got {len(xs)}")


def as_list(xs: Any, key: str) -> list[Any]:
    if isinstance(xs, (str, bytes, Mapping)) or not isinstance(xs, Sequence):
        raise SpcError(f"{key}: expected a list, got {type(xs).__name__}")
    return list(xs)


# --------------------------------------------------------------------------- values


def series_values(values: Sequence[float] | None, numerators: Sequence[float] | None,
                  denominators: Sequence[float] | None, method: str,
                  multiply: float) -> tuple[list[float], list[float] | None, list[float] | None]:
    """The values to chart, and the numerators and denominators of an attribute chart (else None)."""
    if method not in c.ATTRIBUTE_METHODS:
        if numerators is not None or denominators is not None:
            raise SpcError(f"numerators: expected null unless method is one of "
                           f"{', '.join(c.ATTRIBUTE_METHODS)}, got a list with method {method!r}")
        if values is None:
            raise SpcError("values: expected a non-empty list of numbers, got null")
        return number_list(values, "values"), None, None
    nums, dens = _attribute_counts(numerators, denominators, method)
    rates = [y / n for y, n in zip(nums, dens, strict=True)]
    if values is not None:
        _check_given_rates(values, rates, method, multiply)
    return rates, nums, dens


def _attribute_counts(numerators: Sequence[float] | None, denominators: Sequence[float] | None,
                      method: str) -> tuple[list[float], list[float]]:
    if numerators is None or denominators is None:
        raise SpcError(f"numerators: expected numerators and denominators when method is {method!r}")
    nums = number_list(numerators, "numerators")
    dens = number_list(denominators, "denominators")
    check_length(dens, len(nums), "denominators")
    for i, (y, n) in enumerate(zip(nums, dens, strict=True)):
        if y < 0:
            raise SpcError(f"numerators[{i}]: expected a number >= 0, got {y!r}")
        if n <= 0:
            raise SpcError(f"denominators[{i}]: expected a number > 0, got {n!r}")
        if method in ("p", "pprime") and y > n:
            raise SpcError(f"numerators[{i}]: expected at most denominators[{i}] ({n:g}) "
                           f"for a proportion, got {y:g}")
    return nums, dens


def _check_given_rates(values: Sequence[float], rates: list[float], method: str, multiply: float) -> None:
    """Values given beside numerators and denominators must equal their ratio (times ``multiply``)."""
    vals = number_list(values, "values")
    check_length(vals, len(rates), "values")
    for i, (v, r) in enumerate(zip(vals, rates, strict=True)):
        r *= multiply
        if not math.isclose(v, r, rel_tol=1e-9, abs_tol=1e-12):
            times = "" if multiply == 1 else " x multiply"
            raise SpcError(f"values[{i}]: expected numerators[{i}]/denominators[{i}]{times} = {r:g} "
                           f"when method is {method!r}, got {v:g}")


def check_excluded(excluded: Sequence[int], n_all: int) -> None:
    for k, i in enumerate(excluded):
        if not i < n_all:
            raise SpcError(f"exclude[{k}]: expected an integer from 0 to {n_all - 1}, got {i!r}")


# --------------------------------------------------------------------------- dates and facets


def series_dates(dates: Sequence[Any] | None, n_all: int) -> list[date] | None:
    if dates is None:
        return None
    dates = as_list(dates, "dates")
    check_length(dates, n_all, "dates")
    return [parse_date(d, f"dates[{i}]") for i, d in enumerate(dates)]


def facet_members(facets: Sequence[str | int] | None, n_all: int) -> dict[Facet, list[int]]:
    """Each facet (None when there are none) with the indices of its values, in order of first appearance."""
    labels: list[Facet] = [None] * n_all
    if facets is not None:
        facets = as_list(facets, "facets")
        check_length(facets, n_all, "facets")
        for i, f in enumerate(facets):
            if not (isinstance(f, str) or _is_int(f)):
                raise SpcError(f"facets[{i}]: expected a string or integer facet name, got {f!r}")
        labels = list(facets)
    members: dict[Facet, list[int]] = {}
    for i, f in enumerate(labels):
        members.setdefault(f, []).append(i)
    return members


def check_date_order(dates: list[date], members: Mapping[Facet, list[int]]) -> None:
    """Within each facet, dates strictly increase."""
    for f, idx in members.items():
        where = "" if f is None else f" in facet {f!r}"
        seen: set[date] = set()
        prev = None
        for i in idx:
            d = dates[i]
            if d in seen:
                raise SpcError(f"dates[{i}]: duplicate date {d.isoformat()}{where}")
            if prev is not None and d < prev:
                raise SpcError(f"dates[{i}]: expected dates in increasing order{where}, "
                               f"got {d.isoformat()} after {prev.isoformat()}")
            seen.add(d)
            prev = d


# --------------------------------------------------------------------------- rebasing


def rebase_starts(rebase_indices: Sequence[int] | None,
                  rebase_dates: Sequence[Any] | Mapping[str, Sequence[Any]] | None,
                  dates: list[date] | None, members: Mapping[Facet, list[int]], n_all: int) -> set[int]:
    """The indices where a new period (a rebase) starts, given by index or by date (per facet or for all)."""
    if rebase_indices is not None and rebase_dates is not None:
        raise SpcError("rebase_dates: expected either rebase_indices or rebase_dates, not both")
    starts: set[int] = set()
    if rebase_indices is not None:
        starts |= _index_starts(rebase_indices, n_all)
    if rebase_dates is not None:
        if dates is None:
            raise SpcError("rebase_dates: expected dates to be given as well")
        starts |= _date_starts(rebase_dates, dates, members)
    return starts


def _index_starts(rebase_indices: Sequence[int], n_all: int) -> set[int]:
    starts: set[int] = set()
    for k, i in enumerate(as_list(rebase_indices, "rebase_indices")):
        if not _is_int(i) or not 0 <= i < n_all:
            raise SpcError(f"rebase_indices[{k}]: expected an integer from 0 to {n_all - 1}, got {i!r}")
        starts.add(i)
    return starts


def _dates_per_facet(rebase_dates: Sequence[Any] | Mapping[str, Sequence[Any]],
                     members: Mapping[Facet, list[int]]) -> dict[Facet, list[Any]]:
    """Rebase dates for every facet (a list) or by facet name (a mapping)."""
    if not isinstance(rebase_dates, Mapping):
        ds = as_list(rebase_dates, "rebase_dates")
        return {f: ds for f in members}
    per_facet: dict[Facet, list[Any]] = {}
    by_name = {facet_key(f): f for f in members}
    for name, named in rebase_dates.items():
        if str(name) not in by_name:
            raise SpcError(f"rebase_dates: {name!r} is not a facet of the series")
        per_facet[by_name[str(name)]] = as_list(named, f"rebase_dates[{name!r}]")
    return per_facet


def _date_starts(rebase_dates: Sequence[Any] | Mapping[str, Sequence[Any]], dates: list[date],
                 members: Mapping[Facet, list[int]]) -> set[int]:
    starts: set[int] = set()
    for f, ds in _dates_per_facet(rebase_dates, members).items():
        where = {dates[i]: i for i in members[f]}
        for d in ds:
            d0 = parse_date(d, "rebase_dates")
            if d0 not in where:
                suffix = "" if f is None else f" in facet {f!r}"
                raise SpcError(f"rebase_dates: {d0.isoformat()} is not a date of the series{suffix}")
            starts.add(where[d0])
    return starts
