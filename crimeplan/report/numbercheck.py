"""The number check: every figure a paper states is recomputed before the paper is written.

A board paper mixes figures rendered from the results with prose written by people (deliverable
updates, text blocks). The seed paper shows what goes wrong in prose (docs/domain.md §0): shares
that do not divide ("1,811 crimes, 1.5 % of TRC" when TRC was 170,635), a count given twice with
two values (61 and 63 religious hate crimes), percentages in a table that do not match their
counts, cross-references to the wrong paragraph. The checker finds these:

* **shares**: "57 offences (3.1 %)" against the count before it; "1.5 % of Total Recorded Crime …
  1,811 crimes" against the measure's value in the data; "% columns" of a table against their
  counts and the column's total (stated in the text before the table, else the column's sum);
* **totals**: a table row labelled "Total…" against the sum of the rows above it;
* **table arithmetic**: milestone tables (difference, performance, variance) and outcome tables
  (detected ÷ recorded), and their rows against the data;
* **measure statements**: "Violence With Injury is 8.7 % (1,552 offences) higher than in
  2012/13" against the milestone results;
* **consistency**: the same subject and period given two different values in two places;
* **cross-references**: "see paragraph 21", "paragraphs 38-41", "Table 3" against what those
  paragraphs are about (the words of the referring sentence, weighted by rarity).

A stated percentage with *d* decimals agrees with the recomputed value when they differ by less
than one unit of its last digit (``TOLERANCE_UNITS``): the seed both rounds and truncates, and
either is accepted; anything further is a warning.

Everything here is pure: a :class:`CheckDocument` (passages and tables of text) and the
:class:`Fact` values from the results go in, :class:`NumberWarning` values come out.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crimeplan.errors import CrimeplanError
from crimeplan.render.formatting import count, percent

TOLERANCE_UNITS = 1.0
"""A stated percentage may differ from the recomputed one by less than this many units of its
last digit ("4.8 %" covers 4.7–4.9 exclusive; "43 %" covers 42–44 exclusive)."""

CROSS_REFERENCE_RATIO = 0.5
"""A referenced paragraph scoring below this share of the best-matching paragraph is flagged."""

CROSS_REFERENCE_MIN_SCORE = 4.0
"""Below this topic score the referring sentence says too little to judge a cross-reference."""

SUBJECT_WINDOW = 6
"""Words after a count searched for the acronym it counts ("63 (4 %) have the RI marker")."""

APPROXIMATE = ("nearly", "almost", "around", "about", "approximately", "over", "some", "circa", "roughly",
               "c.", "under", "more than", "less than", "fewer than", "up to")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
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


class NumberCheckError(CrimeplanError):
    """``--strict``: the number check found statements that do not agree with the data."""

    exit_code = 3


# --------------------------------------------------------------------------- inputs and outputs


@dataclass(frozen=True)
class Passage:
    """A paragraph of text: ``number`` is its paragraph number (None when unnumbered); ``group``
    names the block it belongs to (the heading it sits under) for ranges of paragraphs."""

    where: str
    text: str
    number: int | None = None
    heading: str = ""
    group: str = ""


@dataclass(frozen=True)
class TableText:
    """A table as text: header rows, body rows, and the paragraph it follows."""

    where: str
    headings: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    after: int | None = None
    caption: str = ""


@dataclass(frozen=True)
class CheckDocument:
    passages: tuple[Passage, ...]
    tables: tuple[TableText, ...] = ()
    labels: frozenset[str] = frozenset()   # "Table 1", "Figure 3", … that exist


@dataclass(frozen=True)
class Fact:
    """A value from the results: ``quantity`` is count (crimes in ``period``), difference (count
    change against ``baseline``), change (fraction), rate (fraction), recorded/detected (counts)."""

    subject: str
    names: tuple[str, ...]
    quantity: str
    value: float
    period: str | None = None
    baseline: str | None = None


@dataclass(frozen=True)
class Subject:
    """A level that prose quotes (a survey result): its name, the word a sentence must contain
    to be about it (``head``, e.g. "satisfaction") and the words that tell it from its siblings."""

    name: str
    head: str
    keys: tuple[str, ...]

    @classmethod
    def from_title(cls, name: str, title: str) -> Subject:
        words = [stem(w) for w in _WORD.findall(title) if w.lower() not in STOPWORDS]
        return cls(name, words[0], tuple(dict.fromkeys(words)))


@dataclass(frozen=True)
class NumberWarning:
    where: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


# --------------------------------------------------------------------------- numbers in text

_NUMBER = re.compile(r"(?<![\w.])([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
_YEAR_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[-/–]\s*(\d\d(?:\d\d)?)\b")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_TWELVE_MONTHS_TO = re.compile(r"12 months \(?(?:to|ending)(?: the)?(?: end of)? (\w+) ((?:19|20)\d\d)", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(“\"'])")
_CROSS_REF = re.compile(r"\b(?:paragraphs?|paras?\.?)\s+(\d{1,3})(?:\s*(?:-|–|to|and)\s*(\d{1,3}))?", re.IGNORECASE)
_LABEL_REF = re.compile(r"\b(Table|Figure)\s+(\d{1,3})\b")


@dataclass(frozen=True)
class Num:
    value: float
    decimals: int
    start: int
    end: int
    percent: bool
    text: str
    signed: bool = False

    @property
    def is_year(self) -> bool:
        return (not self.percent and self.decimals == 0 and "," not in self.text and 1990 <= self.value <= 2039
                and not self.signed)


def numbers(sentence: str) -> list[Num]:
    out = []
    spans = [(m.start(), m.end()) for m in _YEAR_SPAN.finditer(sentence)]
    for m in _NUMBER.finditer(sentence):
        if any(a <= m.start() < b for a, b in spans):
            continue  # 2013-14 is a year, not two numbers
        sign, whole, frac = m.group(1), m.group(2), m.group(3) or ""
        value = float(whole.replace(",", "") + frac)
        if sign in ("-", "−"):
            value = -value
        end = m.end()
        rest = sentence[end:end + 3]
        is_pct = bool(re.match(r"\s?%", rest))
        if is_pct:
            end += rest.index("%") + 1
        if not is_pct and re.match(r"\s?per cent", sentence[end:end + 9]):
            is_pct = True
        out.append(Num(value, len(frac) - 1 if frac else 0, m.start(), end, is_pct, sentence[m.start():end],
                       bool(sign)))
    return out


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(" ".join(text.split())) if s.strip()]


def agrees(stated: float, decimals: int, actual: float) -> bool:
    """Does a stated percentage (in percent units, shown with ``decimals``) agree with ``actual``?"""
    return abs(abs(stated) - abs(actual)) < TOLERANCE_UNITS * 10 ** -decimals - 1e-9


def period_of(sentence: str) -> str | None:
    """The financial year a sentence speaks of, as its start year ("2012-13", "2012/13", "in 2012"
    → "2012"); "12 months to March 2014" → "2013"; None when it names none or several."""
    m = _TWELVE_MONTHS_TO.search(sentence)
    if m and m.group(1).lower() in MONTHS:
        month, year = MONTHS.index(m.group(1).lower()) + 1, int(m.group(2))
        return str(year - 1 if month <= 3 else year)
    spans = {m.group(1) for m in _YEAR_SPAN.finditer(sentence)}
    if len(spans) == 1:
        return spans.pop()
    if spans:
        return None
    masked = _YEAR_SPAN.sub(" ", sentence)
    years = []
    for m in _YEAR.finditer(masked):
        before = masked[max(0, m.start() - 12):m.start()].lower()
        if any(before.rstrip().endswith(mo) for mo in MONTHS):
            continue  # "January 2014" dates a report, not the period of a figure
        years.append(m.group(1))
    return years[0] if len(set(years)) == 1 else None


def period_key(label: str | None) -> str | None:
    """ "2013/14" → "2013" (the key :func:`period_of` uses)."""
    if not label:
        return None
    m = _YEAR_SPAN.search(label) or _YEAR.search(label)
    return m.group(1) if m else None


def _approximate(sentence: str, num: Num) -> bool:
    before = sentence[max(0, num.start - 18):num.start].lower()
    return any(re.search(rf"\b{re.escape(w)}\s*[+]?$", before) for w in APPROXIMATE)


def _is_count(num: Num) -> bool:
    return not num.percent and not num.is_year and num.decimals == 0


# --------------------------------------------------------------------------- words and subjects

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")


def stem(word: str) -> str:
    w = word.lower().replace("’", "'").strip("'").removesuffix("'s")
    for suffix in ("ing", "ed", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)]
    return w


def terms(text: str) -> set[str]:
    return {stem(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS and len(w) >= 3}


def _mentions(text: str, name: str) -> int:
    """Position of ``name`` in ``text`` (case-insensitive for phrases, exact for acronyms), or -1."""
    if name.isupper() and len(name) <= 5:
        m = re.search(rf"\b{re.escape(name)}\b", text)
    else:
        m = re.search(rf"\b{re.escape(name)}s?\b", text, re.IGNORECASE)
    return m.start() if m else -1


def _subject_in(text: str, facts: Sequence[Fact]) -> tuple[str, int] | None:
    """The fact subject named in ``text`` (the longest name wins), with its position."""
    best: tuple[int, str, int] | None = None
    for fact in facts:
        for name in fact.names:
            pos = _mentions(text, name)
            if pos >= 0 and (best is None or len(name) > best[0]):
                best = (len(name), fact.subject, pos)
    return (best[1], best[2]) if best else None


# --------------------------------------------------------------------------- the check


def check(document: CheckDocument, facts: Sequence[Fact] = (), subjects: Sequence[Subject] = ()
          ) -> list[NumberWarning]:
    """Every warning for the document, in document order (passages, then tables)."""
    facts = list(facts)
    out: list[NumberWarning] = []
    for passage in document.passages:
        out += _check_passage(passage, facts)
    out += _check_consistency(document.passages, facts, subjects)
    out += _check_cross_references(document)
    for table in document.tables:
        out += _check_table(table, document.passages, facts)
    return _dedupe(out)


def _dedupe(warnings: Iterable[NumberWarning]) -> list[NumberWarning]:
    seen, out = set(), []
    for w in warnings:
        if (w.where, w.message) not in seen:
            seen.add((w.where, w.message))
            out.append(w)
    return out


def _pct(fraction: float, stated: Num | None = None) -> str:
    """A recomputed share, one decimal more than the stated figure (at least one)."""
    return percent(fraction, max(1, (stated.decimals + 1) if stated else 1))


# ---- shares and measure statements inside one passage

_OF_AFTER = re.compile(r"^\s*of\s+(?:the\s+|all\s+)?")


def _check_passage(passage: Passage, facts: list[Fact]) -> list[NumberWarning]:
    out: list[NumberWarning] = []
    previous: list[Num] = []
    for sentence in sentences(passage.text):
        nums = numbers(sentence)
        period = period_of(sentence)
        out += _check_bracketed_shares(passage, sentence, nums, previous)
        out += _check_share_of_subject(passage, sentence, nums, facts, period)
        out += _check_change_statement(passage, sentence, nums, facts, period)
        previous = [n for n in nums if _is_count(n)] or previous
    return out


def _check_bracketed_shares(passage: Passage, sentence: str, nums: list[Num], previous: list[Num]
                            ) -> list[NumberWarning]:
    """ "N things (p %)": N as a share of the count before it (in this or the last sentence)."""
    out = []
    for i, num in enumerate(nums):
        if not _is_count(num) or i + 1 >= len(nums):
            continue
        share = nums[i + 1]
        between = sentence[num.end:share.start]
        if not share.percent or not re.fullmatch(r"\s*(?:[A-Za-z]+\s+){0,3}\(\s*", between):
            continue
        if not sentence[share.end:share.end + 2].lstrip().startswith(")"):
            continue
        base = _explicit_base(sentence, share, nums) or next(
            (b for b in reversed([n for n in nums[:i] if _is_count(n)] or previous) if b.value > num.value), None)
        if base is None or base.value == 0 or _approximate(sentence, num):
            continue
        actual = num.value / base.value * 100
        if not agrees(share.value, share.decimals, actual):
            out.append(NumberWarning(passage.where, "share",
                                     f"{num.text} ({share.text}) of {base.text}: {num.text} is "
                                     f"{_pct(num.value / base.value, share)} of {base.text}, not {share.text}"))
    return out


def _explicit_base(sentence: str, share: Num, nums: list[Num]) -> Num | None:
    tail = sentence[share.end:]
    m = re.match(r"\s*\)\s*of\s+(?:the\s+)?", tail)
    if not m:
        return None
    at = share.end + m.end()
    return next((n for n in nums if n.start == at and _is_count(n)), None)


def _check_share_of_subject(passage: Passage, sentence: str, nums: list[Num], facts: list[Fact],
                            period: str | None) -> list[NumberWarning]:
    """ "p % of <measure> … N": N ÷ the measure's value in the data (its count or its change)."""
    out = []
    for num in nums:
        if not num.percent:
            continue
        m = _OF_AFTER.match(sentence[num.end:])
        if not m:
            continue
        after = sentence[num.end + m.end(): num.end + m.end() + 60]
        named = _subject_in(after, facts)
        if named is None or named[1] > 25:
            continue
        subject = named[0]
        counts = [n for n in nums if _is_count(n) and n is not num]
        if not counts:
            continue
        amount = min(counts, key=lambda n: abs(n.start - num.start))
        if _approximate(sentence, amount):
            continue
        rise = re.search(r"\b(rise|increase|reduction|fall|change|decrease)\b", after[: max(named[1], 0)],
                         re.IGNORECASE)
        wanted = ("difference",) if rise else ("count", "recorded")
        bases = [f for f in facts if f.subject == subject and f.quantity in wanted]
        in_period = [f for f in bases if period and period_key(f.period) == period] if period else []
        candidates = in_period or bases
        if not candidates:
            continue
        if any(f.value and agrees(num.value, num.decimals, amount.value / abs(f.value) * 100) for f in candidates):
            continue
        shown = "; ".join(f"{_pct(amount.value / abs(f.value), num)} of {count(abs(f.value))}"
                          + (f" ({f.period})" if f.period else "") for f in candidates if f.value)
        out.append(NumberWarning(passage.where, "share",
                                 f"{num.text} of {subject} with {amount.text}: {amount.text} is {shown}"
                                 f" in the data, not {num.text}"))
    return out


