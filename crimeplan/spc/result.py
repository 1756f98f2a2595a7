"""The frozen result of an SPC analysis: points, groups (facet x period), facet summaries, and
``SpcResult.to_dict()``, the JSON contract documented in docs/spc.md."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from crimeplan.errors import SpcError
from crimeplan.spc import constants as c
from crimeplan.spc.anhoej import AnhoejResult
from crimeplan.spc.options import SpcOptions

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
