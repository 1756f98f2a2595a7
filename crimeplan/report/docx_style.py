"""The PDF's colours in the Word paper (paper.css): table rules, the header fill, the rule under each
outcome's heading and the grey of notes, so that the two formats look alike."""

from __future__ import annotations

from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

TEXT = "111111"
"""Headings and body text (paper.css ``html { color: #111 }``)."""
NOTE = "333333"
"""Notes (``p.note``) and table notes (``.table-note``)."""
HEADER_FILL = "E8EDF3"
"""Table header cells (``thead th { background: #e8edf3 }``)."""
TABLE_RULE = ("8A8A8A", 5)
"""Table rules: colour and width in eighths of a point (``th, td { border: 0.6pt solid #8a8a8a }``)."""
OUTCOME_RULE = ("999999", 6)
"""The rule under an outcome's heading (``border-bottom: 1px solid #999``: 0.75 pt)."""


def table_rules(table: Any) -> None:
    """Every rule of ``table`` (outer and inner) in the PDF's grey and width."""
    colour, size = TABLE_RULE
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        rule = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "0"), ("w:color", colour)):
            rule.set(qn(key), value)
        borders.append(rule)
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    tbl_pr.append(borders)


def header_fill(cell: Any) -> None:
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:fill"), HEADER_FILL)
    cell._tc.get_or_add_tcPr().append(shade)


def rule_below(paragraph: Any) -> None:
    """The outcome heading's rule: a bottom border on the paragraph."""
    colour, size = OUTCOME_RULE
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", colour)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


__all__ = ["HEADER_FILL", "NOTE", "OUTCOME_RULE", "TABLE_RULE", "TEXT", "header_fill", "rule_below", "table_rules"]
