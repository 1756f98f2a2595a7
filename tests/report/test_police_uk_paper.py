"""The board paper on the police-uk plan for the real City of London data, in HTML, PDF and Word: its
clear-up breakdown is by police.uk outcome category (it once stopped on "Action to be taken by
another organisation"), and a paper whose months are not all loaded says "insufficient data"."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from datetime import date

import pytest
from bs4 import BeautifulSoup

from crimeplan.metrics import compute_plan
from crimeplan.plan import load_plan
from crimeplan.report import build_report, render
from crimeplan.store import open_store
from tests.conftest import CITY_2022, copy_store

BRIEFING = date(2019, 4, 1)   # 2018/19 against 2017/18: both years in the download


@pytest.fixture(scope="module")
def city(tmp_path_factory, city_file):
    store = open_store(copy_store(city_file, tmp_path_factory.mktemp("city-paper"), "c.duckdb"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def paper(city):
    result = compute_plan(load_plan("police-uk"), city, BRIEFING, "force:city-of-london")
    return build_report(result, loads=city.loads())


def _outcome_labels_2018_19() -> Counter[str]:
    """Crimes recorded April 2018 – March 2019 by "Last outcome category", with the csv module."""
    counts: Counter[str] = Counter()
    for path in sorted(CITY_2022.glob("*-city-of-london-street.csv")):
        if "2018-04" <= path.name[:7] <= "2019-03":
            with open(path, encoding="utf-8", newline="") as handle:
                for row in csv.DictReader(handle):
                    if row["Crime type"] != "Anti-social behaviour":
                        counts[row["Last outcome category"] or "(no outcome yet)"] += 1
    return counts


def test_the_clear_up_breakdown_is_by_police_uk_outcome_category(paper):
    table = next(t for t in paper.tables if t.anchor == "table:by_clear_up")
    assert table.headings[0] == "Outcome category"
    by_label = {row[0]: row[1] for row in table.rows}   # the first rate: all crime
    expected = _outcome_labels_2018_19()
    assert by_label["Action to be taken by another organisation"] == \
        f"{expected['Action to be taken by another organisation']:,}"
    assert sum(int(v.replace(",", "")) for v in by_label.values()) == sum(expected.values())


def test_the_paper_is_written_in_html_pdf_and_word(paper):
    html = BeautifulSoup(render(paper, "html").decode("utf-8"), "html.parser")
    text = html.get_text(" ", strip=True)
    assert "City of London" in text and "Action to be taken by another organisation" in text
    assert len(html.find_all("svg")) == len(paper.figures) >= 3
    pdf = render(paper, "pdf")
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    from pypdf import PdfReader
    pages = PdfReader(io.BytesIO(pdf)).pages
    words = " ".join(" ".join(p.extract_text() for p in pages).split())   # a table cell wraps its lines
    assert "Action to be taken by another organisation" in words and "City of London" in words
    docx = render(paper, "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        assert "Action to be taken by another organisation" in z.read("word/document.xml").decode("utf-8")


def test_a_paper_without_last_year_says_insufficient_data(city):
    """2017/18 against 2016/17: the download starts in January 2017, so last year is not loaded."""
    result = compute_plan(load_plan("police-uk"), city, date(2018, 4, 1), "force:city-of-london")
    paper = build_report(result, loads=city.loads())
    text = " ".join(p.text for p in paper.paragraphs)
    assert "insufficient data: 15 of 24 months loaded (2016/17 missing Apr 2016 – Dec 2016)" in text
    milestones = next(t for t in paper.tables if t.anchor == "table:milestones")
    assert f"none of the 3 reduction milestones in {milestones.label} can be assessed" in text
    assert all(row[3] == "-" and row[6] == "-" for row in milestones.rows)  # difference, variance
    assert render(paper, "html")  # and it renders