_CHANGE_AFTER = re.compile(r"^\s*(?:\(([^)]*)\)\s*)?(higher|lower|up|down|more|fewer|increase|decrease|reduction)\b",
                           re.IGNORECASE)
_CHANGE_BEFORE = re.compile(r"\b(increase|reduction|decrease|rise|fall|up|down)\s+(?:of|by)\s+$", re.IGNORECASE)


def _check_change_statement(passage: Passage, sentence: str, nums: list[Num], facts: list[Fact],
                            period: str | None) -> list[NumberWarning]:
    """ "<measure> is p % (N offences) higher than …": against the milestone's change."""
    out = []
    for num in nums:
        if not num.percent or _approximate(sentence, num):
            continue
        after = _CHANGE_AFTER.match(sentence[num.end:])
        before = _CHANGE_BEFORE.search(sentence[max(0, num.start - 20):num.start])
        if not after and not before:
            continue
        head = sentence[:num.start]
        named = _subject_in(head, facts)
        if named is None:
            continue
        subject, pos = named
        between = head[pos:].lower()
        if re.search(r"\b(rate|satisfaction|confidence|average|proportion|share)\b", between) or "," in between:
            continue
        changes = [f for f in facts if f.subject == subject and f.quantity == "change"]
        if period:
            changes = [f for f in changes if period in (period_key(f.period), period_key(f.baseline))] or []
        for f in changes:
            if not agrees(num.value, num.decimals, f.value * 100):
                out.append(NumberWarning(passage.where, "measure",
                                         f"{subject} {num.text}: the data give {_pct(f.value)} "
                                         f"({f.period} against {f.baseline})"))
            if after and after.group(1):
                inner = [n for n in numbers(after.group(1)) if _is_count(n)]
                diffs = [d for d in facts if d.subject == subject and d.quantity == "difference"
                         and d.period == f.period]
                for n in inner[:1]:
                    for d in diffs:
                        if abs(n.value) != abs(d.value):
                            out.append(NumberWarning(passage.where, "measure",
                                                     f"{subject} ({n.text}): the data give a difference of "
                                                     f"{count(abs(d.value))} ({d.period} against {d.baseline})"))
    return out


