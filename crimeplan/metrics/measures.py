"""A plan's measures as Ibis predicates over canonical crime records.

A measure is a declared filter (offence groups, police.uk crime types, flags), never SQL from a
file. A record with a Home Office offence code is matched by code; a record without one (police.uk
data) by its crime type.
"""

from __future__ import annotations

from datetime import date

import ibis
import ibis.expr.types as ir

from crimeplan import reference
from crimeplan.plan import Measure


def measure_predicate(t: ir.Table, measure: Measure, on: date | None = None) -> ir.BooleanValue:
    conditions: list[ir.BooleanValue] = []
    if measure.groups or measure.categories:
        codes = sorted(reference.codes_for_groups(measure.groups, on)) if measure.groups else []
        categories = sorted(set(reference.categories_for_groups(measure.groups)) | set(measure.categories)
                            if measure.groups else set(measure.categories))
        by_code = t.offence_code.isin(codes) if codes else ibis.literal(False)
        by_category = t.offence_code.isnull() & t.category.isin(categories) if categories else ibis.literal(False)
        conditions.append(by_code | by_category)
    for flag, wanted in measure.flags.items():
        column = reference.FLAG_MEASURES[flag].column
        if flag == "hate":
            has = t[column].notnull() & (t[column] != "")
        else:
            has = t[column] == True  # noqa: E712 - an Ibis comparison, not a Python one
        conditions.append(has if wanted else ~has)
    if measure.hate_strands:
        strand_match = ibis.literal(False)
        for strand in measure.hate_strands:
            strand_match = strand_match | t.hate_strands.contains(strand)
        conditions.append(t.hate_strands.notnull() & strand_match)
    if measure.location_types:
        conditions.append(t.location_type.isin(list(measure.location_types)))
    predicate: ir.BooleanValue = ibis.literal(True)
    for condition in conditions:
        predicate = predicate & condition
    return predicate


def positive_outcome_predicate(t: ir.Table, numbers: frozenset[int] | None,
                               labels: frozenset[str] | None) -> ir.BooleanValue:
    if labels:
        return t.outcome_label.isin(sorted(labels))
    return t.outcome_type.isin(sorted(numbers or ()))
