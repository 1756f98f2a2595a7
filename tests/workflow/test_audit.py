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
    # the one exception: migration v010 fills the hash column of entries written before it, once
    offending = [s for s in _sql_strings() if pattern.search(s) and "TRIGGER" not in s.upper()
                 and "SET entry_hash = :entry_hash WHERE audit_id" not in s]
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


# -- the hash chain (issue 19) ---------------------------------------------------------------------
def _tamper(store, *statements):
    """What someone holding the database can do: on PostgreSQL the owner sets the trigger aside."""
    from crimeplan.store.migrations.v010_audit_chain import _TRIGGER_OFF, _TRIGGER_ON
    with store.transaction():
        if store.dialect == "postgres":
            store.execute(_TRIGGER_OFF)
        for sql in statements:
            store.execute(sql)
        if store.dialect == "postgres":
            store.execute(_TRIGGER_ON)


def _five(store) -> list[int]:
    return [record_audit(store, "ana", "x.edit", f"thing:{n}", {"v": n}, {"v": n + 1}) for n in range(5)]


def _verify_cli(store_url, *args):
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "crimeplan", "--db", store_url, "audit", "verify", *args],
                          capture_output=True, text=True, timeout=120)


def test_the_chain_holds_and_each_entry_hashes_the_one_before(store):
    from crimeplan.workflow.audit import verify_chain
    assert verify_chain(store).intact and verify_chain(store).entries == 0
    ids = _five(store)
    check = verify_chain(store)
    assert check.intact and check.entries == 5 and len(check.head) == 64
    hashes = [r[0] for r in store.fetchall("SELECT entry_hash FROM audit_log ORDER BY audit_id")]
    assert len(set(hashes)) == 5 and hashes[-1] == check.head and ids == sorted(ids)


@pytest.mark.parametrize("tampering,bad,problem", [
    ("UPDATE audit_log SET actor = 'mallory' WHERE audit_id = {2}", 2, "does not match its hash"),
    ("UPDATE audit_log SET after_value = '{{\"v\": 99}}' WHERE audit_id = {3}", 3, "does not match its hash"),
    ("DELETE FROM audit_log WHERE audit_id = {1}", 2, "does not match its hash"),
    ("INSERT INTO audit_log (audit_id, changed_at, actor, action, entity, entry_hash) "
     "VALUES ({1} + 100000, TIMESTAMP '2020-01-01 00:00:00', 'mallory', 'x', 'y', NULL)", None, "has no hash"),
])
def test_verify_names_the_first_changed_deleted_or_inserted_entry(store, tampering, bad, problem):
    from crimeplan.workflow.audit import verify_chain
    ids = _five(store)
    _tamper(store, tampering.format(*ids))
    check = verify_chain(store)
    assert not check.intact and problem in check.problem
    if bad is not None:
        assert check.bad_entry == ids[bad]


def test_a_back_dated_entry_with_a_valid_hash_is_found(store):
    from datetime import datetime

    from crimeplan.store.audit_chain import chain_hash
    from crimeplan.workflow.audit import verify_chain
    _five(store)
    last, head = store.fetchall("SELECT max(audit_id), NULL FROM audit_log")[0][0], verify_chain(store).head
    values = (last + 1, datetime(2020, 1, 1), "mallory", "x.edit", "thing:0", None, None)
    _tamper(store, "INSERT INTO audit_log (audit_id, changed_at, actor, action, entity, before_value, after_value, "
            f"entry_hash) VALUES ({last + 1}, TIMESTAMP '2020-01-01 00:00:00', 'mallory', 'x.edit', 'thing:0', "
            f"NULL, NULL, '{chain_hash(head, *values)}')")
    check = verify_chain(store)
    assert check.bad_entry == last + 1 and "back-dated" in check.problem


def test_entries_cut_off_the_end_are_found_with_the_noted_head(store):
    from crimeplan.workflow.audit import verify_chain
    ids = _five(store)
    head = verify_chain(store).head
    assert verify_chain(store, head).intact
    _tamper(store, f"DELETE FROM audit_log WHERE audit_id = {ids[-1]}")
    assert verify_chain(store).intact  # without an anchor the shortened chain is self-consistent
    check = verify_chain(store, head)
    assert not check.intact and "no longer holds the entry" in check.problem


def test_the_migration_fills_hashes_for_entries_written_before_it(store):
    from crimeplan.store.migrations.v010_audit_chain import fill_hashes
    from crimeplan.workflow.audit import verify_chain
    _five(store)
    head = verify_chain(store).head
    _tamper(store, "UPDATE audit_log SET entry_hash = NULL")
    assert "has no hash" in verify_chain(store).problem
    with store.transaction():
        fill_hashes(store)
    assert verify_chain(store, head).intact


def test_audit_verify_command_gives_one_line_and_exit_status(store_url):
    from crimeplan.store import open_store
    with open_store(store_url) as s:
        ids = _five(s)
    ok = _verify_cli(store_url)
    assert ok.returncode == 0 and "audit trail intact: 5 entries" in ok.stdout, ok.stderr
    with open_store(store_url) as s:
        _tamper(s, f"UPDATE audit_log SET entity = 'thing:x' WHERE audit_id = {ids[1]}")
    bad = _verify_cli(store_url)
    assert bad.returncode == 1 and f"entry #{ids[1]}" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.postgres
def test_postgres_app_role_owns_nothing_and_cannot_set_the_trigger_aside():
    import subprocess

    import psycopg

    from crimeplan.store import open_store
    from crimeplan.workflow.audit import verify_chain
    from tests.conftest import fresh_postgres_url
    url = fresh_postgres_url()
    with open_store(url) as s:  # the owner migrates
        record_audit(s, "ana", "x.edit", "thing", None, {"v": 1})
    app_url = subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), "grant", url.rsplit("/", 1)[1]],
                             check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    assert "crimeplan_app@" in app_url
    with psycopg.connect(app_url, autocommit=True) as conn:
        assert conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (False,)
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE tableowner = current_user").fetchone() == (0,)
        for statement in ("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only", "DELETE FROM audit_log",
                          "UPDATE audit_log SET actor = 'mallory'", "TRUNCATE audit_log",
                          "CREATE TABLE mine (x int)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with open_store(app_url, migrate=False) as s:  # the app still records and verifies
        record_audit(s, "bob", "x.edit", "thing", {"v": 1}, {"v": 2})
        assert verify_chain(s).intact and verify_chain(s).entries == 2
