"""Orchestration: validate input, split into facets x periods, compute limits, rules, icons.

``analyse`` returns a frozen ``SpcResult``; ``SpcResult.to_dict()`` is the JSON contract
documented in docs/spc.md. ``analyse_json`` and ``read_series_csv`` are the JSON / CSV doors.
"""

from __future__ import annotations

import csv
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from crimeplan.errors import SpcError
from crimeplan.spc import constants as c
from crimeplan.spc import rules
from crimeplan.spc.anhoej import AnhoejResult, runs_analysis
from crimeplan.spc.attribute import attribute_limits
from crimeplan.spc.classify import classify
from crimeplan.spc.icons import assurance_icon, variation_icon
from crimeplan.spc.limits import average_moving_range, mean, moving_ranges, xmr_limits
from crimeplan.spc.options import SpcOptions, _is_int, _is_number

NAN = float("nan")
Facet = str | int | None
"""A facet's name as given (None when the series has no facets)."""
DEFAULT_FACET_KEY = "all"


@dataclass(frozen=True)
class SpcPoint:
    index: int                  # 0-based position in the input
    value: float                # the plotted value (the rate for p/p'/u/u')
    rule: str | None            # outside_limits, trend, two_in_three, shift or None
    direction: str | None       # high, low or None
    point_type: str
    facet: str | int | None
    group: int                  # position of its group in SpcResult.groups
    date: date | None
    centre: float
    lpl: float                  # per-point limits (constant within a group for XmR)
    upl: float
    near_lpl: float
    near_upl: float
    excluded: bool = False      # left out of the centre line, limits and runs (still judged)


@dataclass(frozen=True)
class SpcGroup:
    """One facet x period."""

    facet: str | int | None
    period: int                 # 0-based period number within the facet
    indices: tuple[int, ...]
    start_date: date | None
    end_date: date | None
    n: int
    mean: float
    amr: float
    lpl: float
    upl: float
    near_lpl: float
    near_upl: float
    short_group_warning: bool
    cl: float | None            # p/p'/u/u' centre line, run-chart median; None for XmR
    sigma_z: float | None       # Laney sigma_z for p'/u'
    anhoej: AnhoejResult
    excluded: tuple[int, ...] = ()   # indices left out of the centre line, limits and runs

    @property
    def start(self) -> int:
        return self.indices[0]

    @property
    def end(self) -> int:
        return self.indices[-1]


@dataclass(frozen=True)
class FacetSummary:
    facet: str | int | None
    variation: str
    assurance: str | None
    anhoej: AnhoejResult


