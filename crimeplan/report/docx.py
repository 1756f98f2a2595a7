"""The paper as a Word document that stays right when staff edit it (all text typeset: "2.3 %" with a
no-break space): real headings (Heading 1–3),
paragraphs numbered by Word's own list numbering (style "List Number", one list through the paper),
captions numbered by SEQ fields and cross-references as REF fields to bookmarks (insert a paragraph
or a table and Word renumbers them and every reference to them), the notes as real footnotes
(docx_footnotes), tables with a repeating header row, charts as PNG pictures with their text
alternative as alt text, a running header and "Page N of M" footer, the PDF's font."""

from __future__ import annotations

import io
from typing import Any

import vl_convert
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from crimeplan.render.formatting import typeset
from crimeplan.report.context import Bullets, Figure, Heading, Paragraph, ReportContext, Run, Section, Table, long_date
from crimeplan.report.docx_fields import (
    Bookmarks,
    label_bookmark,
    paragraph_bookmark,
    reference,
    section_bookmark,
    word_field,
)
from crimeplan.report.docx_footnotes import Footnotes
from crimeplan.report.docx_style import NOTE, TEXT, header_fill, rule_below, table_rules

FONT = "Liberation Sans"
BODY_PT = 11
TABLE_PT = 9
CHART_WIDTH_MM = 165
CHART_SCALE = 2.0  # PNG pixels per SVG pixel: sharp when printed
SUMMARY_PAGE = "summary-page"
"""The summary page's section (report.context.matrix): the next section starts a new page, as in the PDF."""
HEADING_LEVELS = (2, 3)
"""The paper's block headings (2: a strategic outcome; 3: a milestone or a deliverable) as the Word
styles Heading 2 and Heading 3 (sections are Heading 1)."""


