"""Real Word footnotes for the paper's notes: python-docx has no footnote API, so the footnotes part
(``/word/footnotes.xml``: the two separators Word expects, then one ``w:footnote`` per note) is added
to the package with its relationship from the document, each call is a ``w:footnoteReference`` run,
and a note cited again is a ``NOTEREF`` field to a bookmark around its first call. Word numbers the
notes itself, in the order they are called (the paper's order)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from crimeplan.report.context import Run
from crimeplan.report.docx_fields import Bookmarks, note_bookmark, word_field

PARTNAME = "/word/footnotes.xml"
NOTE_PT = 8.5
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_EMPTY = (f'<w:footnotes xmlns:w="{_W}">'
          '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
          'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
          '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
          'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
          '</w:footnotes>')
TEXT_STYLE, REFERENCE_STYLE = "Footnote Text", "Footnote Reference"

WriteRuns = Callable[[Any, tuple[Run, ...]], None]


class Footnotes:
    """The document's footnotes part; :meth:`call` writes a note's call and, the first time, its text."""

    def __init__(self, doc: Any, notes: dict[int, tuple[Run, ...]], bookmarks: Bookmarks) -> None:
        self.doc, self.notes, self.bookmarks = doc, notes, bookmarks
        self.element = parse_xml(_EMPTY)
        part = XmlPart(PackURI(PARTNAME), CONTENT_TYPE.WML_FOOTNOTES, self.element, doc.part.package)
        doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        _styles(doc)
        _settings(doc)

    def call(self, paragraph: Any, number: int, write_runs: WriteRuns) -> None:
        """The call of note ``number`` in ``paragraph``, and the note itself at the foot of the page."""
        ident = self.bookmarks.open(paragraph._p, note_bookmark(number))
        r = paragraph.add_run(style=REFERENCE_STYLE)._r
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(number))
        r.append(ref)
        self.bookmarks.close(paragraph._p, ident)
        self.element.append(self._footnote(number, write_runs))

    def again(self, paragraph: Any, number: int) -> None:
        """A further call of a note already given: its number, kept right by Word."""
        word_field(paragraph._p, f"NOTEREF {note_bookmark(number)} \\f \\h", str(number), superscript=True)

    def _footnote(self, number: int, write_runs: WriteRuns) -> Any:
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(number))
        p = OxmlElement("w:p")
        note.append(p)
        body = Paragraph(p, self.doc._body)
        body.style = self.doc.styles[TEXT_STYLE]
        mark = body.add_run(style=REFERENCE_STYLE)._r
        mark.append(OxmlElement("w:footnoteRef"))
        body.add_run(" ")
        write_runs(body, self.notes.get(number, ()))
        return note


def _styles(doc: Any) -> None:
    names = {s.name for s in doc.styles}
    if TEXT_STYLE not in names:
        text = doc.styles.add_style(TEXT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = doc.styles["Normal"]
        text.font.size = Pt(NOTE_PT)
        text.paragraph_format.space_after = Pt(0)
    if REFERENCE_STYLE not in names:
        ref = doc.styles.add_style(REFERENCE_STYLE, WD_STYLE_TYPE.CHARACTER)
        ref.font.superscript = True


def _settings(doc: Any) -> None:
    """``w:footnotePr`` in the settings names the two separator notes, as Word writes it."""
    settings = doc.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = OxmlElement("w:footnotePr")
    for ident in ("-1", "0"):
        sep = OxmlElement("w:footnote")
        sep.set(qn("w:id"), ident)
        pr.append(sep)
    anchor = next((el for el in (settings.find(qn(t)) for t in ("w:endnotePr", "w:compat", "w:rsids"))
                   if el is not None), None)
    if anchor is not None:
        anchor.addprevious(pr)
    else:
        settings.append(pr)
