"""A plan's measures as Ibis predicates over canonical crime records.

A measure is a declared filter (offence groups, police.uk crime types, flags), never SQL from a
file. A record with a Home Office offence code is matched by code; a record without one (police.uk
data) by its crime type.
"""

from __future__ import annotations

import functools
from datetime import date

import ibis
import ibis.expr.types as ir

from crimeplan import reference
from crimeplan.plan import Measure

LONG_LIST = 16
"""Code lists longer than this are matched through a one-column table (a hash semi-join) rather than
an ``IN (…)`` list, which DuckDB 2.0 evaluates as a chain of comparisons: Total Recorded Crime's 125
codes over a 6.3 million-row cube took 1.28 s as a list and 0.06 s as a table (docs/performance.md)."""


def measure_predicate(t: ir.Table, measure: Measure, on: date | None = None) -> ir.BooleanValue:
    conditions: list[ir.BooleanValue] = []
    if measure.groups or measure.categories:
        codes = sorted(reference.codes_for_groups(measure.groups, on)) if measure.groups else []
        categories = sorted(set(reference.categories_for_groups(measure.groups)) | set(measure.categories)
                            if measure.groups else set(measure.categories))
        by_code = is_one_of(t.offence_code, codes) if codes else ibis.literal(False)
        by_category = (t.offence_code.isnull() & is_one_of(t.category, categories) if categories
                       else ibis.literal(False))
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


def is_asb(measure: Measure) -> bool:
    """Anti-social behaviour is not crime: it is counted from its own table (``asb``), not ``crimes``."""
    return measure.categories == (reference.ASB_LABEL,) and not measure.groups


def positive_outcome_predicate(t: ir.Table, numbers: frozenset[int] | None,
                               labels: frozenset[str] | None) -> ir.BooleanValue:
    if labels:
        return t.outcome_label.isin(sorted(labels))
    return t.outcome_type.isin(sorted(numbers or ()))


def is_one_of(column: ir.StringColumn, values: list[str]) -> ir.BooleanValue:
    """``column`` is one of ``values``: an ``IN`` list when short, a semi-join on a table when long."""
    if len(values) <= LONG_LIST:
        return column.isin(values)
    return column.isin(_values_table(tuple(values)).value)


@functools.lru_cache(maxsize=256)
def _values_table(values: tuple[str, ...]) -> ir.Table:
    """The list as a one-column table, ``SELECT UNNEST([...]) AS value``: part of the query's own SQL, so
    it runs on any connection with nothing to register (an ``ibis.memtable`` needs its backend to
    register it, and builds it through pandas, ~0.3 s to import: start-up speed)."""
    return ibis.array(list(values)).cast("array<string>").unnest().name("value").as_table()
