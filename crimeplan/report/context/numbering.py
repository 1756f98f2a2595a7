"""Numbering: paragraphs continuously, then tables, figures and footnotes in reading order;
every cross-reference resolved to its label ("Table 1", "paragraphs 37–40", "Appendix B")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from crimeplan.errors import ConfigError
from crimeplan.report.context.markup import runs
from crimeplan.report.context.model import Block, Bullets, Figure, Paragraph, Run, Section, Table

Footnotes = tuple[tuple[int, tuple[Run, ...]], ...]


@dataclass
class _Labels:
    """What the first pass learns: each anchor's label and each group's numbered paragraphs."""

    labels: dict[str, str] = field(default_factory=dict)
    groups: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    counters: dict[str, int] = field(default_factory=lambda: {"para": 0, "table": 0, "figure": 0})

    def numbered(self, block: Block) -> Block:
        """``block`` with its number (paragraph, table or figure); its label noted."""
        if isinstance(block, Paragraph) and block.numbered:
            n = self._next("para")
            for g in block.groups:
                self.groups[g].append(n)
            if block.anchor:
                self.labels[block.anchor] = f"paragraph {n}"
            return replace(block, number=n)
        if isinstance(block, Table | Figure):
            block = replace(block, number=self._next("table" if isinstance(block, Table) else "figure"))
            self.labels[block.anchor] = block.label
        return block

    def _next(self, kind: str) -> int:
        self.counters[kind] += 1
        return self.counters[kind]


@dataclass
class _Resolver:
    """The second pass: references replaced by their labels, footnotes numbered in reading order."""

    known: _Labels
    notes: list[tuple[int, tuple[Run, ...]]] = field(default_factory=list)
    note_numbers: dict[str, int] = field(default_factory=dict)

    def runs(self, items: tuple[Run, ...], where: str) -> tuple[Run, ...]:
        out: list[Run] = []
        for r in items:
            out += self._run(r, where)
        return tuple(out)

    def _run(self, r: Run, where: str) -> list[Run]:
        labels = self.known.labels
        if r.kind == "ref?":
            if r.key in self.known.groups:
                return [Run("text", " ("), Run("ref", labels[r.key], r.key), Run("text", ")")]
            return []
        if r.kind == "ref":
            if r.key not in labels:
                raise ConfigError(f"{where}: unknown cross-reference [[{r.key}]]; known: "
                                  + ", ".join(sorted(k for k in labels if ":" in k)[:12]) + ", …")
            return [Run("ref", labels[r.key], r.key)]
        if r.kind == "note" and r.key in self.note_numbers:
            return [Run("note-again", str(self.note_numbers[r.key]))]
        if r.kind == "note" and r.key is not None:
            self.notes.append((len(self.notes) + 1, ()))
            number = len(self.notes)
            self.note_numbers[r.key] = number
            self.notes[number - 1] = (number, self.runs(runs(r.key), where))
            return [Run("note", str(number))]
        return [r]

    def block(self, block: Block, where: str) -> Block:
        if isinstance(block, Paragraph):
            return replace(block, runs=self.runs(block.runs, where))
        if isinstance(block, Bullets):
            return replace(block, items=tuple(self.runs(i, where) for i in block.items))
        if isinstance(block, Table):
            return replace(block, note=self.runs(block.note, where))
        return block


def number(sections: Sequence[Section]) -> tuple[tuple[Section, ...], Footnotes]:
    """Number paragraphs, tables and figures in reading order; resolve references and footnotes."""
    known = _Labels()
    first_pass: list[Section] = []
    for section in sections:
        if section.appendix:
            known.labels[section.anchor] = f"Appendix {section.appendix}"
        first_pass.append(replace(section, blocks=tuple(known.numbered(b) for b in section.blocks)))
    for group, numbers in known.groups.items():
        known.labels.setdefault(group, _span(numbers))
    for section in sections:  # a section with no numbered paragraph is cited by its heading
        known.labels.setdefault(section.anchor, section.heading)
    resolver = _Resolver(known)
    final = tuple(replace(s, blocks=tuple(resolver.block(b, f"section {s.heading!r}") for b in s.blocks))
                  for s in first_pass)
    return final, tuple(resolver.notes)


def _span(numbers: list[int]) -> str:
    first, last = min(numbers), max(numbers)
    return f"paragraph {first}" if first == last else f"paragraphs {first}–{last}"
