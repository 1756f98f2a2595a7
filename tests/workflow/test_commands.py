"""The deliverables, users and audit commands, end to end through ``python -m crimeplan``."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys


def run(db: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crimeplan", "--db", db, *args], capture_output=True, text=True,
                          check=False, input=stdin, timeout=120)


def test_draft_approve_list_export_and_audit(store_url, tmp_path):
    out = run(store_url, "deliverables", "add-update", "A2", "--text", "Recording of perceived religion changed",
              "--status", "on_track", "--reason", "Crimes system change live", "--evidence",
              "https://example.org/hate-crime", "--as", "lp.lead", "--format", "json")
    assert out.returncode == 0, out.stderr
    update_id = json.loads(out.stdout)["update_id"]
    pending = json.loads(run(store_url, "deliverables", "pending", "--format", "json").stdout)
    version = next(u["version"] for u in pending if u["update_id"] == update_id)
    refused = run(store_url, "deliverables", "approve", str(update_id), "--version", str(version), "--as", "lp.lead")
    assert refused.returncode != 0 and "may not review it" in refused.stderr and "Traceback" not in refused.stderr
    unread = run(store_url, "deliverables", "approve", str(update_id), "--as", "analyst.one")
    assert unread.returncode != 0 and "--version" in unread.stderr
    assert run(store_url, "deliverables", "approve", str(update_id), "--version", str(version), "--as",
               "analyst.one").returncode == 0
    listed = json.loads(run(store_url, "deliverables", "list", "--format", "json").stdout)   # today
    a2 = next(d for d in listed["deliverables"] if d["deliverable_id"] == "A2")
    assert a2["status"] == "on_track" and a2["last_approved"]["author"] == "lp.lead" and not a2["overdue"]
    assert a2["last_approved"]["approved_by"] == "analyst.one"
    earlier = json.loads(run(store_url, "deliverables", "list", "--as-of", "2014-05-13", "--format", "json").stdout)
    a2 = next(d for d in earlier["deliverables"] if d["deliverable_id"] == "A2")   # approved after that date
    assert a2["status"] == "not_started" and a2["last_approved"] is None and a2["overdue"]
    due = json.loads(run(store_url, "deliverables", "due", "--format", "json").stdout)
    assert "A2" not in {d["deliverable_id"] for d in due["deliverables"]}
    assert "A1" in {d["deliverable_id"] for d in due["deliverables"]}
    exported = tmp_path / "deliverables.csv"
    assert run(store_url, "deliverables", "export", "--approved-only", "--output", str(exported)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(exported.read_text())))
    assert [r["text"] for r in rows if r["state"] == "approved"] == ["Recording of perceived religion changed"]
    trail = json.loads(run(store_url, "audit", "list", "--entity", "deliverable:wmp-2013-14/A2", "--format",
                           "json").stdout)
    assert [e["action"] for e in trail] == ["deliverable.add", "update.draft", "update.approve"]
    target = tmp_path / "audit.csv"
    assert run(store_url, "audit", "export", "--format", "csv", "--output", str(target)).returncode == 0
    assert "update.approve" in target.read_text()


def test_a_status_change_without_reason_is_one_line(store_url):
    out = run(store_url, "deliverables", "add-update", "A1", "--text", "x", "--status", "at_risk")
    assert out.returncode == 1 and out.stderr.count("\n") == 1 and "expected the reason" in out.stderr


def test_users_add_disable_reset(store_url):
    out = run(store_url, "users", "add", "alice", "--role", "lead", "--lead-name", "ACC Crime")
    assert out.returncode == 0 and "password: " in out.stdout
    assert run(store_url, "users", "add", "bob", "--role", "viewer", "--password-stdin",
               stdin="a long enough password\n").returncode == 0
    assert run(store_url, "users", "disable", "alice").returncode == 0
    users = json.loads(run(store_url, "users", "list", "--format", "json").stdout)
    assert [(u["username"], u["disabled"]) for u in users] == [("alice", True), ("bob", False)]
    assert all("hash" not in json.dumps(u) for u in users)
    reset = run(store_url, "users", "reset", "bob")
    assert reset.returncode == 0 and "password: " in reset.stdout
    actions = [e["action"] for e in json.loads(run(store_url, "audit", "list", "--entity", "user:",
                                                   "--format", "json").stdout)]
    assert actions == ["user.add", "user.add", "user.disable", "user.reset"]


def test_calendar_set_and_show(store_url):
    out = run(store_url, "deliverables", "calendar", "--set", "2014-05-13", "--set", "2014-07-08", "--format", "json")
    assert json.loads(out.stdout) == ["2014-05-13", "2014-07-08"]
