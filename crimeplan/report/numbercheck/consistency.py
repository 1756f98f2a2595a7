"""Consistency: the same subject and period given two different values in two places (61 and 63
religious hate crimes for 2013/14; crime satisfaction 83.8 % and 77.7 %)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from crimeplan.report.numbercheck.directions import CHANGE_AFTER
from crimeplan.report.numbercheck.figures import MONTHS, Num, agrees, approximate, fy, numbers, period_of, sentences
from crimeplan.report.numbercheck.model import NumberWarning, Passage, Subject
from crimeplan.report.numbercheck.words import terms

SUBJECT_WINDOW = 6
"""Words after a count searched for the acronym it counts ("63 (4 %) have the RI marker")."""

_ACRONYM_DEF = re.compile(r"\(([A-Z]{2,5})\)")
_MONTHLY = re.compile(r"\b(month|monthly|a month|per month|average)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Statement:
    subject: str
    period: str
    kind: str
    value: float
    decimals: int
    text: str
    where: str


def check_consistency(passages: Sequence[Passage], subjects: Sequence[Subject]) -> list[NumberWarning]:
    acronyms = {m.group(1) for p in passages for m in _ACRONYM_DEF.finditer(p.text)}
    by_key: dict[tuple[str, str, str], list[_Statement]] = defaultdict(list)
    for passage in passages:
        for s in _statements(passage, acronyms, subjects):
            by_key[(s.subject, s.period, s.kind)].append(s)
    out = []
    for (subject, period, kind), group in by_key.items():
        first = group[0]
        for other in group[1:]:
            if not _same(kind, first, other) and other.where != first.where:
                out.append(NumberWarning(other.where, "consistency",
                                         f"{subject} for {fy(period)} is {other.text} here but {first.text} "
                                         f"in {first.where}"))
    return out


def _same(kind: str, first: _Statement, other: _Statement) -> bool:
    if kind == "count":
        return other.value == first.value
    return agrees(other.value, other.decimals, first.value) or agrees(first.value, first.decimals, other.value)


def _statements(passage: Passage, acronyms: set[str], subjects: Sequence[Subject]) -> list[_Statement]:
    out = []
    for sentence in sentences(passage.text):
        period = period_of(sentence)
        if period is None:
            continue
        for num in numbers(sentence):
            if approximate(sentence, num) or num.is_year:
                continue
            subject, kind = _subject_of(sentence, num, passage.heading, acronyms, subjects)
            if subject:
                statement = _Statement(subject, period, kind, num.value, 0 if kind == "count" else num.decimals,
                                       num.text, passage.where)
                out.append(statement)
    return out


def _subject_of(sentence: str, num: Num, heading: str, acronyms: set[str], subjects: Sequence[Subject]
                ) -> tuple[str | None, str]:
    if num.is_count:
        return _acronym_after(sentence, num, acronyms), "count"
    if num.percent:
        return _level_subject(sentence, num, heading, subjects), "level"
    return None, ""


def _acronym_after(sentence: str, num: Num, acronyms: set[str]) -> str | None:
    tail = re.sub(r"^\s*\(\s*\d+(?:\.\d+)?\s?%\s*\)", " ", sentence[num.end:])
    stop = re.search(r"[,;:.]\s|\d", tail)
    words = re.findall(r"[A-Za-z%()]+", tail[: stop.start() if stop else len(tail)])[:SUBJECT_WINDOW]
    for w in words:
        w = w.strip("()")
        if w in acronyms:
            return w
    return None


Scorer = Callable[[str], list[tuple[int, str]]]


def _level_subject(sentence: str, num: Num, heading: str, subjects: Sequence[Subject]) -> str | None:
    """A survey-like level ("satisfaction … 83.8 %"): the subject whose key words the sentence (or,
    when it is unclear, the heading) names best. Monthly values and changes are not levels."""
    if not subjects or _not_a_level(sentence, num):
        return None
    found_here = terms(sentence)
    named = [s for s in subjects if s.head in found_here]
    if not named:
        return None

    def scores(text: str) -> list[tuple[int, str]]:
        found = terms(text)
        return sorted(((len(found & set(s.keys)), s.name) for s in named), reverse=True)

    ranked = scores(sentence)
    if not ranked[0][0]:
        return None
    if (len(ranked) == 1 or ranked[0][0] > ranked[1][0]) and ranked[0][0] >= 2:
        return ranked[0][1]
    return _from_heading(ranked, heading, scores)


def _not_a_level(sentence: str, num: Num) -> bool:
    near = sentence[max(0, num.start - 40): num.end + 25]
    return bool(_MONTHLY.search(near) or CHANGE_AFTER.match(sentence[num.end:])
                or any(mo in sentence[max(0, num.start - 30):num.start].lower() for mo in MONTHS))


def _from_heading(ranked: list[tuple[int, str]], heading: str, scores: Scorer) -> str | None:
    tied = {name for s, name in ranked if s == ranked[0][0]}
    by_heading = [(s, n) for s, n in scores(heading) if n in tied]
    if by_heading and by_heading[0][0] and (len(by_heading) == 1 or by_heading[0][0] > by_heading[1][0]):
        return by_heading[0][1]
    return None
