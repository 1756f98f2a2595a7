"""Each format rendered and reopened: HTML (BeautifulSoup), PDF (pypdf, pdftoppm), DOCX (python-docx)."""

from __future__ import annotations

import io
import subprocess

import pytest
from bs4 import BeautifulSoup

from crimeplan.report import render


@pytest.fixture(scope="module")
def html(paper) -> BeautifulSoup:
    return BeautifulSoup(render(paper, "html").decode("utf-8"), "html.parser")


def test_html_is_standalone_and_accessible(html, paper):
    assert html.html["lang"] == "en-GB"
    assert not html.find_all("link") and not html.find_all("script") and not html.find_all("img")
    assert html.h1.get_text() == paper.title
    assert [h.get_text() for h in html.find_all("h2")][:3] == ["Purpose of report", "Executive summary", "Background"]
    captions = [c.get_text(" ", strip=True) for c in html.find_all("caption")]
    assert len(captions) == len(paper.tables) and captions[0].startswith("Table 1: Force objectives")
    svgs = html.find_all("svg")
    assert len(svgs) == len(paper.figures) == 6
    for svg in svgs:
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title", id=title_id).get_text().startswith(("SPC chart of", "p′ chart of"))
        assert "limits" in svg.find("desc", id=desc_id).get_text()
    assert len(html.select("details.alt")) == 6  # the chart as text, visible on request
    numbered = html.select("p.numbered")
    assert [p.select_one(".pn").get_text() for p in numbered] == [f"{n}." for n in range(1, len(numbered) + 1)]
    assert html.select_one("a.ref")["href"].startswith("#")
    assert all(html.find(id=a["href"][1:]) for a in html.select("a.ref"))


def test_pdf_pages_text_and_images(paper, tmp_path):
    from pypdf import PdfReader

    data = render(paper, "pdf")   # its speed is measured by `make bench`, not here
    reader = PdfReader(io.BytesIO(data))
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    assert 8 <= len(pages) <= 30
    assert "STRATEGIC POLICING AND CRIME BOARD" in pages[0] and "13 May 2014" in pages[0]
    for heading in ("PURPOSE OF REPORT", "EXECUTIVE SUMMARY", "BACKGROUND", "FINANCIAL IMPLICATIONS",
                    "LEGAL IMPLICATIONS", "RECOMMENDATIONS", "AUTHORS", "Appendix B: Data sources"):
        assert heading in text, heading
    for figure in ("170,635", "174,526", "3,891", "12,423", "12,721", "1,632", "12.8 %", "Table 1:", "Figure 4:"):
        assert figure in text, figure
    assert f"Page 1 of {len(pages)}" in pages[0] and f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "Strategic Policing and Crime Board — 13 May 2014" in pages[1]  # the running header
    # the first milestone table is whole on one page
    assert any("Table 1:" in p and "Reduce Business Crime" in p for p in pages)
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "page")],
                   check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 2 and all(i.stat().st_size > 2000 for i in images)


def test_docx_has_word_headings_numbering_tables_and_pictures(paper):
    from docx import Document

    doc = Document(io.BytesIO(render(paper, "docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["PURPOSE OF REPORT", "EXECUTIVE SUMMARY", "BACKGROUND"]
    assert "E Reduce crime and offending" in headings and "Appendix A: Breakdowns by area and by clear-up" in headings
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == len(paper.paragraphs)
    assert all(d.text.startswith(p.text) for d, p in zip(numbered, paper.paragraphs, strict=True))  # + footnote calls
    num_ids = {p.style.element.xpath("string(.//w:numPr/w:numId/@w:val)") for p in numbered}
    assert len(num_ids) == 1 and num_ids != {""}  # one Word list: numbered continuously
    assert len(doc.tables) == len(paper.tables)
    first = [c.text for c in doc.tables[0].rows[1].cells]
    assert first == ["Reduce Total Recorded Crime", "170,635", "174,526", "3,891", "-5 %", "2.3 %", "12,423"]
    assert [c.text for c in doc.tables[1].rows[1].cells] == ["Detect Burglary Dwelling", "12,721", "1,632", "-",
                                                              "12.8 %"]
    assert len(doc.inline_shapes) == len(paper.figures)
    alts = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert all(a.startswith(("SPC chart of", "p′ chart of")) for a in alts)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert "Figure 1: Total Recorded Crime: offences a month" in "\n".join(captions)
    assert doc.sections[0].header.paragraphs[0].text == paper.running_header
