"""An SPC chart's Vega-Lite spec, built as a plain dict (no charting library at run time).

The spec is data: one dataset of points (value, mean, limits, point type) and layers over it.
vl-convert renders it (crimeplan.spc.chart); tests/spc/test_chart.py checks it against the
Vega-Lite schema and the rendered SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from crimeplan.spc import constants as c
from crimeplan.spc.inputs import parse_date
from crimeplan.spc.result import Facet, SpcResult

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.4.1.json"
"""The Vega-Lite version the spec is written for (vl-convert renders it)."""

POINT_TYPE_LABELS = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Improvement",
    "special_cause_concern": "Concern",
    "special_cause_neutral_high": "Neutral (high)",
    "special_cause_neutral_low": "Neutral (low)",
    "possible_gap": "Possible gap (not judged)",
}
RULE_LABELS = {
    "outside_limits": "outside the process limits",
    "trend": "part of a trend",
    "two_in_three": "two of three points close to a limit",
    "shift": "part of a run on one side of the mean",
}
LIMIT_COLOUR = "#6b6b6b"
MARKER_COLOUR = "#404040"
LIMIT_DASH = [6, 4]
NEAR_LIMIT_DASH = [2, 3]
STEP_CHANGE_DASH = [2, 2]


def spc_chart_spec(result: SpcResult, *, dates: Sequence[Any] | None = None, title: str = "",
                   y_label: str = "", target: float | None = None,
                   annotations: Sequence[tuple[Any, str]] = (), show_near_lines: bool = False,
                   facet: str | int | None = None, width: int = 640, height: int = 300) -> dict[str, Any]:
    """The Vega-Lite spec of one facet of an SpcResult."""
    pts = result.facet_points(facet)
    xs, temporal = _x_values(result, dates, facet)
    x_type = "temporal" if temporal else "quantitative"
    x_title = "Month" if temporal else "Point"
    datasets: dict[str, list[dict[str, Any]]] = {"points": _rows(result, xs, facet)}
    layers = _series_layers(pts, x_type, x_title, y_label, show_near_lines)
    starts = _step_starts(result, xs, facet)
    if starts:
        datasets["steps"] = [{"x": s} for s in starts]
        layers.append({"data": {"name": "steps"},
                       "mark": {"type": "rule", "color": MARKER_COLOUR, "strokeDash": STEP_CHANGE_DASH},
                       "encoding": {"x": {"field": "x", "type": x_type}}})
    if target is not None:
        datasets["target"] = [{"target": target}]
        layers.append({"data": {"name": "target"},
                       "mark": {"type": "rule", "color": c.COLOUR_TARGET, "strokeWidth": 1.5},
                       "encoding": {"y": {"field": "target", "type": "quantitative"}}})
    if annotations:
        datasets["notes"] = _notes(pts, annotations, temporal)
        x = {"field": "x", "type": x_type}
        layers.append({"data": {"name": "notes"},
                       "mark": {"type": "rule", "color": MARKER_COLOUR, "strokeWidth": 0.75},
                       "encoding": {"x": x}})
        layers.append({"data": {"name": "notes"},
                       "mark": {"type": "text", "align": "left", "dx": 3, "dy": -6, "fontSize": 10},
                       "encoding": {"x": x, "y": {"field": "y", "type": "quantitative"},
                                    "text": {"field": "text", "type": "nominal"}}})
    return {"$schema": VEGA_LITE_SCHEMA, "title": title, "width": width, "height": height,
            "config": {"view": {"continuousWidth": 300, "continuousHeight": 300}},
            "datasets": datasets, "layer": layers}


def _series_layers(pts: list[Any], x_type: str, x_title: str, y_label: str,
                   show_near_lines: bool) -> list[dict[str, Any]]:
    """The values' line, the mean and the limits (one line per period), and the points."""
    x = {"field": "x", "type": x_type, "title": x_title}
    data = {"name": "points"}

    def line(field: str, mark: dict[str, Any], **y: Any) -> dict[str, Any]:
        return {"data": data, "mark": {"type": "line", **mark},
                "encoding": {"x": x, "y": {"field": field, "type": "quantitative", **y},
                             **({} if field == "value" else {"detail": {"field": "group", "type": "nominal"}})}}

    layers = [line("value", {"color": c.COLOUR_COMMON_CAUSE, "strokeWidth": 1.5},
                   title=y_label, scale={"zero": False}),
              line("centre", {"color": c.COLOUR_MEAN, "strokeWidth": 1.5})]
    for fld in ["lpl", "upl"] + (["near_lpl", "near_upl"] if show_near_lines else []):
        dash = LIMIT_DASH if fld in ("lpl", "upl") else NEAR_LIMIT_DASH
        layers.append(line(fld, {"color": LIMIT_COLOUR, "strokeDash": dash, "strokeWidth": 1}))
    types = [t for t in c.POINT_TYPES if any(p.point_type == t for p in pts)]
    layers.append({"data": data, "mark": {"type": "point", "filled": True, "size": 60, "opacity": 1},
                   "encoding": {
                       "x": x, "y": {"field": "value", "type": "quantitative"},
                       "color": {"field": "point_type", "type": "nominal", "title": "Point type",
                                 "scale": {"domain": types, "range": [c.POINT_TYPE_COLOURS[t] for t in types]},
                                 "legend": {"labelExpr": _label_expr()}},
                       "shape": {"field": "point_type", "type": "nominal",
                                 "scale": {"domain": types, "range": [c.POINT_TYPE_SHAPES[t] for t in types]}},
                       "tooltip": [{"field": "x", "type": x_type, "title": x_title},
                                   {"field": "value", "type": "quantitative", "title": y_label or "Value"},
                                   {"field": "type_label", "type": "nominal", "title": "Point type"},
                                   {"field": "rule", "type": "nominal", "title": "Rule"}]}})
    return layers


