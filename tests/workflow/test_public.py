"""The public view's aggregates on a small hand-made force (both stores): small counts suppressed in
small areas, religion only as a suppressed table, approved updates only."""

from __future__ import annotations

import pytest

from crimeplan.errors import NotFoundError
from crimeplan.loads import ingest_areas, ingest_records
from crimeplan.periods import FinancialYear
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow import public
from crimeplan.workflow.disclosure import recoverable
from tests.workflow.conftest import ANALYST_1, LEAD_A, PLAN, SETTINGS, approve

AREAS = """code,name,level,parent_code
west-midlands,West Midlands,force,
E08000025,Birmingham,la,west-midlands
E08000026,Coventry,la,west-midlands
L1,Lsoa One,lsoa,E08000025
L2,Lsoa Two,lsoa,E08000025
L3,Lsoa Three,lsoa,E08000026
"""
# (area, category, count, religion or None) in March 2014 (2013/14) unless noted
CRIMES = [("L1", "Burglary", 12, None), ("L1", "Robbery", 2, None), ("L2", "Burglary", 9, None),
          ("L2", "Robbery", 7, None), ("L3", "Burglary", 30, None), ("L3", "Robbery", 11, None),
          ("L1", "Public order", 3, "Islam"), ("L3", "Public order", 27, "Islam"), ("L2", "Public order", 1, "Judaism"),
          ("L3", "Public order", 6, "Sikhism")]


@pytest.fixture
def force(store, tmp_path):
    (tmp_path / "areas.csv").write_text(AREAS)
    ingest_areas(store, tmp_path / "areas.csv")
    lines = ["crime_id,force,recorded_date,category,area_code,hate_strands,actual_religion"]
    k = 0
    for area, category, n, religion in CRIMES:
        for _ in range(n):
            k += 1
            strands = '"religion"' if religion else ""
            lines.append(f"C{k},west-midlands,2014-03-10,{category},{area},{strands},{religion or ''}")
    lines += [f"P{i},west-midlands,2013-03-05,Public order,L3,religion,Islam" for i in range(18)]  # 2012/13
    (tmp_path / "crimes.csv").write_text("\n".join(lines) + "\n")
    ingest_records(store, tmp_path / "crimes.csv")
    return store


def test_small_area_table_suppresses_and_cannot_be_undone(force):
    table = public.area_table(force, "west-midlands", "lsoa", FinancialYear(2013), SETTINGS)
    assert table.row_labels == ("Lsoa One", "Lsoa Three", "Lsoa Two")
    assert table.col_labels == ("Burglary", "Public order", "Robbery")
    assert table.cells[0][2] is None and table.cells[2][1] is None  # 2 robberies in L1, 1 public order in L2
    assert table.total == sum(n for _, _, n, _ in CRIMES)
    ext = [[v for v in row] + [t] for row, t in zip(table.cells, table.row_totals, strict=True)]
    ext.append(list(table.col_totals) + [table.total])
    hidden = {(i, j) for i, row in enumerate(ext) for j, v in enumerate(row) if v is None}
    truth = [[12, 3, 2], [30, 33, 11], [9, 1, 7]]
    truth = [r + [sum(r)] for r in truth]
    truth.append([sum(c) for c in zip(*truth, strict=True)])
    assert recoverable(truth, hidden) == frozenset()


def test_large_areas_are_shown_in_full(force):
    table = public.area_table(force, "west-midlands", "la", FinancialYear(2013), SETTINGS)
    assert table.suppressed == 0 and table.row_labels == ("Birmingham", "Coventry")
    assert table.cells[0] == (21, 4, 9)


def test_religion_only_as_a_suppressed_table(force):
    table = public.religion_table(force, PLAN, SETTINGS)
    assert table.col_labels == ("2012/13", "2013/14")
    assert table.row_labels == ("Islam", "Judaism", "Sikhism")
    assert table.cells[1][1] is None  # one Jewish victim
    assert all(v is None or v == 0 or v >= 5 for row in table.cells for v in row)
    assert table.suppressed >= 2


def test_unknown_level_or_empty_area_is_not_found(force):
    with pytest.raises(NotFoundError, match="level"):
        public.area_table(force, "west-midlands", "street", FinancialYear(2013), SETTINGS)
    with pytest.raises(NotFoundError):
        public.area_table(force, "nowhere", "lsoa", FinancialYear(2013), SETTINGS)


def test_public_deliverables_show_approved_updates_only(store):
    dl.ensure_plan(store, PLAN)
    draft = dl.add_update(store, PLAN.id, "A1", LEAD_A, text="approved text", status="on_track", reason="r")
    approve(store, draft.update_id, ANALYST_1)
    dl.add_update(store, PLAN.id, "A1", LEAD_A, text="draft text")
    items = {i.deliverable_id: i for i in public.public_deliverables(store, PLAN)}
    assert items["A1"].update == "approved text" and items["A1"].status == "On track"
    assert items["A2"].update is None and items["A2"].status == "Not started"