# ---- the same subject with two values

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


def _check_consistency(passages: Sequence[Passage], facts: list[Fact],
                       subjects: Sequence[Subject]) -> list[NumberWarning]:
    acronyms = {m.group(1) for p in passages for m in _ACRONYM_DEF.finditer(p.text)}
    statements: list[_Statement] = []
    for passage in passages:
        for sentence in sentences(passage.text):
            period = period_of(sentence)
            if period is None:
                continue
            nums = numbers(sentence)
            for num in nums:
                if _approximate(sentence, num) or num.is_year:
                    continue
                if _is_count(num):
                    acronym = _acronym_after(sentence, num, acronyms)
                    if acronym:
                        statements.append(_Statement(acronym, period, "count", num.value, 0, num.text,
                                                     passage.where))
                elif num.percent:
                    subject = _level_subject(sentence, num, passage.heading, subjects)
                    if subject:
                        statements.append(_Statement(subject, period, "level", num.value, num.decimals,
                                                     num.text, passage.where))
    by_key: dict[tuple[str, str, str], list[_Statement]] = defaultdict(list)
    for s in statements:
        by_key[(s.subject, s.period, s.kind)].append(s)
    out = []
    for (subject, period, kind), group in by_key.items():
        first = group[0]
        for other in group[1:]:
            same = (other.value == first.value if kind == "count"
                    else agrees(other.value, other.decimals, first.value) or agrees(first.value, first.decimals,
                                                                                    other.value))
            if not same and other.where != first.where:
                out.append(NumberWarning(other.where, "consistency",
                                         f"{subject} for {_fy(period)} is {other.text} here but {first.text} "
                                         f"in {first.where}"))
    return out


