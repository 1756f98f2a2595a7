"""The plan file: parse, validate and freeze a Police and Crime Plan.

A plan is a YAML file (format: ``docs/plan-format.md``) naming the plan's outcomes, its measures
(named filters over offence groups, police.uk crime types and flags — never SQL), its rates
(numerator and denominator measures, and which outcome types count as positive), survey
measures, milestones with % targets, deliverables with leads and cadences, and the tables a
board paper shows.

- :mod:`~crimeplan.plan.model`: the frozen :class:`Plan` and its parts, and the names a plan may use;
- :mod:`~crimeplan.plan.source`: the YAML node tree, so every error names the file, the line and the key path
  (``plan.yaml:41 milestones[2].target: expected a percentage like -5%, got 'five'``);
- :mod:`~crimeplan.plan.parser`: validation, once, section by section; everything downstream trusts the Plan;
- :mod:`~crimeplan.plan.files`: the shipped plans by name, or a plan file by path;
- :mod:`~crimeplan.plan.percentages`: "-5%" and its spellings.
"""

from __future__ import annotations

from crimeplan.plan.files import load_plan, shipped_plans
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
from crimeplan.plan.parser import parse_plan
from crimeplan.plan.percentages import parse_percentage

__all__ = [
    "CADENCES", "DEFAULT_SPC_PROFILE", "DIRECTIONS", "FLAGS", "MILESTONE_KINDS", "RATE_BASES", "SURVEYS",
    "SURVEY_QUESTIONS", "TABLE_KINDS", "Deliverable", "FrozenDict", "Measure", "Milestone", "Outcome", "Plan",
    "RateMeasure", "SurveyMeasure", "Table", "load_plan", "parse_percentage", "parse_plan", "shipped_plans",
]
