"""SPC chart as SVG (its Vega-Lite spec, crimeplan.spc.chart_spec, rendered by vl-convert, no browser) and
a text alternative."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date
from html import escape as _escape
from typing import Any

from crimeplan.spc import constants as c
from crimeplan.spc.chart_spec import POINT_TYPE_LABELS, RULE_LABELS, spc_chart_spec
from crimeplan.spc.inputs import parse_date
from crimeplan.spc.narrative import format_number, month_label
from crimeplan.spc.result import SpcResult

__all__ = ["POINT_TYPE_LABELS", "RULE_LABELS", "spc_chart_svg", "spc_chart_text"]

def spc_chart_svg(result: SpcResult, *, dates: Sequence[Any] | None = None, title: str = "",
                  y_label: str = "", target: float | None = None,
                  annotations: Sequence[tuple[Any, str]] = (), show_near_lines: bool = False,
                  facet: str | int | None = None, width: int = 640, height: int = 300,
                  y_percent: bool | None = None) -> str:
    """Render one facet of an SpcResult to an SVG string (its Vega-Lite spec through vl-convert),
    carrying its title and its text alternative (``spc_chart_text``) as ``<title>`` and ``<desc>``.

    ``y_percent``: values on a percentage axis (default: p and p′ charts, whose values are proportions).
    """
    import vl_convert  # start-up speed: the renderer (a JavaScript engine) loads on the first chart

    svg = vl_convert.vegalite_to_svg(spc_chart_spec(
        result, dates=dates, title=title, y_label=y_label, target=target, annotations=annotations,
        show_near_lines=show_near_lines, facet=facet, width=width, height=height, y_percent=y_percent))
    return with_text_alternative(svg, title or "SPC chart",
                                 spc_chart_text(result, dates, title, target=target, facet=facet))


def with_text_alternative(svg: str, title: str, description: str) -> str:
    """The SVG with a ``<title>`` and a ``<desc>`` (its text alternative) as the root's first children."""
    match = re.match(r"\s*(<\?xml[^>]*>\s*)?<svg\b[^>]*>", svg)
    if match is None:
        raise ValueError("not an SVG document")
    text = f"<title>{_escape(title, quote=False)}</title><desc>{_escape(description, quote=False)}</desc>"
    return svg[:match.end()] + text + svg[match.end():]


def spc_chart_text(result: SpcResult, dates: Sequence[Any] | None = None, title: str = "", *,
                   target: float | None = None, decimals: int | None = None,
                   facet: str | int | None = None) -> str:
    """A text alternative for the chart: periods with mean and limits, then each signal."""
    pts = result.facet_points(facet)
    groups = result.facet_groups(facet)
    when: Callable[[int], date | None]
    if dates is not None:
        parsed = {i: parse_date(d, f"dates[{i}]") for i, d in enumerate(dates)}
        when = parsed.get
    else:
        when = {p.index: p.date for p in result.points}.get

    def lab(i: int) -> str:
        d = when(i)
        return month_label(d) if d else f"point {i + 1}"

    def num(x: float | None) -> str:
        return "undefined" if x is None or math.isnan(x) else format_number(x, decimals)

    span = f"SPC chart of {len(pts)} points from {lab(pts[0].index)} to {lab(pts[-1].index)}."
    parts = [f"{title}: {span}" if title else span]
    for k, g in enumerate(groups, start=1):
        trial = " (trial limits: fewer than 13 points)" if g.short_group_warning else ""
        head = f"Period {k}, {lab(g.start)} to {lab(g.end)}" if len(groups) > 1 else "Over the chart"
        parts.append(f"{head}: mean {num(g.mean)}, process limits {num(g.lpl)} to {num(g.upl)}{trial}.")
    signals = [(p, p.rule) for p in pts if p.rule is not None]
    if signals:
        items = [f"{lab(p.index)} ({num(p.value)}): {RULE_LABELS[rule]}, "
                 f"{POINT_TYPE_LABELS[p.point_type].lower()}" for p, rule in signals]
        parts.append("Signals: " + "; ".join(items) + ".")
    else:
        parts.append("No special-cause variation.")
    gaps = [p for p in pts if p.point_type == c.POSSIBLE_GAP]
    if gaps:
        items = [f"{lab(p.index)} ({num(p.value)})" for p in gaps]
        parts.append(("Possible gaps" if len(gaps) > 1 else "Possible gap") + " in the data: " + "; ".join(items)
                     + ", plotted but left out of the mean and limits and not judged, so not a signal.")
    if target is not None:
        parts.append(f"Target: {num(target)}.")
    summary = next(f for f in result.facets if f.facet == pts[0].facet)
    parts.append(f"Variation: {summary.variation.replace('_', ' ')}."
                 + (f" Assurance: {summary.assurance.replace('_', ' ')}." if summary.assurance else ""))
    return " ".join(parts)