def _fy(start_year: str) -> str:
    return f"{start_year}/{(int(start_year) + 1) % 100:02d}"


def _acronym_after(sentence: str, num: Num, acronyms: set[str]) -> str | None:
    tail = re.sub(r"^\s*\(\s*\d+(?:\.\d+)?\s?%\s*\)", " ", sentence[num.end:])
    stop = re.search(r"[,;:.]\s|\d", tail)
    words = re.findall(r"[A-Za-z%()]+", tail[: stop.start() if stop else len(tail)])[:SUBJECT_WINDOW]
    for w in words:
        w = w.strip("()")
        if w in acronyms:
            return w
    return None


def _level_subject(sentence: str, num: Num, heading: str, subjects: Sequence[Subject]) -> str | None:
    """A survey-like level ("satisfaction … 83.8 %"): the subject whose key words the sentence (or,
    when it is unclear, the heading) names best. Monthly values and changes are not levels."""
    if not subjects:
        return None
    near = sentence[max(0, num.start - 40): num.end + 25]
    if _MONTHLY.search(near) or _CHANGE_AFTER.match(sentence[num.end:]) or \
            any(mo in sentence[max(0, num.start - 30):num.start].lower() for mo in MONTHS):
        return None

    found_here = terms(sentence)
    subjects = [s for s in subjects if s.head in found_here]
    if not subjects:
        return None

    def scores(text: str) -> list[tuple[int, str]]:
        found = terms(text)
        return sorted(((len(found & set(s.keys)), s.name) for s in subjects), reverse=True)

    ranked = scores(sentence)
    if ranked[0][0] and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        return ranked[0][1] if ranked[0][0] >= 2 else _from_heading(ranked, heading, scores)
    if ranked[0][0]:
        return _from_heading(ranked, heading, scores)
    return None


