"""An SPC chart's Vega-Lite spec, built as a plain dict (no charting library at run time).

The spec is data: one dataset of points (value, mean, limits, point type) and layers over it.
vl-convert renders it (crimeplan.spc.chart); tests/spc/test_chart.py checks it against the
Vega-Lite schema and the rendered SVG.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from crimeplan.spc import constants as c
from crimeplan.spc.inputs import parse_date
from crimeplan.spc.narrative import format_number
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
SOLID: list[int] = []
LIMIT_DASH = [6, 4]
NEAR_LIMIT_DASH = [2, 3]
STEP_CHANGE_DASH = [2, 2]

A4_CHART_WIDTH_PT = 165 * 72 / 25.4
"""The narrowest a chart is printed: 165 mm, the Word paper's chart width (crimeplan.report.docx
CHART_WIDTH_MM); the PDF's text block is 172 mm (A4 less its 20 and 18 mm margins)."""
MIN_PRINTED_PT = 8
"""No chart text smaller than 8 pt on the page (a common floor for printed figures)."""
FONT_PX = 13
"""Every text in the chart, in SVG pixels: a 640-pixel plot with its axes is about 700 pixels wide,
so 13 px prints at about 8.7 pt at 165 mm (tests/spc/test_chart.py checks the rendered SVG)."""
TITLE_PX = 15
MONTH_FORMAT = "%b %Y"
"""Month ticks and tooltips as "Apr 2013"."""
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MAX_MONTH_TICKS = 8
TICK_STEPS = (1, 2, 3, 6, 12, 24, 60)
"""Months between x-axis ticks: the first of these that leaves at most MAX_MONTH_TICKS ticks."""
PROPORTION_METHODS = ("p", "pprime")
"""Charts whose values are proportions (0–1), drawn on a percentage axis unless told otherwise."""
PERCENT_FORMAT = ".1~%"
NBSP_PERCENT = "replace(datum.label, '%', '\u00a0%')"
"""'4 %', with a no-break space, the paper's style of percentage (crimeplan.render.formatting)."""

KEY_TITLE = "Lines"
KEY_MEAN, KEY_LIMITS, KEY_NEAR, KEY_TARGET, KEY_STEP = (
    "Mean", "Process limits", "Near limits (2 sigma)", "Milestone", "Step change (new limits)")
KEY_STYLE = {KEY_MEAN: (c.COLOUR_MEAN, SOLID), KEY_LIMITS: (LIMIT_COLOUR, LIMIT_DASH),
             KEY_NEAR: (LIMIT_COLOUR, NEAR_LIMIT_DASH), KEY_TARGET: (c.COLOUR_TARGET, SOLID),
             KEY_STEP: (MARKER_COLOUR, STEP_CHANGE_DASH)}
"""Each line of the key: its colour and dash."""


def spc_chart_spec(result: SpcResult, *, dates: Sequence[Any] | None = None, title: str = "",
                   y_label: str = "", target: float | None = None,
                   annotations: Sequence[tuple[Any, str]] = (), show_near_lines: bool = False,
                   facet: str | int | None = None, width: int = 640, height: int = 300,
                   y_percent: bool | None = None) -> dict[str, Any]:
    """The Vega-Lite spec of one facet of an SpcResult: values, mean and limits by period, the points
    by type, step changes, the milestone and annotations, with a key to every line.

    ``y_percent``: values on a percentage axis (default: for p and p′ charts, whose values are
    proportions).
    """
    pts = result.facet_points(facet)
    xs, temporal = _x_values(result, dates, facet)
    percent = result.options.method in PROPORTION_METHODS if y_percent is None else y_percent
    axes = _Axes(x=_x_def(temporal, len(pts)), y_format=_y_format(percent), y_label=y_label)
    datasets: dict[str, list[dict[str, Any]]] = {"points": _rows(result, xs, facet, percent)}
    keys = [KEY_MEAN, KEY_LIMITS] + ([KEY_NEAR] if show_near_lines else [])
    lines = _line_layers(axes, show_near_lines)
    starts = _step_starts(result, xs, facet)
    if starts:
        datasets["steps"] = [{"x": s} for s in starts]
        keys.append(KEY_STEP)
        lines.append(_rule("steps", KEY_STEP, {"x": _x_field(axes.x)}))
    if target is not None:
        datasets["target"] = [{"target": target}]
        keys.append(KEY_TARGET)
        lines.append(_rule("target", KEY_TARGET, {"y": {"field": "target", "type": "quantitative"}},
                           strokeWidth=1.5))
    layers: list[dict[str, Any]] = [{"layer": _with_key(lines, keys)}, _points_layer(pts, axes)]
    if annotations:
        datasets["notes"] = _notes(pts, annotations, temporal)
        layers.append({"layer": _note_layers(axes)})
    independent = {"color": "independent", "shape": "independent", "strokeDash": "independent"}
    return {"$schema": VEGA_LITE_SCHEMA, "title": {"text": title, "fontSize": TITLE_PX},
            "width": width, "height": height, "config": _config(), "datasets": datasets, "layer": layers,
            "resolve": {"scale": independent}}  # the key's lines and the point types: a legend each


