"""The paper as a document: every section, continuous numbering, resolved references, the same
figures as the results (compute_plan) and deliverable updates with their cadence."""

from __future__ import annotations

import re

from crimeplan.render import tables
from crimeplan.render.formatting import count, percent
from crimeplan.report.context import Figure, Heading, Paragraph, Table, plain


def _section(paper, anchor):
    return next(s for s in paper.sections if s.anchor == anchor)


def _texts(section):
    return [b.text for b in section.blocks if isinstance(b, Paragraph)]


def test_title_block_and_every_section(paper):
    assert paper.board == "Strategic Policing and Crime Board"
    assert paper.title == "Performance against the 2013/14 Milestones and Deliverables in the Police and Crime Plan"
    assert paper.running_header == "Strategic Policing and Crime Board — 13 May 2014"
    headings = [s.heading for s in paper.sections]
    assert headings[:4] == ["Summary", "Purpose of report", "Executive summary", "Background"]
    assert headings[4:13] == [
        "A Improving confidence in policing (Lead ACC Local Policing)", "B Creating stronger partnerships",
        "C Delivering better value for money", "D Demonstrating the Force's commitment to social responsibility",
        "E Reduce crime and offending", "F Better Protecting People from Harm (Lead ACC Nicholson)",
        "G Improving the service the public receives from the police (Lead ACC Local Policing)",
        "H Supporting Stronger Communities (Lead ACC Crime)", "Ensure an effective contribution to national policing"]
    assert headings[13:] == ["Financial implications", "Legal implications", "Recommendations", "Authors",
                             "Appendix A: Breakdowns by area and by clear-up",
                             "Appendix B: Data sources, load dates and plan version"]


def test_paragraphs_tables_and_figures_are_numbered_continuously(paper):
    assert [p.number for p in paper.paragraphs] == list(range(1, len(paper.paragraphs) + 1))
    assert [t.number for t in paper.tables] == list(range(1, len(paper.tables) + 1))
    assert [f.number for f in paper.figures] == list(range(1, len(paper.figures) + 1))
    assert [n for n, _ in paper.footnotes] == list(range(1, len(paper.footnotes) + 1))
    for _, block in paper.blocks():
        for run in getattr(block, "runs", ()):
            assert run.kind != "ref?" and (run.kind != "ref" or run.text), run


def _table(paper, anchor):
    return next(t for t in paper.tables if t.anchor == anchor)


def test_the_papers_two_tables_are_the_results(paper, result):
    milestones, outcomes = _table(paper, "table:milestones"), _table(paper, "table:outcomes")
    assert milestones.rows == tables.milestone_table(result.milestones).rows
    assert milestones.rows[0] == ("Reduce Total Recorded Crime", "170,635", "174,526", "3,891", "-5 %", "2.3 %",
                                  "12,423")
    assert outcomes.rows[0] == ("Detect Burglary Dwelling", "12,721", "1,632", "-", "12.8 %")
    assert [t.caption for t in paper.tables if t.anchor in ("table:by_area", "table:by_clear_up")] == [
        "Outcome rates by local authority, Apr 2013 – Mar 2014",
        "Outcomes by type (breakdown by clear-up), Apr 2013 – Mar 2014"]
    by_area = next(t for t in paper.tables if t.anchor == "table:by_area")
    first = result.outcomes.rows[0].by_area[0]
    row = next(r for r in by_area.rows if r[0] == first.name)
    assert row[1] == f"{percent(first.rate)}\n{count(first.detected)} of {count(first.recorded)}"
    assert by_area.rows[-1][1] == "12.8 %\n1,632 of 12,721"


def test_every_milestone_has_its_row_chart_assurance_and_narrative(paper, result):
    outcome_e = _section(paper, "outcome:E")
    for row in result.milestones.rows:
        group = next(m.id for m in result.plan.milestones.values() if m.title == row.title)
        blocks = [b for s in paper.sections for b in s.blocks if f"milestone:{group}" in getattr(b, "groups", ())]
        kinds = [type(b).__name__ for b in blocks]
        assert kinds == ["Heading", "Paragraph", "Table", "Figure", "Paragraph"], (row.title, kinds)
        assert blocks[1].text.startswith(row.narrative[0])
        assert blocks[2].rows == tables.milestone_table(
            type(result.milestones)(**{**result.milestones.__dict__, "rows": (row,)})).rows
        # the two years compared
        assert blocks[3].svg.startswith("<svg") and "SPC chart of 24 points" in blocks[3].description
        assert blocks[4].text.startswith("Assurance.")
    # a chart per milestone: the four count milestones, the priority areas' and the two satisfaction milestones
    assert len(paper.figures) == len(result.milestones.rows) + 1 + len(result.surveys) == 7
    survey = next(b for s in paper.sections for b in s.blocks
                  if isinstance(b, Paragraph) and "milestone:satisfaction_crime" in b.groups)
    assert survey.number is not None and "No figures" not in survey.text and "83.8 %" in survey.text
    assert outcome_e.blocks[0].text.startswith("As at 1 April 2014 the performance position for all reduction "
                                               f"milestones is shown in {_table(paper, 'table:milestones').label}")