def _from_heading(ranked, heading, scores) -> str | None:
    tied = {name for s, name in ranked if s == ranked[0][0]}
    by_heading = [(s, n) for s, n in scores(heading) if n in tied]
    if by_heading and by_heading[0][0] and (len(by_heading) == 1 or by_heading[0][0] > by_heading[1][0]):
        return by_heading[0][1]
    return None


# ---- cross-references


def _check_cross_references(document: CheckDocument) -> list[NumberWarning]:
    numbered = [(p.number, p) for p in document.passages if p.number is not None]
    by_number = dict(numbered)
    out: list[NumberWarning] = []
    if not numbered:
        return out
    bags = {n: terms(p.text) | terms(p.heading) for n, p in numbered}
    df: dict[str, int] = defaultdict(int)
    for bag in bags.values():
        for t in bag:
            df[t] += 1
    idf = {t: math.log(len(numbered) / n) for t, n in df.items()}
    groups: dict[str, list[int]] = defaultdict(list)
    for number, p in numbered:
        groups[p.group].append(number)
    for passage in document.passages:
        for sentence in sentences(passage.text):
            for m in _CROSS_REF.finditer(sentence):
                first = int(m.group(1))
                last = int(m.group(2)) if m.group(2) else first
                if last < first:
                    first, last = last, first
                missing = [n for n in range(first, last + 1) if n not in by_number]
                label = m.group(0)
                if missing:
                    out.append(NumberWarning(passage.where, "cross-reference",
                                             f"“{label}”: there is no paragraph {missing[0]}"))
                    continue
                topic = terms(sentence[:m.start()] + " " + sentence[m.end():])
                out += _judge_reference(passage, label, first, last, topic, bags, idf, groups, by_number)
            for m in _LABEL_REF.finditer(sentence):
                label = f"{m.group(1)} {m.group(2)}"
                if document.labels and label not in document.labels:
                    out.append(NumberWarning(passage.where, "cross-reference", f"“{label}” does not exist"))
    return out


