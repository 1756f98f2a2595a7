"""What the number check reads (a document of passages and tables, facts from the results) and
what it gives back (warnings)."""

from __future__ import annotations

from dataclasses import dataclass

from crimeplan.errors import CrimeplanError
from crimeplan.report.numbercheck.words import title_words


class NumberCheckError(CrimeplanError):
    """``--strict``: the number check found statements that do not agree with the data."""

    exit_code = 3


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
        words = title_words(title)
        return cls(name, words[0], tuple(words))


@dataclass(frozen=True)
class NumberWarning:
    where: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"
