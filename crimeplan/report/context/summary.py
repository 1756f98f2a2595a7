"""The executive summary, drafted from the results: the position against the milestones, each
milestone's change, the signals, what the processes can meet, detection rates and deliverables."""

from __future__ import annotations

from crimeplan.metrics.results import MilestoneRow, PlanResult
from crimeplan.render.formatting import count, percent
from crimeplan.report.context.markup import para
from crimeplan.report.context.model import Block, long_date
from crimeplan.report.context.words import (
    join,
    lower_it,
    measure_title,
    milestone_key,
    n_of,
    rate_subject,
    some,
    variation_word,
    year_ended,
)
from crimeplan.report.updates import DeliverableStatus


def executive_summary(result: PlanResult, statuses: dict[str, DeliverableStatus]) -> tuple[Block, ...]:
    table = result.milestones
    out: list[Block] = []
    if table.data_notice:
        out.append(para(f"{table.data_notice[:1].upper()}{table.data_notice[1:]}."))
    ended = year_ended(result)
    out.append(para(position(result, ended)))
    out += [para(milestone_sentence(result, row, ended)) for row in table.rows]
    out += signals(result)
    out += capability(result, ended)
    rates = [(r.rate, r) for r in result.outcomes.rows if r.rate is not None]
    if rates:
        low = min(rates, key=lambda pair: pair[0])[1]
        high = max(rates, key=lambda pair: pair[0])[1]
        out.append(para(f"Detection rates ([[table:outcomes]]) range from {percent(low.rate)} for "
                        f"{rate_subject(low)} to {percent(high.rate)} for {rate_subject(high)}."))
    out.append(para(deliverables_sentence(statuses)))
    return tuple(out)


def position(result: PlanResult, ended: bool) -> str:
    """ "At the briefing date of 1 April 2014 (data to the end of March 2014), none of the 4 …"."""
    rows = result.milestones.rows
    met = [r for r in rows if r.variance is not None and r.variance <= 0]
    data_to = f"data to the end of {result.data_end:%B %Y}" if result.data_end else "no data loaded"
    assessed = [r for r in rows if r.variance is not None]
    unassessed = len(rows) - len(assessed)
    if not assessed:
        return (f"At the briefing date of {long_date(result.briefing_date)} ({data_to}), "
                f"{n_of(0, len(rows))} reduction milestones in [[table:milestones]] can be assessed: "
                "insufficient data.")
    verb = ("was" if len(met) == 1 else "were") if ended else ("is" if len(met) == 1 else "are") + " being"
    text = (f"{n_of(len(met), len(assessed))} reduction milestones in [[table:milestones]]"
            + (" with complete data" if unassessed else "") + f" {verb} met"
            + (f": {join([measure_title(result, r) for r in met])}" if met else "")
            + (f"; {count(unassessed)} cannot be assessed (insufficient data)." if unassessed else "."))
    when = (f"At the end of the year ({data_to})" if ended
            else f"At the briefing date of {long_date(result.briefing_date)} ({data_to})")
    return f"{when}, {text}"


def milestone_sentence(result: PlanResult, row: MilestoneRow, ended: bool) -> str:
    key = milestone_key(result, row)
    if row.difference is None:   # months not loaded: no figure, the note says what is missing
        return f"{measure_title(result, row)}: {row.coverage_note or 'insufficient data'} (see [[milestone:{key}]])."
    word = "higher" if row.difference > 0 else "lower"
    change = percent(abs(row.performance)) if row.performance is not None else "-"
    verb = "ended the year" if ended else "is"
    outcome = ""
    if ended and row.variance is not None:
        outcome = "; the milestone was met" if row.variance <= 0 else "; the milestone was not met"
    return (f"{measure_title(result, row)} {verb} {change} ({count(abs(row.difference))} offences) {word} than in "
            f"{result.milestones.baseline_label}, against a milestone of {percent(row.milestone, trim=True)}: "
            f"{count(row.current)} against a target of {count(row.target)}{outcome} (see [[milestone:{key}]]).")


def signals(result: PlanResult) -> list[Block]:
    found = [(r, r.assurance["variation"]) for r in result.milestones.rows
             if r.assurance and r.assurance.get("variation") not in (None, "common_cause")]
    if not found:
        return []
    parts = [f"{measure_title(result, r)} ({variation_word(variation)})" for r, variation in found]
    return [para(f"The signals that matter in the monthly charts: {join(parts)}. "
                 + " ".join(f"For {measure_title(result, r)}, {lower_it(r.narrative[1])}"
                            for r, _variation in found if len(r.narrative) > 1))]


def capability(result: PlanResult, ended: bool) -> list[Block]:
    """What the processes can meet; after the year's end, that is next year's question."""
    rows = result.milestones.rows
    capable = [r for r in rows if r.assurance and r.assurance.get("target_assurance") == "consistent_fail"]
    if not capable:
        return []
    names = join([measure_title(result, r) for r in capable])
    if ended:
        return [para(f"At the level their processes ran at by the year's end, {n_of(len(capable), len(rows))} "
                     f"milestones could not be met in a further year without a change in the process ({names}).")]
    if len(capable) == len(rows):
        return [para(f"On the processes as they run now, none of the {count(len(rows))} milestones can be met "
                     f"without a change in the process ({names}).")]
    return [para(f"On the processes as they run now, {n_of(len(capable), len(rows))} milestones cannot be met "
                 f"without a change in the process ({names}).")]


def deliverables_sentence(statuses: dict[str, DeliverableStatus]) -> str:
    with_update = [s for s in statuses.values() if s.paragraphs]
    overdue = [s for s in with_update if s.overdue]
    elsewhere = [s for s in statuses.values() if not s.paragraphs and (s.covered_in or s.deliverable.covered_elsewhere)]
    none = len(statuses) - len(with_update) - len(elsewhere)
    return (f"Of the {count(len(statuses))} deliverables, {some(len(with_update))} have an approved update for "
            f"this paper" + (f" ({count(len(overdue))} older than their reporting cadence)" if overdue else "")
            + f", {some(len(elsewhere))} are reported in other papers and {some(none)} have no approved "
              f"update yet.")