def _judge_reference(passage, label, first, last, topic, bags, idf, groups, by_number) -> list[NumberWarning]:
    def score(numbers_: Iterable[int]) -> float:
        bag: set[str] = set()
        for n in numbers_:
            if n != passage.number:
                bag |= bags[n]
        return sum(idf.get(t, 0.0) for t in topic & bag)

    candidates = [n for n in bags if n != passage.number
                  and (first == last or by_number[n].group != passage.group)]
    if not candidates:
        return []
    best = max(candidates, key=lambda n: (score([n]), -n))
    best_score = score([best])
    if best_score < CROSS_REFERENCE_MIN_SCORE:
        return []
    referenced = range(first, last + 1)
    block = sorted(n for n in groups[by_number[best].group])
    if first == last:
        if first == best or score([first]) >= CROSS_REFERENCE_RATIO * best_score:
            return []
        return [NumberWarning(passage.where, "cross-reference",
                              f"“{label}” is about something else; the topic is in paragraph {best}"
                              f" ({_excerpt(by_number[best])})")]
    if all(n in block for n in referenced):
        return []
    span = f"paragraph {block[0]}" if len(block) == 1 else f"paragraphs {block[0]}–{block[-1]}"
    return [NumberWarning(passage.where, "cross-reference",
                          f"“{label}”: the topic is in {span} ({_excerpt(by_number[best])})")]


def _excerpt(passage: Passage, words: int = 8) -> str:
    head = passage.heading or passage.text
    parts = head.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# ---- tables

_TOTAL = re.compile(r"^\s*total\b", re.IGNORECASE)
_STATED_BASE = re.compile(r"\bof the (\d{1,3}(?:,\d{3})*|\d+)\b[^.;]{0,60}?"
                          r"\b(?:for|in)\s+((?:19|20)\d\d\s*[-/]\s*\d\d)")


def _cell_number(cell: str) -> Num | None:
    found = numbers(cell.replace("£", ""))
    if len(found) != 1:
        return None
    rest = _NUMBER.sub("", cell).replace("%", "").replace("£", "").strip()
    return found[0] if not rest else None


def _check_table(table: TableText, passages: Sequence[Passage], facts: list[Fact]) -> list[NumberWarning]:
    out: list[NumberWarning] = []
    header = [c.strip().lower() for c in (table.headings[-1] if table.headings else ())]
    out += _check_totals(table)
    if "%" in header:
        out += _check_share_columns(table, passages)
    if {"recorded", "detected", "performance"} <= set(header):
        out += _check_rate_rows(table, header, facts)
    if {"difference", "performance", "variance"} <= set(header):
        out += _check_milestone_rows(table, header, facts)
    return out


def _check_totals(table: TableText) -> list[NumberWarning]:
    out = []
    width = max((len(r) for r in table.rows), default=0)
    for col in range(1, width):
        running: float | None = None
        for row in table.rows:
            cell = _cell_number(row[col]) if col < len(row) else None
            if cell is None or cell.percent:
                continue
            if _TOTAL.match(row[0]):
                if running is not None and abs(running - cell.value) > 1e-6:
                    out.append(NumberWarning(table.where, "total",
                                             f"“{row[0].strip()}” is {cell.text} but the rows above add up to "
                                             f"{count(running)}"))
                running = cell.value
            else:
                running = (running or 0) + cell.value
    return out


def _column_periods(table: TableText) -> list[str | None]:
    width = max(len(r) for r in table.headings) if table.headings else 0
    top = table.headings[0] if len(table.headings) > 1 else ()
    periods: list[str | None] = []
    current = None
    for i in range(width):
        cell = top[i].strip() if i < len(top) else ""
        if cell:
            current = period_of(cell) or period_key(cell)
        periods.append(current)
    return periods