@dataclass(frozen=True)
class SpcResult:
    groups: tuple[SpcGroup, ...]
    points: tuple[SpcPoint, ...]
    facets: tuple[FacetSummary, ...]
    variation: str | None       # None when there are several facets (see by_facet)
    assurance: str | None
    anhoej: AnhoejResult | None
    options: SpcOptions
    has_dates: bool

    @property
    def by_facet(self) -> dict[str, FacetSummary]:
        return {facet_key(f.facet): f for f in self.facets}

    def facet_points(self, facet: str | int | None = None) -> list[SpcPoint]:
        facet = self._one_facet(facet)
        return [p for p in self.points if p.facet == facet]

    def facet_groups(self, facet: str | int | None = None) -> list[SpcGroup]:
        facet = self._one_facet(facet)
        return [g for g in self.groups if g.facet == facet]

    def _one_facet(self, facet: str | int | None) -> str | int | None:
        if facet is None:
            if len(self.facets) != 1:
                raise SpcError("facet: expected a facet name for a result with several facets")
            return self.facets[0].facet
        if facet not in {f.facet for f in self.facets}:
            raise SpcError(f"facet: expected one of the result's facets, got {facet!r}")
        return facet

    def settings(self) -> dict[str, Any]:
        """How the chart was made: profile, chart, multipliers, rules, exclusions, Anhøj thresholds."""
        o = self.options
        attribute = o.method in c.ATTRIBUTE_METHODS
        if o.method == "run":
            limit = near = None
        elif attribute:
            limit, near = c.ATTRIBUTE_LIMIT_SIGMAS, c.ATTRIBUTE_NEAR_SIGMAS
        else:
            limit, near = c.XMR_MULTIPLIERS[o.profile]
        return {
            "profile": o.profile, "chart": o.method, "screen_outliers": o.screen_outliers,
            "fix_after_n_points": o.fix_after_n_points, "multiply": o.multiply, "exclude": list(o.exclude),
            "limit_multiplier": limit, "near_multiplier": near,
            "limit_basis": None if limit is None else ("sigma" if attribute else "average moving range"),
            "rules": list(c.PROFILE_RULES[o.profile]) if o.method != "run" else ["trend", "shift"],
            "runs_analysis": "anhoej",
            "anhoej_thresholds": "longest run > round(log2 n) + 3; crossings < qbinom(0.05, n - 1, 0.5)",
        }

    def to_dict(self) -> dict[str, Any]:
        attribute = self.options.method in c.ATTRIBUTE_METHODS
        with_cl = attribute or self.options.method == "run"
        groups = []
        for g in self.groups:
            d: dict[str, Any] = {
                "facet": g.facet,
                "start": g.start_date.isoformat() if g.start_date is not None else g.start,
                "end": g.end_date.isoformat() if g.end_date is not None else g.end,
                "n": g.n, "mean": _num(g.mean), "amr": _num(g.amr), "lpl": _num(g.lpl),
                "upl": _num(g.upl), "near_lpl": _num(g.near_lpl), "near_upl": _num(g.near_upl),
                "short_group_warning": g.short_group_warning,
            }
            if with_cl:
                d["cl"] = _num(g.cl)
            d["sigma_z"] = _num(g.sigma_z)
            d["excluded"] = list(g.excluded)
            d["anhoej"] = g.anhoej.to_dict()
            groups.append(d)
        points = []
        for p in self.points:
            d = {"index": p.index, "value": p.value, "rule": p.rule, "direction": p.direction,
                 "point_type": p.point_type, "excluded": p.excluded}
            if attribute:
                d["ucl"] = _num(p.upl)
                d["lcl"] = _num(p.lpl)
            points.append(d)
        return {
            "profile": self.options.profile,
            "settings": self.settings(),
            "groups": groups,
            "points": points,
            "variation": self.variation,
            "assurance": self.assurance,
            "anhoej": self.anhoej.to_dict() if self.anhoej else None,
            "by_facet": {facet_key(f.facet): {"variation": f.variation, "assurance": f.assurance,
                                              "anhoej": f.anhoej.to_dict()} for f in self.facets},
        }


def facet_key(facet: str | int | None) -> str:
    return DEFAULT_FACET_KEY if facet is None else str(facet)


def _num(x: float | None) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return x


# --------------------------------------------------------------------------- input validation

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


def _number_list(xs: Any, key: str, *, allow_empty: bool = False) -> list[float]:
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


def _check_length(xs: Sequence[Any], n: int, key: str) -> None:
    if len(xs) != n:
        raise SpcError(f"{key}: expected {n} entries (one per value), got {len(xs)}")


def _list(xs: Any, key: str) -> list[Any]:
    if isinstance(xs, (str, bytes, Mapping)) or not isinstance(xs, Sequence):
        raise SpcError(f"{key}: expected a list, got {type(xs).__name__}")
    return list(xs)


# --------------------------------------------------------------------------- analysis