@dataclass(frozen=True)
class _Axes:
    """The x encoding (with its axis) and the y axis's label and number format, shared by every layer."""

    x: dict[str, Any]
    y_format: dict[str, Any]
    y_label: str

    def y(self, field: str, **extra: Any) -> dict[str, Any]:
        return {"field": field, "type": "quantitative", **extra}


def _config() -> dict[str, Any]:
    text = {"labelFontSize": FONT_PX, "titleFontSize": FONT_PX}
    return {"view": {"continuousWidth": 300, "continuousHeight": 300}, "axis": text,
            "legend": {**text, "orient": "bottom", "direction": "vertical", "symbolSize": 80},
            "title": {"fontSize": TITLE_PX}}


def _x_def(temporal: bool, n: int) -> dict[str, Any]:
    if not temporal:
        return {"field": "x", "type": "quantitative", "title": "Point"}
    step = next((s for s in TICK_STEPS if n / s <= MAX_MONTH_TICKS), TICK_STEPS[-1])
    return {"field": "x", "type": "temporal", "title": "Month", "scale": {"type": "utc"},
            "axis": {"format": MONTH_FORMAT, "tickCount": {"interval": "month", "step": step},
                     "labelOverlap": True}}


def _x_field(x: dict[str, Any]) -> dict[str, Any]:
    """The x field of a layer with its own data (a rule at a month), on the same scale."""
    return {k: v for k, v in x.items() if k in ("field", "type", "scale")}


def _y_format(percent: bool) -> dict[str, Any]:
    return {"format": PERCENT_FORMAT, "labelExpr": NBSP_PERCENT} if percent else {}


def _line_layers(axes: _Axes, show_near_lines: bool) -> list[dict[str, Any]]:
    """The values' line, then the mean and the limits (one line per period: ``detail`` by group)."""
    value = {"data": {"name": "points"}, "mark": {"type": "line", "color": c.COLOUR_COMMON_CAUSE, "strokeWidth": 1.5},
             "encoding": {"x": axes.x, "y": axes.y("value", title=axes.y_label, scale={"zero": False},
                                                   axis=axes.y_format)}}
    fields = [("centre", KEY_MEAN, 1.5), ("lpl", KEY_LIMITS, 1), ("upl", KEY_LIMITS, 1)]
    if show_near_lines:
        fields += [("near_lpl", KEY_NEAR, 1), ("near_upl", KEY_NEAR, 1)]
    return [value] + [{"data": {"name": "points"}, "mark": {"type": "line", "strokeWidth": width},
                       "key": key,
                       "encoding": {"x": axes.x, "y": axes.y(field), "detail": {"field": "group", "type": "nominal"}}}
                      for field, key, width in fields]


def _rule(data: str, key: str, encoding: dict[str, Any], **mark: Any) -> dict[str, Any]:
    return {"data": {"name": data}, "mark": {"type": "rule", **mark}, "key": key, "encoding": encoding}


