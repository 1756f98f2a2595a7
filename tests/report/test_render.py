"""Each format rendered and reopened: HTML (BeautifulSoup), PDF (pypdf, pdftoppm), DOCX (python-docx)."""

from __future__ import annotations

import io
import re
import subprocess
from importlib import resources

import pytest
from bs4 import BeautifulSoup

from crimeplan.render.formatting import typeset
from crimeplan.report import render
from crimeplan.report.context import plain


@pytest.fixture(scope="module")
def html(paper) -> BeautifulSoup:
    return BeautifulSoup(render(paper, "html").decode("utf-8"), "html.parser")


def test_html_is_standalone_and_accessible(html, paper):
    assert html.html["lang"] == "en-GB"
    assert not html.find_all("link") and not html.find_all("script") and not html.find_all("img")
    assert html.h1.get_text() == paper.title
    assert [h.get_text() for h in html.find_all("h2")][:4] == ["Summary", "Purpose of report", "Executive summary",
                                                              "Background"]
    captions = [c.get_text(" ", strip=True) for c in html.find_all("caption")]
    milestones = next(t for t in paper.tables if t.anchor == "table:milestones")
    assert len(captions) == len(paper.tables) and f"{milestones.label}: Force objectives" in " ".join(captions)
    svgs = html.find_all("svg")
    assert len(svgs) == len(paper.figures) == 7
    for svg in svgs:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title", id=title_id).get_text().startswith(("SPC chart of", "p′ chart of"))
        assert "limits" in svg.find("desc", id=desc_id).get_text()
    assert len(html.select("details.alt")) == 7  # the chart as text, visible on request
    numbered = html.select("p.numbered")
    assert [p.select_one(".pn").get_text() for p in numbered] == [f"{n}." for n in range(1, len(numbered) + 1)]
    assert html.select_one("a.ref")["href"].startswith("#")
    assert all(html.find(id=a["href"][1:]) for a in html.select("a.ref"))


def test_pdf_pages_text_and_images(paper, tmp_path):
    from pypdf import PdfReader

    data = render(paper, "pdf")   # its speed is measured by `make bench`, not here
    reader = PdfReader(io.BytesIO(data))
    pages = [p.extract_text().replace("\xa0", " ") for p in reader.pages]
    text = "\n".join(pages)
    assert 8 <= len(pages) <= 30
    assert "STRATEGIC POLICING AND CRIME BOARD" in pages[0] and "13 May 2014" in pages[0]
    for heading in ("PURPOSE OF REPORT", "EXECUTIVE SUMMARY", "BACKGROUND", "FINANCIAL IMPLICATIONS",
                    "LEGAL IMPLICATIONS", "RECOMMENDATIONS", "AUTHORS", "Appendix B: Data sources"):
        assert heading in text, heading
    for figure in ("170,635", "174,526", "3,891", "12,423", "12,721", "1,632", "12.8 %", "Table 1:", "Figure 4:",
                   "6,969,000", "7,319,000", "82.4 %", "71.8 %", "Chris Sims"):
        assert figure in text, figure
    assert f"Page 1 of {len(pages)}" in pages[0] and f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "Strategic Policing and Crime Board — 13 May 2014" in pages[1]  # the running header
    # the milestone table is whole on one page
    label = next(t for t in paper.tables if t.anchor == "table:milestones").label
    assert any(f"{label}:" in p and "Reduce Business Crime" in p for p in pages)
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
                   check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 2 and all(i.stat().st_size > 2000 for i in images)


