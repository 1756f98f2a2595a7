"""Funnel and ranked ("ski slope") charts of a Comparison, and a ranked chart of an external
indicator, as SVG (altair → Vega-Lite → vl-convert, no browser), each with a text alternative.

Colour is never the only signal: a unit above the funnel is an up-triangle, below a
down-triangle, within a circle; the focal unit is named on the chart and marked "◆" in labels.
"""

from __future__ import annotations

from typing import Any

from crimeplan.compare.comparison import CALL_WORDS, Comparison
from crimeplan.compare.funnel import INNER_Z, OUTER_Z
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
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict())


def _label(name: str, focal: bool) -> str:
    return f"{FOCAL_MARK} {name}" if focal else name


def funnel_chart_svg(comparison: Comparison, *, title: str | None = None, width: int = 640,
                     height: int = 360) -> str:
    import altair as alt

    f = comparison.funnel
    per = comparison.per
    curve: list[dict[str, Any]] = []
    for c in f.curve:
        for band, lo, hi in (("95 %", c.lcl95, c.ucl95), ("99.8 %", c.lcl998, c.ucl998)):
            curve.append({"population": c.denominator * per, "limit": lo, "band": band, "side": f"{band} lower"})
            curve.append({"population": c.denominator * per, "limit": hi, "band": band, "side": f"{band} upper"})
    focal = {u.code for u in comparison.units if u.focal}
    points = [{"population": p.denominator * per, "rate": p.value, "name": _label(p.name, p.code in focal),
               "position": POSITION_STYLE[p.position][0], "count": p.numerator,
               "limits": f"{format_number(p.lcl998, 1)}–{format_number(p.ucl998, 1)}"} for p in f.points]
    domain = [f.curve[0].denominator * per, f.curve[-1].denominator * per]
    x = alt.X("population:Q", title="Resident population", scale=alt.Scale(type="log", domain=domain))
    limits = alt.Chart(alt.Data(values=curve)).mark_line(color=LIMIT_COLOUR).encode(
        x=x, y=alt.Y("limit:Q", title=f"{comparison.subject} {comparison.unit_label}",
                     scale=alt.Scale(zero=False)),
        detail="side:N", strokeDash=alt.StrokeDash("band:N", title="Limits",
                                                     scale=alt.Scale(domain=["95 %", "99.8 %"],
                                                                     range=[[4, 3], [1, 0]])))
    centre = alt.Chart(alt.Data(values=[{"centre": f.centre}])).mark_rule(color=CENTRE_COLOUR).encode(y="centre:Q")
    labels = [v for v in POSITION_STYLE.values()]
    marks = alt.Chart(alt.Data(values=points)).mark_point(filled=True, size=90).encode(
        x=x, y="rate:Q",
        color=alt.Color("position:N", title="Unit", scale=alt.Scale(domain=[v[0] for v in labels],
                                                                     range=[v[1] for v in labels])),
        shape=alt.Shape("position:N", scale=alt.Scale(domain=[v[0] for v in labels],
                                                      range=[v[2] for v in labels])),
        tooltip=["name:N", "rate:Q", "count:Q", "population:Q", "limits:N"])
    names = alt.Chart(alt.Data(values=points)).mark_text(align="left", dx=7, fontSize=10).encode(
        x=x, y="rate:Q", text="name:N")
    chart = alt.layer(limits, centre, marks, names).properties(
        width=width, height=height,
        title=title or f"Funnel plot: {comparison.subject} {comparison.unit_label}, {comparison.period_label}",
        description=funnel_chart_text(comparison).replace("\n", " "))
    return _render(chart)


def funnel_chart_text(comparison: Comparison) -> str:
    f = comparison.funnel
    laney = "" if f.sigma_z is None else f", Laney σz {format_number(f.sigma_z, 2)}"
    lines = [(f"Funnel plot ({f.chart} chart{laney}) of {comparison.subject} {comparison.unit_label}, "
              f"{comparison.period_label}. Centre line {format_number(f.centre, 2)} (all units pooled); "
              f"limits at {INNER_Z:.2f} and {OUTER_Z:.2f} standard errors (95 % and 99.8 %).")]
    focal = {u.code for u in comparison.units if u.focal}
    for p in sorted(f.points, key=lambda p: p.denominator):
        lines.append(f"- {_label(p.name, p.code in focal)}: {format_number(p.value, 2)} "
                     f"(population {p.denominator * comparison.per:,.0f}); 99.8 % limits "
                     f"{format_number(p.lcl998, 2)}–{format_number(p.ucl998, 2)}: "
                     f"{POSITION_STYLE[p.position][0].lower()}"
                     + ("; outside the 95 % band" if p.warning and p.position == "within" else ""))
    out = f.outliers
    lines.append("Outside the 99.8 % limits: " + (", ".join(p.name for p in out) if out else "none") + ".")
    return "\n".join(lines)


def ranked_chart_svg(comparison: Comparison, *, title: str | None = None, width: int = 560) -> str:
    import altair as alt

    pct = round(comparison.confidence * 100)
    rows = [{"label": f"{_label(u.name, u.focal)} (rank {u.rank}, {u.rank_low}–{u.rank_high})",
             "rate": u.rate, "low": u.low, "high": u.high, "call": u.call,
             "order": u.rate} for u in comparison.units]
    order = [r["label"] for r in sorted(rows, key=lambda r: r["rate"])]
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
