"""The seed's sections from data (issue 17 item 1): hate crime's share of TRC and the religion table,
the Community Safety Fund table with its totals, confidence with its sources and intervals,
re-offending ranks, named authors, and a finished year judged as finished."""

from __future__ import annotations

from crimeplan.funding import funding_table
from crimeplan.indicators import indicator_table
from crimeplan.metrics.hate import religion_table
from crimeplan.report import build_report
from crimeplan.report.context import Paragraph, Table
from crimeplan.report.context.data import PaperData


def _table(paper, anchor) -> Table:
    return next(t for t in paper.tables if t.anchor == anchor)


def _group_text(paper, group) -> str:
    return " ".join(b.text for _, b in paper.blocks() if isinstance(b, Paragraph) and group in b.groups)


def test_religion_table_holds_actual_and_perceived_religion_year_on_year(paper, demo_store, result):
    table = _table(paper, "table:religion")
    actual = religion_table(demo_store, result.area, ["2012/13", "2013/14"])
    assert table.headings[:5] == ("Religion", "2012/13 actual", "2012/13 %", "2013/14 actual", "2013/14 %")
    rows = {r[0]: r for r in table.rows}
    assert rows["Total"][1] == f"{actual.totals[0]:,}" and rows["Total"][3] == f"{actual.totals[1]:,}"
    assert (rows["Total"][1], rows["Total"][3]) == ("57", "62")   # the seed's religious hate crimes
    assert (rows["Islam"][1], rows["Islam"][3]) == ("18", "27")
    islam = next(r for r in actual.rows if r.label == "Islam")
    assert rows["Islam"][2] == f"{islam.shares[0] * 100:.1f} %"
    assert "deliverable:A2" in table.groups   # under the deliverable that analyses hate crime
    text = _group_text(paper, "deliverable:A2")
    assert "of Total Recorded Crime" in text and "Religion Involved marker" in text
    assert "27 (43.5 %) of the 62 religious hate crimes in 2013/14" in text


def test_the_community_safety_fund_table_has_its_totals(paper, demo_store, result):
    table = _table(paper, "table:funding-community_safety_fund-2013-14")
    loaded = funding_table(demo_store, "community_safety_fund", "2013/14", plan=result.plan)
    assert [r[0] for r in table.rows] == [x.line for x in loaded.lines]
    rows = dict(table.rows)
    assert rows["Total"] == "£6,969,000" and rows["Total to Allocate"] == "£7,319,000"
    text = _group_text(paper, "deliverable:B1")
    assert f"shown in {table.label}" in text and "£7,319,000 in all" in text
    assert "see the funding table" not in " ".join(p.text for p in paper.paragraphs)


def test_confidence_gives_each_survey_its_source_and_interval(paper):
    table = _table(paper, "table:confidence")
    assert table.headings == ("Survey", "Interviews", "Confident", "95 % interval")
    latest, national = table.rows[-2], table.rows[-1]
    assert latest[2] == "82.4 %" and " to " in latest[3]
    assert national[0].startswith("Crime Survey for England and Wales") and national[2] == "71.8 %"
    text = _group_text(paper, "outcome:A")
    assert "82.4 %" in text and "71.8 %" in text and "95 % interval" in text


def test_reoffending_ranks_or_a_stated_absence(paper, demo_store, result):
    table = _table(paper, "table:reoffending")
    ranks = indicator_table(demo_store, "reoffending_rank")
    assert [r[0] for r in table.rows] == [r.area_name for r in sorted(ranks.rows, key=lambda r: r.rank)]
    bare = build_report(result, data=PaperData())
    assert "table:reoffending" not in {t.anchor for t in bare.tables}
    assert any(b.text == "No re-offending figures have been loaded for this paper."
               for _, b in bare.blocks() if isinstance(b, Paragraph))


def test_authors_are_named_from_the_plan_or_the_command_line(paper, result):
    authors = [b.text for s in paper.sections if s.anchor == "authors" for b in s.blocks]
    assert authors == ["West Midlands Police, Chief Constable, Chris Sims"]
    named = build_report(result, data=PaperData(authors=("Jane Smith, Chief Executive",)))
    assert [b.text for s in named.sections if s.anchor == "authors" for b in s.blocks] == \
        ["Jane Smith, Chief Executive"]


def test_a_finished_year_is_judged_as_finished(paper):
    text = " ".join(p.text for p in paper.paragraphs)
    assert "may or may not meet" not in text and "cannot meet the milestone" not in text
    assert "The year ended at 12,721, 6.2 % below 2012/13, against a target of 12,474: the milestone was not met." \
        in text


def test_the_priority_areas_milestone_has_its_figures(paper):
    """The seed's paragraph 84: TRC in the priority areas combined, its row, chart and assurance."""
    group = "milestone:reduce_priority_areas"
    text = _group_text(paper, group)
    assert "No figures" not in text
    assert "10 priority areas combined" in text
    assert "Total Recorded Crime in the priority areas is 2.3 % (845 offences) higher than in 2012/13" in text
    table = _table(paper, f"table:{group}")
    assert table.headings[0] == "Priority areas"
    assert table.rows[0][1:4] == ("36,696", "37,541", "845")
    assert any(group in f.groups for f in paper.figures)
    assert not paper.warnings
