"""The plan file: parse, validate and freeze a Police and Crime Plan.

A plan is a YAML file (format: ``docs/plan-format.md``) naming the plan's outcomes, its measures
(named filters over offence groups, police.uk crime types and flags — never SQL), its rates
(numerator and denominator measures, and which outcome types count as positive), survey
measures, milestones with % targets, deliverables with leads and cadences, and the tables a
board paper shows.

The file is composed into a YAML node tree so that every error can name the file, the line and
the key path::

    plan.yaml:41 milestones[2].target: expected a percentage like -5%, got 'five'

Validation happens once, here; everything downstream trusts the frozen :class:`Plan`.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import yaml

from crimeplan import forces, reference
from crimeplan.errors import PlanError
from crimeplan.periods import FinancialYear
from crimeplan.spc.constants import PROFILES as SPC_PROFILES

__all__ = [
    "CADENCES", "DIRECTIONS", "FLAGS", "MILESTONE_KINDS", "RATE_BASES", "SURVEYS", "SURVEY_QUESTIONS",
    "TABLE_KINDS", "Deliverable", "FrozenDict", "Measure", "Milestone", "Outcome", "Plan", "RateMeasure",
    "SurveyMeasure", "Table", "load_plan", "parse_percentage", "parse_plan", "shipped_plans",
]

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

_PLANS_PACKAGE = "crimeplan"
_PLANS_DIR = "plans"
_PLAN_FILE = "plan.yaml"

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
        return _percentage_fraction(self.target_text) if self.target_text else Fraction(self.target)

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


# --------------------------------------------------------------------------- percentages

_PERCENT = re.compile(r"([+-]?)\s*(\d+(?:\.\d+)?)\s*%")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-", "\ufe63": "-", "\uff0d": "-"})


def _percentage_fraction(text: str) -> Fraction:
    match = _PERCENT.fullmatch(text.translate(_MINUS_SIGNS).strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"expected a percentage like -5%, got {text!r}")
    sign, number = match.groups()
    value = Fraction(number) / 100
    return -value if sign == "-" else value


def parse_percentage(text: str) -> float:
    """ "-5%", "-5 %", "−5%" (Unicode minus), "+3%", "88%", "12.5%" → -0.05, …, 0.88, 0.125."""
    return float(_percentage_fraction(text))


# --------------------------------------------------------------------------- YAML with line numbers


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps date-like values as text (``version: 2013-03-28`` stays a string)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_MISSING = object()


class _Raw(str):
    """Text shown as it is after "got" (not quoted)."""

    def __repr__(self) -> str:
        return str(self)


def _show(value: Any) -> str:
    if value is _MISSING:
        return "nothing"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, dict):
        return "a mapping" if value else "an empty mapping"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class _Doc:
    def __init__(self, source: str, loader: _Loader) -> None:
        self.source = source
        self.loader = loader


@dataclass(frozen=True)
class _At:
    """A node of the YAML tree with its key path, for reading values and reporting errors."""

    doc: _Doc
    node: yaml.Node
    path: str
    key_line: int = 0  # line of the key this value belongs to (0: not a mapping value)

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    def fail(self, expected: str, got: Any = _MISSING, *, line: int | None = None) -> NoReturn:
        if got is _MISSING:
            got = self.value()
        raise PlanError(f"{self.doc.source}:{line or self.line} {self.path or '(top level)'}: {expected}, "
                        f"got {_show(got)}")

    def value(self) -> Any:
        """The plain Python value of the node."""
        try:
            return self.doc.loader.construct_object(self.node, deep=True)
        except yaml.YAMLError as exc:
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            self.fail("expected a plain YAML value", _Raw(f"one it cannot read ({problem})"))

    def child(self, node: yaml.Node, step: str, key_line: int = 0) -> _At:
        return _At(self.doc, node, f"{self.path}{step}" if self.path else step.lstrip("."), key_line)

    # ---- containers

    def mapping(self, expected: str = "a mapping") -> dict[str, _At]:
        if not isinstance(self.node, yaml.MappingNode):
            self.fail(f"expected {expected}")
        out: dict[str, _At] = {}
        for key_node, value_node in self.node.value:
            key_line = key_node.start_mark.line + 1
            key = _At(self.doc, key_node, self.path).value()
            if not isinstance(key, str):
                self.fail("expected text keys", key, line=key_line)
            if key in out:
                self.fail(f"expected each key once ({key!r} is already on line {out[key].key_line})", key,
                          line=key_line)
            out[key] = self.child(value_node, f".{key}", key_line)
        return out

    def fields(self, required: tuple[str, ...], optional: tuple[str, ...] = (),
               expected: str = "a mapping") -> dict[str, _At]:
        """A mapping with exactly these keys allowed; unknown and missing keys are errors."""
        items = self.mapping(expected)
        allowed = required + optional
        for key, at in items.items():
            if key not in allowed:
                self.fail(f"expected one of the keys {', '.join(allowed)}", key, line=at.key_line)
        for key in required:
            if key not in items:
                self.fail(f"expected the key {key!r} (required)",
                          _Raw(f"only {', '.join(items)}" if items else "no keys"))
        return items

    def sequence(self, expected: str = "a list") -> list[_At]:
        if not isinstance(self.node, yaml.SequenceNode):
            self.fail(f"expected {expected}")
        return [self.child(node, f"[{i}]") for i, node in enumerate(self.node.value)]

    # ---- scalars

    def text(self, expected: str = "text") -> str:
        value = self.value()
        if not isinstance(value, str) or not value.strip():
            self.fail(f"expected {expected}", value)
        return " ".join(value.split())

    def choice(self, choices: tuple[str, ...]) -> str:
        value = self.value()
        if value not in choices:
            self.fail(f"expected one of {', '.join(choices)}", value)
        return value

    def boolean(self) -> bool:
        value = self.value()
        if not isinstance(value, bool):
            self.fail("expected true or false", value)
        return value

    def identifier(self, pattern: re.Pattern[str], expected: str) -> str:
        value = self.value()
        if not isinstance(value, str) or not pattern.fullmatch(value):
            self.fail(f"expected {expected}", value)
        return value

    def percentage(self) -> tuple[Fraction, str]:
        value = self.value()
        try:
            return _percentage_fraction(value), " ".join(str(value).split())
        except ValueError:
            self.fail("expected a percentage like -5%", value)

    def texts(self, expected: str) -> tuple[str, ...]:
        return tuple(item.text() for item in self.sequence(expected))

    def ref(self, known: Collection[Any], what: str) -> Any:
        """A name that must be one of ``known``; the error suggests the closest or lists them."""
        value = self.value()
        if not isinstance(value, (list, dict)) and value in known:
            return value
        self.fail(f"expected {what}{_suggest(value, known)}", value)

    def unique(self, value: str, seen: dict[str, int], what: str) -> str:
        """Record ``value`` as an id seen on this line; a repeat is an error."""
        if value in seen:
            self.fail(f"expected a unique {what} ({value!r} is already used on line {seen[value]})", value)
        seen[value] = self.line
        return value


def _suggest(value: Any, known: Collection[Any]) -> str:
    names = [str(name) for name in known]
    close = difflib.get_close_matches(value, names, n=1, cutoff=0.75) if isinstance(value, str) else []
    if close:
        return f" (did you mean {close[0]!r}?)"
    if len(names) <= 20:
        return f" ({', '.join(names) or 'none declared'})"
    return ""


_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_AREA = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


def _compose(text: str, source: str) -> _At:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "cannot parse"
        raise PlanError(f"{source}:{line} (YAML): expected valid YAML, "
                        f"got a syntax error: {problem}") from None
    except yaml.YAMLError as exc:
        raise PlanError(f"{source}:1 (YAML): expected valid YAML, got {exc}") from None
    if node is None:
        raise PlanError(f"{source}:1 (top level): expected a mapping with the key 'plan', got an empty file")
    return _At(_Doc(source, loader), node, "")


# --------------------------------------------------------------------------- reference names


def _reference_outcome_sets() -> dict[str, frozenset[Any]]:
    return {name: frozenset(values) for name, values in reference.OUTCOME_SETS.items()}


def _outcome_type_range() -> str:
    return f"{min(reference.OUTCOME_TYPES)} to {max(reference.OUTCOME_TYPES)}"


# --------------------------------------------------------------------------- the parser


_TOP = ("plan", "outcomes", "measures", "rates", "surveys", "milestones", "deliverables", "tables",
        "outcome_sets", "spc")


def parse_plan(text: str, source: str = "<plan>", *, source_path: str | None = None) -> Plan:
    """Parse and validate plan text; ``source`` names the file in error messages."""
    return _Parser(_compose(text, source), text, source_path or source).plan()


class _Parser:
    def __init__(self, root: _At, text: str, source_path: str) -> None:
        self.root = root
        self.text = text
        self.source_path = source_path
        self.own_sets: set[str] = set()

    def plan(self) -> Plan:
        top = self.root.fields(("plan", "outcomes"), _TOP[2:], expected="a mapping with the key 'plan'")
        head = top["plan"].fields(("id", "title", "version"), ("force", "board", "years"))
        plan_id = head["id"].identifier(_SLUG, "a plan id like wmp-2013-14 (lower case, digits, - or _)")
        force = None
        if "force" in head:
            force = head["force"].ref(forces.FORCES, "a police.uk force slug such as west-midlands")
        years: tuple[FinancialYear, ...] = ()
        if "years" in head:
            items = head["years"].sequence("a list of years like ['2013/14']")
            years = tuple(self._year(item) for item in items)
            if not years:
                head["years"].fail("expected at least one financial year like '2013/14' "
                                   "(or no key: any year)")
            if len(set(years)) != len(years):
                head["years"].fail("expected each financial year once", [y.label for y in years])
        version = head["version"].value()
        if isinstance(version, bool) or not isinstance(version, (str, int)) or not str(version).strip():
            head["version"].fail("expected a version as text, e.g. '2014-03-28' or '2' (quote decimals)")

        outcome_sets = self._outcome_sets(top.get("outcome_sets"))
        outcomes = self._outcomes(top["outcomes"])
        measures = self._measures(top.get("measures"))
        surveys = self._surveys(top.get("surveys"))
        rates = self._rates(top.get("rates"), measures, outcome_sets)
        milestones = self._milestones(top.get("milestones"), outcomes, measures, rates, surveys)
        deliverables = self._deliverables(top.get("deliverables"), outcomes)
        kinds: dict[str, Mapping[str, Any]] = {"milestones": milestones, "rates": rates, "measures": measures,
                                               "surveys": surveys}
        tables = self._tables(top.get("tables"), kinds)
        spc_profile = self._spc_profile(top.get("spc"))
        return Plan(
            id=plan_id, title=head["title"].text(), force=force,
            board=head["board"].text() if "board" in head else None,
            years=years, version=str(version).strip(),
            outcomes=FrozenDict(outcomes), measures=FrozenDict(measures), rates=FrozenDict(rates),
            milestones=FrozenDict(milestones), deliverables=FrozenDict(deliverables),
            tables=FrozenDict(tables),
            outcome_sets=FrozenDict({k: v for k, v in outcome_sets.items() if k in self.own_sets}),
            source_path=self.source_path, surveys=FrozenDict(surveys),
            checksum=hashlib.sha256(self.text.encode("utf-8")).hexdigest(), spc_profile=spc_profile,
        )

    # ---- sections

    @staticmethod
    def _spc_profile(section: _At | None) -> str:
        """The plan's SPC profile (``spc: {profile: qic}``); :data:`DEFAULT_SPC_PROFILE` when not set."""
        if section is None:
            return DEFAULT_SPC_PROFILE
        items = section.fields((), ("profile",), expected="a mapping with the key 'profile'")
        return items["profile"].choice(SPC_PROFILES) if "profile" in items else DEFAULT_SPC_PROFILE

    @staticmethod
    def _year(at: _At) -> FinancialYear:
        value = at.value()
        try:
            return FinancialYear.parse(value)
        except ValueError:
            at.fail("expected a financial year like '2013/14'", value)

    def _outcome_sets(self, section: _At | None) -> dict[str, frozenset[Any]]:
        sets = _reference_outcome_sets()
        if section is None:
            return sets
        for name, at in section.mapping("a mapping of set name to a list of outcome types").items():
            if not _NAME.fullmatch(name):
                section.fail("expected a set name in lower_snake_case", name, line=at.key_line)
            if name in sets:
                section.fail(f"expected a new set name ({name!r} is already defined in crimeplan.reference)",
                             name, line=at.key_line)
            sets[name] = self._outcome_list(at)
            self.own_sets.add(name)
        return sets

    def _outcome_list(self, at: _At) -> frozenset[Any]:
        """A list of Home Office outcome types (1–23) or of police.uk outcome labels."""
        items = at.sequence("a list of outcome types like [1, 2, 3] or of police.uk outcome labels")
        if not items:
            at.fail("expected at least one outcome type")
        values = [item.value() for item in items]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            for item, v in zip(items, values, strict=True):
                if v not in reference.OUTCOME_TYPES:
                    item.fail(f"expected a Home Office outcome type from {_outcome_type_range()}", v)
            return frozenset(values)
        for item, v in zip(items, values, strict=True):
            if not isinstance(v, str):
                item.fail("expected all outcome types as numbers, or all as police.uk outcome labels", v)
            item.ref(reference.POLICE_UK_OUTCOMES, "a police.uk outcome label such as 'Suspect charged'")
        return reference.outcome_spellings(values)  # the archive's spellings match too

    def _outcomes(self, section: _At) -> dict[str, Outcome]:
        out: dict[str, Outcome] = {}
        seen: dict[str, int] = {}
        for at in section.sequence("a list of outcomes"):
            f = at.fields(("id", "title"), ("lead",))
            oid = f["id"].unique(f["id"].identifier(_ITEM_ID, "an outcome id: a letter like A or a name like "
                                                    "national"), seen, "outcome id")
            out[oid] = Outcome(oid, f["title"].text(), f["lead"].text() if "lead" in f else None)
        if not out:
            section.fail("expected at least one outcome")
        return out

    def _measures(self, section: _At | None) -> dict[str, Measure]:
        out: dict[str, Measure] = {}
        if section is None:
            return out
        keys = ("groups", "categories", "flags", "hate_strands", "location_types", "improvement_direction",
                "unit")
        for mid, at in section.mapping("a mapping of measure id to its definition").items():
            if not _NAME.fullmatch(mid):
                section.fail("expected a measure id in lower_snake_case", mid, line=at.key_line)
            f = at.fields(("title",), keys)
            groups = self._names(f.get("groups"), reference.OFFENCE_GROUPS, "an offence group id")
            categories = self._names(f.get("categories"), reference.POLICE_UK_CRIME_TYPES,
                                     "a police.uk crime type")
            strands = self._names(f.get("hate_strands"), reference.HATE_STRANDS, "a hate strand")
            flags: dict[str, bool] = {}
            if "flags" in f:
                for name, flag in f["flags"].mapping("a mapping of flag to true or false").items():
                    if name not in FLAGS:
                        f["flags"].fail(f"expected one of the flags {', '.join(FLAGS)}", name,
                                        line=flag.key_line)
                    flags[name] = flag.boolean()
            locations = f["location_types"].texts("a list of location types") if "location_types" in f else ()
            out[mid] = Measure(
                id=mid, title=f["title"].text(), groups=groups, categories=categories,
                flags=FrozenDict(flags), hate_strands=strands, location_types=locations,
                improvement_direction=f["improvement_direction"].choice(DIRECTIONS)
                if "improvement_direction" in f else "decrease",
                unit=f["unit"].text() if "unit" in f else "offences",
            )
        return out

    @staticmethod
    def _names(at: _At | None, known: Any, expected: str) -> tuple[str, ...]:
        if at is None:
            return ()
        out: list[str] = []
        for item in at.sequence(f"a list, each {expected}"):
            value = item.ref(known, expected)
            if value in out:
                item.fail("expected each name once", value)
            out.append(value)
        return tuple(out)

    def _surveys(self, section: _At | None) -> dict[str, SurveyMeasure]:
        out: dict[str, SurveyMeasure] = {}
        if section is None:
            return out
        for sid, at in section.mapping("a mapping of survey measure id to its definition").items():
            if not _NAME.fullmatch(sid):
                section.fail("expected a survey measure id in lower_snake_case", sid, line=at.key_line)
            f = at.fields(("title", "survey"), ("question", "improvement_direction"))
            out[sid] = SurveyMeasure(
                id=sid, title=f["title"].text(), survey=f["survey"].choice(SURVEYS),
                question=f["question"].choice(SURVEY_QUESTIONS) if "question" in f else "overall",
                improvement_direction=f["improvement_direction"].choice(DIRECTIONS)
                if "improvement_direction" in f else "increase",
            )
        return out

    @staticmethod
    def _measure_ref(at: _At, measures: Mapping[str, Measure]) -> str:
        return at.ref(measures, "a measure id declared under measures")

    def _rates(self, section: _At | None, measures: Mapping[str, Measure],
               sets: Mapping[str, frozenset[Any]]) -> dict[str, RateMeasure]:
        out: dict[str, RateMeasure] = {}
        if section is None:
            return out
        for rid, at in section.mapping("a mapping of rate id to its definition").items():
            if not _NAME.fullmatch(rid):
                section.fail("expected a rate id in lower_snake_case", rid, line=at.key_line)
            f = at.fields(("title", "numerator"), ("denominator", "improvement_direction", "basis"))
            num = f["numerator"].fields(("measure", "outcomes"))
            numerator = self._measure_ref(num["measure"], measures)
            denominator = numerator
            if "denominator" in f:
                denominator = self._measure_ref(f["denominator"].fields(("measure",))["measure"], measures)
            outcomes_at = num["outcomes"]
            set_name: str | None = None
            if isinstance(outcomes_at.node, yaml.ScalarNode):
                set_name = outcomes_at.ref(sets, "an outcome set name or a list of outcome types")
                positive = sets[set_name]
            else:
                positive = self._outcome_list(outcomes_at)
            labels = all(isinstance(v, str) for v in positive)
            basis = f["basis"].choice(RATE_BASES) if "basis" in f else ("cohort" if labels else "period")
            out[rid] = RateMeasure(
                id=rid, title=f["title"].text(), numerator_measure=numerator,
                positive_outcomes=None if labels else frozenset(positive),
                positive_outcome_labels=frozenset(positive) if labels else None,
                outcome_set_name=set_name, denominator_measure=denominator,
                improvement_direction=f["improvement_direction"].choice(DIRECTIONS)
                if "improvement_direction" in f else "increase",
                basis=basis,
            )
        return out

    def _milestones(self, section: _At | None, outcomes: Mapping[str, Outcome],
                    measures: Mapping[str, Measure], rates: Mapping[str, RateMeasure],
                    surveys: Mapping[str, SurveyMeasure]) -> dict[str, Milestone]:
        out: dict[str, Milestone] = {}
        seen: dict[str, int] = {}
        if section is None:
            return out
        for at in section.sequence("a list of milestones"):
            f = at.fields(("id", "outcome", "title", "target", "lead"),
                          ("measure", "rate", "survey", "kind", "cadence", "area"))
            mid = f["id"].unique(f["id"].identifier(_ITEM_ID, "a milestone id (letters, digits, _ . -)"),
                                 seen, "milestone id")
            subjects = [key for key in ("measure", "rate", "survey") if key in f]
            if len(subjects) != 1:
                at.fail("expected exactly one of the keys measure, rate, survey",
                        _Raw(", ".join(subjects) or "none of them"))
            subject = subjects[0]
            known: Mapping[str, Any] = {"measure": measures, "rate": rates, "survey": surveys}[subject]
            ref = f[subject].ref(known, f"a {subject} id declared under {subject}s")
            kind = f["kind"].choice(MILESTONE_KINDS) if "kind" in f else (
                "change" if subject == "measure" else "level")
            if kind == "level" and subject == "measure":
                f["kind"].fail("expected change for a count measure (a level needs a rate or a survey)", kind)
            exact, text = f["target"].percentage()
            if kind == "level" and not 0 <= exact <= 1:
                f["target"].fail("expected a level between 0% and 100%", f["target"].value())
            if kind == "change" and exact <= -1:
                f["target"].fail("expected a change above -100%", f["target"].value())
            out[mid] = Milestone(
                id=mid, outcome=self._outcome_ref(f["outcome"], outcomes), title=f["title"].text(),
                measure=ref if subject == "measure" else None, rate=ref if subject == "rate" else None,
                kind=kind, target=float(exact), lead=f["lead"].text(),
                cadence=f["cadence"].choice(CADENCES) if "cadence" in f else None,
                survey=ref if subject == "survey" else None, target_text=text,
                area=f["area"].identifier(_AREA, "an area code or area set name") if "area" in f else None,
            )
        return out

    @staticmethod
    def _outcome_ref(at: _At, outcomes: Mapping[str, Outcome]) -> str:
        return at.ref(outcomes, "an outcome id declared under outcomes")

    def _deliverables(self, section: _At | None, outcomes: Mapping[str, Outcome]) -> dict[str, Deliverable]:
        out: dict[str, Deliverable] = {}
        seen: dict[str, int] = {}
        if section is None:
            return out
        for at in section.sequence("a list of deliverables"):
            f = at.fields(("id", "outcome", "title", "lead"), ("cadence", "covered_elsewhere"))
            did = f["id"].unique(f["id"].identifier(_ITEM_ID, "a deliverable id (letters, digits, _ . -)"),
                                 seen, "deliverable id")
            out[did] = Deliverable(
                id=did, outcome=self._outcome_ref(f["outcome"], outcomes), title=f["title"].text(),
                lead=f["lead"].text("a lead, e.g. ACC Local Policing"),
                cadence=f["cadence"].choice(CADENCES) if "cadence" in f else None,
                covered_elsewhere=f["covered_elsewhere"].text() if "covered_elsewhere" in f else None,
            )
        return out

    def _tables(self, section: _At | None, kinds: Mapping[str, Mapping[str, Any]]) -> dict[str, Table]:
        out: dict[str, Table] = {}
        if section is None:
            return out
        for tid, at in section.mapping("a mapping of table id to its definition").items():
            if not _NAME.fullmatch(tid):
                section.fail("expected a table id in lower_snake_case", tid, line=at.key_line)
            f = at.fields(("title", "kind", "rows"))
            kind = f["kind"].choice(TABLE_KINDS)
            known = kinds[kind]
            rows: list[str] = []
            for item in f["rows"].sequence(f"a list of {kind} ids"):
                value = item.ref(known, f"a {kind[:-1]} id declared under {kind}")
                if value in rows:
                    item.fail("expected each row once", value)
                rows.append(value)
            if not rows:
                f["rows"].fail("expected at least one row")
            out[tid] = Table(tid, f["title"].text(), kind, tuple(rows))
        return out


