"""Direction words: whether a stated figure is a rise or a fall ("rose by 1,900", "2.3 % lower",
"8.7 % (1,552 offences) higher", "1,716 more offences")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from crimeplan.report.numbercheck.figures import Num

RISE_WORDS = frozenset(["higher", "up", "more", "increase", "increased", "increases", "rise", "rises", "rose",
                        "risen", "grew", "grown", "growth"])
FALL_WORDS = frozenset(["lower", "down", "fewer", "less", "decrease", "decreased", "decreases", "reduction",
                        "reductions", "reduced", "fall", "falls", "fell", "fallen", "drop", "dropped"])

CHANGE_AFTER = re.compile(r"^\s*(?:\(([^)]*)\)\s*)?(higher|lower|up|down|more|fewer|increase|decrease|reduction)\b",
                          re.IGNORECASE)
"""A percentage followed by its direction, with an optional bracket between ("8.7 % (1,552 offences) higher")."""

_COUNT_AFTER = re.compile(r"^\s*(?:(?:extra|additional|offences|crimes|victims|incidents)\s+)?"
                          r"(higher|lower|more|fewer|less)\b", re.IGNORECASE)
_BEFORE = re.compile(r"\b(increases?|increased|reductions?|reduced|decreases?|decreased|rises?|rose|risen|falls?|"
                     r"fell|fallen|drop|dropped|grew|up|down)\s+(?:(?:of|by)\s+)?(?:a\s+further\s+)?$",
                     re.IGNORECASE)
_AFTER_BRACKET = re.compile(r"^\s*\)\s*(?:higher|lower|more|fewer|up|down)\b", re.IGNORECASE)
_WINDOW = 30
"""Characters before a figure searched for its direction word ("has risen by ")."""


@dataclass(frozen=True)
class Direction:
    """The direction a sentence gives a figure: +1 a rise, -1 a fall; ``word`` as written;
    ``bracket`` the text of a bracket between the figure and its word (its other half)."""

    sign: int
    word: str
    bracket: str | None = None


def sign_of(word: str) -> int:
    w = word.lower()
    return 1 if w in RISE_WORDS else -1 if w in FALL_WORDS else 0


def direction(sentence: str, num: Num) -> Direction | None:
    """The rise or fall a sentence states for ``num``: a word after it ("2.3 % higher", "1,716 more
    offences") or before it ("rose by 1,900", "an increase of 4.5 %")."""
    if num.percent:
        after = CHANGE_AFTER.match(sentence[num.end:])
        if after:
            return Direction(sign_of(after.group(2)), after.group(2), after.group(1))
    else:
        counted = _COUNT_AFTER.match(sentence[num.end:])
        if counted:
            return Direction(sign_of(counted.group(1)), counted.group(1))
    before = _BEFORE.search(sentence[max(0, num.start - _WINDOW):num.start])
    if before:
        return Direction(sign_of(before.group(1)), before.group(1))
    return None


def closes_a_change(sentence: str, share: Num) -> bool:
    """ "1,552 offences (8.7 %) higher": the bracket ends and a direction word follows."""
    return bool(_AFTER_BRACKET.match(sentence[share.end:]))
