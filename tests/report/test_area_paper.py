"""An area's paper applies the public view's disclosure rule to small areas (issue 17 item 7): it lists
no neighbourhood (LSOA) counts, and names levels properly ("Neighbourhood (LSOA)", never "Lsoa")."""

from __future__ import annotations

from crimeplan.demo.areas import lsoa_list
from crimeplan.levels import level_title
from crimeplan.metrics import compute_plan
from crimeplan.plan import load_plan
from crimeplan.report import build_report, gather, render
from crimeplan.report.context import Paragraph
from tests.report.conftest import BRIEFING, MEETING
from tests.report.test_internal_text import html_text


def _paper(store, area: str):
    result = compute_plan(load_plan("wmp-2013-14"), store, BRIEFING, area)
    return build_report(result, loads=store.loads(), meeting_date=MEETING, data=gather(store, result))


def test_levels_are_named_for_readers():
    assert level_title("lsoa") == "Neighbourhood (LSOA)"
    assert level_title("la") == "Local authority"


def test_a_policing_unit_s_paper_lists_no_neighbourhood_counts(demo_store):
    paper = _paper(demo_store, "lpu:WMLPU01")
    _codes, names, _parents = lsoa_list()
    text = html_text(render(paper, "html"))
    assert not [n for n in names if n in text]                      # no LSOA row anywhere
    assert "Lsoa" not in text
    assert not [t for t in paper.tables if t.anchor == "table:by_area"]
    note = " ".join(b.text for _, b in paper.blocks() if isinstance(b, Paragraph) and "appendix:breakdowns" in b.groups)
    assert "not broken down by neighbourhood (LSOA)" in note
    assert "Appendix A: Breakdown by clear-up" in [s.heading for s in paper.sections]
    assert not paper.warnings


def test_a_local_authority_s_paper_keeps_its_breakdown_by_policing_unit(demo_store):
    paper = _paper(demo_store, "la:E08000025")
    by_area = next(t for t in paper.tables if t.anchor == "table:by_area")
    assert by_area.headings[0] == "Local policing unit"
    assert [r[0] for r in by_area.rows][:-1] == ["Birmingham East", "Birmingham North", "Birmingham South",
                                                 "Birmingham West & Central"]