def test_executive_summary_is_drafted_from_the_results(paper):
    summary = " ".join(_texts(_section(paper, "summary")))
    milestones, outcomes = _table(paper, "table:milestones").label, _table(paper, "table:outcomes").label
    # 1 April 2014 closes the year: it is judged as finished
    assert f"At the end of the year (data to the end of March 2014), none of the 4 reduction milestones in " \
           f"{milestones} were met" in summary
    assert ("Total Recorded Crime ended the year 2.3 % (3,891 offences) higher than in 2012/13, against a milestone "
            "of -5 %: 174,526 against a target of 162,103; the milestone was not met" in summary)
    assert "may or may not" not in summary and "cannot be met" not in summary
    assert "Violence With Injury (a concern)" in summary and "step change up from July 2013" in summary
    assert f"Detection rates ({outcomes}) range from 8.2 % for Vehicle Crime to 45.2 % for Most Serious Violence" \
        in summary
    refs = re.findall(r"see (paragraphs \d+–\d+)", summary)
    assert len(refs) == 4
    first = int(refs[0].split()[1].split("–")[0])
    assert next(p for p in paper.paragraphs if p.number == first).text.startswith("Total Recorded Crime is 2.3 %")


def test_deliverables_show_update_cadence_or_where_they_are_covered(paper):
    def blocks_of(did):
        return [b for s in paper.sections for b in s.blocks if f"deliverable:{did}" in getattr(b, "groups", ())]

    b1 = blocks_of("B1")
    assert isinstance(b1[0], Heading) and b1[0].lead == "(Lead WMOPC)"
    assert [p.text for p in b1[1:3]] == ["The Community Safety Fund has been passported to the seven partnerships.",
                                         "Partnerships were encouraged to identify invest to save projects."]
    assert all(p.number for p in b1[1:3]) and b1[3].text == "Update by WMOPC, approved 20 March 2014; status: on track."
    f2 = blocks_of("F2")
    assert f2[0].lead == "(Lead ACC Protection – quarterly)"
    assert f2[1].text == "Last updated in October 2013" and f2[1].number is None
    assert blocks_of("A2")[1].text == "Covered in the Local Policing Report"
    assert blocks_of("C3")[1].text == "Item to be covered in Director of Resources Report in May for year end results"
    assert blocks_of("D1")[1].text == "No approved update yet."


def test_appendix_lists_sources_and_plan_version(paper, result, demo_store):
    appendix = _section(paper, "appendix:sources")
    text = " ".join(plain(b.runs) for b in appendix.blocks if isinstance(b, Paragraph))
    assert f"version {result.plan.version}" in text and result.plan.checksum[:12] in text
    loads = next(b for b in appendix.blocks if isinstance(b, Table))
    # one line per kind of data and force, however many loads it took
    demo = demo_store.loads()[0]
    assert loads.rows[0][:4] == ("Demo force crime records (synthetic)", "West Midlands", "Apr 2009 – Mar 2014",
                                 f"{demo['rows_loaded']:,}")
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", loads.rows[0][4])   # the load date, not a timestamp
    assert [r[0] for r in loads.rows] == ["Demo force crime records (synthetic)", "Survey results",
                                          "Area lookups", "Funding allocations", "Published indicators"]
    assert loads.rows[2][3] == "41"   # the priority areas: the set, 10 areas and their 30 neighbourhoods
    assert loads.rows[4][3] == "8"   # the re-offending ranks (7) and the national confidence figure (1)


def test_text_blocks_can_cross_reference(result, demo_store, tmp_path):
    from crimeplan.report import build_report, load_texts

    path = tmp_path / "texts.yaml"
    path.write_text("recommendations:\n  - The Board is asked to note [[table:outcomes]] and "
                    "[[milestone:reduce_vwi]].^[See also [[appendix:sources]].]\n", encoding="utf-8")
    paper = build_report(result, texts=load_texts(path), loads=demo_store.loads())
    text = _texts(_section(paper, "recommendations"))[0]
    assert re.fullmatch(rf"The Board is asked to note {_table(paper, 'table:outcomes').label} and "
                        r"paragraphs \d+–\d+\.", text)
    assert plain(paper.footnotes[-1][1]) == "See also Appendix B."
    assert not any(isinstance(b, Figure) for b in _section(paper, "recommendations").blocks)


def test_satisfaction_milestones_carry_their_figures(paper):
    section = _section(paper, next(s.anchor for s in paper.sections if s.heading.startswith("G ")))
    text = " ".join(_texts(section))
    assert "No figures" not in text
    assert "83.8%" in text or "83.8 %" in text
    captions = [b.caption for b in section.blocks if isinstance(b, (Table, Figure))]
    assert any("rolling 12 months to March 2014" in c for c in captions)
    assert any("p′ chart" in c for c in captions)
