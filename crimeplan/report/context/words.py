"""Small wording helpers shared by the paper's sections ("3 of the 4", "A, B and C", the names of
area levels and of measures)."""

from __future__ import annotations

from collections.abc import Sequence

from crimeplan.levels import level_name as level_name  # one home (crimeplan.levels); the sections import it here
from crimeplan.metrics.results import MilestoneRow, OutcomeRow, PlanResult
from crimeplan.render.formatting import count


def lower_it(sentence: str) -> str:
    return "it" + sentence[2:] if sentence.startswith("It ") else sentence


def n_of(k: int, n: int) -> str:
    if k == n and n > 1:
        return f"all {count(n)}"
    return f"{'none' if k == 0 else count(k)} of the {count(n)}"


def some(k: int) -> str:
    return "none" if k == 0 else count(k)


def join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def in_area_set(title: str, area_set: str) -> str:
    """A measure in a set of areas: "Total Recorded Crime in the priority areas"."""
    return f"{title} in the {area_set[:1].lower()}{area_set[1:]}"


def narrative_in_area_set(narrative: Sequence[str], title: str, area_set: str) -> tuple[str, ...]:
    """A milestone's narrative naming its set of areas where it names its measure first ("Total
    Recorded Crime is 2.3 % higher" becomes "Total Recorded Crime in the priority areas is …")."""
    return tuple(in_area_set(title, area_set) + s[len(title):] if s.startswith(title + " ") else s
                 for s in narrative)


def measure_title(result: PlanResult, row: MilestoneRow) -> str:
    measure = result.plan.measures.get(row.measure)
    return measure.title if measure else row.title


def milestone_key(result: PlanResult, row: MilestoneRow) -> str:
    for m in result.plan.milestones.values():
        if m.title == row.title and m.measure == row.measure:
            return m.id
    return row.measure


def rate_subject(row: OutcomeRow) -> str:
    return row.title.removeprefix("Detect ")


def variation_word(variation: str) -> str:
    kind = variation.split("_")[0]
    return {"improvement": "an improvement", "concern": "a concern"}.get(kind, "special cause")







def year_ended(result: PlanResult) -> bool:
    """The paper looks back on a whole financial year (year to date of twelve months, April to March)."""
    current = result.milestones.current_period
    return result.view == "ytd" and current.month_count == 12 and current.start.month == 4
