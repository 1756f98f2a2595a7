"""Comparisons inside the demo force (LPUs, local authorities) and the paper's hate-crime table."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from crimeplan.cli import cli
from crimeplan.compare.compute import compare_areas
from crimeplan.metrics.areas import resolve_area
from crimeplan.metrics.hate import religion_table
from crimeplan.plan import load_plan
from crimeplan.store import open_store
from tests.conftest import copy_store

PAPER_RELIGIONS = {  # board paper paragraph 17: 2012-13 and 2013-14 counts
    "Agnostic": (0, 1), "Christianity": (4, 6), "Hinduism": (2, 2), "Islam": (18, 27), "Judaism": (3, 1),
    "Sikhism": (7, 5), "Unknown": (9, 4), "Blank": (14, 16)}


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_file):
    return copy_store(demo_file, tmp_path_factory.mktemp("demo"))


def test_lpus_of_the_demo_force_with_populations_summed_from_lsoas(demo):
    with open_store(demo) as s:
        force = resolve_area(s, "force:west-midlands")
        c = compare_areas(s, force, "lpu", load_plan("wmp-2013-14"), "trc", focal="WMLPU05")
    assert len(c.units) == 10 and c.level == "lpu" and c.period_label == "Apr 2013 – Mar 2014"
    assert all(u.population_basis.startswith("sum of ") and u.population_basis.endswith("LSOAs") for u in c.units)
    assert c.focal_unit.name == "Coventry"
    assert sum(u.count for u in c.units) <= 174_526                   # TRC 2013/14, less the crimes without an LPU
    assert any(u.call != "similar" for u in c.units)


def test_local_authorities_through_the_cli(demo):
    out = CliRunner().invoke(cli, ["--db", demo, "compare", "rates", "--plan", "wmp-2013-14", "--within",
                                   "force:west-midlands", "--level", "la", "--average", "weighted",
                                   "--format", "json"], catch_exceptions=False)
    data = json.loads(out.output)
    assert {u["name"] for u in data["units"]} >= {"Birmingham", "Solihull"} and len(data["units"]) == 7
    assert data["average"]["method"] == "weighted"


def test_the_papers_religion_table_is_reproduced_from_loaded_records(demo):
    with open_store(demo) as s:
        table = religion_table(s, resolve_area(s, "force:west-midlands"), ["2012/13", "2013/14"])
    assert {r.label: r.counts for r in table.rows} == PAPER_RELIGIONS
    assert table.totals == (57, 62)
    shares = {r.label: r.shares[1] for r in table.rows}
    assert round(shares["Islam"] * 100) == 44 and round(shares["Christianity"] * 100) == 10


def test_an_area_that_cannot_be_placed_among_those_compared_is_named_with_the_reason(demo):
    from crimeplan.errors import MetricError

    with open_store(demo) as s:
        force = resolve_area(s, "force:west-midlands")
        with pytest.raises(MetricError, match=r"^NOPE cannot be placed among the 10 areas compared: it has no figures"):
            compare_areas(s, force, "lpu", load_plan("wmp-2013-14"), "trc", focal="NOPE")