def _check_share_columns(table: TableText, passages: Sequence[Passage]) -> list[NumberWarning]:
    out: list[NumberWarning] = []
    header = [c.strip() for c in table.headings[-1]]
    periods = _column_periods(table)
    stated = _stated_bases(table, passages)
    for col, name in enumerate(header):
        if name != "%" or col == 0:
            continue
        counts_col = col - 1
        values = [(_cell_number(r[counts_col]) if counts_col < len(r) else None,
                   _cell_number(r[col]) if col < len(r) else None, r[0].strip()) for r in table.rows]
        column_sum = sum(v.value for v, _, _ in values if v is not None)
        period = periods[col] if col < len(periods) else None
        base, where = column_sum, "the column's sum"
        if period in stated:
            base, where = stated[period]
            if base != column_sum:
                out.append(NumberWarning(table.where, "total",
                                         f"the {_fy(period)} column adds up to {count(column_sum)} but "
                                         f"{where} gives {count(base)}"))
        for n, share, label in values:
            if n is None or share is None or not base:
                continue
            actual = n.value / base * 100
            if not agrees(share.value, share.decimals, actual):
                out.append(NumberWarning(table.where, "share",
                                         f"{label} {(_fy(period) + ' ') if period else ''}{n.text} of "
                                         f"{count(base)} is {_pct(n.value / base)}, shown as {share.text}"))
    return out


def _stated_bases(table: TableText, passages: Sequence[Passage]) -> dict[str, tuple[float, str]]:
    """ "of the 61 RI Hate Crimes for 2013-14" in the paragraphs just before the table."""
    before = [p for p in passages if p.number is not None and table.after is not None
              and table.after - 2 <= p.number <= table.after]
    out: dict[str, tuple[float, str]] = {}
    for p in before:
        for m in _STATED_BASE.finditer(" ".join(p.text.split())):
            key = period_key(m.group(2))
            if key:
                out[key] = (float(m.group(1).replace(",", "")), p.where)
    return out


def _row_subject(label: str, facts: list[Fact]) -> str | None:
    named = _subject_in(label, facts)
    return named[0] if named else None


def _check_rate_rows(table: TableText, header: list[str], facts: list[Fact]) -> list[NumberWarning]:
    out = []
    i_rec, i_det, i_perf = header.index("recorded"), header.index("detected"), header.index("performance")
    for row in table.rows:
        cells = [(_cell_number(row[i]) if i < len(row) else None) for i in (i_rec, i_det, i_perf)]
        rec, det, perf = cells
        label = row[0].strip()
        if rec and det and perf and rec.value and not agrees(perf.value, perf.decimals,
                                                             det.value / rec.value * 100):
            out.append(NumberWarning(table.where, "share",
                                     f"{label}: {det.text} of {rec.text} is {_pct(det.value / rec.value)}, "
                                     f"shown as {perf.text}"))
        subject = _row_subject(label, [f for f in facts if f.quantity in ("recorded", "detected")])
        for num, quantity in ((rec, "recorded"), (det, "detected")):
            fact = next((f for f in facts if f.subject == subject and f.quantity == quantity), None)
            if num is not None and fact is not None and num.value != fact.value:
                out.append(NumberWarning(table.where, "measure",
                                         f"{label}: {quantity} {num.text}, the data give {count(fact.value)}"))
    return out


def _check_milestone_rows(table: TableText, header: list[str], facts: list[Fact]) -> list[NumberWarning]:
    out = []
    i_diff, i_ms, i_perf, i_var = (header.index(k) for k in ("difference", "milestone", "performance", "variance"))
    i_base, i_cur = i_diff - 2, i_diff - 1
    base_label, cur_label = table.headings[-1][i_base].strip(), table.headings[-1][i_cur].strip()
    for row in table.rows:
        if len(row) <= i_var:
            continue
        base, cur, diff, ms, perf, var = (_cell_number(row[i]) for i in (i_base, i_cur, i_diff, i_ms, i_perf, i_var))
        label = row[0].strip()
        if not (base and cur):
            continue
        if diff and diff.value != cur.value - base.value:
            out.append(NumberWarning(table.where, "total", f"{label}: {cur.text} − {base.text} is "
                                     f"{count(cur.value - base.value)}, shown as {diff.text}"))
        if perf and base.value and not agrees(perf.value, perf.decimals, (cur.value - base.value) / base.value * 100):
            out.append(NumberWarning(table.where, "share", f"{label}: the change is "
                                     f"{_pct((cur.value - base.value) / base.value)}, shown as {perf.text}"))
        if ms and var:
            target = math.floor(base.value * (100 + ms.value) / 100 + 1e-9)
            if var.value != cur.value - target:
                out.append(NumberWarning(table.where, "total", f"{label}: the variance against the target "
                                         f"{count(target)} is {count(cur.value - target)}, shown as {var.text}"))
        subject = _row_subject(label, [f for f in facts if f.quantity == "count"])
        for num, period in ((base, base_label), (cur, cur_label)):
            fact = next((f for f in facts if f.subject == subject and f.quantity == "count"
                         and period_key(f.period) == period_key(period)), None)
            if fact is not None and num.value != fact.value:
                out.append(NumberWarning(table.where, "measure",
                                         f"{label} {period}: {num.text}, the data give {count(fact.value)}"))
    return out


