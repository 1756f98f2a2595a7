"""The process-change register: rebasing only at registered changes, with reasons on the narrative."""

from __future__ import annotations

from datetime import date

import pytest

from crimeplan.errors import ConfigError, NotFoundError
from crimeplan.loads.demo import DEMO_CHANGES, register_demo_changes
from crimeplan.metrics.areas import resolve_area
from crimeplan.metrics.milestones import milestone_table
from crimeplan.plan import load_plan
from crimeplan.register import add_change, list_changes, withdraw_change
from tests.conftest import copy_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_file):
    from crimeplan.store import open_store
    store = open_store(copy_store(demo_file, tmp_path_factory.mktemp("reg")))
    yield store
    store.close()


def test_register_round_trip_on_both_stores(store):
    change = add_change(store, measure="vwi", area="force:west-midlands", month=date(2013, 7, 15),
                        reason="Operation Sentinel", created_by="analyst")
    assert change.month == date(2013, 7, 1)
    assert [c.change_id for c in list_changes(store, "vwi", "force:west-midlands")] == [change.change_id]
    assert list_changes(store, "vwi", "la:E08000025") == []
    withdraw_change(store, change.change_id, by="analyst")
    assert list_changes(store) == []
    assert store.count("process_changes") == 1  # withdrawn, not deleted
    with pytest.raises(NotFoundError, match="no registered change"):
        withdraw_change(store, change.change_id)
    with pytest.raises(ConfigError, match="reason: expected why the process changed"):
        add_change(store, measure="vwi", area="*", month=date(2013, 7, 1), reason="  ")


def test_rebase_happens_only_at_a_registered_change(demo):
    plan = load_plan("wmp-2013-14")
    area = resolve_area(demo, None, plan.force)
    before = milestone_table(demo, plan, date(2014, 4, 1), area).series["vwi"]
    assert len(before.spc.groups) == 1  # the engine never rebases on its own
    assert register_demo_changes(demo) == len(DEMO_CHANGES)
    assert register_demo_changes(demo) == 0  # idempotent
    after = milestone_table(demo, plan, date(2014, 4, 1), area)
    vwi = after.series["vwi"]
    assert [g.start_date for g in vwi.spc.groups][-1] in ("2013-07-01", date(2013, 7, 1))
    assert vwi.annotations == ((date(2013, 7, 1), DEMO_CHANGES[0][2]),)
    row = next(r for r in after.rows if r.measure == "vwi")
    assert "step change up from July 2013 (Operation Sentinel" in row.narrative[1]
    assert after.series["trc"].annotations == ()  # the change applies to its own measure only
