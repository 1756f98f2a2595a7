"""Nothing internal is ever printed (issue 17 item 3): every format (HTML, the PDF's text through
pdftotext, the DOCX's text) of every shipped plan's paper is scanned for identifiers, developer
notes, source references, "None"/"nan" and absolute paths."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from crimeplan.loads import ingest_areas, ingest_police_uk
from crimeplan.loads.demo import DEMO_CHANGES
from crimeplan.metrics import compute_plan
from crimeplan.plan import load_plan
from crimeplan.report import build_report, gather, render
from crimeplan.report.updates import latest_approved
from crimeplan.store import open_store
from tests.conftest import CITY_2022, LSOA_LOOKUP, require_real_data
from tests.report.conftest import BRIEFING, MEETING

INTERNAL = {
    "identifier": re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"),        # priority_areas, compute_plan
    "source reference": re.compile(r"paper para", re.IGNORECASE),
    "developer note": re.compile(r"Not stated"),
    "None": re.compile(r"\bNone\b"),
    "nan": re.compile(r"\bnan\b", re.IGNORECASE),
    "absolute path": re.compile(r"(?:^|[\s(\"'])/(?:[\w.-]+/)+[\w.-]*|\b[A-Z]:\\\\"),
}


def html_text(data: bytes) -> str:
    soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
    for hidden in soup(["style", "script"]):
        hidden.decompose()
    return soup.get_text(" ", strip=True)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def findings(text: str) -> list[str]:
    return [f"{kind}: {m.group(0).strip()!r} in …{text[max(0, m.start() - 40):m.end() + 40]!r}…"
            for kind, pattern in INTERNAL.items() for m in pattern.finditer(text)]


def scan(context, tmp_path) -> list[str]:
    out = []
    for fmt, to_text in (("html", html_text), ("pdf", lambda d: pdf_text(d, tmp_path)), ("docx", docx_text)):
        out += [f"{fmt}: {f}" for f in findings(to_text(render(context, fmt)))]
    return out


def test_the_scan_finds_what_it_looks_for():
    text = "No figures: area set priority_areas (paper para 81), lead Not stated; None nan /root/x/y.csv"
    kinds = {f.split(":")[0] for f in findings(text)}
    assert kinds == set(INTERNAL)
    assert not findings("2013/14, DCC/Director of Resources, 82.4 % (81.6 % to 83.2 %), Table 3, £7,319,000")


def test_the_demo_paper_prints_nothing_internal_passes_strict_and_fits_twenty_pages(full_demo_db, tmp_path):
    """The paper `crimeplan demo` leaves (its changes registered, its updates approved) at the briefing
    date: issue 17's done-when."""
    store = open_store(full_demo_db)
    try:
        plan = load_plan("wmp-2013-14")
        result = compute_plan(plan, store, BRIEFING)
        context = build_report(result, updates=latest_approved(store, plan.id, result.briefing_date),
                               loads=store.loads(), meeting_date=MEETING, data=gather(store, result))
    finally:
        store.close()
    assert not context.warnings          # --strict passes: the paper's own references included
    assert scan(context, tmp_path) == []
    assert 8 <= len(PdfReader(tmp_path / "paper.pdf").pages) <= 20   # the PDF the scan read


def test_the_police_uk_paper_prints_nothing_internal(tmp_path):
    require_real_data()
    store = open_store(str(tmp_path / "city.duckdb"))
    try:
        ingest_police_uk(store, [CITY_2022])
        ingest_areas(store, LSOA_LOOKUP)
        result = compute_plan(load_plan("police-uk"), store, date(2019, 4, 1), "force:city-of-london")
        context = build_report(result, loads=store.loads(), data=gather(store, result))
    finally:
        store.close()
    assert scan(context, tmp_path) == []


@pytest.mark.parametrize("text", ["see compute_plan", "area set priority_areas"])
def test_identifiers_are_caught(text):
    assert findings(text)


def test_the_demo_register_s_reasons_name_no_other_document():
    """The reasons the paper quotes from the process-change register are plain sentences for readers."""
    assert [findings(reason) for _, _, reason in DEMO_CHANGES] == [[] for _ in DEMO_CHANGES]
    assert not any(re.search(r"\bparas?\b|paragraph", reason) for _, _, reason in DEMO_CHANGES)
