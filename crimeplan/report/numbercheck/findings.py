"""The check itself: every passage, table and cross-reference of a document run through each check,
the findings in document order, each once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from crimeplan.report.numbercheck.changes import change_statements
from crimeplan.report.numbercheck.consistency import check_consistency
from crimeplan.report.numbercheck.crossrefs import check_cross_references
from crimeplan.report.numbercheck.differences import stated_differences
from crimeplan.report.numbercheck.figures import Num, numbers, period_of, sentences
from crimeplan.report.numbercheck.model import CheckDocument, Fact, NumberWarning, Passage, Subject
from crimeplan.report.numbercheck.shares import bracketed_shares, share_of_subject
from crimeplan.report.numbercheck.tables import check_table


def check(document: CheckDocument, facts: Sequence[Fact] = (), subjects: Sequence[Subject] = ()
          ) -> list[NumberWarning]:
    """Every warning for the document, in document order (passages, then tables)."""
    facts = list(facts)
    out: list[NumberWarning] = []
    for passage in document.passages:
        out += _check_passage(passage, facts)
    out += check_consistency(document.passages, subjects)
    out += check_cross_references(document)
    for table in document.tables:
        out += check_table(table, document.passages, facts)
    return _dedupe(out)


def _check_passage(passage: Passage, facts: list[Fact]) -> list[NumberWarning]:
    out: list[NumberWarning] = []
    previous: list[Num] = []
    for sentence in sentences(passage.text):
        nums = numbers(sentence)
        period = period_of(sentence)
        out += bracketed_shares(passage, sentence, nums, previous)
        out += share_of_subject(passage, sentence, nums, facts, period)
        out += change_statements(passage, sentence, nums, facts, period)
        out += stated_differences(passage, sentence, nums, previous)
        previous = [n for n in nums if n.is_count] or previous
    return out


def _dedupe(warnings: Iterable[NumberWarning]) -> list[NumberWarning]:
    seen, out = set(), []
    for w in warnings:
        if (w.where, w.message) not in seen:
            seen.add((w.where, w.message))
            out.append(w)
    return out
