"""Recomputing the results users open most, in the background, after the data changes.

The service counts which (plan, briefing date, area, view) results are asked for (``Popular``); when
it reads a data version whose figures differ from the last one it saw (a load, a register change;
read for a request, or by the warm-up thread itself while idle, ``POLL_SECONDS``), it hands the
work to ``WarmUp``: one daemon thread that recomputes the most requested results (and
the default overview) through the service's ordinary cached calls. Each computation holds the store
lock as a request's would, one at a time, so a request waits at most one computation longer than
it would have (and a request for a result being warmed waits for that answer instead of computing
its own, ``ResultCache.get``). Several changes in a row are warmed once, for the latest version.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import Counter
from collections.abc import Callable, Hashable

POPULAR_KEPT = 8
"""How many of the most requested results are recomputed after a change (issue 20: "the pages users
open most"); each is a few seconds at 10 M records, so eight keep the warm-up within a minute."""

POPULAR_TRACKED = 64
"""Keys counted before the least requested are forgotten (the count stays small however many
different pages are opened)."""

POLL_SECONDS = 5.0
"""While idle, the warm-up thread reads the data version this often (one query of about a millisecond),
so a load or register change made by the CLI or another worker is warmed up before any request
notices it."""

log = logging.getLogger("crimeplan.portal")


class Popular:
    """How often each result was asked for: the ``kept`` most requested, most first."""

    def __init__(self, kept: int = POPULAR_KEPT, tracked: int = POPULAR_TRACKED) -> None:
        self.kept, self.tracked = kept, tracked
        self._counts: Counter[Hashable] = Counter()
        self._args: dict[Hashable, tuple] = {}
        self._lock = threading.Lock()

    def note(self, key: Hashable, args: tuple) -> None:
        with self._lock:
            self._counts[key] += 1
            self._args[key] = args
            if len(self._counts) > self.tracked:   # forget the least requested half
                keep = dict(self._counts.most_common(self.tracked // 2))
                self._counts = Counter(keep)
                self._args = {k: self._args[k] for k in keep}

    def top(self) -> list[tuple]:
        with self._lock:
            return [self._args[key] for key, _ in self._counts.most_common(self.kept)]


class WarmUp:
    """One daemon thread running ``work()`` after each ``request()`` (requests made while it runs are
    served by one more run), and ``poll()`` every ``every`` seconds while idle once ``start()`` was
    called (``poll`` may ``request()``). ``wait_idle`` lets a test wait for it; ``stop`` ends the thread."""

    def __init__(self, work: Callable[[], None], poll: Callable[[], object] | None = None,
                 every: float = POLL_SECONDS) -> None:
        self._work, self._poll, self._every = work, poll, every
        self._queue: queue.SimpleQueue[bool] = queue.SimpleQueue()   # True: warm up; False: stop
        self._pending = 0
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self.stopped = threading.Event()
        self.runs = 0

    def start(self) -> None:
        """Start the thread (once; ``request`` starts it too)."""
        with self._cond:
            if self._thread is None and not self.stopped.is_set():
                self._thread = threading.Thread(target=self._run, name="crimeplan-warm-up", daemon=True)
                self._thread.start()

    def request(self) -> None:
        if self.stopped.is_set():
            return
        with self._cond:
            self._pending += 1
        self.start()
        self._queue.put(True)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every requested warm-up has run; whether it did within ``timeout`` seconds."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending == 0, timeout)

    def wait_runs(self, runs: int, timeout: float) -> bool:
        """Wait until ``runs`` warm-ups have run; whether they did within ``timeout`` seconds."""
        with self._cond:
            return self._cond.wait_for(lambda: self.runs >= runs, timeout)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop after the computation running now (if any); the thread is joined for ``timeout`` seconds."""
        self.stopped.set()
        self._queue.put(False)
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            try:
                items = [self._queue.get(timeout=self._every if self._poll is not None else None)]
            except queue.Empty:
                self._poll_once()
                continue
            while items[-1] and not self._queue.empty():   # several changes in a row: one run for the latest
                items.append(self._queue.get())
            stop = not items[-1]
            if not stop and not self.stopped.is_set():
                try:
                    self._work()
                except Exception:   # noqa: BLE001 - a failed warm-up leaves the work to the next request
                    log.exception("crimeplan portal: background warm-up failed")
                self.runs += 1
            with self._cond:
                self._pending -= items.count(True)
                self._cond.notify_all()
            if stop:
                return

    def _poll_once(self) -> None:
        if self._poll is None or self.stopped.is_set():
            return
        try:
            self._poll()
        except Exception:   # noqa: BLE001 - the store is failing: requests report it; try again later
            log.debug("crimeplan portal: the warm-up's version read failed", exc_info=True)
