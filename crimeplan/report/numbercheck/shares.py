"""Shares stated in prose: "57 offences (3.1 %)" against the count before it, and "1.5 % of Total
Recorded Crime … 1,811 crimes" against the measure's value in the data."""

from __future__ import annotations

import re

from crimeplan.render.formatting import count
from crimeplan.report.numbercheck.directions import closes_a_change, direction
from crimeplan.report.numbercheck.figures import Num, agrees, approximate, period_key, recomputed
from crimeplan.report.numbercheck.model import Fact, NumberWarning, Passage
from crimeplan.report.numbercheck.words import subject_in

_BRACKET_OPEN = re.compile(r"\s*(?:[A-Za-z]+\s+){0,3}\(\s*")
_EXPLICIT_BASE = re.compile(r"\s*\)\s*of\s+(?:the\s+)?")
_OF_AFTER = re.compile(r"^\s*of\s+(?:the\s+|all\s+)?")
_CHANGE_NOUN = re.compile(r"\b(rise|increase|reduction|fall|change|decrease)\b", re.IGNORECASE)
_SUBJECT_REACH = 25
"""A share's subject must be named within this many characters after "of" ("1.5 % of Total Recorded Crime")."""


def bracketed_shares(passage: Passage, sentence: str, nums: list[Num], previous: list[Num]) -> list[NumberWarning]:
    """ "N things (p %)": N as a share of the count before it (in this or the last sentence).
    A change ("rose by 1,900 offences (8.7 %)", "1,552 offences (8.7 %) higher") is not a share."""
    out = []
    for i, num in enumerate(nums[:-1]):
        share = nums[i + 1]
        if not (num.is_count and _is_bracketed(sentence, num, share)):
            continue
        if direction(sentence, num) or closes_a_change(sentence, share) or approximate(sentence, num):
            continue
        base = _explicit_base(sentence, share, nums) or next(
            (b for b in reversed([n for n in nums[:i] if n.is_count] or previous) if b.value > num.value), None)
        if base is None or base.value == 0:
            continue
        if not agrees(share.value, share.decimals, num.value / base.value * 100):
            out.append(NumberWarning(passage.where, "share",
                                     f"{num.text} ({share.text}) of {base.text}: {num.text} is "
                                     f"{recomputed(num.value / base.value, share)} of {base.text}, not {share.text}"))
    return out


def _is_bracketed(sentence: str, num: Num, share: Num) -> bool:
    return (share.percent and bool(_BRACKET_OPEN.fullmatch(sentence[num.end:share.start]))
            and sentence[share.end:share.end + 2].lstrip().startswith(")"))


def _explicit_base(sentence: str, share: Num, nums: list[Num]) -> Num | None:
    m = _EXPLICIT_BASE.match(sentence[share.end:])
    if not m:
        return None
    at = share.end + m.end()
    return next((n for n in nums if n.start == at and n.is_count), None)


def share_of_subject(passage: Passage, sentence: str, nums: list[Num], facts: list[Fact],
                     period: str | None) -> list[NumberWarning]:
    """ "p % of <measure> … N": N ÷ the measure's value in the data (its count or its change)."""
    out = []
    for num in nums:
        found = _share_and_subject(sentence, num, nums, facts) if num.percent else None
        if found is None:
            continue
        subject, amount, is_change = found
        wanted = ("difference",) if is_change else ("count", "recorded")
        bases = [f for f in facts if f.subject == subject and f.quantity in wanted]
        in_period = [f for f in bases if period_key(f.period) == period] if period else []
        candidates = in_period or bases
        if not candidates or any(f.value and agrees(num.value, num.decimals, amount.value / abs(f.value) * 100)
                                 for f in candidates):
            continue
        shown = "; ".join(f"{recomputed(amount.value / abs(f.value), num)} of {count(abs(f.value))}"
                          + (f" ({f.period})" if f.period else "") for f in candidates if f.value)
        out.append(NumberWarning(passage.where, "share",
                                 f"{num.text} of {subject} with {amount.text}: {amount.text} is {shown}"
                                 f" in the data, not {num.text}"))
    return out


def _share_and_subject(sentence: str, num: Num, nums: list[Num], facts: list[Fact]) -> tuple[str, Num, bool] | None:
    """For "p % of <measure>": the measure, the count nearest p, and whether p is a share of a change."""
    m = _OF_AFTER.match(sentence[num.end:])
    if not m:
        return None
    after = sentence[num.end + m.end(): num.end + m.end() + 60]
    named = subject_in(after, facts)
    if named is None or named[1] > _SUBJECT_REACH:
        return None
    counts = [n for n in nums if n.is_count and n is not num]
    if not counts:
        return None
    amount = min(counts, key=lambda n: abs(n.start - num.start))
    if approximate(sentence, amount):
        return None
    return named[0], amount, bool(_CHANGE_NOUN.search(after[: max(named[1], 0)]))
