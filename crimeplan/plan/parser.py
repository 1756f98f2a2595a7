"""Validating a plan's YAML tree section by section and freezing it into a :class:`~crimeplan.plan.model.Plan`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

import yaml

from crimeplan import forces, reference
from crimeplan.periods import FinancialYear
from crimeplan.plan.model import (
    CADENCES,
    DEFAULT_SPC_PROFILE,
    DIRECTIONS,
    FLAGS,
    MILESTONE_KINDS,
    RATE_BASES,
    SURVEY_QUESTIONS,
    SURVEYS,
    TABLE_KINDS,
    Deliverable,
    FrozenDict,
    Measure,
    Milestone,
    Outcome,
    Plan,
    RateMeasure,
    SurveyMeasure,
    Table,
)
from crimeplan.plan.source import At, Raw, compose
from crimeplan.spc.constants import PROFILES as SPC_PROFILES

_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_ITEM_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_AREA = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


def _reference_outcome_sets() -> dict[str, frozenset[Any]]:
    return {name: frozenset(values) for name, values in reference.OUTCOME_SETS.items()}


def _outcome_type_range() -> str:
    return f"{min(reference.OUTCOME_TYPES)} to {max(reference.OUTCOME_TYPES)}"


# --------------------------------------------------------------------------- the parser


_TOP = ("plan", "outcomes", "measures", "rates", "surveys", "milestones", "deliverables", "tables",
        "outcome_sets", "spc")


def parse_plan(text: str, source: str = "<plan>", *, source_path: str | None = None) -> Plan:
    """Parse and validate plan text; ``source`` names the file in error messages."""
    return _Parser(compose(text, source), text, source_path or source).plan()


class _Parser:
    def __init__(self, root: At, text: str, source_path: str) -> None:
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
    def _spc_profile(section: At | None) -> str:
        """The plan's SPC profile (``spc: {profile: qic}``); :data:`DEFAULT_SPC_PROFILE` when not set."""
        if section is None:
            return DEFAULT_SPC_PROFILE
        items = section.fields((), ("profile",), expected="a mapping with the key 'profile'")
        return items["profile"].choice(SPC_PROFILES) if "profile" in items else DEFAULT_SPC_PROFILE

    @staticmethod
    def _year(at: At) -> FinancialYear:
        value = at.value()
        try:
            return FinancialYear.parse(value)
        except ValueError:
            at.fail("expected a financial year like '2013/14'", value)

    def _outcome_sets(self, section: At | None) -> dict[str, frozenset[Any]]:
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

    def _outcome_list(self, at: At) -> frozenset[Any]:
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

    def _outcomes(self, section: At) -> dict[str, Outcome]:
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

    def _measures(self, section: At | None) -> dict[str, Measure]:
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
    def _names(at: At | None, known: Any, expected: str) -> tuple[str, ...]:
        if at is None:
            return ()
        out: list[str] = []
        for item in at.sequence(f"a list, each {expected}"):
            value = item.ref(known, expected)
            if value in out:
                item.fail("expected each name once", value)
            out.append(value)
        return tuple(out)

    def _surveys(self, section: At | None) -> dict[str, SurveyMeasure]:
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
    def _measure_ref(at: At, measures: Mapping[str, Measure]) -> str:
        return at.ref(measures, "a measure id declared under measures")

    def _rates(self, section: At | None, measures: Mapping[str, Measure],
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

    def _milestones(self, section: At | None, outcomes: Mapping[str, Outcome],
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
                        Raw(", ".join(subjects) or "none of them"))
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
    def _outcome_ref(at: At, outcomes: Mapping[str, Outcome]) -> str:
        return at.ref(outcomes, "an outcome id declared under outcomes")

    def _deliverables(self, section: At | None, outcomes: Mapping[str, Outcome]) -> dict[str, Deliverable]:
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

    def _tables(self, section: At | None, kinds: Mapping[str, Mapping[str, Any]]) -> dict[str, Table]:
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