def test_docx_has_word_headings_numbering_tables_and_pictures(paper):
    from docx import Document

    doc = Document(io.BytesIO(render(paper, "docx")))
    heading_paragraphs = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    headings = [p.text.upper() if p.runs[0].font.all_caps else p.text for p in heading_paragraphs]
    assert headings[:4] == ["SUMMARY", "PURPOSE OF REPORT", "EXECUTIVE SUMMARY", "BACKGROUND"]
    assert heading_paragraphs[1].text == "Purpose of report"  # shown in capitals, cited as written
    assert heading_paragraphs[1].paragraph_format.page_break_before  # after the summary page, as in the PDF
    assert "E Reduce crime and offending" in headings and "Appendix A: Breakdowns by area and by clear-up" in headings
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == len(paper.paragraphs)
    assert all(d.text.startswith(typeset(p.text)) for d, p in zip(numbered, paper.paragraphs, strict=True))  # + calls
    num_ids = {p.style.element.xpath("string(.//w:numPr/w:numId/@w:val)") for p in numbered}
    assert len(num_ids) == 1 and num_ids != {""}  # one Word list: numbered continuously
    assert len(doc.tables) == len(paper.tables)
    at = [t.anchor for t in paper.tables]
    first = [c.text for c in doc.tables[at.index("table:milestones")].rows[1].cells]
    assert first == ["Reduce Total Recorded Crime", "170,635", "174,526", "3,891", "-5\xa0%", "2.3\xa0%", "12,423"]
    second = [c.text for c in doc.tables[at.index("table:outcomes")].rows[1].cells]
    assert second == ["Detect Burglary Dwelling", "12,721", "1,632", "-", "12.8\xa0%"]
    assert len(doc.inline_shapes) == len(paper.figures)
    alts = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert all(a.startswith(("SPC chart of", "p′ chart of")) for a in alts)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert "Figure 1: Total Recorded Crime: offences a month" in "\n".join(captions)
    assert doc.sections[0].header.paragraphs[0].text == paper.running_header


