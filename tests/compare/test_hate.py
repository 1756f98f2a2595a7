"""Hate-crime tables on both stores from a small force extract (canonical records)."""

from __future__ import annotations

import pytest

from crimeplan.loads import ingest_records
from crimeplan.metrics.hate import religion_table, strand_table
from crimeplan.metrics.results import Area

FORCE = Area("test-force", "Test force", "force")


def _records(path):
    rows = ["crime_id,force,recorded_date,category,hate_strands,actual_religion,perceived_religion"]
    i = 0

    def add(day, strands="", actual="", perceived=""):
        nonlocal i
        i += 1
        rows.append(f"c{i},test-force,{day},Other crime,\"{strands}\",{actual},{perceived}")

    for _ in range(6):
        add("2013-05-01", "religion", "Islam", "Islam")
    for _ in range(2):
        add("2013-06-01", "race,religion", "Sikhism", "Islam")
    add("2013-07-01", "religion")                       # blank religion
    for _ in range(7):
        add("2013-08-01", "race")
    add("2012-05-01", "religion", "Islam")
    add("2012-05-01", "disability")
    for _ in range(3):
        add("2013-09-01")                               # not hate crime
    add("2014-04-01", "religion", "Islam")              # next year: outside
    path.write_text("\n".join(rows) + "\n")
    return path


@pytest.fixture
def loaded(store, tmp_path):
    ingest_records(store, _records(tmp_path / "records.csv"))
    return store


def test_religion_table_counts_shares_and_suppression(loaded):
    t = religion_table(loaded, FORCE, ["2012/13", "2013/14"])
    rows = {r.label: r for r in t.rows}
    assert t.totals == (1, 9)
    assert rows["Islam"].counts == (1, 6) and rows["Sikhism"].counts == (0, 2) and rows["Blank"].counts == (0, 1)
    assert rows["Islam"].shares[1] == pytest.approx(6 / 9)
    hidden = religion_table(loaded, FORCE, ["2013/14"], suppress=True, threshold=5)
    rows = {r.label: r for r in hidden.rows}
    assert rows["Islam"].counts == (6,) and rows["Sikhism"].counts == (None,) and rows["Sikhism"].suppressed == (True,)
    assert rows["Sikhism"].shares == (None,)
    perceived = religion_table(loaded, FORCE, ["2013/14"], basis="perceived")
    assert {r.label: r.counts for r in perceived.rows} == {"Islam": (8,), "Blank": (1,)}


def test_strand_table_counts_each_strand_and_the_share_of_all_crime(loaded):
    t = strand_table(loaded, FORCE, ["2013/14"])
    rows = {r.label: r.counts[0] for r in t.rows}
    assert rows == {"Racial": 9, "Religious": 9, "Disability": 0, "Homophobic": 0, "Transgender": 0}
    assert t.totals == (16,) and t.all_crime == (19,)
