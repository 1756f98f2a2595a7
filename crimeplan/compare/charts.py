"""Funnel and ranked ("ski slope") charts of a Comparison, and a ranked chart of an external
indicator, as SVG (altair → Vega-Lite → vl-convert, no browser), each with a text alternative.

Colour is never the only signal: a unit above the funnel is an up-triangle, below a
down-triangle, within a circle; the focal unit is named on the chart and marked "◆" in labels.
"""

from __future__ import annotations

from typing import Any

import vl_convert

from crimeplan.compare.comparison import CALL_WORDS, Comparison, UnitRate
from crimeplan.spc.narrative import format_number

POSITION_STYLE = {  # position -> (label, colour, shape)
    "above": ("Above the 99.8 % limit", "#e46c0a", "triangle-up"),
    "below": ("Below the 99.8 % limit", "#00b0f0", "triangle-down"),
    "within": ("Within the limits", "#7f7f7f", "circle"),
}
CALL_STYLE = {"higher": "#e46c0a", "lower": "#00b0f0", "similar": "#a6a6a6"}
FOCAL_MARK = "◆"
CENTRE_COLOUR = "#000000"
LIMIT_COLOUR = "#404040"


def _render(chart) -> str:
    return vl_convert.vegalite_to_svg(chart.to_dict())


def _label(name: str, focal: bool) -> str:
    return f"{FOCAL_MARK} {name}" if focal else name


def _y_domain(comparison: Comparison) -> list[float]:
    """The y range of the on-scale units and their limits, so a far-out unit does not squash the funnel."""
    f = comparison.funnel
    shown = [p for p in f.points if not p.off_scale]
    if len(shown) == len(f.points):
        return []
    low = min([p.value for p in shown] + [p.lcl998 for p in shown])
    high = max([p.value for p in shown] + [p.ucl998 for p in shown])
    pad = (high - low) * 0.08
    return [max(0.0, low - pad), high + pad]


def funnel_chart_svg(comparison: Comparison, *, title: str | None = None, width: int = 640,
                     height: int = 360) -> str:
    import altair as alt  # lazy: ~0.7 s to import, paid by SVG charts only (not their text alternatives)

    f = comparison.funnel
    per = comparison.per
    domain_y = _y_domain(comparison)
    curve: list[dict[str, Any]] = []
    for c in f.curve:
        for band, lo, hi in (("95 %", c.lcl95, c.ucl95), ("99.8 %", c.lcl998, c.ucl998)):
            curve.append({"population": c.denominator * per, "limit": lo, "band": band, "side": f"{band} lower"})
            curve.append({"population": c.denominator * per, "limit": hi, "band": band, "side": f"{band} upper"})
    focal = {u.code for u in comparison.units if u.focal}
    points = []
    for p in f.points:
        label = _label(p.name, p.code in focal)
        rate = p.value
        if p.off_scale and domain_y:
            label += f": {format_number(p.value, 1)} (off scale)"
            rate = domain_y[1] if p.value > domain_y[1] else domain_y[0]
        points.append({"population": p.denominator * per, "rate": rate, "name": label,
                       "position": POSITION_STYLE[p.position][0], "count": p.numerator, "value": p.value,
                       "limits": f"{format_number(p.lcl998, 1)}–{format_number(p.ucl998, 1)}"})
    domain = [f.curve[0].denominator * per, f.curve[-1].denominator * per]
    x = alt.X("population:Q", title=f"Resident population ({_population_short(comparison)})",
              scale=alt.Scale(type="log", domain=domain))
    y_scale = alt.Scale(zero=False, domain=domain_y) if domain_y else alt.Scale(zero=False)
    limits = alt.Chart(alt.Data(values=curve)).mark_line(color=LIMIT_COLOUR, clip=True).encode(
        x=x, y=alt.Y("limit:Q", title=f"{comparison.subject} {comparison.unit_label}", scale=y_scale),
        detail="side:N", strokeDash=alt.StrokeDash("band:N", title="Limits",
                                                     scale=alt.Scale(domain=["95 %", "99.8 %"],
                                                                     range=[[4, 3], [1, 0]])))
    centre = alt.Chart(alt.Data(values=[{"centre": f.centre}])).mark_rule(color=CENTRE_COLOUR).encode(y="centre:Q")
    labels = [v for v in POSITION_STYLE.values()]
    marks = alt.Chart(alt.Data(values=points)).mark_point(filled=True, size=90, clip=True).encode(
        x=x, y="rate:Q",
        color=alt.Color("position:N", title="Unit", scale=alt.Scale(domain=[v[0] for v in labels],
                                                                     range=[v[1] for v in labels])),
        shape=alt.Shape("position:N", scale=alt.Scale(domain=[v[0] for v in labels],
                                                      range=[v[2] for v in labels])),
        tooltip=["name:N", "value:Q", "count:Q", "population:Q", "limits:N"])
    names = alt.Chart(alt.Data(values=points)).mark_text(align="left", dx=7, fontSize=10).encode(
        x=x, y="rate:Q", text="name:N")
    chart = alt.layer(limits, centre, marks, names).properties(
        width=width, height=height,
        title=alt.TitleParams(
            title or f"Funnel plot: {comparison.subject} {comparison.unit_label}, {comparison.period_label}",
            subtitle=[f.describe(), comparison.population_note]),
        description=funnel_chart_text(comparison).replace("\n", " "))
    return _render(chart)


