"""The SPC chart as crimeplan.spc.chart built it with Altair before the spec became a plain dict
(crimeplan.spc.chart_spec): tests/spc/test_chart_spec.py renders both and compares the SVGs."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import altair as alt

from crimeplan.spc import constants as c
from crimeplan.spc.chart_spec import POINT_TYPE_LABELS, RULE_LABELS
from crimeplan.spc.inputs import parse_date
from crimeplan.spc.result import Facet, SpcResult


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


def altair_spec(result: SpcResult, *, dates: Sequence[Any] | None = None, title: str = "",
                  y_label: str = "", target: float | None = None,
                  annotations: Sequence[tuple[Any, str]] = (), show_near_lines: bool = False,
                  facet: str | int | None = None, width: int = 640, height: int = 300) -> str:
    """Render one facet of an SpcResult to an SVG string."""

    pts = result.facet_points(facet)
    xs, temporal = _x_values(result, dates, facet)
    x_type: Literal["temporal", "quantitative"] = "temporal" if temporal else "quantitative"
    rows = []
    for x, p in zip(xs, pts, strict=False):
        rows.append({
            "x": x, "value": p.value, "group": p.group, "point_type": p.point_type,
            "type_label": POINT_TYPE_LABELS[p.point_type], "rule": RULE_LABELS.get(p.rule or "", "none"),
            "centre": _clean(p.centre), "lpl": _clean(p.lpl), "upl": _clean(p.upl),
            "near_lpl": _clean(p.near_lpl), "near_upl": _clean(p.near_upl),
        })
    data = alt.InlineData(values=rows)
    x_enc = alt.X("x", type=x_type, title="Month" if temporal else "Point")
    base = alt.Chart(data).encode(x=x_enc)
    types = [t for t in c.POINT_TYPES if any(p.point_type == t for p in pts)]
    layers = [
        base.mark_line(color=c.COLOUR_COMMON_CAUSE, strokeWidth=1.5).encode(
            y=alt.Y("value:Q", title=y_label, scale=alt.Scale(zero=False))),
        base.mark_line(color=c.COLOUR_MEAN, strokeWidth=1.5).encode(y="centre:Q", detail="group:N"),
    ]
    limit_fields = ["lpl", "upl"] + (["near_lpl", "near_upl"] if show_near_lines else [])
    for fld in limit_fields:
        dash = [6, 4] if fld in ("lpl", "upl") else [2, 3]
        layers.append(base.mark_line(color="#6b6b6b", strokeDash=dash, strokeWidth=1).encode(
            y=f"{fld}:Q", detail="group:N"))
    layers.append(base.mark_point(filled=True, size=60, opacity=1).encode(
        y="value:Q",
        color=alt.Color("point_type:N", title="Point type", scale=alt.Scale(
            domain=types, range=[c.POINT_TYPE_COLOURS[t] for t in types]),
            legend=alt.Legend(labelExpr=_label_expr())),
        shape=alt.Shape("point_type:N", scale=alt.Scale(
            domain=types, range=[c.POINT_TYPE_SHAPES[t] for t in types])),
        tooltip=[alt.Tooltip("x", type=x_type, title="Month" if temporal else "Point"),
                 alt.Tooltip("value:Q", title=y_label or "Value"),
                 alt.Tooltip("type_label:N", title="Point type"), alt.Tooltip("rule:N", title="Rule")]))
    groups = result.facet_groups(facet)
    starts = [xs[[p.index for p in pts].index(g.start)] for g in groups[1:]]
    if starts:
        layers.append(alt.Chart(alt.InlineData(values=[{"x": s} for s in starts])).mark_rule(
            color="#404040", strokeDash=[2, 2]).encode(x=alt.X("x", type=x_type)))
    if target is not None:
        layers.append(alt.Chart(alt.InlineData(values=[{"target": target}])).mark_rule(
            color=c.COLOUR_TARGET, strokeWidth=1.5).encode(y="target:Q"))
    if annotations:
        top = max([p.value for p in pts] + [p.upl for p in pts if not math.isnan(p.upl)])
        ann = []
        for d, text in annotations:
            x = parse_date(d, "annotations").isoformat() if temporal else d
            ann.append({"x": x, "text": text, "y": top})
        ann_chart = alt.Chart(alt.InlineData(values=ann)).encode(x=alt.X("x", type=x_type))
        layers.append(ann_chart.mark_rule(color="#404040", strokeWidth=0.75).encode())
        layers.append(ann_chart.mark_text(align="left", dx=3, dy=-6, fontSize=10).encode(
            y="y:Q", text="text:N"))
    chart = alt.layer(*layers).properties(title=title, width=width, height=height)
    # the spec is built by this function, never by a user: Altair's JSON-schema validation (a third of a
    # warm render) is left out; tests/spc/test_chart.py checks the SVGs
    return chart.to_dict(validate=False)


def _label_expr() -> str:
    cases = " : ".join(f"datum.label == '{k}' ? '{v}'" for k, v in POINT_TYPE_LABELS.items())
    return f"{cases} : datum.label"