def _rows(result: SpcResult, xs: Sequence[str | int], facet: Facet) -> list[dict[str, Any]]:
    return [{"x": x, "value": p.value, "group": p.group, "point_type": p.point_type,
             "type_label": POINT_TYPE_LABELS[p.point_type], "rule": RULE_LABELS.get(p.rule or "", "none"),
             "centre": _clean(p.centre), "lpl": _clean(p.lpl), "upl": _clean(p.upl),
             "near_lpl": _clean(p.near_lpl), "near_upl": _clean(p.near_upl)}
            for x, p in zip(xs, result.facet_points(facet), strict=False)]


def _step_starts(result: SpcResult, xs: Sequence[str | int], facet: Facet) -> list[str | int]:
    """Where each period after the first starts (a step change: new mean and limits)."""
    indices = [p.index for p in result.facet_points(facet)]
    return [xs[indices.index(g.start)] for g in result.facet_groups(facet)[1:]]


def _notes(pts: list[Any], annotations: Sequence[tuple[Any, str]], temporal: bool) -> list[dict[str, Any]]:
    top = max([p.value for p in pts] + [p.upl for p in pts if not math.isnan(p.upl)])
    return [{"x": parse_date(d, "annotations").isoformat() if temporal else d, "text": text, "y": top}
            for d, text in annotations]


def _x_values(result: SpcResult, dates: Sequence[Any] | None, facet: Facet) -> tuple[list[str] | list[int], bool]:
    pts = result.facet_points(facet)
    if dates is not None:
        parsed = [parse_date(d, f"dates[{i}]") for i, d in enumerate(dates)]
        return [parsed[p.index].isoformat() for p in pts], True
    if result.has_dates:
        return [p.date.isoformat() for p in pts if p.date is not None], True  # every point has a date
    return [p.index for p in pts], False


def _clean(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def _label_expr() -> str:
    cases = " : ".join(f"datum.label == '{k}' ? '{v}'" for k, v in POINT_TYPE_LABELS.items())
    return f"{cases} : datum.label"