def analyse(values: Sequence[float] | None, *, dates: Sequence[Any] | None = None,
            facets: Sequence[str | int] | None = None,
            rebase_indices: Sequence[int] | None = None,
            rebase_dates: Sequence[Any] | Mapping[str, Sequence[Any]] | None = None,
            fix_after_n_points: int | None = None, improvement_direction: str = "increase",
            target: float | None = None, screen_outliers: bool = True, profile: str = "ptd",
            method: str = "xmr", numerators: Sequence[float] | None = None,
            denominators: Sequence[float] | None = None, shift_points: int = c.SHIFT_POINTS,
            trend_points: int = c.TREND_POINTS, exclude: Sequence[int] | None = None,
            multiply: float = 1.0) -> SpcResult:
    """Analyse one series (optionally faceted and rebased). See docs/spc.md."""
    excluded = tuple(_list(exclude, "exclude")) if exclude is not None else ()
    opts = SpcOptions(improvement_direction=improvement_direction, target=target,
                      screen_outliers=screen_outliers, profile=profile, method=method,
                      fix_after_n_points=fix_after_n_points, shift_points=shift_points,
                      trend_points=trend_points, multiply=multiply, exclude=tuple(sorted(set(excluded))))
    attribute = method in c.ATTRIBUTE_METHODS
    nums = dens = None
    if attribute:
        if numerators is None or denominators is None:
            raise SpcError(f"numerators: expected numerators and denominators when method is {method!r}")
        nums = _number_list(numerators, "numerators")
        dens = _number_list(denominators, "denominators")
        _check_length(dens, len(nums), "denominators")
        for i, (y, n) in enumerate(zip(nums, dens, strict=True)):
            if y < 0:
                raise SpcError(f"numerators[{i}]: expected a number >= 0, got {y!r}")
            if n <= 0:
                raise SpcError(f"denominators[{i}]: expected a number > 0, got {n!r}")
            if method in ("p", "pprime") and y > n:
                raise SpcError(f"numerators[{i}]: expected at most denominators[{i}] ({n:g}) "
                               f"for a proportion, got {y:g}")
        rates = [y / n for y, n in zip(nums, dens, strict=True)]
        if values is not None:
            vals = _number_list(values, "values")
            _check_length(vals, len(rates), "values")
            for i, (v, r) in enumerate(zip(vals, rates, strict=True)):
                r *= multiply
                if not math.isclose(v, r, rel_tol=1e-9, abs_tol=1e-12):
                    times = "" if multiply == 1 else " x multiply"
                    raise SpcError(f"values[{i}]: expected numerators[{i}]/denominators[{i}]{times} = {r:g} "
                                   f"when method is {method!r}, got {v:g}")
        vals = rates
    else:
        if numerators is not None or denominators is not None:
            raise SpcError(f"numerators: expected null unless method is one of "
                           f"{', '.join(c.ATTRIBUTE_METHODS)}, got a list with method {method!r}")
        if values is None:
            raise SpcError("values: expected a non-empty list of numbers, got null")
        vals = _number_list(values, "values")
    n_all = len(vals)
    for k, i in enumerate(excluded):
        if not i < n_all:
            raise SpcError(f"exclude[{k}]: expected an integer from 0 to {n_all - 1}, got {i!r}")

    parsed_dates = None
    if dates is not None:
        dates = _list(dates, "dates")
        _check_length(dates, n_all, "dates")
        parsed_dates = [parse_date(d, f"dates[{i}]") for i, d in enumerate(dates)]
    labels: list[Facet] = [None] * n_all
    if facets is not None:
        facets = _list(facets, "facets")
        _check_length(facets, n_all, "facets")
        for i, f in enumerate(facets):
            if not (isinstance(f, str) or _is_int(f)):
                raise SpcError(f"facets[{i}]: expected a string or integer facet name, got {f!r}")
        labels = list(facets)
    order: list[Facet] = []
    members: dict[Facet, list[int]] = {}
    for i, f in enumerate(labels):
        if f not in members:
            order.append(f)
            members[f] = []
        members[f].append(i)

    if parsed_dates is not None:
        for f in order:
            seen: set[date] = set()
            prev = None
            for i in members[f]:
                d = parsed_dates[i]
                where = "" if f is None else f" in facet {f!r}"
                if d in seen:
                    raise SpcError(f"dates[{i}]: duplicate date {d.isoformat()}{where}")
                if prev is not None and d < prev:
                    raise SpcError(f"dates[{i}]: expected dates in increasing order{where}, "
                                   f"got {d.isoformat()} after {prev.isoformat()}")
                seen.add(d)
                prev = d

    starts = _rebase_starts(rebase_indices, rebase_dates, parsed_dates, labels, order, members, n_all)

    groups: list[SpcGroup] = []
    points: list[SpcPoint | None] = [None] * n_all
    summaries: list[FacetSummary] = []
    for f in order:
        idx = members[f]
        pos = {i: k for k, i in enumerate(idx)}
        cuts = [0] + sorted({pos[s] for s in starts if pos.get(s, 0) > 0}) + [len(idx)]
        for period, (a, b) in enumerate(pairwise(cuts)):
            sub = idx[a:b]
            g_no = len(groups)
            group, pts = _analyse_group(
                vals, sub, f, period, g_no, opts, parsed_dates, nums, dens)
            groups.append(group)
            for p in pts:
                points[p.index] = p
        latest_group = groups[-1]
        latest_point = points[idx[-1]]
        assert latest_point is not None, "the facet's last group holds its last point"
        summaries.append(FacetSummary(
            facet=f,
            variation=variation_icon(latest_point.point_type, improvement_direction),
            assurance=assurance_icon(target, latest_group.lpl, latest_group.upl, improvement_direction)
            if method != "run" else None,
            anhoej=latest_group.anhoej))
    filled = [p for p in points if p is not None]
    assert len(filled) == n_all, "every point is in one group"
    single = summaries[0] if len(summaries) == 1 else None
    return SpcResult(
        groups=tuple(groups), points=tuple(filled), facets=tuple(summaries),
        variation=single.variation if single else None,
        assurance=single.assurance if single else None,
        anhoej=single.anhoej if single else None, options=opts, has_dates=parsed_dates is not None)


