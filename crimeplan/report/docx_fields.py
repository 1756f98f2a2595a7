"""Word fields and bookmarks, so that the Word paper stays right when it is edited: captions number
themselves (``SEQ Table``), cross-references point at bookmarks (``REF _RefPara22 \\n`` gives the
paragraph's number as Word numbers it; ``REF _RefTable3`` the caption's label), a note cited twice
points at its footnote (``NOTEREF``), and the footer counts pages (``PAGE``, ``NUMPAGES``).

Each field carries the value it has now as its result, so the file reads right before Word updates
it (F9, or on printing)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from crimeplan.report.context import Run

PARAGRAPHS = re.compile(r"^(paragraphs?) (\d+)(?:\s*[–-]\s*(\d+))?$")
"""A resolved reference to numbered paragraphs ("paragraph 5", "paragraphs 37–40")."""


def paragraph_bookmark(number: int) -> str:
    return f"_RefPara{number}"


def label_bookmark(kind: str, number: int) -> str:
    """The bookmark around a caption's label ("Table 3")."""
    return f"_Ref{kind}{number}"


def section_bookmark(index: int) -> str:
    return f"_RefSection{index}"


def note_bookmark(number: int) -> str:
    return f"_RefNote{number}"


@dataclass
class Bookmarks:
    """Bookmark ids (unique in the document) and the names given so far."""

    next_id: int = 1
    names: set[str] = field(default_factory=set)

    def wrap(self, p: Any, name: str) -> None:
        """A bookmark around everything in paragraph element ``p`` added so far (after its properties)."""
        ident = self._new(name)
        ppr = p.find(qn("w:pPr"))
        start = _bookmark_start(ident, name)
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(_bookmark_end(ident))

    def open(self, p: Any, name: str) -> int:
        ident = self._new(name)
        p.append(_bookmark_start(ident, name))
        return ident

    def close(self, p: Any, ident: int) -> None:
        p.append(_bookmark_end(ident))

    def _new(self, name: str) -> int:
        self.names.add(name)
        self.next_id += 1
        return self.next_id - 1


def _bookmark_start(ident: int, name: str) -> Any:
    el = OxmlElement("w:bookmarkStart")
    el.set(qn("w:id"), str(ident))
    el.set(qn("w:name"), name)
    return el


def _bookmark_end(ident: int) -> Any:
    el = OxmlElement("w:bookmarkEnd")
    el.set(qn("w:id"), str(ident))
    return el


def word_field(p: Any, instruction: str, result: str, *, superscript: bool = False, bold: bool = False) -> None:
    """A field appended to paragraph element ``p``, with ``result`` as its current value: runs of
    ``w:fldChar`` begin, ``w:instrText``, separate, the result, end (readers that do not know
    fields still see the result's text)."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        if kind == "result":
            p.append(text_run(result, superscript=superscript, bold=bold))
            continue
        r = OxmlElement("w:r")
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r.append(el)
        p.append(r)


def text_run(text: str, *, superscript: bool = False, bold: bool = False) -> Any:
    r = OxmlElement("w:r")
    if superscript or bold:
        rpr = OxmlElement("w:rPr")
        if bold:
            rpr.append(OxmlElement("w:b"))
        if superscript:
            align = OxmlElement("w:vertAlign")
            align.set(qn("w:val"), "superscript")
            rpr.append(align)
        r.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def reference(p: Any, run: Run, targets: dict[str, str]) -> None:
    """A resolved cross-reference as REF fields: "paragraphs 37–40" → "paragraphs {REF 37}–{REF 40}"
    (the paragraphs' numbers as Word numbers them); "Table 3", "Appendix B" → {REF label}."""
    m = PARAGRAPHS.match(run.text)
    if m:
        p.append(text_run(f"{m.group(1)} "))
        word_field(p, f"REF {paragraph_bookmark(int(m.group(2)))} \\n \\h", m.group(2))
        if m.group(3):
            p.append(text_run("–"))
            word_field(p, f"REF {paragraph_bookmark(int(m.group(3)))} \\n \\h", m.group(3))
        return
    target = targets.get(run.key or "")
    if target is None:
        p.append(text_run(run.text))
        return
    word_field(p, f"REF {target} \\h \\* MERGEFORMAT", run.text)
