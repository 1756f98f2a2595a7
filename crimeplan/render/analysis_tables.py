"""Comparison, survey, hate-crime, funding and indicator results as ``Grid`` tables (headings and
display strings, with the unrounded values behind them for CSV), beside the plan's tables in crimeplan.render.tables."""

from __future__ import annotations

from crimeplan.compare.comparison import Comparison, UnitRate
from crimeplan.render import labels
from crimeplan.render.formatting import count, percent
from crimeplan.render.tables import Grid
from crimeplan.spc.narrative import format_number

CALL_LABELS = {"higher": "significantly higher", "lower": "significantly lower", "similar": "similar"}


def _rate(x: float) -> str:
    return format_number(x, 1)


def comparison_table(c: Comparison) -> Grid:
    """One row per unit (lowest rate first), the peer average (and without far-out units), and the
    population behind every rate (year and source)."""
    pct = round(c.confidence * 100)
    headings = ("Unit", "Count", "Population", "Population year", "Population source", f"Rate {c.unit_label}",
                f"{pct} % low", f"{pct} % high", "Against the average", "Funnel (99.8 %)", "Rank", "Rank low",
                "Rank high")
    ordered = sorted(c.units, key=lambda u: u.rate)

    def name(u: UnitRate) -> str:
        return ("◆ " if u.focal else "") + u.name + (" (far out)" if u.far_out else "")

    rows = tuple((name(u), count(u.count), count(u.population), str(u.population_year), u.population_source,
                  _rate(u.rate), _rate(u.low), _rate(u.high), CALL_LABELS[u.call], u.funnel_position,
                  str(u.rank), str(u.rank_low), str(u.rank_high)) for u in ordered)
    raw: tuple[tuple[object, ...], ...] = tuple(
        (u.name, u.count, u.population, u.population_year, u.population_source, u.rate, u.low, u.high,
         u.call, u.funnel_position, u.rank, u.rank_low, u.rank_high) for u in ordered)
    averages = [(f"Peer average ({c.average.method})", c.average.value)]
    if c.average_without is not None:
        averages.append((f"Peer average ({c.average.method}) without far-out units", c.average_without.value))
    for label, value in averages:
        rows += ((label, "", "", "", "", _rate(value), "", "", "", "", "", "", ""),)
        raw += ((label, None, None, None, None, value, None, None, None, None, None, None, None),)
    title = f"{c.subject} {c.unit_label} — {c.period_label} — {c.source}"
    return Grid(title, headings, rows, raw)


def _pct(x: float | None) -> str:
    return "-" if x is None else percent(x)


def survey_milestone_table(items) -> Grid:
    """Survey milestones (crimeplan.metrics.surveys.SurveyMilestone) as one table."""
    headings = ("Survey measure", "Rolling 12 months", "95 % low", "95 % high", "Respondents", "Milestone",
                "Against the milestone", "Variation", "Assurance", "National comparator")
    def words(m) -> tuple[str, str, str]:   # the icons' words, as the count milestones show them
        return (labels.survey_status_badge(m.status).label, labels.variation_badge(m.variation).label,
                labels.assurance_badge(m.assurance).label)

    rows = tuple((m.title, _pct(m.current.rate), _pct(m.current.low), _pct(m.current.high), count(m.current.n),
                  percent(m.target, trim=True), *words(m), m.comparator or "none (ASB surveys are local)")
                 for m in items)
    raw = tuple((m.title, m.current.rate, m.current.low, m.current.high, m.current.n, m.target, *words(m),
                 m.comparator) for m in items)
    title = (f"Survey milestones — 12 months to {items[0].period.end:%B %Y} — {items[0].area.name}"
             if items else "Survey milestones")
    return Grid(title, headings, rows, raw)


def survey_series_table(series) -> Grid:
    """Stored results and rolling 12-month rates of one survey question."""
    rolling = {p.end: p for p in series.rolling}
    headings = ("Period", "Respondents", "Positive", "Rate", "95 % low", "95 % high", "Rolling 12 months",
                "Rolling 95 % low", "Rolling 95 % high")
    rows, raw = [], []
    for p in series.points:
        r = rolling[p.end]
        label = f"{p.start:%b %Y}" if p.start.month == p.end.month and p.start.year == p.end.year \
            else f"{p.start:%b %Y} – {p.end:%b %Y}"
        rows.append((label, count(p.n), count(p.positive), _pct(p.rate), _pct(p.low), _pct(p.high), _pct(r.rate),
                     _pct(r.low), _pct(r.high)))
        raw.append((label, p.n, p.positive, p.rate, p.low, p.high, r.rate, r.low, r.high))
    note = series.comparator_note or f"comparator: {series.comparator}"
    return Grid(f"{series.title} — {series.area} — {note}", headings, tuple(rows), tuple(raw))


def hate_table(table) -> Grid:
    """A crimeplan.metrics.hate.HateTable in the paper's layout (No. and % per year)."""
    headings = ("",) + tuple(h for y in table.years for h in (f"{y} No.", f"{y} %"))
    rows, raw = [], []
    for r in table.rows:
        cells: list[str] = [r.label.upper()]
        values: list = [r.label]
        for c, s, hidden in zip(r.counts, r.shares, r.suppressed, strict=False):
            cells += ["*" if hidden else count(c), "*" if hidden else _pct(s)]
            values += [c, s]
        rows.append(tuple(cells))
        raw.append(tuple(values))
    rows.append(("TOTAL",) + tuple(x for t in table.totals for x in (count(t), "100.0 %" if t else "-")))
    raw.append(("Total",) + tuple(x for t in table.totals for x in (t, 1.0 if t else None)))
    if table.all_crime:
        rows.append(("Share of all recorded crime",) + tuple(
            x for t, a in zip(table.totals, table.all_crime, strict=False)
            for x in (count(a), _pct(t / a if a else None))))
        raw.append(("All recorded crime",) + tuple(x for t, a in zip(table.totals, table.all_crime, strict=False)
                                                   for x in (a, t / a if a else None)))
    title = f"{table.title} — {table.area.name}" + (f" (* fewer than {table.threshold}: withheld)"
                                                    if table.suppress else "")
    return Grid(title, headings, tuple(rows), tuple(raw))


def funding_grid(table) -> Grid:
    """A crimeplan.funding.FundingTable with its links to the plan and the checks."""
    headings = ("Line", "Amount £", "Kind", "Outcome", "Deliverable")
    rows = tuple((x.line, count(x.amount_pence / 100), x.kind, x.outcome or "-", x.deliverable or "-")
                 for x in table.lines)
    raw = tuple((x.line, x.amount_pence / 100, x.kind, x.outcome, x.deliverable) for x in table.lines)
    return Grid(f"{table.programme} {table.year}", headings, rows, raw)


def indicator_grid(table) -> Grid:
    headings = ("Area", "Rank", "Of", "Value")
    rows = tuple((r.area_name, "-" if r.rank is None else str(r.rank), "-" if r.peer_size is None else str(r.peer_size),
                  "-" if r.value is None else format_number(r.value, 1)) for r in table.rows)
    raw = tuple((r.area_name, r.rank, r.peer_size, r.value) for r in table.rows)
    return Grid(f"{table.name} — {table.citation}", headings, rows, raw)
