"""A plan measure's monthly SPC series outside the milestone table (``crimeplan spc --measure``, the
portal's pages of measures without a milestone): charted as the milestone table charts it, rebased at
the process changes registered for it and with the months not loaded left out, never shown as 0."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from crimeplan.cli import cli
from crimeplan.loads import ingest_police_uk
from crimeplan.metrics.areas import resolve_area
from crimeplan.metrics.series import measure_series
from crimeplan.plan import load_plan
from crimeplan.register import add_change
from crimeplan.store import open_store
from tests.conftest import CITY_2022, copy_store, require_real_data

END = date(2014, 3, 1)


def _spc_json(db: str, *args: str) -> dict:
    done = CliRunner().invoke(cli, ["--db", db, "spc", *args, "--format", "json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.output)


def test_a_registered_change_rebases_the_measures_chart_in_the_command_as_in_the_milestone_table(demo_file, tmp_path):
    db = copy_store(demo_file, tmp_path)
    plan = load_plan("wmp-2013-14")
    with open_store(db) as store:
        force = resolve_area(store, None, plan.force)
        before = measure_series(store, plan, "vwi", force, END)
        add_change(store, measure="vwi", area="*", month=date(2013, 4, 1), reason="new crime recording unit",
                   created_by="ana")
        after = measure_series(store, plan, "vwi", force, END)
    assert before is not None and after is not None
    assert len(before.spc.groups) == 1 and before.annotations == ()
    assert [g.start for g in after.spc.groups][1:] == [after.months.index(date(2013, 4, 1))]
    assert after.annotations == ((date(2013, 4, 1), "new crime recording unit"),)
    chart = _spc_json(db, "--plan", "wmp-2013-14", "--measure", "vwi", "--to", "2014-03-01")
    assert len(chart["groups"]) == 2 and chart["months"] == [m.isoformat() for m in after.months]


def test_a_month_not_loaded_is_left_out_and_said_so_never_charted_as_zero(tmp_path):
    require_real_data()
    db = str(tmp_path / "city.duckdb")
    with open_store(db) as store:
        ingest_police_uk(store, [CITY_2022 / f"{m}-city-of-london-street.csv" for m in ("2017-03", "2017-04",
                                                                                     "2017-06", "2017-07")])
        plan = load_plan("police-uk")
        series = measure_series(store, plan, "all_crime", resolve_area(store, "force:city-of-london"),
                                date(2017, 7, 1))
    assert series is not None
    assert series.not_loaded == (date(2017, 5, 1),) and date(2017, 5, 1) not in series.months
    assert len(series.months) == 4 and 0 not in series.values
    chart = _spc_json(db, "--measure", "all_crime", "--area", "force:city-of-london")
    assert chart["not_loaded"] == ["2017-05"] and "2017-05-01" not in chart["months"]
    text = CliRunner().invoke(cli, ["--db", db, "spc", "--measure", "all_crime", "--area", "force:city-of-london"])
    assert "May 2017 is not loaded: left out of the chart and its process limits, not shown as a figure." in text.output