def test_docx_captions_references_and_notes_are_fields_bookmarks_and_footnotes(paper):
    """Word keeps the paper right when it is edited: captions are SEQ fields, cross-references REF
    fields to bookmarks that exist, the notes real footnotes in /word/footnotes.xml."""
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(render(paper, "docx"))) as z:
        body = z.read("word/document.xml").decode("utf-8")
        notes = z.read("word/footnotes.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
    instructions = [i.strip() for i in re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", body)]
    seq = [i for i in instructions if i.startswith("SEQ ")]
    assert sum(i.startswith("SEQ Table") for i in seq) == len(paper.tables)
    assert sum(i.startswith("SEQ Figure") for i in seq) == len(paper.figures)
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', body))
    assert len(re.findall(r"<w:bookmarkStart ", body)) == len(re.findall(r"<w:bookmarkEnd ", body))
    refs = [i for i in instructions if i.startswith(("REF ", "NOTEREF "))]
    cited = [p for p in paper.paragraphs for r in p.runs if r.kind == "ref"]
    assert cited and len(refs) >= len(cited)
    assert {i.split()[1] for i in refs} <= bookmarks  # every reference points at a bookmark
    assert {f"_RefPara{p.number}" for p in paper.paragraphs} | {f"_RefTable{t.number}" for t in paper.tables} \
        <= bookmarks
    assert any(i.startswith("REF _RefPara") and "\\n" in i for i in refs)  # paragraph numbers as Word numbers them
    # footnotes: one w:footnote per note (after the two separators), each called from the text
    assert 'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"' in rels
    assert "wordprocessingml.footnotes+xml" in types
    ids = re.findall(r'<w:footnote (?:w:type="\w+" )?w:id="(-?\d+)"', notes)
    assert ids == ["-1", "0"] + [str(n) for n, _ in paper.footnotes]
    assert re.findall(r'<w:footnoteReference w:id="(\d+)"/>', body) == [str(n) for n, _ in paper.footnotes]
    first = notes.split('w:id="1"', 1)[1].split("</w:footnote>")[0]
    first_note = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", first))
    assert first_note.strip() == plain(paper.footnotes[0][1]).strip()


def test_pdf_is_tagged_for_assistive_technology(paper, tmp_path):
    """PDF/UA-1: a structure tree (StructTreeRoot) with headings, tables and figures."""
    import re

    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(render(paper, "pdf"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    tree = subprocess.run(["pdfinfo", "-struct", str(pdf)], capture_output=True, text=True, check=True).stdout
    roles = set(re.findall(r"^\s*([A-Za-z]\w*)", tree, flags=re.M))
    assert {"Document", "H1", "H2", "P", "Table", "TH", "TD", "Caption", "Figure"} <= roles


def _figure_alts(node, out: list[str]) -> list[str]:
    """The Alt text of every Figure element under a PDF structure element, in order."""
    node = node.get_object()
    if isinstance(node, list):
        for kid in node:
            _figure_alts(kid, out)
        return out
    if not hasattr(node, "get"):
        return out
    if node.get("/S") == "/Figure":
        out.append(str(node.get("/Alt", "")))
    if "/K" in node:
        _figure_alts(node["/K"], out)
    return out


def test_printed_charts_are_images_with_their_alt_text_in_the_tagged_pdf(paper):
    """The print HTML gives each chart as an <img> (WeasyPrint parses inline SVG slowly), fetched from the
    paper's own charts only; the PDF's Figure elements carry each chart's text alternative."""
    from pypdf import PdfReader

    from crimeplan.report.html import chart_images, render_html

    printed = BeautifulSoup(render_html(paper, for_print=True), "html.parser")
    assert not printed.find_all("svg")
    images = printed.select("figure img.chart")
    assert [i["alt"] for i in images] == [f.alt for f in paper.figures]
    charts = chart_images(paper)
    assert [i["src"] for i in images] == list(charts) and all(c.startswith(b"<svg") for c in charts.values())
    reader = PdfReader(io.BytesIO(render(paper, "pdf")))
    alts = _figure_alts(reader.trailer["/Root"]["/StructTreeRoot"], [])
    assert alts == [f.alt for f in paper.figures]


def test_percentages_are_one_style_with_a_no_break_space_in_every_format(paper):
    """ "2.3 %" with a no-break space, never "2.3%" nor a breakable space, in HTML and Word."""
    import re
    import zipfile

    html = render(paper, "html").decode("utf-8")
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(svg|style)\b.*?</\1>", "", html, flags=re.S))
    with zipfile.ZipFile(io.BytesIO(render(paper, "docx"))) as z:
        word = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", z.read("word/document.xml").decode("utf-8")))
    for shown in (text, word):
        assert re.search(r"\d\xa0%", shown)
        assert not re.search(r"\d[ \t]?%", shown), re.findall(r".{30}\d[ \t]?%", shown)[:3]


@pytest.mark.parametrize("written, shown", [
    ("rose by 2.3%", "rose by 2.3\xa0%"), ("-5 %", "-5\xa0%"), ("45 miles a day", "45\xa0miles a day"),
    ("over 12 months", "over 12\xa0months"), ("Table 3 shows", "Table 3 shows"),
])
def test_typeset_joins_numbers_to_their_percent_and_units(written, shown):
    assert typeset(written) == shown


def _a4_text_width_pt() -> float:
    """The text width of the printed paper: A4 less the side margins of paper.css, in points."""
    css = resources.files("crimeplan").joinpath("report/templates/paper.css").read_text("utf-8")
    _top, right, _bottom, left = (float(x) for x in re.search(r"margin:\s*([\d.]+)mm\s+([\d.]+)mm\s+([\d.]+)mm\s+"
                                                               r"([\d.]+)mm", css).groups())
    return (210 - right - left) / 25.4 * 72


def test_chart_text_prints_at_8_points_or_more_at_a4(paper):
    """Each chart is drawn at the text width (figure svg {width: 100%}): its smallest text, scaled from
    the SVG's own width to the A4 text width, is at least 8 pt."""
    width = _a4_text_width_pt()
    assert len(paper.figures) == 7
    for figure in paper.figures:
        view = re.search(r'viewBox="0 0 ([\d.]+) [\d.]+"', figure.svg)
        sizes = [float(s) for s in re.findall(r'font-size="?([\d.]+)px', figure.svg)]
        assert view and sizes, figure.caption
        assert min(sizes) * width / float(view.group(1)) >= 8, (figure.caption, view.group(1), min(sizes))


def _headings(paper) -> list[str]:
    out = [section.heading for section in paper.sections]
    out += [f"{b.text}" for _, b in paper.blocks() if type(b).__name__ == "Heading"]
    return out


def _squash(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split()).casefold()


def test_no_heading_is_the_last_thing_on_a_pdf_page(paper, tmp_path):
    """An orphan heading: the last body line of a page (before its footnotes and running footer)."""
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(render(paper, "pdf"))
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    notes = [_squash(plain(runs)) for _, runs in paper.footnotes]
    assert _orphans(pages, _headings(paper), notes) == []
    # the check finds one: a page ending with a heading, before a footnote and the running footer
    fake = "Some text.\n2013/14 milestone: Reduce Burglary Dwelling (-8 %)\n1. A note.\n   Page 3 of 9\n"
    assert _orphans([fake], ["2013/14 milestone: Reduce Burglary Dwelling (-8 %)"], ["a note."]) == [
        (1, "2013/14 milestone: reduce burglary dwelling (-8 %)")]


def _orphans(pages: list[str], headings: list[str], notes: list[str]) -> list[tuple[int, str]]:
    """(page, line) of each page whose last body line (footnotes and running footer left out) begins a heading."""
    starts = [_squash(h)[:30] for h in headings]
    orphans = []
    for number, page in enumerate(pages, start=1):
        lines = [_squash(line) for line in page.splitlines() if line.strip()]
        body = [line for line in lines if not re.search(r"page \d+ of \d+$", line)
                and not any(line in note or note.startswith(line.lstrip("0123456789. ")) for note in notes)]
        if body and any(body[-1].startswith(start) for start in starts):
            orphans.append((number, body[-1]))
    return orphans


def test_the_summary_page_comes_first_with_every_milestone_and_the_exceptions(paper, tmp_path):
    first = paper.sections[0]
    assert first.heading == "Summary"
    matrix = next(t for t in paper.tables if t.anchor == "table:summary")
    assert matrix.number == 1 and matrix.headings[3:] == ("Variation", "Assurance", "Status")
    rows = {r[0]: r for r in matrix.rows}
    assert len(rows) == 7    # 5 count milestones (the priority areas' included) and 2 satisfaction milestones
    assert tuple(c.replace("\xa0", " ") for c in rows["Reduce Total Recorded Crime"][1:]) == (
        "174,526", "2.3 %", "Concern (high)", "Consistently fails", "Not met")
    bullets = next(b for b in first.blocks if type(b).__name__ == "Bullets")
    texts = [plain(item) for item in bullets.items]
    assert texts and all(re.search(r"\(paragraphs? \d+", t) for t in texts)
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(render(paper, "pdf"))
    page1 = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "SUMMARY" in page1 and "PURPOSE OF REPORT" not in page1   # the summary stands alone on page 1


def _css_colour(css: str, selector: str, prop: str) -> str:
    """The colour of ``prop`` in the rule for ``selector`` in paper.css, as Word writes it ("8A8A8A")."""
    rule = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css).group(1)
    value = re.search(rf"(?:^|;|\s){re.escape(prop)}:\s*[^;]*?#([0-9a-fA-F]{{3,6}})\b", rule).group(1).upper()
    return "".join(c * 2 for c in value) if len(value) == 3 else value


def test_docx_headings_and_tables_have_the_pdf_s_colours(paper):
    import zipfile

    css = resources.files("crimeplan").joinpath("report/templates/paper.css").read_text("utf-8")
    with zipfile.ZipFile(io.BytesIO(render(paper, "docx"))) as z:
        document, styles = z.read("word/document.xml").decode(), z.read("word/styles.xml").decode()
    table_rule = _css_colour(css, "th, td", "border")
    tables = re.findall(r"<w:tblBorders>(.*?)</w:tblBorders>", document)
    assert len(tables) == len(paper.tables)
    assert all(re.findall(r'w:color="([0-9A-F]{6})"', t) == [table_rule] * 6 for t in tables)
    fill = _css_colour(css, "thead th", "background")
    assert document.count(f'w:fill="{fill}"') == sum(len(t.headings) for t in paper.tables)
    outcome_rule = _css_colour(css, '.section[id^="outcome-"] > h2', "border-bottom")
    outcomes = sum(1 for s in paper.sections if s.anchor.startswith("outcome:"))
    assert len(re.findall(rf'<w:pBdr><w:bottom [^>]*w:color="{outcome_rule}"', document)) == outcomes
    text = _css_colour(css, "html", "color")
    for style in ("Heading1", "Heading2", "Heading3"):
        block = re.search(rf'w:styleId="{style}".*?</w:style>', styles, re.S).group(0)
        assert f'w:color w:val="{text}"' in block, style
    assert f'w:color w:val="{_css_colour(css, "p.note", "color")}"' in document