def render_docx(context: ReportContext) -> bytes:
    doc = Document()
    _page(doc, context)
    _fonts(doc)
    props = doc.core_properties
    props.title, props.subject = context.title, context.plan_citation
    props.author, props.keywords = context.software, f"{context.plan_id}; {context.briefing_date.isoformat()}"
    _title_block(doc, context)
    writer = _Writer(doc, context)
    for index, section in enumerate(context.sections):
        writer.section(index, section)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _title_block(doc: Any, context: ReportContext) -> None:
    for text, size in ((context.board.upper(), 13), (long_date(context.meeting_date), 11)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.font.size = True, Pt(size)
    title = doc.add_heading(context.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(f"{context.area} — briefing date {long_date(context.briefing_date)}")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER


class _Writer:
    """Writes blocks into the document: bookmarks where references point, fields where they are made."""

    def __init__(self, doc: Any, context: ReportContext) -> None:
        self.doc = doc
        self.bookmarks = Bookmarks()
        self.targets: dict[str, str] = {}
        self.anchors = [section.anchor for section in context.sections]
        for index, section in enumerate(context.sections):
            self.targets[section.anchor] = section_bookmark(index)
        for table in context.tables:
            self.targets[table.anchor] = label_bookmark("Table", table.number or 0)
        for figure in context.figures:
            self.targets[figure.anchor] = label_bookmark("Figure", figure.number or 0)
        self.footnotes = Footnotes(doc, dict(context.footnotes), self.bookmarks)

    def section(self, index: int, section: Section) -> None:
        heading = self.doc.add_heading(level=1)
        label, rest = _heading_parts(section)
        heading.add_run(typeset(label))
        self.bookmarks.wrap(heading._p, section_bookmark(index))
        if rest:
            heading.add_run(typeset(rest))
        if not section.appendix and not section.anchor.startswith("outcome:"):
            for run in heading.runs:
                run.font.all_caps = True
        if section.anchor.startswith("outcome:"):
            rule_below(heading)
        if section.appendix or (index and self.anchors[index - 1] == SUMMARY_PAGE):
            heading.paragraph_format.page_break_before = True
        for block in section.blocks:
            self.block(block)

    def block(self, block: Any) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, Bullets):
            for item in block.items:
                self.runs(self.doc.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Figure):
            _figure(self.doc, block, Mm(CHART_WIDTH_MM))
            self.caption("Figure", block.number or 0, block.caption, keep_with_next=False)

    def heading(self, block: Heading) -> None:
        level = block.level if block.level in HEADING_LEVELS else HEADING_LEVELS[-1]
        self.doc.add_heading(typeset(block.text), level=level)
        if block.lead:
            lead = self.doc.add_paragraph()
            lead.add_run(typeset(block.lead)).italic = True
            lead.paragraph_format.keep_with_next = True

    def paragraph(self, block: Paragraph) -> None:
        p = self.doc.add_paragraph(style="List Number" if block.number else None)
        self.runs(p, block.runs)
        if block.style == "note":
            for run in p.runs:
                run.italic = True
                run.font.color.rgb = RGBColor.from_string(NOTE)
        if block.number:
            self.bookmarks.wrap(p._p, paragraph_bookmark(block.number))

    def runs(self, paragraph: Any, runs: tuple[Run, ...]) -> None:
        for r in runs:
            if r.kind == "strong":
                paragraph.add_run(typeset(r.text)).bold = True
            elif r.kind == "ref":
                reference(paragraph._p, r, self.targets)
            elif r.kind == "note":
                self.footnotes.call(paragraph, int(r.text), self.runs)
            elif r.kind == "note-again":
                self.footnotes.again(paragraph, int(r.text))
            else:
                paragraph.add_run(typeset(r.text))

    def caption(self, kind: str, number: int, caption: str, *, keep_with_next: bool) -> None:
        """ "Table {SEQ Table}: caption", the label bookmarked for the references to it."""
        p = self.doc.add_paragraph(style="Caption")
        ident = self.bookmarks.open(p._p, label_bookmark(kind, number))
        p.add_run(f"{kind} ").bold = True
        word_field(p._p, f"SEQ {kind} \\* ARABIC", str(number), bold=True)
        self.bookmarks.close(p._p, ident)
        p.add_run(": ").bold = True
        p.add_run(typeset(caption))
        p.paragraph_format.keep_with_next = keep_with_next

    def table(self, block: Table) -> None:
        self.caption("Table", block.number or 0, block.caption, keep_with_next=True)
        _table(self.doc, block)
        note = self.doc.add_paragraph()
        if block.note:
            self.runs(note, block.note)


def _heading_parts(section: Section) -> tuple[str, str]:
    """ "Appendix B" and ": Sources" (references to an appendix cite its label); else the whole heading."""
    if section.appendix:
        label = f"Appendix {section.appendix}"
        return label, section.heading[len(label):]
    return section.heading, ""


def _page(doc: Any, context: ReportContext) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(18)
    for style in ("Header", "Footer"):
        doc.styles[style].font.size = Pt(8)
    section.header.paragraphs[0].text = context.running_header
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for piece in ("Page ", "PAGE", " of ", "NUMPAGES"):
        if piece.isupper():
            word_field(footer._p, piece, "1")
        else:
            footer.add_run(piece)


def _fonts(doc: Any) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Number", "List Bullet", "Caption"):
        style = doc.styles[name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)
        if name.startswith("Heading") or name == "Title":
            style.font.color.rgb = RGBColor.from_string(TEXT)
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    doc.styles["Title"].font.size = Pt(16)
    doc.styles["Heading 1"].font.size = Pt(12.5)
    doc.styles["Heading 2"].font.size = Pt(11)
    doc.styles["Heading 3"].font.size = Pt(11)
    doc.styles["Caption"].font.size = Pt(9)


def _table(doc: Any, block: Table) -> None:
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.headings))
    table.style = "Table Grid"
    table_rules(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, cells in enumerate((block.headings, *block.rows)):
        row = table.rows[r]
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeat the header row on each page
        for c, text in enumerate(cells):
            cell = row.cells[c]
            p = cell.paragraphs[0]
            run = p.add_run(typeset(text))
            run.font.size = Pt(TABLE_PT)
            run.bold = r == 0
            if block.numeric[c]:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r < len(block.rows):
                p.paragraph_format.keep_with_next = True  # keep the table on one page when it fits
            if r == 0:
                header_fill(cell)


def _figure(doc: Any, block: Figure, width: Any) -> None:
    png = vl_convert.svg_to_png(block.svg, scale=CHART_SCALE)
    doc.add_picture(io.BytesIO(png), width=width)
    picture = doc.paragraphs[-1]
    picture.paragraph_format.keep_with_next = True
    doc_pr = picture._p.xpath(".//wp:docPr")
    if doc_pr:  # the chart's text alternative as the picture's alt text
        doc_pr[0].set("title", block.alt)
        doc_pr[0].set("descr", f"{block.alt} {block.description}")