def _population_short(comparison: Comparison) -> str:
    years = sorted({u.population_year for u in comparison.units})
    return "population " + ", ".join(str(y) for y in years)


def funnel_chart_text(comparison: Comparison) -> str:
    f = comparison.funnel
    lines = [(f"Funnel plot ({f.chart} chart) of {comparison.subject} {comparison.unit_label}, "
              f"{comparison.period_label}. Centre line {format_number(f.centre, 2)}. {f.describe()}"),
             comparison.population_note]
    if f.sigma_z is not None:
        lines[0] += f" Laney σz {format_number(f.sigma_z, 2)}."
    note = comparison.average_note()
    if note:
        lines.append(note)
    focal = {u.code for u in comparison.units if u.focal}
    for p in sorted(f.points, key=lambda p: p.denominator):
        lines.append(f"- {_label(p.name, p.code in focal)}: {format_number(p.value, 2)} "
                     f"(population {p.denominator * comparison.per:,.0f}); 99.8 % limits "
                     f"{format_number(p.lcl998, 2)}–{format_number(p.ucl998, 2)}: "
                     f"{POSITION_STYLE[p.position][0].lower()}"
                     + ("; outside the 95 % band" if p.warning and p.position == "within" else "")
                     + ("; not in the target" if not p.in_target else "")
                     + ("; far out, drawn off scale" if p.off_scale else ""))
    out = f.outliers
    lines.append("Outside the 99.8 % limits: " + (", ".join(p.name for p in out) if out else "none") + ".")
    lines.extend(f"Left out: {code}: {reason}" for code, reason in comparison.excluded)
    return "\n".join(lines)


def ranked_chart_svg(comparison: Comparison, *, title: str | None = None, width: int = 560) -> str:
    import altair as alt  # lazy: ~0.7 s to import, paid by SVG charts only (not their text alternatives)

    pct = round(comparison.confidence * 100)

    def label(u: UnitRate) -> str:
        return f"{_label(u.name, u.focal)} (rank {u.rank}, {u.rank_low}–{u.rank_high})"

    rows = [{"label": label(u), "rate": u.rate, "low": u.low, "high": u.high, "call": u.call,
             "order": u.rate} for u in comparison.units]
    order = [label(u) for u in sorted(comparison.units, key=lambda u: u.rate)]
    y = alt.Y("label:N", sort=order, title=None)
    calls = list(CALL_STYLE)
    bars = alt.Chart(alt.Data(values=rows)).mark_bar(opacity=0.55).encode(
        y=y, x=alt.X("rate:Q", title=f"{comparison.subject} {comparison.unit_label}"),
        color=alt.Color("call:N", title="Against the average",
                        scale=alt.Scale(domain=calls, range=[CALL_STYLE[c] for c in calls])),
        tooltip=["label:N", "rate:Q", "low:Q", "high:Q", "call:N"])
    whiskers = alt.Chart(alt.Data(values=rows)).mark_rule(color="#000000", strokeWidth=1.5).encode(
        y=y, x="low:Q", x2="high:Q")
    avg = alt.Chart(alt.Data(values=[{"average": comparison.average.value}])).mark_rule(
        color=CENTRE_COLOUR, strokeDash=[6, 3]).encode(x="average:Q")
    text = alt.Chart(alt.Data(values=rows)).mark_text(align="left", dx=4, fontSize=10).encode(
        y=y, x="high:Q", text="call:N")
    chart = alt.layer(bars, whiskers, avg, text).properties(
        width=width, height=max(120, 28 * len(rows)),
        title=title or f"{comparison.subject} {comparison.unit_label}, {comparison.period_label} "
                       f"({pct} % intervals; dashed line: {comparison.average.description})",
        description=ranked_chart_text(comparison).replace("\n", " "))
    return _render(chart)


def ranked_chart_text(comparison: Comparison) -> str:
    pct = round(comparison.confidence * 100)
    lines = [(f"{comparison.subject} {comparison.unit_label}, {comparison.period_label}, lowest first, "
              f"with {pct} % intervals ({comparison.interval_method} Poisson) and rank intervals from "
              f"{comparison.simulations:,} simulations (seed {comparison.seed}). Peer average "
              f"{format_number(comparison.average.value, 1)}: {comparison.average.description}.")]
    for u in sorted(comparison.units, key=lambda u: u.rate):
        lines.append(f"- {_label(u.name, u.focal)}: {format_number(u.rate, 1)} "
                     f"({format_number(u.low, 1)}–{format_number(u.high, 1)}), {CALL_WORDS[u.call]} the "
                     f"average; rank {u.rank} (plausible {u.rank_low}–{u.rank_high})")
    return "\n".join(lines)
