"""The paper's document model: inline runs, blocks (paragraphs, headings, bullets, tables,
figures), sections, the data loads behind it and the finished :class:`ReportContext`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from crimeplan import __version__
from crimeplan.report import numbercheck as nc

CHART_SIZE = {"width": 400, "height": 200}
"""The plotting area of the paper's charts in SVG units: drawn with its axes and key (under 600 units) at
the A4 text width (172 mm, paper.css), the charts' 10-unit text prints at 8 pt or more (at the
portal's 640 units wide it printed at 6 pt)."""

@dataclass(frozen=True)
class Run:
    """A piece of inline text: ``text``, ``strong``, ``ref`` (a resolved cross-reference: ``key``
    is the anchor it links to), ``note`` (a footnote call: ``text`` is the note's number) or
    ``note-again`` (a further call of a note already given).
    Markup ``[[(key)]]`` is an optional reference: " (paragraphs 13–20)" when the key has
    numbered paragraphs, nothing otherwise."""

    kind: str
    text: str
    key: str | None = None


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    numbered: bool = True
    number: int | None = None
    style: str = "body"          # body | note (an unnumbered remark such as "Last updated in …")
    anchor: str | None = None
    groups: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return plain(self.runs)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int                   # 2: a strategic outcome; 3: a milestone or a deliverable
    lead: str | None = None      # "(Lead ACC Crime – quarterly)"
    anchor: str | None = None
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Run, ...], ...]
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    caption: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]    # right-aligned columns
    anchor: str
    number: int | None = None
    note: tuple[Run, ...] = ()   # shown under the table
    groups: tuple[str, ...] = ()
    row_headers: bool = True     # the first column names the row

    @property
    def label(self) -> str:
        return f"Table {self.number}"


@dataclass(frozen=True)
class Figure:
    caption: str
    svg: str
    alt: str                     # a short text alternative (the chart's title and what it shows)
    description: str             # the long text alternative: the chart as text
    anchor: str
    number: int | None = None
    groups: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"Figure {self.number}"


Block = Paragraph | Heading | Bullets | Table | Figure


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    blocks: tuple[Block, ...]
    appendix: str | None = None  # "A", "B" for appendices

    @property
    def heading(self) -> str:
        return f"Appendix {self.appendix}: {self.title}" if self.appendix else self.title


@dataclass(frozen=True)
class Source:
    """One load of data behind the paper (``store.loads()``)."""

    load_id: int
    kind: str
    source: str
    force: str | None
    months: str
    rows: str
    loaded_at: str
    loaded_by: str


@dataclass(frozen=True)
class ReportContext:
    title: str
    board: str
    meeting_date: date
    briefing_date: date
    area: str
    plan_id: str
    plan_version: str
    plan_checksum: str
    plan_citation: str
    sections: tuple[Section, ...]
    footnotes: tuple[tuple[int, tuple[Run, ...]], ...]
    sources: tuple[Source, ...]
    as_at: int | None = None
    warnings: tuple[nc.NumberWarning, ...] = ()
    software: str = f"crimeplan {__version__}"

    @property
    def running_header(self) -> str:
        return f"{self.board} — {long_date(self.meeting_date)}"

    @property
    def short_title(self) -> str:
        return self.title

    def blocks(self) -> Iterable[tuple[Section, Block]]:
        for section in self.sections:
            for block in section.blocks:
                yield section, block

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for _, b in self.blocks() if isinstance(b, Paragraph) and b.number is not None)

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for _, b in self.blocks() if isinstance(b, Table))

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(b for _, b in self.blocks() if isinstance(b, Figure))


def plain(runs: Iterable[Run]) -> str:
    """The text of runs as a reader sees it (footnote calls left out)."""
    return "".join(r.text for r in runs if r.kind not in ("note", "note-again"))


def long_date(day: date) -> str:
    """13 May 2014."""
    return f"{day.day} {day:%B %Y}"

