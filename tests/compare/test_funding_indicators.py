"""The paper's funding and re-offending tables, loaded from the shipped files, on both stores."""

from __future__ import annotations

import pytest

from crimeplan.errors import IngestError
from crimeplan.funding import funding_table, load_funding, shipped_example
from crimeplan.indicators import indicator_chart_svg, indicator_chart_text, indicator_table, load_indicators
from crimeplan.indicators import shipped_example as shipped_indicators
from crimeplan.plan import load_plan


def test_community_safety_fund_table_is_reproduced_with_totals_checked(store):
    plan = load_plan("wmp-2013-14")
    load_funding(store, shipped_example(), plan=plan)
    table = funding_table(store, "community_safety_fund", "2013/14", plan=plan)
    lines = {x.line: x for x in table.lines}
    assert lines["Birmingham"].amount_pence == 2_497_583_00 and lines["Solihull"].amount_pence == 285_938_00
    assert table.allocated_pence == 6_969_000_00 == lines["Total"].amount_pence
    assert lines["Total to Allocate"].amount_pence == 6_969_000_00 + 350_000_00 == 7_319_000_00
    assert table.ok and len(table.checks) == 2
    assert lines["Birmingham"].outcome_title == "Creating stronger partnerships"


def test_totals_that_do_not_add_up_are_refused_and_nothing_changes(duck, tmp_path):
    bad = tmp_path / "funding.csv"
    bad.write_text(shipped_example().read_text().replace('"7,319,000"', '"7,391,000"'))
    with pytest.raises(IngestError, match=r"funding.csv:12: amount: .*Total to Allocate £7,391,000 DOES NOT agree"):
        load_funding(duck, bad)
    assert duck.scalar("SELECT count(*) FROM funding_lines") == 0


def test_reoffending_ranks_are_recorded_charted_and_cited(store):
    load_indicators(store, shipped_indicators())
    table = indicator_table(store, "reoffending_rank")
    assert [(r.area_name, r.rank) for r in table.rows] == [
        ("Sandwell", 1), ("Wolverhampton", 6), ("Dudley", 7), ("Walsall", 17), ("Solihull", 19),
        ("Birmingham", 23), ("Coventry", 28)]
    assert table.citation.endswith("published 20 February 2014")
    assert "- Coventry: rank 28" in indicator_chart_text(table)
    assert indicator_chart_svg(table).lstrip().startswith("<svg")
