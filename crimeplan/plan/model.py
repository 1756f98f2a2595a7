"""The frozen plan: its outcomes, measures, rates, survey measures, milestones, deliverables and tables.

Built once by :mod:`crimeplan.plan.parser`; everything downstream trusts it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar

from crimeplan import reference
from crimeplan.errors import PlanError
from crimeplan.periods import FinancialYear
from crimeplan.plan.percentages import percentage_fraction

CADENCES = ("monthly", "quarterly", "6-monthly", "annual")
DIRECTIONS = ("decrease", "increase", "neutral")
FLAGS = tuple(reference.FLAG_MEASURES)  # business, domestic, hate: columns of the crime record
MILESTONE_KINDS = ("change", "level")
RATE_BASES = ("period", "cohort")
SURVEYS = ("victim_satisfaction_crime", "victim_satisfaction_asb", "confidence")
SURVEY_QUESTIONS = ("overall", "ease_of_contact", "actions_taken", "kept_informed", "treatment")
TABLE_KINDS = ("milestones", "rates", "measures", "surveys")
DEFAULT_SPC_PROFILE = "ptd"
"""The SPC profile of a plan that sets none: NHSRplotthedots' (docs/spc.md); ``qic`` and ``mdc2023`` are the others."""

K = TypeVar("K")
V = TypeVar("V")


# --------------------------------------------------------------------------- frozen values


class FrozenDict(Mapping[K, V]):
    """A read-only, hashable mapping that keeps insertion order (file order)."""

    __slots__ = ("_data", "_hash")

    def __init__(self, items: Mapping[K, V] | None = None) -> None:
        self._data: dict[K, V] = dict(items or {})
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"


@dataclass(frozen=True)
class Outcome:
    """A strategic outcome of the plan ("A Improving confidence in policing")."""

    id: str
    title: str
    lead: str | None = None


@dataclass(frozen=True)
class Measure:
    """A count of crimes: a named filter (never SQL).

    A record matches when its offence group is in ``groups`` **or** its police.uk crime type is
    in ``categories`` (either list may be empty; both empty means every crime), **and** every
    flag in ``flags`` has the given value, **and** (when given) it has one of ``hate_strands``
    and one of ``location_types``.
    """

    id: str
    title: str
    groups: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    flags: FrozenDict[str, bool] = field(default_factory=FrozenDict)
    hate_strands: tuple[str, ...] = ()
    location_types: tuple[str, ...] = ()
    improvement_direction: str = "decrease"
    unit: str = "offences"


@dataclass(frozen=True)
class RateMeasure:
    """Positive outcomes of ``numerator_measure`` ÷ crimes of ``denominator_measure``.

    Exactly one of ``positive_outcomes`` (Home Office outcome types 1–22, for force records)
    and ``positive_outcome_labels`` (police.uk "Last outcome category" labels) is set.
    ``basis`` is ``period`` (outcomes in the period ÷ crimes recorded in the period: the
    paper's detection rate) or ``cohort`` (outcomes of the crimes recorded in the period).
    """

    id: str
    title: str
    numerator_measure: str
    positive_outcomes: frozenset[int] | None
    positive_outcome_labels: frozenset[str] | None
    outcome_set_name: str | None
    denominator_measure: str
    improvement_direction: str = "increase"
    basis: str = "period"


@dataclass(frozen=True)
class SurveyMeasure:
    """A survey result (a proportion of respondents): victim satisfaction or confidence."""

    id: str
    title: str
    survey: str
    question: str = "overall"
    improvement_direction: str = "increase"


@dataclass(frozen=True)
class Milestone:
    """A numeric milestone: a % change on the previous year (``change``) or a level (``level``).

    Exactly one of ``measure``, ``rate`` and ``survey`` is set. ``area``, when set, names the
    area (or named set of areas, e.g. ``priority_areas``) the milestone is measured in; it is
    resolved against the area hierarchy when computing, not here. ``target`` is a fraction
    (-0.05 for "-5%", 0.88 for "88%"); ``target_text`` keeps the exact text and
    :attr:`target_exact` gives it as a ``Fraction`` for arithmetic that must not drift
    (the paper floors baseline × (1 + target)).
    """

    id: str
    outcome: str
    title: str
    measure: str | None
    rate: str | None
    kind: str
    target: float
    lead: str
    cadence: str | None = None
    survey: str | None = None
    target_text: str = ""
    area: str | None = None

    @property
    def target_exact(self) -> Fraction:
        return percentage_fraction(self.target_text) if self.target_text else Fraction(self.target)

    @property
    def subject(self) -> str:
        """The id of the measure, rate or survey the milestone is about."""
        return self.measure or self.rate or self.survey or ""


@dataclass(frozen=True)
class Deliverable:
    """An activity of the plan, reported on by its lead at its cadence."""

    id: str
    outcome: str
    title: str
    lead: str
    cadence: str | None = None
    covered_elsewhere: str | None = None


@dataclass(frozen=True)
class Table:
    """A table of the board paper: its title and which rows it shows, in order."""

    id: str
    title: str
    kind: str
    rows: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A validated plan. Every reference inside it resolves."""

    id: str
    title: str
    force: str | None
    board: str | None
    years: tuple[FinancialYear, ...]
    version: str
    outcomes: FrozenDict[str, Outcome]
    measures: FrozenDict[str, Measure]
    rates: FrozenDict[str, RateMeasure]
    milestones: FrozenDict[str, Milestone]
    deliverables: FrozenDict[str, Deliverable]
    tables: FrozenDict[str, Table]
    outcome_sets: FrozenDict[str, frozenset[int] | frozenset[str]]
    source_path: str
    surveys: FrozenDict[str, SurveyMeasure] = field(default_factory=FrozenDict)
    checksum: str = ""
    spc_profile: str = DEFAULT_SPC_PROFILE  # every chart of the plan, unless a chart chooses another

    def __hash__(self) -> int:
        return hash((self.id, self.version, self.checksum))

    @property
    def citation(self) -> str:
        """How a paper cites the plan: "wmp-2013-14 version 2014-03-28 (sha256 3f2a…)"."""
        return f"{self.id} version {self.version} (sha256 {self.checksum[:12]})"

    def table_rows(self, table_id: str) -> tuple[Milestone | RateMeasure | Measure | SurveyMeasure, ...]:
        """The objects a table shows, in order."""
        try:
            table = self.tables[table_id]
        except KeyError:
            raise PlanError(f"plan {self.id} has no table {table_id!r}; tables: "
                            f"{', '.join(self.tables) or 'none'}") from None
        source = self._kind(table.kind)
        return tuple(source[row] for row in table.rows)

    def milestones_for(self, outcome_id: str) -> tuple[Milestone, ...]:
        return tuple(m for m in self.milestones.values() if m.outcome == outcome_id)

    def deliverables_for(self, outcome_id: str) -> tuple[Deliverable, ...]:
        return tuple(d for d in self.deliverables.values() if d.outcome == outcome_id)

    def milestones_on(self, subject_id: str) -> tuple[Milestone, ...]:
        """Milestones set on a measure, rate or survey (the "Milestone" column of a table row)."""
        return tuple(m for m in self.milestones.values() if m.subject == subject_id)

    def _kind(self, kind: str) -> Mapping[str, Any]:
        kinds: dict[str, Mapping[str, Any]] = {"milestones": self.milestones, "rates": self.rates,
                                               "measures": self.measures, "surveys": self.surveys}
        return kinds[kind]
