"""No lost updates: two people save the same deliverable at once on PostgreSQL, each through their
own connection; exactly one save wins and the other is refused with its text kept."""

from __future__ import annotations

import threading

import pytest

from crimeplan.store import open_store
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow.errors import ConflictError
from tests.conftest import fresh_postgres_url
from tests.workflow.conftest import ANALYST_1, LEAD_A, PLAN

pytestmark = pytest.mark.postgres


def _race(url: str, writers: list, version: int) -> list:
    barrier = threading.Barrier(len(writers))
    results: list = [None] * len(writers)

    def run(k: int) -> None:
        actor, text = writers[k]
        with open_store(url, migrate=False) as s:
            barrier.wait()
            try:
                results[k] = dl.add_update(s, PLAN.id, "A1", actor, text=text, expected_version=version)
            except ConflictError as exc:
                results[k] = exc

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(writers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_second_of_two_concurrent_saves_is_refused_and_keeps_its_text():
    url = fresh_postgres_url()
    with open_store(url) as s:
        dl.ensure_plan(s, PLAN)
    for round_ in range(3):  # repeat: the race must come out the same way every time
        with open_store(url, migrate=False) as s:
            version = dl.get_deliverable(s, PLAN.id, "A1").version
        results = _race(url, [(LEAD_A, f"lead's text {round_}"), (ANALYST_1, f"analyst's text {round_}")], version)
        saved = [r for r in results if isinstance(r, dl.Update)]
        refused = [r for r in results if isinstance(r, ConflictError)]
        assert len(saved) == 1 and len(refused) == 1, results
        assert refused[0].kept["text"].endswith(str(round_)) and refused[0].kept["text"] != saved[0].text
    with open_store(url, migrate=False) as s:
        texts = [u.text for u in dl.history(s, PLAN.id, "A1")]
        assert len(texts) == 3 and dl.get_deliverable(s, PLAN.id, "A1").version == 4


def test_many_concurrent_writers_lose_nothing_that_was_reported_saved():
    url = fresh_postgres_url()
    with open_store(url) as s:
        dl.ensure_plan(s, PLAN)
    writers = [(LEAD_A if k % 2 else ANALYST_1, f"writer {k}") for k in range(8)]
    results = _race(url, writers, 1)
    saved = {r.text for r in results if isinstance(r, dl.Update)}
    assert len(saved) == 1  # all read version 1: one wins
    with open_store(url, migrate=False) as s:
        assert {u.text for u in dl.history(s, PLAN.id, "A1")} == saved


def test_two_workers_storing_the_plan_at_once_add_each_deliverable_once():
    """ensure_plan runs on GET pages: a second worker that read the deliverables before the first
    committed waits for it, then adds nothing (no unique-key error, no second audit entry)."""
    from crimeplan.workflow.audit import audit_entries

    url = fresh_postgres_url()
    with open_store(url) as s:
        s.migrate()
    outcome: dict = {}
    with open_store(url, migrate=False) as first, open_store(url, migrate=False) as second:
        pid = second.scalar("SELECT pg_backend_pid()")

        def run_second() -> None:
            try:
                outcome["added"] = dl.ensure_plan(second, PLAN)
            except Exception as exc:  # noqa: BLE001 - the failure the test looks for
                outcome["error"] = exc

        with first.transaction():
            assert dl.ensure_plan(first, PLAN) == len(PLAN.deliverables)
            worker = threading.Thread(target=run_second)
            worker.start()
            for _ in range(200):  # until the second waits on the first's uncommitted rows
                if first.scalar("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid",
                                {"pid": pid}) == "Lock":
                    break
                worker.join(0.05)
            else:
                raise AssertionError("the second worker never waited for the first")
        worker.join(60)
    assert outcome == {"added": 0}
    with open_store(url, migrate=False) as s:
        assert len(dl.list_deliverables(s, PLAN.id)) == len(PLAN.deliverables)
        added = audit_entries(s, action="deliverable.add", include_loads=False)
        assert sorted(e.entity for e in added) == sorted(f"deliverable:{PLAN.id}/{d}" for d in PLAN.deliverables)
