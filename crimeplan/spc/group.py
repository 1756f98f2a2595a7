"""One facet x period of a series: its centre line and limits (XmR, run chart or p/p'/u/u'), scaled by
``multiply``, then the rules (outside limits, trend, two in three, shift) and each point's classification."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from datetime import date
from typing import Any

from crimeplan.errors import SpcError
from crimeplan.spc import constants as c
from crimeplan.spc import rules
from crimeplan.spc.anhoej import runs_analysis
from crimeplan.spc.attribute import attribute_limits
from crimeplan.spc.classify import classify
from crimeplan.spc.limits import average_moving_range, mean, moving_ranges, xmr_limits
from crimeplan.spc.options import SpcOptions
from crimeplan.spc.result import Facet, SpcGroup, SpcPoint

NAN = float("nan")


def analyse_group(vals: list[float], sub: list[int], facet: Facet, period: int, g_no: int, opts: SpcOptions,
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