# --------------------------------------------------------------------------- plain text papers

_NUMBERED = re.compile(r"^[-–•]?\s*(\d{1,3})\.\s+(.*)$")
_TAG = re.compile(r"<[^>]+>")


def document_from_text(text: str) -> CheckDocument:
    """A paper as plain text (the seed's layout): numbered paragraphs "12. …" (bullet lines after a
    paragraph belong to it), other lines are headings, runs of tab-separated lines are tables."""
    passages: list[Passage] = []
    tables: list[TableText] = []
    heading, group_id = "", 0
    current: dict | None = None
    table_lines: list[list[str]] = []

    def flush_table() -> None:
        nonlocal table_lines
        if len(table_lines) >= 2:
            head_rows = _header_rows(table_lines)
            after = passages[-1].number if passages else None
            tables.append(TableText(f"the table after paragraph {after}" if after else "the first table",
                                    tuple(tuple(r) for r in table_lines[:head_rows]),
                                    tuple(tuple(r) for r in table_lines[head_rows:]), after))
        table_lines = []

    def flush_passage() -> None:
        nonlocal current
        if current is not None:
            passages.append(Passage(f"paragraph {current['n']}", " ".join(current["text"]), current["n"],
                                    current["heading"], current["group"]))
            current = None

    for raw in text.splitlines():
        line = _TAG.sub("", raw).replace("**", "").rstrip()
        if "\t" in line and line.strip():
            flush_passage()
            table_lines.append([c.strip() for c in line.split("\t")])
            continue
        flush_table()
        stripped = line.strip()
        if not stripped or stripped == "--":
            continue
        m = _NUMBERED.match(stripped)
        if m:
            flush_passage()
            current = {"n": int(m.group(1)), "text": [m.group(2)], "heading": heading, "group": f"g{group_id}"}
        elif current is not None and (stripped[:1] in "-–•" or stripped[-1] in ".:;"):
            current["text"].append(stripped.lstrip("-–• "))  # a bullet or a sentence of the paragraph
        elif stripped[:1] in "-–•":
            continue  # a bullet under a heading, not a paragraph
        elif stripped[-1] in ".:;" and len(stripped) > 120:
            flush_passage()  # an unnumbered paragraph
            passages.append(Passage(f"the text under “{_short(heading)}”", stripped, None, heading,
                                    f"g{group_id}"))
        else:
            flush_passage()
            if stripped.startswith("(") and heading:
                heading = f"{heading} {stripped}"  # "(Lead ACC Crime – quarterly)" belongs to its heading
                continue
            heading = stripped
            group_id += 1
    flush_passage()
    flush_table()
    return CheckDocument(tuple(passages), tuple(tables))


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _header_rows(lines: list[list[str]]) -> int:
    """Leading rows with no number outside their first cell (a year like 2012-13 is a label)."""
    n = 0
    for row in lines:
        cells = [c for c in row[1:] if c]
        if cells and any((num := _cell_number(c)) is not None and not num.is_year for c in cells):
            break
        n += 1
    return n if n < len(lines) else 0


__all__ = [
    "CROSS_REFERENCE_RATIO",
    "TOLERANCE_UNITS",
    "CheckDocument",
    "Fact",
    "NumberCheckError",
    "NumberWarning",
    "Passage",
    "Subject",
    "TableText",
    "agrees",
    "check",
    "document_from_text",
    "numbers",
    "period_of",
]

