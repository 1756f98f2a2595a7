"""The audit trail: recorded in the caller's transaction, append-only, listed and exported."""

from __future__ import annotations

import ast
import csv
import io
import json
import re
from pathlib import Path

import pytest

from crimeplan.workflow.audit import audit_entries, record_audit, to_csv, to_json

ROOT = Path(__file__).resolve().parents[2]


def test_record_audit_keeps_who_what_before_after(store):
    record_audit(store, "ana", "register.add", "process_change", None, {"measure": "trc", "reason": "Op Sentinel"})
    record_audit(store, "ana", "plan.edit", "plan:wmp-2013-14", {"target": -0.05}, {"target": -0.04})
    entries = audit_entries(store, include_loads=False)
    assert [(e.actor, e.action, e.entity) for e in entries] == [
        ("ana", "register.add", "process_change"), ("ana", "plan.edit", "plan:wmp-2013-14")]
    assert entries[1].before == {"target": -0.05} and entries[1].after == {"target": -0.04}
    assert entries[0].audit_id < entries[1].audit_id


def test_an_entry_rolls_back_with_the_change_it_records(store):
    with pytest.raises(RuntimeError), store.transaction():
        record_audit(store, "ana", "x.change", "thing", None, {"a": 1})
        raise RuntimeError("the change failed")
    assert audit_entries(store, include_loads=False) == []


def test_filters_match_prefixes_and_are_not_sql(store):
    record_audit(store, "ana", "update.draft", "deliverable:wmp-2013-14/A1", None, {})
    record_audit(store, "bob", "user.add", "user:bob", None, {})
    assert [e.actor for e in audit_entries(store, entity="deliverable:", include_loads=False)] == ["ana"]
    assert [e.actor for e in audit_entries(store, action="user.", include_loads=False)] == ["bob"]
    assert audit_entries(store, entity="%", include_loads=False) == []
    assert audit_entries(store, actor="' OR 1=1 --", include_loads=False) == []


def test_data_loads_are_listed_in_the_trail(store):
    from crimeplan.store import LoadRecord
    store.record_load(store.new_load_id(), LoadRecord("police-uk", "2014-03-street.csv", "abc", "west-midlands",
                                                      ("2014-03",), 10, 10, 0, 0, {}, "loader"))
    record_audit(store, "ana", "plan.edit", "plan:wmp", None, {})
    loads = audit_entries(store, action="data.load")
    assert len(loads) == 1 and loads[0].actor == "loader" and loads[0].after["rows_loaded"] == 10
    assert {e.action for e in audit_entries(store)} == {"data.load", "plan.edit"}


def test_exports_round_trip_and_defuse_formulas(store):
    record_audit(store, "=cmd|' /C calc'!A0", "x.edit", "thing", {"v": 1}, {"v": 2})
    entries = audit_entries(store, include_loads=False)
    rows = list(csv.DictReader(io.StringIO(to_csv(entries))))
    assert rows[0]["actor"].startswith("'=") and json.loads(rows[0]["after"]) == {"v": 2}
    assert json.loads(to_json(entries))[0]["before"] == {"v": 1}


def _sql_strings() -> list[str]:
    out = []
    for path in (ROOT / "crimeplan").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        out += [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        out += [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)]
    return out


def test_no_update_or_delete_of_the_audit_log_exists_in_crimeplan():
    pattern = re.compile(r"\b(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|TRUNCATE\s+(TABLE\s+)?audit_log)\b",
                         re.IGNORECASE)
    offending = [s for s in _sql_strings() if pattern.search(s) and "TRIGGER" not in s.upper()]
    assert offending == []


@pytest.mark.postgres
def test_postgres_refuses_update_delete_and_truncate_of_the_audit_log():
    import psycopg

    from crimeplan.store import open_store
    from tests.conftest import fresh_postgres_url
    url = fresh_postgres_url()
    with open_store(url) as s:
        record_audit(s, "ana", "x.edit", "thing", None, {"v": 1})
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log",
                          "TRUNCATE audit_log"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(statement)
        assert conn.execute("SELECT actor FROM audit_log").fetchall() == [("ana",)]


def test_a_changed_plan_file_is_audited_with_its_targets_before_and_after(store, tmp_path):
    from importlib import resources

    from crimeplan.plan import load_plan
    from crimeplan.workflow.audit import audit_entries, note_plan

    shipped = load_plan("wmp-2013-14")
    assert note_plan(store, shipped, "analyst") is True
    assert note_plan(store, shipped, "analyst") is False  # unchanged: nothing new
    text = resources.files("crimeplan").joinpath("plans/wmp-2013-14/plan.yaml").read_text("utf-8")
    changed = tmp_path / "plan.yaml"
    changed.write_text(text.replace("target: -8%", "target: -10%", 1), encoding="utf-8")
    assert note_plan(store, load_plan(str(changed)), "analyst") is True
    entries = [e for e in audit_entries(store, entity="plan:wmp-2013-14", include_loads=False)]
    assert [e.action for e in entries] == ["plan.version", "plan.version"]
    assert entries[1].before["milestones"]["reduce_bdh"]["target"] == "-8%"
    assert entries[1].after["milestones"]["reduce_bdh"]["target"] == "-10%"
