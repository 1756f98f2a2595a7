"""The warm-up's parts: the count of requested results and the one background thread."""

from __future__ import annotations

import threading

from crimeplan.portal.warmup import Popular, WarmUp


def test_popular_keeps_the_most_requested_and_forgets_the_least():
    popular = Popular(kept=2, tracked=4)
    for key, times in (("a", 1), ("b", 3), ("c", 2)):
        for _ in range(times):
            popular.note(key, (key,))
    assert popular.top() == [("b",), ("c",)]
    popular.note("d", ("d",)), popular.note("e", ("e",))   # a fifth key: the least requested half goes
    assert popular.top() == [("b",), ("c",)] and len(popular._counts) <= 4   # noqa: SLF001


def test_changes_during_a_warm_up_are_served_by_one_more_run_and_stop_ends_the_thread():
    started, release, runs = threading.Event(), threading.Event(), []

    def work() -> None:
        runs.append(1)
        started.set()
        release.wait(10)

    warm = WarmUp(work)
    warm.request()
    assert started.wait(10)
    for _ in range(3):   # three changes while the first run computes
        warm.request()
    assert not warm.wait_idle(0.05)
    release.set()
    assert warm.wait_idle(10)
    assert len(runs) == warm.runs == 2   # the three were warmed once, for the latest
    warm.stop()
    assert warm._thread is not None and not warm._thread.is_alive()   # noqa: SLF001
    warm.request()
    assert warm.wait_idle(1) and warm.runs == 2   # nothing runs after stop


def test_a_failing_warm_up_is_logged_and_the_thread_goes_on(caplog):
    calls = []

    def work() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("store gone")

    warm = WarmUp(work)
    warm.request()
    assert warm.wait_idle(10)
    warm.request()
    assert warm.wait_idle(10) and len(calls) == 2
    assert "background warm-up failed" in caplog.text
    warm.stop()


def test_while_idle_the_thread_polls_and_a_poll_may_ask_for_a_warm_up():
    polls, runs = [], []
    warm = WarmUp(lambda: runs.append(1), poll=lambda: polls.append(1) or (len(polls) == 3 and warm.request()),
                  every=0.01)
    warm.start()
    assert warm.wait_runs(1, 10) and len(polls) >= 3 and runs == [1]
    warm.stop()
    assert not warm._thread.is_alive()   # noqa: SLF001