def _rebase_starts(rebase_indices: Sequence[int] | None,
                   rebase_dates: Sequence[Any] | Mapping[str, Sequence[Any]] | None,
                   parsed_dates: list[date] | None, labels: list[Facet], order: list[Facet],
                   members: dict[Facet, list[int]], n_all: int) -> set[int]:
    if rebase_indices is not None and rebase_dates is not None:
        raise SpcError("rebase_dates: expected either rebase_indices or rebase_dates, not both")
    starts: set[int] = set()
    if rebase_indices is not None:
        for k, i in enumerate(_list(rebase_indices, "rebase_indices")):
            if not _is_int(i) or not 0 <= i < n_all:
                raise SpcError(f"rebase_indices[{k}]: expected an integer from 0 to {n_all - 1}, got {i!r}")
            starts.add(i)
    if rebase_dates is not None:
        if parsed_dates is None:
            raise SpcError("rebase_dates: expected dates to be given as well")
        if isinstance(rebase_dates, Mapping):
            per_facet: dict[Facet, list[Any]] = {}
            by_name = {facet_key(f): f for f in order}
            for name, ds in rebase_dates.items():
                if str(name) not in by_name:
                    raise SpcError(f"rebase_dates: {name!r} is not a facet of the series")
                per_facet[by_name[str(name)]] = _list(ds, f"rebase_dates[{name!r}]")
        else:
            ds = _list(rebase_dates, "rebase_dates")
            per_facet = {f: ds for f in order}
        for f, ds in per_facet.items():
            where = {parsed_dates[i]: i for i in members[f]}
            for d in ds:
                d0 = parse_date(d, "rebase_dates")
                if d0 not in where:
                    suffix = "" if f is None else f" in facet {f!r}"
                    raise SpcError(f"rebase_dates: {d0.isoformat()} is not a date of the series{suffix}")
                starts.add(where[d0])
    return starts


