"""Cross-references: "see paragraph 21", "paragraphs 38-41", "Table 3" against what those
paragraphs are about (the words of the referring sentence, weighted by rarity)."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from crimeplan.report.numbercheck.figures import sentences
from crimeplan.report.numbercheck.model import CheckDocument, NumberWarning, Passage
from crimeplan.report.numbercheck.words import terms

CROSS_REFERENCE_RATIO = 0.5
"""A referenced paragraph scoring below this share of the best-matching paragraph is flagged."""

CROSS_REFERENCE_MIN_SCORE = 4.0
"""Below this topic score the referring sentence says too little to judge a cross-reference."""

_CROSS_REF = re.compile(r"\b(?:paragraphs?|paras?\.?)\s+(\d{1,3})(?:\s*(?:-|–|to|and)\s*(\d{1,3}))?", re.IGNORECASE)
_LABEL_REF = re.compile(r"\b(Table|Figure)\s+(\d{1,3})\b")
_DOCUMENT = r"(?:paper|report|plan|strategy|minutes|update|review|act)"
_OTHER_BEFORE = re.compile(rf"(?<!\bthis )\b{_DOCUMENT}(?:'s|’s)?[,\s]+$", re.IGNORECASE)
_OTHER_AFTER = re.compile(rf"^\s*(?:of|in)\s+(?!this\b)(?:the\s+)?[\w'’ ]{{0,40}}?\b{_DOCUMENT}\b", re.IGNORECASE)
"""A paragraph of another document ("paper para 81", "paragraph 4 of the January report"): not
this paper's, so not checked ("paragraphs 38-41 of this report" is)."""


@dataclass(frozen=True)
class _Index:
    """The numbered paragraphs: their words, the rarity of each word, and the blocks they form."""

    by_number: dict[int, Passage]
    bags: dict[int, set[str]]
    idf: dict[str, float]
    groups: dict[str, list[int]]

    @classmethod
    def of(cls, document: CheckDocument) -> _Index:
        numbered = [(p.number, p) for p in document.passages if p.number is not None]
        bags = {n: terms(p.text) | terms(p.heading) for n, p in numbered}
        df: dict[str, int] = defaultdict(int)
        for bag in bags.values():
            for t in bag:
                df[t] += 1
        groups: dict[str, list[int]] = defaultdict(list)
        for number, p in numbered:
            groups[p.group].append(number)
        return cls(dict(numbered), bags, {t: math.log(len(numbered) / n) for t, n in df.items()}, groups)

    def score(self, topic: set[str], numbers: Iterable[int], referring: Passage) -> float:
        bag: set[str] = set()
        for n in numbers:
            if n != referring.number:
                bag |= self.bags[n]
        return sum(self.idf.get(t, 0.0) for t in topic & bag)


def check_cross_references(document: CheckDocument) -> list[NumberWarning]:
    index = _Index.of(document)
    out: list[NumberWarning] = []
    if not index.by_number:
        return out
    for passage in document.passages:
        for sentence in sentences(passage.text):
            for m in _CROSS_REF.finditer(sentence):
                if not _elsewhere(sentence, m):
                    out += _paragraph_reference(index, passage, sentence, m)
            for m in _LABEL_REF.finditer(sentence):
                label = f"{m.group(1)} {m.group(2)}"
                if document.labels and label not in document.labels:
                    out.append(NumberWarning(passage.where, "cross-reference", f"“{label}” does not exist"))
    return out


def _elsewhere(sentence: str, m: re.Match[str]) -> bool:
    """Is the reference to a paragraph of another document?"""
    return bool(_OTHER_BEFORE.search(sentence[max(0, m.start() - 30):m.start()])
                or _OTHER_AFTER.match(sentence[m.end():]))


def _paragraph_reference(index: _Index, passage: Passage, sentence: str, m: re.Match[str]) -> list[NumberWarning]:
    first = int(m.group(1))
    last = int(m.group(2)) if m.group(2) else first
    first, last = min(first, last), max(first, last)
    label = m.group(0)
    missing = [n for n in range(first, last + 1) if n not in index.by_number]
    if missing:
        return [NumberWarning(passage.where, "cross-reference", f"“{label}”: there is no paragraph {missing[0]}")]
    topic = terms(sentence[:m.start()] + " " + sentence[m.end():])
    return _judge_reference(index, passage, label, range(first, last + 1), topic)


def _judge_reference(index: _Index, passage: Passage, label: str, referenced: range, topic: set[str]
                     ) -> list[NumberWarning]:
    single = len(referenced) == 1
    candidates = [n for n in index.bags if n != passage.number
                  and (single or index.by_number[n].group != passage.group)]
    if not candidates:
        return []
    best = max(candidates, key=lambda n: (index.score(topic, [n], passage), -n))
    best_score = index.score(topic, [best], passage)
    if best_score < CROSS_REFERENCE_MIN_SCORE:
        return []
    block = sorted(index.groups[index.by_number[best].group])
    if single:
        first = referenced[0]
        if first == best or index.score(topic, [first], passage) >= CROSS_REFERENCE_RATIO * best_score:
            return []
        return [NumberWarning(passage.where, "cross-reference",
                              f"“{label}” is about something else; the topic is in paragraph {best}"
                              f" ({excerpt(index.by_number[best])})")]
    if all(n in block for n in referenced):
        return []
    span = f"paragraph {block[0]}" if len(block) == 1 else f"paragraphs {block[0]}–{block[-1]}"
    return [NumberWarning(passage.where, "cross-reference",
                          f"“{label}”: the topic is in {span} ({excerpt(index.by_number[best])})")]


def excerpt(passage: Passage, words: int = 8) -> str:
    """The first words of a paragraph's heading (or of its text)."""
    parts = (passage.heading or passage.text).split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