def _with_key(layers: list[dict[str, Any]], keys: list[str]) -> list[dict[str, Any]]:
    """Every keyed line (``key``: its entry) on one colour and one dash scale over ``keys``: one legend,
    in that order, each entry drawn as its line."""
    legend = {"symbolType": "stroke", "symbolStrokeWidth": 2}  # the same on both, so they merge into one
    colour = {"type": "nominal", "title": KEY_TITLE, "legend": legend,
              "scale": {"domain": keys, "range": [KEY_STYLE[k][0] for k in keys]}}
    dash = {"type": "nominal", "title": KEY_TITLE, "legend": legend,
            "scale": {"domain": keys, "range": [KEY_STYLE[k][1] for k in keys]}}
    out = []
    for layer in layers:
        key = layer.pop("key", None)
        if key is not None:
            layer = {**layer, "transform": [{"calculate": f"'{key}'", "as": "key"}],
                     "encoding": {**layer["encoding"], "color": {"field": "key", **colour},
                                  "strokeDash": {"field": "key", **dash}}}
        out.append(layer)
    return out


def _points_layer(pts: list[Any], axes: _Axes) -> dict[str, Any]:
    """The points, coloured and shaped by point type (shape as well as colour), with a tooltip."""
    types = [t for t in c.POINT_TYPES if any(p.point_type == t for p in pts)]
    value_tip = {"field": "value", "type": "quantitative", "title": axes.y_label or "Value",
                 **({"format": axes.y_format["format"]} if axes.y_format else {})}
    x_tip = {"field": "when", "type": "nominal", "title": axes.x["title"]}
    return {"data": {"name": "points"}, "mark": {"type": "point", "filled": True, "size": 60, "opacity": 1},
            "encoding": {
                "x": axes.x, "y": axes.y("value"),
                "color": {"field": "point_type", "type": "nominal", "title": "Point type",
                          "scale": {"domain": types, "range": [c.POINT_TYPE_COLOURS[t] for t in types]},
                          "legend": {"labelExpr": _label_expr()}},
                "shape": {"field": "point_type", "type": "nominal",
                          "scale": {"domain": types, "range": [c.POINT_TYPE_SHAPES[t] for t in types]}},
                "description": {"field": "description", "type": "nominal"},
                "tooltip": [x_tip, value_tip, {"field": "type_label", "type": "nominal", "title": "Point type"},
                            {"field": "rule", "type": "nominal", "title": "Rule"}]}}


def _note_layers(axes: _Axes) -> list[dict[str, Any]]:
    x = _x_field(axes.x)
    return [{"data": {"name": "notes"}, "mark": {"type": "rule", "color": MARKER_COLOUR, "strokeWidth": 0.75},
             "encoding": {"x": x}},
            {"data": {"name": "notes"},
             "mark": {"type": "text", "align": "left", "dx": 3, "dy": -6, "fontSize": FONT_PX},
             "encoding": {"x": x, "y": axes.y("y"), "text": {"field": "text", "type": "nominal"}}}]


def _rows(result: SpcResult, xs: Sequence[str | int], facet: Facet, percent: bool) -> list[dict[str, Any]]:
    rows = []
    for x, p in zip(xs, result.facet_points(facet), strict=False):
        when, label = _when(x), POINT_TYPE_LABELS[p.point_type]
        rule = RULE_LABELS.get(p.rule or "", "none")
        value = f"{format_number(p.value * 100, 1)}\u00a0%" if percent else format_number(p.value)
        rows.append({"x": x, "when": when, "value": p.value, "group": p.group, "point_type": p.point_type,
                     "type_label": label, "rule": rule,
                     "description": f"{when}: {value}, {label.lower()}" + ("" if p.rule is None else f", {rule}"),
                     "centre": _clean(p.centre), "lpl": _clean(p.lpl), "upl": _clean(p.upl),
                     "near_lpl": _clean(p.near_lpl), "near_upl": _clean(p.near_upl)})
    return rows


def _when(x: str | int) -> str:
    """A point's month as the axis shows it ("Apr 2013"), or its 1-based position."""
    if isinstance(x, int):
        return f"Point {x + 1}"
    return f"{MONTH_ABBREVIATIONS[int(x[5:7]) - 1]} {x[:4]}"


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
