"""The summary page (beyond the seed, issue 17 item 2): one matrix of every milestone with its figure,
its variation and assurance in the words of NHS England's Making Data Count, and its status; then
the exceptions a board should discuss, each with the paragraphs that report it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crimeplan.metrics.results import MilestoneRow, PlanResult
from crimeplan.render.formatting import count, percent
from crimeplan.report.context.data import PaperData
from crimeplan.report.context.markup import para, runs
from crimeplan.report.context.model import Block, Bullets, Section, Table, long_date
from crimeplan.report.context.words import milestone_key, year_ended

VARIATION = {"common_cause": "Common cause", "improvement_high": "Improvement (high)",
             "improvement_low": "Improvement (low)", "concern_high": "Concern (high)",
             "concern_low": "Concern (low)", "neutral_high": "Special cause (high)",
             "neutral_low": "Special cause (low)"}
"""Making Data Count's variation icons, as words."""
ASSURANCE = {"consistent_pass": "Consistently passes", "consistent_fail": "Consistently fails",
             "inconsistent": "Hit and miss"}
"""Making Data Count's assurance icons, as words: whether the process as it runs meets the milestone."""
VERDICT = {"met_consistently": "On track", "met_by_chance": "On track, within routine variation",
           "missed_by_chance": "Off track, within routine variation", "not_met_consistently": "Off track"}
"""A year still running: where its projection lands against the target."""
SURVEY_STATUS = {"met": "Met", "missed": "Not met", "uncertain": "Not distinguishable from the milestone"}
HEADINGS = ("Milestone", "This year", "Change on last year", "Variation", "Assurance", "Status")
NO_VALUE = "-"


@dataclass(frozen=True)
class Line:
    """One milestone of the matrix, and whether the board should discuss it."""

    key: str
    cells: tuple[str, ...]
    concern: bool


def summary_section(result: PlanResult, data: PaperData) -> Section:
    lines = matrix_lines(result, data)
    exceptions = [line for line in lines if line.concern]
    blocks: list[Block] = [
        para(f"Every milestone of the plan at {long_date(result.briefing_date)}, with the variation and "
             "assurance of its monthly process (NHS England's Making Data Count); each is reported in full in "
             "its outcome's section.", "summary-page", numbered=False),
        Table(f"The milestones at a glance, {result.milestones.current_label}", HEADINGS,
              tuple(line.cells for line in lines), (False, True, True, False, False, False),
              anchor="table:summary", groups=("summary-page",)),
    ]
    if exceptions:
        blocks.append(para("For the board's discussion: the milestones not met, off track or whose process "
                           "shows a concern or cannot meet them.", "summary-page", numbered=False))
        blocks.append(Bullets(tuple(runs(f"{line.cells[0]}: {_why(line)} ([[milestone:{line.key}]])")
                                    for line in exceptions), groups=("summary-page",)))
    return Section("Summary", "summary-page", tuple(blocks))


def matrix_lines(result: PlanResult, data: PaperData) -> list[Line]:
    ended = year_ended(result)
    by_id = {**{milestone_key(result, r): r for r in result.milestones.rows},
             **{key: m.table.rows[0] for key, m in data.area_sets.items() if m.table.rows}}
    surveys = {s.milestone: s for s in result.surveys}
    out = []
    for key, milestone in result.plan.milestones.items():
        if key in by_id:
            out.append(_count_line(key, milestone.title, by_id[key], ended))
        elif key in surveys:
            out.append(_survey_line(key, milestone.title, surveys[key]))
    return out


def _count_line(key: str, title: str, row: MilestoneRow, ended: bool) -> Line:
    a: dict[str, Any] = row.assurance or {}
    p: dict[str, Any] = row.projection or {}
    if row.variance is None:
        status = "Insufficient data"
    elif ended:
        status = "Met" if row.variance <= 0 else "Not met"
    else:
        status = VERDICT.get(p.get("verdict", ""), NO_VALUE)
    variation = VARIATION.get(a.get("variation", ""), NO_VALUE)
    assurance = ASSURANCE.get(a.get("target_assurance", ""), NO_VALUE)
    change = percent(row.performance) if row.performance is not None else NO_VALUE
    concern = (status in ("Not met", "Off track") or variation.startswith("Concern")
               or assurance == ASSURANCE["consistent_fail"])
    return Line(key, (title, count(row.current) if row.current is not None else NO_VALUE, change, variation,
                      assurance, status), concern)


def _survey_line(key: str, title: str, survey: Any) -> Line:
    variation = VARIATION.get(survey.variation or "", NO_VALUE)
    assurance = ASSURANCE.get(survey.assurance or "", NO_VALUE)
    status = SURVEY_STATUS.get(survey.status, NO_VALUE)
    concern = status == "Not met" or variation.startswith("Concern") or assurance == ASSURANCE["consistent_fail"]
    return Line(key, (title, percent(survey.current.rate), NO_VALUE, variation, assurance, status), concern)


def _why(line: Line) -> str:
    _title, _figure, _change, variation, assurance, status = line.cells
    parts = [status.lower() if status != NO_VALUE else ""]
    if variation.startswith("Concern"):
        parts.append(f"a {variation.lower()} in the monthly process")
    if assurance == ASSURANCE["consistent_fail"]:
        parts.append("its process as it runs cannot meet it")
    return "; ".join(p for p in parts if p)