def _analyse_group(vals: list[float], sub: list[int], facet: Facet, period: int, g_no: int, opts: SpcOptions,
                   dates: list[date] | None, nums: list[float] | None,
                   dens: list[float] | None) -> tuple[SpcGroup, list[SpcPoint]]:
    """One facet x period. Excluded points (``opts.exclude``) are left out of the centre line, the
    limits, the runs and the time-series rules; they are still judged against the limits."""
    x = [vals[i] for i in sub]
    m = len(x)
    method = opts.method
    out = set(opts.exclude)
    skipped = {k for k, i in enumerate(sub) if i in out}
    kept = [k for k in range(m) if k not in skipped]
    freeze = opts.fix_after_n_points or m
    base_x = [x[k] for k in kept if k < freeze]
    if not base_x:
        where = "" if facet is None else f" of facet {facet!r}"
        raise SpcError(f"exclude: leaves no point for the centre line of period {period + 1}{where}")
    sigma_z = None
    cl = None
    if method in c.ATTRIBUTE_METHODS:
        assert nums is not None and dens is not None, "attribute charts are given numerators and denominators"
        lim = attribute_limits([nums[i] for i in sub], [dens[i] for i in sub], chart=method,
                               fix_after_n_points=opts.fix_after_n_points,
                               screen_outliers=opts.screen_outliers, excluded=skipped)
        centre = cl = lim.cl
        centre_mean = lim.cl
        amr = NAN
        lo, hi, nlo, nhi = list(lim.lcl), list(lim.ucl), list(lim.near_lcl), list(lim.near_ucl)
        g_lpl, g_upl, g_nlpl, g_nupl = lim.lpl, lim.upl, lim.near_lpl, lim.near_upl
        sigma_z = lim.sigma_z
    elif method == "run":
        centre = cl = statistics.median(base_x)
        centre_mean = mean(base_x)
        amr = average_moving_range(moving_ranges(base_x), screen_outliers=opts.screen_outliers)
        lo = hi = nlo = nhi = [NAN] * m
        g_lpl = g_upl = g_nlpl = g_nupl = NAN
    else:
        xl = xmr_limits(base_x, screen_outliers=opts.screen_outliers, profile=opts.profile)
        centre = centre_mean = xl.mean
        amr = xl.amr
        lo, hi, nlo, nhi = [xl.lpl] * m, [xl.upl] * m, [xl.near_lpl] * m, [xl.near_upl] * m
        g_lpl, g_upl, g_nlpl, g_nupl = xl.lpl, xl.upl, xl.near_lpl, xl.near_upl

    k_ = opts.multiply
    if k_ != 1:
        x = [v * k_ for v in x]
        lo, hi, nlo, nhi = ([v * k_ for v in seq] for seq in (lo, hi, nlo, nhi))
        centre, centre_mean, amr = centre * k_, centre_mean * k_, amr * k_
        cl = None if cl is None else cl * k_
        g_lpl, g_upl, g_nlpl, g_nupl = g_lpl * k_, g_upl * k_, g_nlpl * k_, g_nupl * k_

    def pick(seq: Sequence[Any]) -> list[Any]:
        return [seq[k] for k in kept]

    def spread(flags: Sequence[Any], empty: Any) -> list[Any]:
        full = [empty] * m
        for k, f in zip(kept, flags, strict=True):
            full[k] = f
        return full

    enabled = c.PROFILE_RULES[opts.profile]
    xs = pick(x)
    s = rules.sides(x, centre)
    outside = rules.outside_limits(x, lo, hi)
    trend = spread(rules.trend(xs, opts.trend_points), 0) if "trend" in enabled else [0] * m
    if "two_in_three" in enabled:
        close = rules.close_to_limits(xs, pick(nlo), pick(nhi), pick(lo), pick(hi),
                                      count_beyond_limits=opts.profile == "mdc2023")
        two3 = spread(rules.two_in_three(pick(s), close), False)
    else:
        two3 = [False] * m
    shift = spread(rules.shift(pick(s), opts.shift_points), False) if "shift" in enabled else [False] * m
    labels = classify(s, outside, trend, two3, shift, opts.improvement_direction)
    pts = []
    for k, i in enumerate(sub):
        rule, direction, ptype = labels[k]
        pts.append(SpcPoint(index=i, value=x[k], rule=rule, direction=direction, point_type=ptype,
                            facet=facet, group=g_no, date=dates[i] if dates else None, centre=centre,
                            lpl=lo[k], upl=hi[k], near_lpl=nlo[k], near_upl=nhi[k], excluded=k in skipped))
    group = SpcGroup(
        facet=facet, period=period, indices=tuple(sub),
        start_date=dates[sub[0]] if dates else None, end_date=dates[sub[-1]] if dates else None,
        n=m, mean=centre_mean, amr=amr, lpl=g_lpl, upl=g_upl, near_lpl=g_nlpl, near_upl=g_nupl,
        short_group_warning=len(kept) < c.SHORT_GROUP_THRESHOLD, cl=cl, sigma_z=sigma_z,
        anhoej=runs_analysis(xs, centre), excluded=tuple(sub[k] for k in sorted(skipped)))
    return group, pts