# --------------------------------------------------------------------------- loading


def _plans_root() -> Any:
    return resources.files(_PLANS_PACKAGE) / _PLANS_DIR


def shipped_plans() -> list[str]:
    """Names of the plans shipped in ``crimeplan/plans/`` (each ``<name>/plan.yaml``)."""
    root = _plans_root()
    if not root.is_dir():
        return []
    return sorted(entry.name for entry in root.iterdir() if entry.is_dir() and (entry / _PLAN_FILE).is_file())


def load_plan(name_or_path: str | os.PathLike[str]) -> Plan:
    """Load a shipped plan by name (``wmp-2013-14``) or a plan file by path."""
    text_name = os.fspath(name_or_path)
    names = shipped_plans()
    if text_name in names:
        resource = _plans_root() / text_name / _PLAN_FILE
        with resources.as_file(resource) as path:
            return _load_file(Path(path), shown=str(path))
    path = Path(text_name)
    if path.is_dir() and (path / _PLAN_FILE).is_file():
        path = path / _PLAN_FILE
    if not path.is_file():
        raise PlanError(f"no plan named {text_name!r}: expected a shipped plan "
                        f"({', '.join(names) or 'none shipped'}) or the path of a plan file")
    return _load_file(path, shown=text_name if Path(text_name) == path else str(path))


def _load_file(path: Path, *, shown: str) -> Plan:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanError(f"{shown}: cannot read the plan file ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlanError(f"{shown}: expected a UTF-8 text file, "
                        f"got undecodable bytes at offset {exc.start}") from None
    return parse_plan(text, shown, source_path=str(path))
