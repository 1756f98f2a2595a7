"""Differences between two stated figures: "174,526 against 170,635, which is 1,716 more offences"
(it is 3,891), "from 170,635 to 174,526, a rise of 2.3 %"."""

from __future__ import annotations

import re

from crimeplan.render.formatting import count
from crimeplan.report.numbercheck.directions import direction
from crimeplan.report.numbercheck.figures import Num, agrees, approximate, recomputed
from crimeplan.report.numbercheck.model import NumberWarning, Passage

_INTRO = re.compile(r"(?:\b(?:which|that|this|it)\s+is\s+(?:an?\s+)?|\bi\.e\.\s+|"
                    r"\b(?:a|an|the)\s+(?:difference|increase|rise|reduction|decrease|fall|drop|change)\s+of\s+)"
                    r"(?:only\s+|just\s+)?$", re.IGNORECASE)
_FROM_TO = re.compile(r"\bfrom\s+$")
_WINDOW = 40
"""Characters before a figure searched for what introduces it as a difference ("which is ")."""


def stated_differences(passage: Passage, sentence: str, nums: list[Num], previous: list[Num]
                       ) -> list[NumberWarning]:
    """A figure introduced as the difference of the two counts stated just before it (in the
    sentence, or in the last sentence when this one states none before it)."""
    out: list[NumberWarning] = []
    for i, num in enumerate(nums):
        if approximate(sentence, num) or not (num.percent or num.is_count) or not _introduced(sentence, num):
            continue
        before = [n for n in nums[:i] if n.is_count]
        pair = before[-2:] if len(before) >= 2 else (previous[-2:] if not before and len(previous) >= 2 else [])
        if len(pair) < 2 or any(approximate(sentence, n) for n in pair if n in before):
            continue
        first, second = pair
        out += _judge(passage, sentence, num, first, second, pair[0] in before)
    return out


def _introduced(sentence: str, num: Num) -> bool:
    head = sentence[max(0, num.start - _WINDOW):num.start]
    if _INTRO.search(head):
        return True
    said = direction(sentence, num)
    return num.is_count and said is not None and said.word.lower() in ("more", "fewer", "less")


def _judge(passage: Passage, sentence: str, num: Num, first: Num, second: Num, same_sentence: bool
           ) -> list[NumberWarning]:
    gap = second.value - first.value
    pair = f"{first.text} and {second.text}"
    if num.is_count:
        if abs(num.value) != abs(gap):
            return [NumberWarning(passage.where, "difference", f"{num.text}: the difference between {pair} is "
                                  f"{count(abs(gap))}")]
        return _direction_from_to(passage, sentence, num, first, gap) if same_sentence else []
    bases = [b.value for b in (first, second) if b.value]
    if bases and not any(agrees(num.value, num.decimals, abs(gap) / b * 100) for b in bases):
        shown = recomputed(abs(gap) / first.value, num) if first.value else recomputed(abs(gap) / second.value, num)
        return [NumberWarning(passage.where, "difference", f"{num.text}: the change from {first.text} to "
                              f"{second.text} is {shown}")]
    return _direction_from_to(passage, sentence, num, first, gap) if same_sentence else []


def _direction_from_to(passage: Passage, sentence: str, num: Num, first: Num, gap: float) -> list[NumberWarning]:
    """ "from A to B, a fall of N" when B is above A."""
    said = direction(sentence, num)
    if said is None or not said.sign or not gap or not _FROM_TO.search(sentence[max(0, first.start - 6):first.start]):
        return []
    if (gap > 0) == (said.sign > 0):
        return []
    return [NumberWarning(passage.where, "direction", f"“{said.word}” {num.text}: from {first.text} to the next "
                          f"figure is a {'rise' if gap > 0 else 'fall'}")]
