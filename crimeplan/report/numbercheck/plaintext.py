"""A paper as plain text (the seed's layout) read into a :class:`CheckDocument`: numbered paragraphs
"12. …" (bullet lines after a paragraph belong to it), other lines are headings, runs of
tab-separated lines are tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crimeplan.report.numbercheck.model import CheckDocument, Passage, TableText
from crimeplan.report.numbercheck.tables import cell_number

_NUMBERED = re.compile(r"^[-–•]?\s*(\d{1,3})\.\s+(.*)$")
_TAG = re.compile(r"<[^>]+>")
_BULLETS = "-–•"
_SENTENCE_ENDS = ".:;"
_UNNUMBERED_MIN = 120
"""A line ending like a sentence and at least this long is an unnumbered paragraph, not a heading."""


@dataclass
class _Reader:
    passages: list[Passage] = field(default_factory=list)
    tables: list[TableText] = field(default_factory=list)
    heading: str = ""
    group_id: int = 0
    current: dict | None = None
    table_lines: list[list[str]] = field(default_factory=list)

    def flush_table(self) -> None:
        if len(self.table_lines) >= 2:
            head_rows = _header_rows(self.table_lines)
            after = self.passages[-1].number if self.passages else None
            self.tables.append(TableText(f"the table after paragraph {after}" if after else "the first table",
                                         tuple(tuple(r) for r in self.table_lines[:head_rows]),
                                         tuple(tuple(r) for r in self.table_lines[head_rows:]), after))
        self.table_lines = []

    def flush_passage(self) -> None:
        c = self.current
        if c is not None:
            self.passages.append(Passage(f"paragraph {c['n']}", " ".join(c["text"]), c["n"], c["heading"],
                                         c["group"]))
            self.current = None

    def line(self, raw: str) -> None:
        line = _TAG.sub("", raw).replace("**", "").rstrip()
        if "\t" in line and line.strip():
            self.flush_passage()
            self.table_lines.append([c.strip() for c in line.split("\t")])
            return
        self.flush_table()
        stripped = line.strip()
        if stripped and stripped != "--":
            self.text_line(stripped)

    def text_line(self, stripped: str) -> None:
        m = _NUMBERED.match(stripped)
        if m:
            self.flush_passage()
            self.current = {"n": int(m.group(1)), "text": [m.group(2)], "heading": self.heading,
                            "group": f"g{self.group_id}"}
        elif self.current is not None and (stripped[:1] in _BULLETS or stripped[-1] in _SENTENCE_ENDS):
            self.current["text"].append(stripped.lstrip("-–• "))  # a bullet or a sentence of the paragraph
        elif stripped[:1] in _BULLETS:
            return  # a bullet under a heading, not a paragraph
        elif stripped[-1] in _SENTENCE_ENDS and len(stripped) > _UNNUMBERED_MIN:
            self.flush_passage()
            self.passages.append(Passage(f"the text under “{_short(self.heading)}”", stripped, None, self.heading,
                                         f"g{self.group_id}"))
        else:
            self.heading_line(stripped)

    def heading_line(self, stripped: str) -> None:
        self.flush_passage()
        if stripped.startswith("(") and self.heading:
            self.heading = f"{self.heading} {stripped}"  # "(Lead ACC Crime – quarterly)" belongs to its heading
            return
        self.heading = stripped
        self.group_id += 1


def document_from_text(text: str) -> CheckDocument:
    """The passages and tables of a paper written as plain text."""
    reader = _Reader()
    for raw in text.splitlines():
        reader.line(raw)
    reader.flush_passage()
    reader.flush_table()
    return CheckDocument(tuple(reader.passages), tuple(reader.tables))


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _header_rows(lines: list[list[str]]) -> int:
    """Leading rows with no number outside their first cell (a year like 2012-13 is a label)."""
    n = 0
    for row in lines:
        cells = [c for c in row[1:] if c]
        if cells and any((num := cell_number(c)) is not None and not num.is_year for c in cells):
            break
        n += 1
    return n if n < len(lines) else 0
