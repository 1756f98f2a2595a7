"""Changes stated for a measure against the data: "<measure> is p % (N offences) higher than …",
"<measure> rose by N offences (p %)", "<measure> fell by p %": the size of the change (percentage
and count) and its direction (rise or fall)."""

from __future__ import annotations

import re

from crimeplan.render.formatting import count
from crimeplan.report.numbercheck.directions import Direction, direction
from crimeplan.report.numbercheck.figures import Num, agrees, approximate, numbers, period_key, recomputed
from crimeplan.report.numbercheck.model import Fact, NumberWarning, Passage
from crimeplan.report.numbercheck.words import subject_in

_NOT_A_CHANGE = re.compile(r"\b(rate|satisfaction|confidence|average|proportion|share)\b")
"""Words between the measure and the figure that make the figure something other than the
measure's change ("Violence With Injury's solved rate is 3 % higher")."""
_AIMED = re.compile(r"\b(milestones?|targets?|aims?|aim(?:ed|ing)?\s+to)\b", re.IGNORECASE)
"""Words before the figure that make it an aim, not a result ("the milestone for Total Recorded
Crime is a 5 % reduction")."""


def change_statements(passage: Passage, sentence: str, nums: list[Num], facts: list[Fact],
                      period: str | None) -> list[NumberWarning]:
    """Every percentage or count the sentence gives a direction, for the measure it names before it."""
    out: list[NumberWarning] = []
    for i, num in enumerate(nums):
        if approximate(sentence, num) or not (num.percent or num.is_count):
            continue
        if num.is_count and sum(1 for n in nums[:i] if n.is_count) >= 2:
            continue  # a difference of two stated figures: see differences.py
        said = direction(sentence, num)
        subject = _changed_subject(sentence, num, facts) if said else None
        if said is None or subject is None:
            continue
        changes = _facts(facts, subject, "change", period)
        if num.percent:
            out += _percent_change(passage, subject, num, said, changes, facts)
        else:
            out += _count_change(passage, sentence, subject, num, said, changes, facts)
    return out


def _changed_subject(sentence: str, num: Num, facts: list[Fact]) -> str | None:
    """The measure named before the figure, with nothing between that makes it another quantity."""
    head = sentence[:num.start]
    named = subject_in(head, facts)
    if named is None:
        return None
    between = head[named[1]:].lower()
    if _NOT_A_CHANGE.search(between) or "," in between or _AIMED.search(head):
        return None
    return named[0]


def _facts(facts: list[Fact], subject: str, quantity: str, period: str | None) -> list[Fact]:
    """The subject's facts of one quantity, for the sentence's period when it names one."""
    found = [f for f in facts if f.subject == subject and f.quantity == quantity]
    if period:
        found = [f for f in found if period in (period_key(f.period), period_key(f.baseline))]
    return found


def _percent_change(passage: Passage, subject: str, num: Num, said: Direction, changes: list[Fact],
                    facts: list[Fact]) -> list[NumberWarning]:
    out = []
    for f in changes:
        if not agrees(num.value, num.decimals, f.value * 100):
            out.append(NumberWarning(passage.where, "measure", f"{subject} {num.text}: the data give "
                                     f"{recomputed(f.value)} ({f.period} against {f.baseline})"))
        out += _wrong_direction(passage, subject, num, said, f, recomputed(abs(f.value)))
        inner = [n for n in numbers(said.bracket or "") if n.is_count][:1]
        for n in inner:
            out += _count_against_difference(passage, subject, n, None, _by_period(facts, subject, f.period))
    return out


def _count_change(passage: Passage, sentence: str, subject: str, num: Num, said: Direction, changes: list[Fact],
                  facts: list[Fact]) -> list[NumberWarning]:
    """ "rose by N offences (p %)": N against the difference, p against the change, both their directions."""
    differences = [d for d in facts if d.subject == subject and d.quantity == "difference"
                   and any(d.period == c.period for c in changes)]
    out = _count_against_difference(passage, subject, num, said, differences)
    share = _bracketed_percent(sentence, num)
    if share is None:
        return out
    for f in changes:
        if not agrees(share.value, share.decimals, f.value * 100):
            out.append(NumberWarning(passage.where, "measure", f"{subject} {num.text} ({share.text}): the data give "
                                     f"{recomputed(f.value)} ({f.period} against {f.baseline})"))
    return out


def _by_period(facts: list[Fact], subject: str, period: str | None) -> list[Fact]:
    return [d for d in facts if d.subject == subject and d.quantity == "difference" and d.period == period]


def _count_against_difference(passage: Passage, subject: str, n: Num, said: Direction | None,
                              differences: list[Fact]) -> list[NumberWarning]:
    out = []
    for d in differences:
        if abs(n.value) != abs(d.value):
            out.append(NumberWarning(passage.where, "measure", f"{subject} ({n.text}): the data give a difference "
                                     f"of {count(abs(d.value))} ({d.period} against {d.baseline})"))
        if said is not None:
            out += _wrong_direction(passage, subject, n, said, d, count(abs(d.value)))
    return out


def _wrong_direction(passage: Passage, subject: str, num: Num, said: Direction, fact: Fact,
                     size: str) -> list[NumberWarning]:
    actual = (fact.value > 0) - (fact.value < 0)
    if not said.sign or not actual or said.sign == actual:
        return []
    what = "rise" if actual > 0 else "fall"
    return [NumberWarning(passage.where, "direction", f"{subject} “{said.word}” {num.text}: the data give a {what} "
                          f"of {size} ({fact.period} against {fact.baseline})")]


_BRACKETED_PERCENT = re.compile(r"^\s*(?:[A-Za-z]+\s+){0,2}\(\s*")


def _bracketed_percent(sentence: str, num: Num) -> Num | None:
    """The "(p %)" right after a count ("1,900 offences (8.7 %)")."""
    m = _BRACKETED_PERCENT.match(sentence[num.end:])
    if not m:
        return None
    found = numbers(sentence[num.end + m.end():])
    first = found[0] if found else None
    return first if first is not None and first.percent and first.start == 0 else None
