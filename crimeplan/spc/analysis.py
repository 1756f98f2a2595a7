"""Orchestration: validate input, split into facets x periods, compute limits, rules, icons.

``analyse`` returns a frozen ``SpcResult`` (:mod:`crimeplan.spc.result`); ``SpcResult.to_dict()`` is the JSON
contract documented in docs/spc.md. Its steps: :mod:`crimeplan.spc.inputs` validates the request,
:mod:`crimeplan.spc.group` analyses each facet x period; ``analyse_json`` and ``read_series_csv`` are the
JSON / CSV doors (:mod:`crimeplan.spc.doors`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import Any

from crimeplan.errors import SpcError
from crimeplan.spc import constants as c
from crimeplan.spc.group import analyse_group
from crimeplan.spc.icons import assurance_icon, variation_icon
from crimeplan.spc.inputs import (
    as_list,
    check_date_order,
    check_excluded,
    facet_members,
    parse_date,
    rebase_starts,
    series_dates,
    series_values,
)
from crimeplan.spc.options import SpcOptions
from crimeplan.spc.result import DEFAULT_FACET_KEY, Facet, FacetSummary, SpcGroup, SpcPoint, SpcResult, facet_key

__all__ = [
    "DEFAULT_FACET_KEY", "Facet", "FacetSummary", "SpcGroup", "SpcPoint", "SpcResult", "analyse", "facet_key",
    "mark_possible_gaps", "parse_date",
]


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
    excluded = tuple(as_list(exclude, "exclude")) if exclude is not None else ()
    opts = SpcOptions(improvement_direction=improvement_direction, target=target,
                      screen_outliers=screen_outliers, profile=profile, method=method,
                      fix_after_n_points=fix_after_n_points, shift_points=shift_points,
                      trend_points=trend_points, multiply=multiply, exclude=tuple(sorted(set(excluded))))
    vals, nums, dens = series_values(values, numerators, denominators, method, multiply)
    n_all = len(vals)
    check_excluded(excluded, n_all)
    parsed_dates = series_dates(dates, n_all)
    members = facet_members(facets, n_all)
    if parsed_dates is not None:
        check_date_order(parsed_dates, members)
    starts = rebase_starts(rebase_indices, rebase_dates, parsed_dates, members, n_all)

    groups: list[SpcGroup] = []
    points: list[SpcPoint | None] = [None] * n_all
    summaries = [_analyse_facet(f, idx, starts, vals, opts, parsed_dates, nums, dens, groups, points)
                 for f, idx in members.items()]
    filled = [p for p in points if p is not None]
    assert len(filled) == n_all, "every point is in one group"
    single = summaries[0] if len(summaries) == 1 else None
    return SpcResult(
        groups=tuple(groups), points=tuple(filled), facets=tuple(summaries),
        variation=single.variation if single else None,
        assurance=single.assurance if single else None,
        anhoej=single.anhoej if single else None, options=opts, has_dates=parsed_dates is not None)


def _analyse_facet(f: Facet, idx: list[int], starts: set[int], vals: list[float], opts: SpcOptions,
                   dates: list[date] | None, nums: list[float] | None, dens: list[float] | None,
                   groups: list[SpcGroup], points: list[SpcPoint | None]) -> FacetSummary:
    """One facet's periods (cut at the rebase starts inside it), appended to ``groups`` and placed in
    ``points``; returns the facet's summary (icons of its latest point and period)."""
    pos = {i: k for k, i in enumerate(idx)}
    cuts = [0] + sorted({pos[s] for s in starts if pos.get(s, 0) > 0}) + [len(idx)]
    for period, (a, b) in enumerate(pairwise(cuts)):
        group, pts = analyse_group(vals, idx[a:b], f, period, len(groups), opts, dates, nums, dens)
        groups.append(group)
        for p in pts:
            points[p.index] = p
    latest_group = groups[-1]
    latest_point = points[idx[-1]]
    assert latest_point is not None, "the facet's last group holds its last point"
    direction = opts.improvement_direction
    return FacetSummary(
        facet=f,
        variation=variation_icon(latest_point.point_type, direction),
        assurance=assurance_icon(opts.target, latest_group.lpl, latest_group.upl, direction)
        if opts.method != "run" else None,
        anhoej=latest_group.anhoej)


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