def mark_possible_gaps(result: SpcResult, indices: Sequence[int]) -> SpcResult:
    """``result`` with the points at ``indices`` (each already excluded) marked ``possible_gap``: no
    rule, no direction, so never a signal, and the facet's variation icon taken from its latest
    other point. A possible gap is a value that may be data not published (a month counted 0 amid
    published data, crimeplan.metrics.coverage): it stays on the chart but is not judged."""
    gaps = set(indices)
    for i in sorted(gaps):
        if i not in result.options.exclude:
            raise SpcError(f"possible_gaps: point {i} must be excluded from the limits to be marked a possible gap")
    if not gaps:
        return result
    points = tuple(replace(p, rule=None, direction=None, point_type=c.POSSIBLE_GAP) if p.index in gaps else p
                   for p in result.points)
    direction = result.options.improvement_direction
    facets = []
    for f in result.facets:
        judged = [p for p in points if p.facet == f.facet and p.index not in gaps]
        variation = variation_icon(judged[-1].point_type, direction) if judged else "common_cause"
        facets.append(replace(f, variation=variation))
    single = facets[0] if len(facets) == 1 else None
    return replace(result, points=points, facets=tuple(facets),
                   variation=single.variation if single else None)


# --------------------------------------------------------------------------- JSON and CSV doors

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
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except OSError as exc:
        raise SpcError(f"{path}: cannot be read ({exc.strerror})") from None
    if not rows:
        raise SpcError(f"{path}:1: expected a header row with a 'value' column, got an empty file")
    header = [h.strip().lower() for h in rows[0]]
    for col in header:
        if col not in CSV_COLUMNS:
            raise SpcError(f"{path}:1: {col}: unknown column; expected {', '.join(CSV_COLUMNS)}")
    has_rate = "numerator" in header and "denominator" in header
    if "value" not in header and not has_rate:
        raise SpcError(f"{path}:1: value: missing column; expected 'value' "
                       "(or 'numerator' and 'denominator')")
    out: dict[str, list[float | str]] = {k: [] for k in CSV_COLUMNS if k in header}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise SpcError(f"{path}:{line_no}: expected {len(header)} columns, got {len(row)}")
        for col, cell in zip(header, row, strict=True):
            cell = cell.strip()
            if col in ("value", "numerator", "denominator"):
                try:
                    v = float(cell.replace(",", ""))
                except ValueError:
                    v = NAN
                if not math.isfinite(v):
                    raise SpcError(f"{path}:{line_no}: {col}: expected a number, got {cell!r}")
                out[col].append(v)
            elif col == "date":
                try:
                    out[col].append(parse_date(cell, "date").isoformat())
                except SpcError:
                    raise SpcError(f"{path}:{line_no}: date: expected an ISO date (YYYY-MM-DD or "
                                   f"YYYY-MM), got {cell!r}") from None
            else:
                if not cell:
                    raise SpcError(f"{path}:{line_no}: facet: expected a facet name, got an empty cell")
                out[col].append(cell)
    if not any(out.values()) or not next(iter(out.values())):
        raise SpcError(f"{path}:2: expected at least one data row, got none")
    names = {"value": "values", "date": "dates", "facet": "facets", "numerator": "numerators",
             "denominator": "denominators"}
    return {names[k]: v for k, v in out.items()}
