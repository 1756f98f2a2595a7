"""The board paper as a document: a frozen :class:`ReportContext` built from a ``PlanResult``.

The paper shows the same result objects as the portal (``compute_plan``): every figure is a
field of a result, shown with ``crimeplan.render.formatting`` / ``crimeplan.render.tables``.
The renderers (``html``, ``pdf``, ``docx``) only lay the context out.

Building happens in two steps:

1. :func:`draft` writes the sections in order: title block, purpose, executive summary,
   background, one section per strategic outcome (milestones with their table row, SPC chart,
   assurance and narrative; deliverables with their latest approved update), implications,
   recommendations, authors, and the appendices (breakdowns; data sources and plan version).
   Text may carry cross-references as ``[[key]]`` (a table, a figure, a milestone's or a
   deliverable's paragraphs, an appendix), footnotes as ``^[text]`` and ``**bold**``.
2. :func:`number` numbers paragraphs continuously, then tables, figures and footnotes in reading
   order, and resolves every cross-reference to its label ("Table 1", "paragraphs 37–40").

The number check (``numbercheck``) then reads the finished context.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from crimeplan import __version__
from crimeplan.errors import ConfigError
from crimeplan.metrics.results import MilestoneRow, MilestoneTable, OutcomeRow, PlanResult, Series
from crimeplan.plan import Deliverable, Milestone, Plan
from crimeplan.reference import OUTCOME_TYPES
from crimeplan.render import tables
from crimeplan.render.formatting import count, percent
from crimeplan.render.formatting import number as fmt_number
from crimeplan.report import numbercheck as nc
from crimeplan.report.texts import TextBlocks
from crimeplan.report.updates import DeliverableStatus

# --------------------------------------------------------------------------- the document model


@dataclass(frozen=True)
class Run:
    """A piece of inline text: ``text``, ``strong``, ``ref`` (a resolved cross-reference: ``key``
    is the anchor it links to), ``note`` (a footnote call: ``text`` is the note's number) or
    ``note-again`` (a further call of a note already given).
    Markup ``[[(key)]]`` is an optional reference: " (paragraphs 13–20)" when the key has
    numbered paragraphs, nothing otherwise."""

    kind: str
    text: str
    key: str | None = None


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    numbered: bool = True
    number: int | None = None
    style: str = "body"          # body | note (an unnumbered remark such as "Last updated in …")
    anchor: str | None = None
    groups: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return plain(self.runs)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int                   # 2: a strategic outcome; 3: a milestone or a deliverable
    lead: str | None = None      # "(Lead ACC Crime – quarterly)"
    anchor: str | None = None
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Run, ...], ...]
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]    # right-aligned columns
    anchor: str
    number: int | None = None
    note: tuple[Run, ...] = ()   # shown under the table
    groups: tuple[str, ...] = ()
    row_headers: bool = True     # the first column names the row

    @property
    def label(self) -> str:
        return f"Table {self.number}"


@dataclass(frozen=True)
class Figure:
    caption: str
    svg: str
    alt: str                     # a short text alternative (the chart's title and what it shows)
    description: str             # the long text alternative: the chart as text
    anchor: str
    number: int | None = None
    groups: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"Figure {self.number}"


Block = Paragraph | Heading | Bullets | Table | Figure


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    blocks: tuple[Block, ...]
    appendix: str | None = None  # "A", "B" for appendices

    @property
    def heading(self) -> str:
        return f"Appendix {self.appendix}: {self.title}" if self.appendix else self.title


@dataclass(frozen=True)
class Source:
    """One load of data behind the paper (``store.loads()``)."""

    load_id: int
    kind: str
    source: str
    force: str | None
    months: str
    rows: str
    loaded_at: str
    loaded_by: str


@dataclass(frozen=True)
class ReportContext:
    title: str
    board: str
    meeting_date: date
    briefing_date: date
    area: str
    plan_id: str
    plan_version: str
    plan_checksum: str
    plan_citation: str
    sections: tuple[Section, ...]
    footnotes: tuple[tuple[int, tuple[Run, ...]], ...]
    sources: tuple[Source, ...]
    as_at: int | None = None
    warnings: tuple[nc.NumberWarning, ...] = ()
    software: str = f"crimeplan {__version__}"

    @property
    def running_header(self) -> str:
        return f"{self.board} — {long_date(self.meeting_date)}"

    @property
    def short_title(self) -> str:
        return self.title

    def blocks(self) -> Iterable[tuple[Section, Block]]:
        for section in self.sections:
            for block in section.blocks:
                yield section, block

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for _, b in self.blocks() if isinstance(b, Paragraph) and b.number is not None)

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for _, b in self.blocks() if isinstance(b, Table))

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(b for _, b in self.blocks() if isinstance(b, Figure))


def plain(runs: Iterable[Run]) -> str:
    """The text of runs as a reader sees it (footnote calls left out)."""
    return "".join(r.text for r in runs if r.kind not in ("note", "note-again"))


def long_date(day: date) -> str:
    """13 May 2014."""
    return f"{day.day} {day:%B %Y}"


# --------------------------------------------------------------------------- inline markup

_MARKUP = re.compile(r"\[\[(\(?)([a-z_]+:[A-Za-z0-9_.\-]+)\)?\]\]|\*\*(.+?)\*\*|\^\[((?:\[\[[^\]]*\]\]|[^\]])+)\]")


def runs(text: str) -> tuple[Run, ...]:
    """ "see [[table:milestones]]^[a note] **bold**" → runs; refs and notes resolve in :func:`number`."""
    out: list[Run] = []
    at = 0
    for m in _MARKUP.finditer(text):
        if m.start() > at:
            out.append(Run("text", text[at:m.start()]))
        if m.group(2):
            out.append(Run("ref?" if m.group(1) else "ref", "", m.group(2)))
        elif m.group(3):
            out.append(Run("strong", m.group(3)))
        else:
            out.append(Run("note", "", m.group(4)))
        at = m.end()
    if at < len(text):
        out.append(Run("text", text[at:]))
    return tuple(out)


def para(text: str, *groups: str, numbered: bool = True, style: str = "body", anchor: str | None = None
         ) -> Paragraph:
    return Paragraph(runs(text), numbered=numbered, style=style, anchor=anchor, groups=tuple(groups))


# --------------------------------------------------------------------------- building


CHART_Y_LABEL = "offences a month"
VARIATION_TEXT = {
    "common_cause": "common-cause variation only (no signal)",
    "improvement_high": "special-cause variation: an improvement (high)",
    "improvement_low": "special-cause variation: an improvement (low)",
    "concern_high": "special-cause variation: a concern (high)",
    "concern_low": "special-cause variation: a concern (low)",
    "neutral_high": "special-cause variation (high)",
    "neutral_low": "special-cause variation (low)",
}
ASSURANCE_TEXT = {
    "consistent_pass": "the process as it runs now will meet the milestone consistently",
    "consistent_fail": "the process as it runs now cannot meet the milestone: the monthly level needed lies "
                       "outside its process limits",
    "inconsistent": "the process as it runs now may or may not meet the milestone: the monthly level needed "
                    "lies within its process limits",
}
VERDICT_TEXT = {
    "met_consistently": "met consistently",
    "met_by_chance": "met, but within routine variation",
    "missed_by_chance": "missed, but within routine variation",
    "not_met_consistently": "not met",
}
METHOD_NOTE = ("Statistical process control: XmR chart of monthly counts (process mean and limits at "
               "±2.66 average moving ranges), special-cause rules of NHS England's Making Data Count "
               "(crimeplan docs/spc.md).")
TARGET_NOTE = ("Target = previous year × (1 + milestone), rounded down; variance = this year − target; "
               "performance = change ÷ previous year.")


@dataclass
class _Draft:
    """Mutable while drafting; frozen into a ReportContext by :func:`number`."""

    sections: list[Section] = field(default_factory=list)


def build_context(result: PlanResult, texts: TextBlocks, updates: dict[str, Any] | None = None, *,
                  loads: Sequence[dict[str, Any]] = (), meeting_date: date | None = None,
                  as_at: int | None = None) -> ReportContext:
    """The whole paper for ``result``: drafted, numbered, and number-checked."""
    from crimeplan.report.updates import deliverable_status
    from crimeplan.workflow.status import plan_start

    plan: Plan = result.plan
    statuses = {d.id: deliverable_status(d, (updates or {}).get(d.id), result.briefing_date, plan_start(plan))
                for d in plan.deliverables.values()}
    filled = texts.filled(text_fields(result))
    sections = draft(result, filled, statuses)
    numbered, footnotes = number(sections)
    context = ReportContext(
        title=filled.title, board=plan.board or "Board", meeting_date=meeting_date or result.briefing_date,
        briefing_date=result.briefing_date, area=result.area.name, plan_id=plan.id, plan_version=plan.version,
        plan_checksum=plan.checksum, plan_citation=plan.citation, sections=numbered, footnotes=footnotes,
        sources=tuple(source(load) for load in loads), as_at=as_at)
    context = replace(context, warnings=tuple(check(context, result)))
    return _with_sources_table(context)


def text_fields(result: PlanResult) -> dict[str, Any]:
    plan: Plan = result.plan
    current = result.milestones.current_period
    whole_year = current.month_count == 12 and current.start.month == 4
    return {
        "plan_title": plan.title, "plan_year": plan.years[0].label if plan.years else result.milestones.current_label,
        "board": plan.board or "Board", "force_name": _force_name(result), "area": result.area.name,
        "outcome_count": len(plan.outcomes), "briefing_date": long_date(result.briefing_date),
        "data_end": f"{result.data_end:%B %Y}" if result.data_end else "no data",
        "period_phrase": "end of year" if whole_year else f"year to date (to {current.end:%B %Y})",
    }


def _force_name(result: PlanResult) -> str:
    if result.area.level == "force":
        return result.area.name
    return (result.plan.force or "the force").replace("-", " ").title()


def draft(result: PlanResult, texts: TextBlocks, statuses: dict[str, DeliverableStatus]) -> list[Section]:
    plan: Plan = result.plan
    rows = {r.measure: r for r in result.milestones.rows}
    home = _tables_home(plan, result)
    sections = [
        Section("Purpose of report", "purpose", tuple(para(t) for t in texts.purpose)),
        Section("Executive summary", "summary",
                tuple(para(t) for t in texts.executive_summary) + executive_summary(result, statuses)),
        Section("Background", "background", background(plan, texts)),
    ]
    for outcome in plan.outcomes.values():
        blocks: list[Block] = []
        if outcome.id == home:
            blocks += performance_tables(result)
        for milestone in plan.milestones_for(outcome.id):
            blocks += milestone_blocks(result, milestone, _row_for(milestone, rows))
        for deliverable in plan.deliverables_for(outcome.id):
            blocks += deliverable_blocks(statuses[deliverable.id])
        if not blocks:
            blocks.append(para("The plan sets no milestones or deliverables under this outcome.", numbered=False,
                               style="note"))
        title = f"{outcome.id} {outcome.title}" if len(outcome.id) == 1 else outcome.title
        lead = f" (Lead {outcome.lead})" if outcome.lead else ""
        sections.append(Section(title + lead, f"outcome:{outcome.id}",
                                tuple(_tag(b, f"outcome:{outcome.id}") for b in blocks)))
    sections += [
        Section("Financial implications", "financial", tuple(para(t) for t in texts.financial)),
        Section("Legal implications", "legal", tuple(para(t) for t in texts.legal)),
        Section("Recommendations", "recommendations", tuple(para(t) for t in texts.recommendations)),
        Section("Authors", "authors", tuple(para(t, numbered=False) for t in texts.authors)),
        Section("Breakdowns by area and by clear-up", "appendix:breakdowns", breakdowns(result), appendix="A"),
        Section("Data sources, load dates and plan version", "appendix:sources", (), appendix="B"),
    ]
    return sections


def _tag(block: Block, group: str) -> Block:
    return replace(block, groups=(group, *block.groups)) if hasattr(block, "groups") else block


def _row_for(milestone: Milestone, rows: dict[str, MilestoneRow]) -> MilestoneRow | None:
    row = rows.get(milestone.measure or "")
    return row if row is not None and row.title == milestone.title else None


def _tables_home(plan: Plan, result: PlanResult) -> str | None:
    """The outcome whose section carries the milestone and outcome tables: the one most of the
    table's milestones belong to (outcome E in the paper)."""
    votes: dict[str, int] = defaultdict(int)
    by_title = {m.title: m for m in plan.milestones.values()}
    for row in result.milestones.rows:
        if row.title in by_title:
            votes[by_title[row.title].outcome] += 1
    if not votes:
        return next(iter(plan.outcomes), None)
    return max(votes, key=lambda k: (votes[k], -list(plan.outcomes).index(k)))


# ---- executive summary


def executive_summary(result: PlanResult, statuses: dict[str, DeliverableStatus]) -> tuple[Block, ...]:
    table = result.milestones
    rows = table.rows
    out: list[Block] = []
    met = [r for r in rows if r.variance is not None and r.variance <= 0]
    data_to = f"data to the end of {result.data_end:%B %Y}" if result.data_end else "no data loaded"
    if table.data_notice:
        out.append(para(f"{table.data_notice[:1].upper()}{table.data_notice[1:]}."))
    assessed = [r for r in rows if r.variance is not None]
    unassessed = len(rows) - len(assessed)
    if assessed:
        position = (f"{_n_of(len(met), len(assessed))} reduction milestones in [[table:milestones]]"
                    + (" with complete data" if unassessed else "") + f" {'is' if len(met) == 1 else 'are'} being met"
                    + (f": {_join([_measure_title(result, r) for r in met])}" if met else "")
                    + (f"; {count(unassessed)} cannot be assessed (insufficient data)." if unassessed else "."))
    else:
        position = (f"{_n_of(0, len(rows))} reduction milestones in [[table:milestones]] can be assessed: "
                    "insufficient data.")
    out.append(para(f"At the briefing date of {long_date(result.briefing_date)} ({data_to}), {position}"))
    for row in rows:
        if row.difference is None:   # months not loaded: no figure, the note says what is missing
            out.append(para(f"{_measure_title(result, row)}: {row.coverage_note or 'insufficient data'} "
                            f"(see [[milestone:{_milestone_key(result, row)}]])."))
            continue
        word = "higher" if row.difference > 0 else "lower"
        change = percent(abs(row.performance)) if row.performance is not None else "-"
        sentence = (f"{_measure_title(result, row)} is {change}"
                    f" ({count(abs(row.difference))} offences) {word} than in {table.baseline_label}, "
                    f"against a milestone of {percent(row.milestone, trim=True)}: {count(row.current)} "
                    f"against a target of {count(row.target)} (see [[milestone:{_milestone_key(result, row)}]]).")
        out.append(para(sentence))
    signals = [(r, r.assurance["variation"]) for r in rows
               if r.assurance and r.assurance.get("variation") not in (None, "common_cause")]
    if signals:
        parts = [f"{_measure_title(result, r)} ({_variation_word(variation)})" for r, variation in signals]
        out.append(para(f"The signals that matter in the monthly charts: {_join(parts)}. "
                        + " ".join(f"For {_measure_title(result, r)}, {_lower_it(r.narrative[1])}"
                                   for r, _variation in signals if len(r.narrative) > 1)))
    capable = [r for r in rows if r.assurance and r.assurance.get("target_assurance") == "consistent_fail"]
    if capable:
        names = _join([_measure_title(result, r) for r in capable])
        if len(capable) == len(rows):
            text = (f"On the processes as they run now, none of the {count(len(rows))} milestones can be met "
                    f"without a change in the process ({names}).")
        else:
            text = (f"On the processes as they run now, {_n_of(len(capable), len(rows))} milestones cannot be met "
                    f"without a change in the process ({names}).")
        out.append(para(text))
    rates = [(r.rate, r) for r in result.outcomes.rows if r.rate is not None]
    if rates:
        low = min(rates, key=lambda pair: pair[0])[1]
        high = max(rates, key=lambda pair: pair[0])[1]
        out.append(para(f"Detection rates ([[table:outcomes]]) range from {percent(low.rate)} for "
                        f"{_rate_subject(low)} to {percent(high.rate)} for {_rate_subject(high)}."))
    with_update = [s for s in statuses.values() if s.paragraphs]
    overdue = [s for s in with_update if s.overdue]
    elsewhere = [s for s in statuses.values() if not s.paragraphs and s.deliverable.covered_elsewhere]
    none = [s for s in statuses.values() if not s.paragraphs and not s.deliverable.covered_elsewhere]
    text = (f"Of the {count(len(statuses))} deliverables, {_some(len(with_update))} have an approved update for "
            f"this paper" + (f" ({count(len(overdue))} older than their reporting cadence)" if overdue else "")
            + f", {_some(len(elsewhere))} are reported in other papers and {_some(len(none))} have no approved "
              f"update yet.")
    out.append(para(text))
    return tuple(out)


def _lower_it(sentence: str) -> str:
    return "it" + sentence[2:] if sentence.startswith("It ") else sentence


def _n_of(k: int, n: int) -> str:
    if k == n and n > 1:
        return f"all {count(n)}"
    return f"{'none' if k == 0 else count(k)} of the {count(n)}"


def _some(k: int) -> str:
    return "none" if k == 0 else count(k)


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _measure_title(result: PlanResult, row: MilestoneRow) -> str:
    measure = result.plan.measures.get(row.measure)
    return measure.title if measure else row.title


def _milestone_key(result: PlanResult, row: MilestoneRow) -> str:
    for m in result.plan.milestones.values():
        if m.title == row.title and m.measure == row.measure:
            return m.id
    return row.measure


def _rate_subject(row: OutcomeRow) -> str:
    return row.title.removeprefix("Detect ")


def _variation_word(variation: str) -> str:
    kind = variation.split("_")[0]
    return {"improvement": "an improvement", "concern": "a concern"}.get(kind, "special cause")


# ---- background


def background(plan: Plan, texts: TextBlocks) -> tuple[Block, ...]:
    out: list[Block] = []
    first, rest = texts.background[:1], texts.background[1:]
    out += [para(t) for t in first]
    items = []
    for o in plan.outcomes.values():
        label = f"{o.id} {o.title}" if len(o.id) == 1 else o.title
        items.append(runs(f"{label}[[(outcome:{o.id})]]"))
    out.append(Bullets(tuple(items)))
    out += [para(t) for t in rest]
    return tuple(out)


# ---- the milestone and outcome tables


def performance_tables(result: PlanResult) -> list[Block]:
    ms = tables.milestone_table(result.milestones)
    oc = tables.outcome_table(result.outcomes)
    basis = {r.basis for r in result.outcomes.rows}
    area_level = level_name(result.outcomes.breakdown_level)
    return [
        para(f"As at {long_date(result.briefing_date)} the performance position for all reduction milestones "
             f"is shown in [[table:milestones]] ({tables.VIEW_NAMES[result.view]}, "
             f"{result.milestones.current_period.label()} against {result.milestones.baseline_period.label()})."
             f"^[{TARGET_NOTE}]", "tables"),
        _grid_table(ms, "milestones", f"Force objectives: {ms.title}", _notes(ms)),
        para("[[table:outcomes]] shows the outcome (detection) rates: "
             + ("outcomes in the period ÷ crimes recorded in the period"
                if basis == {"period"} else "outcomes of the crimes recorded in the period")
             + f". Their breakdowns by {area_level} and by clear-up are in "
               f"[[table:by_area]] and [[table:by_clear_up]] ([[appendix:breakdowns]]).", "tables"),
        _grid_table(oc, "outcomes", f"Being productive and efficient: {oc.title}", _notes(oc)),
    ]


def _notes(grid: tables.Grid) -> str:
    """A table's coverage notes as the note under it ("Insufficient data: …")."""
    return " ".join(f"{n[:1].upper()}{n[1:]}." for n in grid.notes)


def _grid_table(grid: tables.Grid, key: str, caption: str, note: str = "") -> Table:
    numeric = tuple(i > 0 for i in range(len(grid.headings)))
    return Table(caption, grid.headings, grid.rows, numeric, anchor=f"table:{key}", note=runs(note))


# ---- a milestone


def milestone_blocks(result: PlanResult, milestone: Milestone, row: MilestoneRow | None) -> list[Block]:
    group = f"milestone:{milestone.id}"
    target = percent(milestone.target, trim=True)
    heading = Heading(f"{result.milestones.current_label} milestone: {milestone.title}"
                      + (f" ({target})" if milestone.kind == "change" else ""),
                      3, lead=f"(Lead {milestone.lead}{' – ' + milestone.cadence if milestone.cadence else ''})",
                      anchor=group, groups=(group,))
    survey = next((s for s in result.surveys if s.milestone == milestone.id), None)
    if row is None and survey is not None:
        return [heading, *survey_blocks(result, survey, group)]
    if row is None:
        what = {"survey": "survey results", "area": "the area set " + (milestone.area or "")}
        missing = what["area"] if milestone.area else what["survey"] if milestone.survey else "results"
        return [heading, para(f"No figures: the performance results do not include {missing} for this "
                              f"milestone yet.", group, numbered=False, style="note")]
    single = replace(result.milestones, rows=(row,))
    grid = tables.milestone_table(single)
    out: list[Block] = [heading]
    if row.narrative:
        out.append(para(" ".join(row.narrative), group))
    out.append(Table(f"{milestone.title}: {result.milestones.current_label} against "
                     f"{result.milestones.baseline_label}", grid.headings, grid.rows,
                     tuple(i > 0 for i in range(len(grid.headings))), anchor=f"table:{group}", groups=(group,)))
    series = result.series.get(row.measure)
    if series is not None:
        out.append(milestone_figure(result, milestone, row, series, group))
    if row.assurance:
        out.append(para(assurance_text(row), group))
    return out


def survey_blocks(result: PlanResult, survey, group: str) -> list[Block]:
    """A level milestone on a survey: the narrative, the rolling rate with its interval, the p′ chart."""
    from crimeplan.render.chartcache import cached_chart_svg
    from crimeplan.spc import spc_chart_text

    c = survey.current
    out: list[Block] = [para(survey.narrative, group)]
    headings = ("Survey measure", "Rolling 12 months", "95 % interval", "Respondents", "Milestone")
    cells = ((survey.title, percent(c.rate), f"{percent(c.low)} to {percent(c.high)}", count(c.n),
              percent(survey.target, trim=True)),)
    out.append(Table(f"{survey.title}: rolling 12 months to {survey.period.end:%B %Y}", headings, cells,
                     (False, True, True, True, True), anchor=f"table:{group}", groups=(group,),
                     note=runs(survey.comparator_note or "")))
    if survey.spc is not None and len(survey.months) >= 2:
        months = list(survey.months)
        title = f"{survey.title}, {result.area.name}"
        svg = cached_chart_svg(survey.spc, dates=months, title=title, y_label="proportion satisfied",
                            target=survey.target)
        span = f"{months[0]:%B %Y} to {months[-1]:%B %Y}"
        out.append(Figure(f"{survey.title}: monthly results, {span}, as a p′ chart with the milestone",
                          svg, f"p′ chart of {survey.title} in {result.area.name}, {span}.",
                          spc_chart_text(survey.spc, months, title, target=survey.target),
                          anchor=f"figure:{group}", groups=(group,)))
    return out


def milestone_figure(result: PlanResult, milestone: Milestone, row: MilestoneRow, series: Series,
                     group: str) -> Figure:
    from crimeplan.render.chartcache import cached_chart_svg
    from crimeplan.spc import spc_chart_text

    measure = result.plan.measures[row.measure]
    monthly_target = (row.assurance or {}).get("monthly_target")
    title = f"{measure.title}, {result.area.name}"
    months = list(series.months)
    svg = cached_chart_svg(series.spc, dates=months, title=title, y_label=CHART_Y_LABEL, target=monthly_target)
    span = f"{months[0]:%B %Y} to {months[-1]:%B %Y}"
    caption = (f"{measure.title}: {measure.unit} a month, {span}, with the process mean and limits"
               + (f" and the monthly level that meets the milestone ({fmt_number(monthly_target)})"
                  if monthly_target is not None else ""))
    alt = f"SPC chart of {measure.title} a month in {result.area.name}, {span}."
    description = spc_chart_text(series.spc, months, title, target=monthly_target)
    return Figure(caption, svg, alt, description, anchor=f"figure:{group}", groups=(group,))


def assurance_text(row: MilestoneRow) -> str:
    a = row.assurance or {}
    p = row.projection or {}
    parts = [f"**Assurance.** The latest month shows {VARIATION_TEXT.get(a.get('variation', ''), 'no SPC verdict')}."]
    if a.get("process_mean") is not None:
        parts.append(f"The process averages {fmt_number(a['process_mean'])} a month (process limits "
                     f"{fmt_number(a['lpl'])} to {fmt_number(a['upl'])}); the milestone needs "
                     f"{fmt_number(a['monthly_target'])} a month, so "
                     f"{ASSURANCE_TEXT.get(a.get('target_assurance', ''), 'no assurance can be given')}.")
    if p.get("projected_total") is not None:
        remaining = p.get("months_remaining") or 0
        when = "The year ended" if remaining == 0 else f"With {count(remaining)} months to go, the year is projected"
        parts.append(f"{when} at {fmt_number(p['projected_total'])} against a target of "
                     f"{count(p['target_total'])}: {VERDICT_TEXT.get(p.get('verdict', ''), 'no verdict')}.")
    if a.get("signal") and a.get("signal_reason"):
        parts.append(f"Against last year's process, {a['signal_reason']}.")
    return " ".join(parts) + f"^[{METHOD_NOTE}]"


# ---- a deliverable


def deliverable_blocks(status: DeliverableStatus) -> list[Block]:
    d: Deliverable = status.deliverable
    group = f"deliverable:{d.id}"
    lead = f"(Lead {d.lead}{' – ' + d.cadence if d.cadence else ''})"
    out: list[Block] = [Heading(d.title, 3, lead=lead, anchor=group, groups=(group,))]
    if status.note:
        out.append(para(status.note, group, numbered=False, style="note"))
    out += [Paragraph((Run("text", t),), groups=(group,)) for t in status.paragraphs]
    if status.paragraphs and status.approved_at:
        by = f" by {status.author}" if status.author else ""
        state = f"; status: {status.status.replace('_', ' ')}" if status.status else ""
        said = (f"Update{by}, approved {long_date(status.approved_at)} by {status.approved_by}" if status.approved_by
                else f"Update approved {long_date(status.approved_at)}{by}")
        out.append(para(f"{said}{state}.", group, numbered=False,
                        style="note"))
    return out


# ---- appendix A: breakdowns

LEVEL_NAMES = {"force": "force", "la": "local authority", "csp": "community safety partnership",
               "lpu": "local policing unit", "ward": "ward", "priority_area": "priority area", "msoa": "MSOA",
               "lsoa": "LSOA", "neighbourhood": "neighbourhood"}
"""Names of the area levels (crimeplan.ingest.areas.LEVELS) in running text."""


def level_name(level: str | None) -> str:
    return LEVEL_NAMES.get(level or "", (level or "area").replace("_", " "))



def breakdowns(result: PlanResult) -> tuple[Block, ...]:
    rows = [r for r in result.outcomes.rows]
    if not rows:
        return (para("There are no outcome rates in the plan's tables.", numbered=False, style="note"),)
    level = level_name(result.outcomes.breakdown_level)
    areas: dict[str, str] = {}
    for r in rows:
        for a in r.by_area:
            areas.setdefault(a.area, a.name)
    by_area = {r.measure: {a.area: a for a in r.by_area} for r in rows}
    headings = (level.capitalize(),) + tuple(_rate_subject(r) for r in rows)
    body = []
    for code, name in areas.items():
        cells = []
        for r in rows:
            cell = by_area[r.measure].get(code)
            cells.append(f"{percent(cell.rate)}\n{count(cell.detected)} of {count(cell.recorded)}" if cell else "-")
        body.append((name, *cells))
    body.append((result.area.name, *(f"{percent(r.rate)}\n{count(r.detected)} of {count(r.recorded)}"
                                     for r in rows)))
    # Home Office outcome types (period rates) are numbers; police.uk outcome categories (cohort
    # rates) are labels such as "Action to be taken by another organisation".
    keys = sorted({k for r in rows for k in r.by_outcome_type}, key=_outcome_key_order)
    clear_rows = [(outcome_key_label(k), *(count(r.by_outcome_type.get(k, 0)) for r in rows)) for k in keys]
    numeric = (False,) + (True,) * len(rows)
    labels = any(not k.isdigit() for k in keys)
    kinds = ("police.uk outcome categories: the latest outcome of each crime recorded in the period"
             if labels else "Home Office outcome types")
    notes = tables.coverage_notes([(r.title, r.coverage_note) for r in rows])
    return (
        para(f"[[table:by_area]] breaks each rate of [[table:outcomes]] down by {level}: the rate, then "
             f"the outcomes and the crimes recorded. [[table:by_clear_up]] counts the outcomes of each "
             f"type ({kinds}) for the crimes of each rate in the period."
             + "".join(f" {n[:1].upper()}{n[1:]}." for n in notes), "appendix:breakdowns"),
        Table(f"Outcome rates by {level}, {result.outcomes.current_period.label()}", headings, tuple(body), numeric,
              anchor="table:by_area"),
        Table(f"Outcomes by type (breakdown by clear-up), {result.outcomes.current_period.label()}",
              ("Outcome category" if labels else "Outcome type",) + headings[1:],
              tuple(clear_rows) or (("No outcomes", *("-" for _ in rows)),), numeric, anchor="table:by_clear_up"),
    )


def _outcome_key_order(key: str) -> tuple[int, int, str]:
    return (0, int(key), "") if key.isdigit() else (1, 0, key)


def outcome_key_label(key: str) -> str:
    """"1 Charge/summons" for a Home Office outcome type, the category itself for a police.uk label."""
    if not key.isdigit():
        return key
    known = OUTCOME_TYPES.get(int(key))
    return f"{key} {known.short_name}" if known else key


# ---- appendix B: sources


def source(load: dict[str, Any]) -> Source:
    months = load.get("months") or []
    span = f"{months[0]} to {months[-1]}" if len(months) > 1 else (months[0] if months else "-")
    return Source(int(load["load_id"]), str(load.get("kind") or ""), str(load.get("source") or ""),
                  load.get("force"), span, count(load.get("rows_loaded")), str(load.get("loaded_at") or ""),
                  str(load.get("loaded_by") or ""))


def _with_sources_table(context: ReportContext) -> ReportContext:
    """Appendix B is written last: it cites the plan, the data and the software behind the paper."""
    sections = list(context.sections)
    index = next(i for i, s in enumerate(sections) if s.anchor == "appendix:sources")
    next_table = len(context.tables) + 1
    lines = [
        f"Plan {context.plan_id}, version {context.plan_version}; plan file sha256 {context.plan_checksum}.",
        f"Briefing date {long_date(context.briefing_date)}; area {context.area}"
        + (f"; data as at load {context.as_at}" if context.as_at is not None else "") + ".",
        (f"Produced by {context.software}. Every figure in this paper is computed once by compute_plan and "
         f"shown as computed; the number check found {count(len(context.warnings))} statement(s) to review."),
    ]
    blocks: list[Block] = [Paragraph((Run("text", t),), numbered=False, style="note") for t in lines]
    rows = tuple((str(s.load_id), s.kind, s.source, s.force or "-", s.months, s.rows, s.loaded_at, s.loaded_by)
                 for s in context.sources)
    blocks.append(Table("Data loads behind this paper", ("Load", "Kind", "Source", "Force", "Months", "Rows",
                                                         "Loaded at", "Loaded by"),
                        rows or (("-", "no data loaded", "", "", "", "", "", ""),),
                        (True, False, False, False, False, True, False, False), anchor="table:sources",
                        number=next_table, row_headers=False))
    sections[index] = replace(sections[index], blocks=tuple(blocks))
    return replace(context, sections=tuple(sections))


# --------------------------------------------------------------------------- numbering


def number(sections: Sequence[Section]) -> tuple[tuple[Section, ...], tuple[tuple[int, tuple[Run, ...]], ...]]:
    """Number paragraphs, tables and figures in reading order; resolve references and footnotes."""
    labels: dict[str, str] = {}
    group_numbers: dict[str, list[int]] = defaultdict(list)
    counters = {"para": 0, "table": 0, "figure": 0}
    first_pass: list[Section] = []
    for section in sections:
        if section.appendix:
            labels[section.anchor] = f"Appendix {section.appendix}"
        blocks = []
        for block in section.blocks:
            if isinstance(block, Paragraph) and block.numbered:
                counters["para"] += 1
                block = replace(block, number=counters["para"])
                for g in block.groups:
                    group_numbers[g].append(counters["para"])
                if block.anchor:
                    labels[block.anchor] = f"paragraph {counters['para']}"
            elif isinstance(block, Table):
                counters["table"] += 1
                block = replace(block, number=counters["table"])
                labels[block.anchor] = block.label
            elif isinstance(block, Figure):
                counters["figure"] += 1
                block = replace(block, number=counters["figure"])
                labels[block.anchor] = block.label
            blocks.append(block)
        first_pass.append(replace(section, blocks=tuple(blocks)))
    for group, numbers in group_numbers.items():
        labels.setdefault(group, _span(numbers))
    for section in sections:  # a section with no numbered paragraph is cited by its heading
        labels.setdefault(section.anchor, section.heading)
    notes: list[tuple[int, tuple[Run, ...]]] = []
    note_numbers: dict[str, int] = {}

    def resolve(items: tuple[Run, ...], where: str) -> tuple[Run, ...]:
        out = []
        for r in items:
            if r.kind == "ref?":
                if r.key in group_numbers:
                    out += [Run("text", " ("), Run("ref", labels[r.key], r.key), Run("text", ")")]
            elif r.kind == "note" and r.key in note_numbers:
                out.append(Run("note-again", str(note_numbers[r.key])))
            elif r.kind == "ref":
                if r.key not in labels:
                    raise ConfigError(f"{where}: unknown cross-reference [[{r.key}]]; known: "
                                      + ", ".join(sorted(k for k in labels if ":" in k)[:12]) + ", …")
                out.append(Run("ref", labels[r.key], r.key))
            elif r.kind == "note" and r.key is not None:
                notes.append((len(notes) + 1, resolve(runs(r.key), where)))
                note_numbers[r.key] = len(notes)
                out.append(Run("note", str(len(notes))))
            else:
                out.append(r)
        return tuple(out)

    final = []
    for section in first_pass:
        blocks = []
        for block in section.blocks:
            where = f"section {section.heading!r}"
            if isinstance(block, Paragraph):
                block = replace(block, runs=resolve(block.runs, where))
            elif isinstance(block, Bullets):
                block = replace(block, items=tuple(resolve(i, where) for i in block.items))
            elif isinstance(block, Table):
                block = replace(block, note=resolve(block.note, where))
            blocks.append(block)
        final.append(replace(section, blocks=tuple(blocks)))
    return tuple(final), tuple(notes)


def _span(numbers: list[int]) -> str:
    first, last = min(numbers), max(numbers)
    return f"paragraph {first}" if first == last else f"paragraphs {first}–{last}"


# --------------------------------------------------------------------------- number check


def facts(result: PlanResult) -> list[nc.Fact]:
    """The values the number check compares prose with: every figure of the result's tables."""
    plan: Plan = result.plan
    table: MilestoneTable = result.milestones
    out: list[nc.Fact] = []
    for row in table.rows:
        measure = plan.measures.get(row.measure)
        title = measure.title if measure else row.title
        names = (title,) + ((row.measure.upper(),) if row.measure.isalpha() and len(row.measure) <= 4 else ())
        given = [("count", row.baseline, (table.baseline_label,)), ("count", row.current, (table.current_label,)),
                 ("difference", row.difference, (table.current_label, table.baseline_label))]
        out += [nc.Fact(title, names, kind, value, *periods) for kind, value, periods in given if value is not None]
        if row.performance is not None:
            out.append(nc.Fact(title, names, "change", row.performance, table.current_label, table.baseline_label))
    for outcome in result.outcomes.rows:
        rate = plan.rates.get(outcome.measure)
        numerator_measure = plan.measures.get(rate.numerator_measure) if rate else None
        numerator = numerator_measure.title if numerator_measure else None
        names = (outcome.title,) + ((numerator,) if numerator else ())
        out += [nc.Fact(outcome.title, names, kind, value, table.current_label)
                for kind, value in (("recorded", outcome.recorded), ("detected", outcome.detected))
                if value is not None]
        if outcome.rate is not None:
            out.append(nc.Fact(outcome.title, names, "rate", outcome.rate, table.current_label))
    return out


def subjects(plan: Plan) -> list[nc.Subject]:
    return [nc.Subject.from_title(s.title, s.title) for s in plan.surveys.values()]


def check_document(context: ReportContext) -> nc.CheckDocument:
    passages: list[nc.Passage] = []
    check_tables: list[nc.TableText] = []
    last = None
    for section in context.sections:
        heading, group = section.heading, section.anchor
        for block in section.blocks:
            if isinstance(block, Heading):
                heading, group = f"{block.text} {block.lead or ''}".strip(), block.anchor or block.text
            elif isinstance(block, Paragraph):
                where = f"paragraph {block.number}" if block.number else f"the note in {section.heading!r}"
                passages.append(nc.Passage(where, block.text, block.number, heading, group))
                last = block.number or last
            elif isinstance(block, Table):
                check_tables.append(nc.TableText(block.label, (block.headings,), block.rows, last, block.caption))
    labels = frozenset([t.label for t in context.tables] + [f.label for f in context.figures])
    return nc.CheckDocument(tuple(passages), tuple(check_tables), labels)


def check(context: ReportContext, result: PlanResult) -> list[nc.NumberWarning]:
    return nc.check(check_document(context), facts(result), subjects(result.plan))
