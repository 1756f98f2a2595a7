"""Inline markup of the paper's text: ``[[key]]`` cross-references, ``[[(key)]]`` optional
references, ``^[text]`` footnotes and ``**bold**``; they resolve when the paper is numbered."""

from __future__ import annotations

import re

from crimeplan.report.context.model import Paragraph, Run

_MARKUP = re.compile(r"\[\[(\(?)([a-z_]+:[A-Za-z0-9_.\-]+)\)?\]\]|\*\*(.+?)\*\*|\^\[((?:\[\[[^\]]*\]\]|[^\]])+)\]")


def runs(text: str) -> tuple[Run, ...]:
    """ "see [[table:milestones]]^[a note] **bold**" → runs; refs and notes resolve in :func:`number`."""
    out: list[Run] = []
    at = 0
    for m in _MARKUP.finditer(text):
        if m.start() > at:
            out.append(Run("text", text[at:m.start()]))
        if m.group(2):
            out.append(Run("ref?" if m.group(1) else "ref", "", m.group(2)))
        elif m.group(3):
            out.append(Run("strong", m.group(3)))
        else:
            out.append(Run("note", "", m.group(4)))
        at = m.end()
    if at < len(text):
        out.append(Run("text", text[at:]))
    return tuple(out)


def para(text: str, *groups: str, numbered: bool = True, style: str = "body", anchor: str | None = None
         ) -> Paragraph:
    return Paragraph(runs(text), numbered=numbered, style=style, anchor=anchor, groups=tuple(groups))

