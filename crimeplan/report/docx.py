"""The paper as a Word document staff can edit: real headings (Heading 1–2), paragraphs numbered by
Word's own list numbering (style "List Number", one list through the paper), tables with a
repeating header row, charts as PNG pictures with their text alternative as alt text, captions,
a running header and "Page N of M" footer, and the footnotes as numbered notes at the end."""

from __future__ import annotations

import io

from crimeplan.report.context import Bullets, Figure, Heading, Paragraph, ReportContext, Run, Table, long_date

FONT = "Liberation Sans"
BODY_PT = 11
TABLE_PT = 9
CHART_WIDTH_MM = 165
CHART_SCALE = 2.0  # PNG pixels per SVG pixel: sharp when printed
HEADER_FILL = "E8EDF3"


def render_docx(context: ReportContext) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    doc = Document()
    _page(doc, context)
    _fonts(doc)
    props = doc.core_properties
    props.title, props.subject = context.title, context.plan_citation
    props.author, props.keywords = context.software, f"{context.plan_id}; {context.briefing_date.isoformat()}"

    for text, bold, size in ((context.board.upper(), True, 13), (long_date(context.meeting_date), True, 11)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.font.size = bold, Pt(size)
    title = doc.add_heading(context.title, level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub = doc.add_paragraph(f"{context.area} — briefing date {long_date(context.briefing_date)}")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER

    for section in context.sections:
        heading = doc.add_heading(section.heading if section.appendix else section.heading.upper()
                                  if not section.anchor.startswith("outcome:") else section.heading, level=1)
        if section.appendix:
            heading.paragraph_format.page_break_before = True
        for block in section.blocks:
            if isinstance(block, Heading):
                doc.add_heading(block.text, level=2)
                if block.lead:
                    lead = doc.add_paragraph()
                    lead.add_run(block.lead).italic = True
                    lead.paragraph_format.keep_with_next = True
            elif isinstance(block, Paragraph):
                style = "List Number" if block.number else None
                p = doc.add_paragraph(style=style)
                _runs(p, block.runs)
                if block.style == "note":
                    for run in p.runs:
                        run.italic = True
            elif isinstance(block, Bullets):
                for item in block.items:
                    _runs(doc.add_paragraph(style="List Bullet"), item)
            elif isinstance(block, Table):
                _table(doc, block)
            elif isinstance(block, Figure):
                _figure(doc, block, Mm(CHART_WIDTH_MM))
    if context.footnotes:
        doc.add_heading("Notes", level=1)
        for n, runs in context.footnotes:
            p = doc.add_paragraph()
            call = p.add_run(f"{n} ")
            call.font.superscript = True
            _runs(p, runs)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page(doc, context: ReportContext) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    section.left_margin, section.right_margin = Mm(20), Mm(18)
    header = section.header.paragraphs[0]
    header.text = context.running_header
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for piece in ("Page ", "PAGE", " of ", "NUMPAGES"):
        if piece.isupper():
            _field(footer, piece)
        else:
            footer.add_run(piece).font.size = Pt(8)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the page out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(8)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            run.text = text


def _fonts(doc) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    for name in ("Normal", "Title", "Heading 1", "Heading 2", "List Number", "List Bullet", "Caption"):
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
            style.font.color.rgb = RGBColor(0x11, 0x11, 0x11)
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    doc.styles["Title"].font.size = Pt(16)
    doc.styles["Heading 1"].font.size = Pt(12.5)
    doc.styles["Heading 2"].font.size = Pt(11)
    doc.styles["Caption"].font.size = Pt(9)


def _runs(paragraph, runs: tuple[Run, ...]) -> None:
    for r in runs:
        if r.kind == "strong":
            paragraph.add_run(r.text).bold = True
        elif r.kind in ("note", "note-again"):
            paragraph.add_run(r.text).font.superscript = True
        else:
            paragraph.add_run(r.text)


def _caption(doc, label: str, caption: str, *, keep_with_next: bool):
    p = doc.add_paragraph(style="Caption")
    p.add_run(f"{label}: ").bold = True
    p.add_run(caption)
    p.paragraph_format.keep_with_next = keep_with_next
    return p


def _table(doc, block: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    _caption(doc, block.label, block.caption, keep_with_next=True)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.headings))
    table.style = "Table Grid"
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
            run = p.add_run(text)
            run.font.size = Pt(TABLE_PT)
            run.bold = r == 0
            if block.numeric[c]:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if r < len(block.rows):
                p.paragraph_format.keep_with_next = True  # keep the table on one page when it fits
            if r == 0:
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:fill"), HEADER_FILL)
                cell._tc.get_or_add_tcPr().append(shade)
    if block.note:
        note = doc.add_paragraph()
        _runs(note, block.note)
    else:
        doc.add_paragraph()


def _figure(doc, block: Figure, width) -> None:
    import vl_convert

    png = vl_convert.svg_to_png(block.svg, scale=CHART_SCALE)
    doc.add_picture(io.BytesIO(png), width=width)
    picture = doc.paragraphs[-1]
    picture.paragraph_format.keep_with_next = True
    doc_pr = picture._p.xpath(".//wp:docPr")
    if doc_pr:  # the chart's text alternative as the picture's alt text
        doc_pr[0].set("title", block.alt)
        doc_pr[0].set("descr", f"{block.alt} {block.description}")
    _caption(doc, block.label, block.caption, keep_with_next=False)
