"""Words and subjects: the stems a sentence is about, and which measure of the data it names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol


class Named(Protocol):
    """What :func:`subject_in` reads of a fact (``model.Fact``): its subject and the names prose uses."""

    @property
    def subject(self) -> str: ...

    @property
    def names(self) -> tuple[str, ...]: ...

STOPWORDS = frozenset(["a", "about", "above", "after", "again", "against", "all", "also", "although", "am", "an",
                       "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below",
                       "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
                       "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
                       "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
                       "last", "least", "less", "made", "make", "makes", "many", "may", "more", "most", "much",
                       "must", "my", "new", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or",
                       "other", "our", "out", "over", "own", "paragraph", "paragraphs", "para", "paras", "report",
                       "same", "see", "she", "should", "since", "so", "some", "such", "than", "that", "the", "their",
                       "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
                       "until", "up", "upon", "us", "very", "was", "we", "were", "what", "when", "where", "which",
                       "while", "who", "whom", "why", "will", "with", "within", "would", "year", "years", "you",
                       "your", "stated", "referred", "outlined", "above", "below", "shown", "following", "force",
                       "west", "midlands", "police", "wmp"])
"""Words that say nothing about a paragraph's topic (English function words, the paper's own
vocabulary of reference, and the force's name)."""

WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def stem(word: str) -> str:
    w = word.lower().replace("’", "'").strip("'").removesuffix("'s")
    for suffix in ("ing", "ed", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)]
    return w


def terms(text: str) -> set[str]:
    return {stem(w) for w in WORD.findall(text) if w.lower() not in STOPWORDS and len(w) >= 3}


def title_words(title: str) -> list[str]:
    """The stems of a title's content words, in order, without repeats."""
    return list(dict.fromkeys(stem(w) for w in WORD.findall(title) if w.lower() not in STOPWORDS))


def mentions(text: str, name: str) -> int:
    """Position of ``name`` in ``text`` (case-insensitive for phrases, exact for acronyms), or -1."""
    if name.isupper() and len(name) <= 5:
        m = re.search(rf"\b{re.escape(name)}\b", text)
    else:
        m = re.search(rf"\b{re.escape(name)}s?\b", text, re.IGNORECASE)
    return m.start() if m else -1


def subject_in(text: str, facts: Sequence[Named]) -> tuple[str, int] | None:
    """The fact subject named in ``text`` (the longest name wins), with its position."""
    best: tuple[int, str, int] | None = None
    for fact in facts:
        for name in fact.names:
            pos = mentions(text, name)
            if pos >= 0 and (best is None or len(name) > best[0]):
                best = (len(name), fact.subject, pos)
    return (best[1], best[2]) if best else None

