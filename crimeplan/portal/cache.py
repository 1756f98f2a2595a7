"""In-process caches: computed results and rendered pages (``ResultCache``), and the store's data
version shared by concurrent requests (``FreshReads``).

Keys always include the part of the store's data version their value depends on
(``versions.DataVersion``: for computed figures, the loads and register entries of the area's force,
``DataVersion.figures_for``; for rendered pages, the whole version or, for pages of figures only, its
loads and register), so a change makes unreachable only the entries it changes; the least recently
used entries are dropped once the cache holds ``size`` of them. A value is computed once however
many requests ask for it at the same time: the first computes, the others wait for its answer
(``compute_plan`` on ten million records takes seconds; twenty users opening the same cold page
would otherwise queue twenty computations behind the store lock).
"""

from __future__ import annotations

import asyncio
import gc
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, Generic, TypeVar

DEFAULT_SIZE = 128
"""Enough for every page of a few areas × briefing dates × views × plans, results are ~1 MB each."""

PAGE_CACHE_SIZE = 512
"""Rendered pages kept per process (HTML 15–60 kB, a workbook up to ~100 kB: at most ~50 MB)."""

T = TypeVar("T")


class ResultCache:
    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._pending: dict[Hashable, threading.Event] = {}
        self._waiting: dict[Hashable, asyncio.Future] = {}   # aget's computations in flight (one event loop)
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], Any], keep: Callable[[Any], bool] | None = None) -> Any:
        """The cached value for ``key``, else ``compute()`` (outside the cache lock), kept when ``keep``
        says so (always when it is None). While one caller computes a key, other callers of the same
        key wait for it; if its value is not kept (or it raised), the next waiter computes its own."""
        while True:
            with self._lock:
                if key in self._items:
                    return self._hit(key)
                pending = self._pending.get(key)
                if pending is None:
                    pending = self._pending[key] = threading.Event()
                    self.misses += 1
                    break
            pending.wait()
        try:
            value = compute()
            kept = keep is None or keep(value)
        except BaseException:
            with self._lock:
                del self._pending[key]
            pending.set()
            raise
        with self._lock:
            evicted = self._keep(key, value) if kept else None
            del self._pending[key]
        pending.set()
        if evicted is not None:
            settle_heap(evicted)   # outside the lock: a collection may run finalizers that need it
        return value

    async def aget(self, key: Hashable, compute: Callable[[], Awaitable[Any]],
                   keep: Callable[[Any], bool] | None = None) -> Any:
        """``get`` for the event loop: callers of a key being computed await its answer (holding no
        thread), so a slow computation never starves the thread pool that cached pages still need.
        Use one of ``get`` and ``aget`` per cache."""
        while True:
            with self._lock:
                if key in self._items:
                    return self._hit(key)
            pending = self._waiting.get(key)
            if pending is None or pending.get_loop() is not asyncio.get_running_loop():
                break
            await asyncio.shield(pending)   # then a hit, or (not kept or failed) compute our own
        pending = asyncio.get_running_loop().create_future()
        self._waiting[key] = pending
        with self._lock:
            self.misses += 1
        try:
            value = await compute()
            kept = keep is None or keep(value)
            if kept:
                with self._lock:
                    evicted = self._keep(key, value)
                settle_heap(evicted)
        finally:
            if self._waiting.get(key) is pending:
                del self._waiting[key]
            pending.set_result(None)
        return value

    def _hit(self, key: Hashable) -> Any:
        """A cached value, most recently used now (call holding the lock)."""
        self._items.move_to_end(key)
        self.hits += 1
        return self._items[key]

    def _keep(self, key: Hashable, value: Any) -> bool:
        """Cache ``value``, dropping the least recently used beyond ``size`` (call holding the lock);
        whether any was dropped. Callers then settle the heap (:func:`settle_heap`), lock released."""
        self._items[key] = value
        self._items.move_to_end(key)
        evicted = False
        while len(self._items) > self.size:
            self._items.popitem(last=False)
            evicted = True
        return evicted

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def settle_heap(release: bool) -> None:
    """Put everything alive now out of the garbage collector's reach (``gc.freeze``).

    Cached results are large, long-lived object graphs (a plan result is about a million objects at
    10 M records). Left in the collector's oldest generation, every full collection walks all of
    them while holding the interpreter: under load those pauses (0.5-0.9 s with 20 users) were
    the portal's whole 95th-percentile tail; with them frozen, p99 fell to about 35 ms
    (docs/performance.md). Called when a value is cached (a miss, already slow); ``release``
    (something was evicted) first unfreezes and collects everything, so evicted results are freed.
    """
    if release:
        gc.unfreeze()
        gc.collect()
    else:
        gc.collect(1)
    gc.freeze()


class FreshReads(Generic[T]):
    """``read()`` made cheap under concurrency without ever answering from before the call.

    ``get()`` returns the value of a ``read()`` that *started after* ``get()`` was called, so it
    sees every write committed before the request arrived. Callers that arrive while a read is
    running wait for the next read, which starts as soon as that one ends and serves them all:
    under load one read answers many requests; a lone request pays for exactly one read.
    """

    def __init__(self, read: Callable[[], T]) -> None:
        self._read = read
        self._cond = threading.Condition()
        self._started = 0      # reads begun
        self._finished = 0     # reads ended
        self._running = False
        self._value: T | None = None
        self._error: BaseException | None = None
        self.reads = 0

    def get(self) -> T:
        with self._cond:
            wanted = self._started + 1   # the first read that starts after now
            while self._finished < wanted:
                if not self._running:
                    self._running = True
                    self._started += 1
                    break
                self._cond.wait()
            else:
                if self._error is not None:
                    raise self._error
                return self._value  # type: ignore[return-value]
        value: T | None = None
        error: BaseException | None = None
        try:
            value = self._read()
        except BaseException as exc:  # noqa: BLE001 - handed to every waiter, re-raised below
            error = exc
        with self._cond:
            self._value, self._error = value, error
            self._finished = self._started
            self._running = False
            self.reads += 1
            self._cond.notify_all()
        if error is not None:
            raise error
        return value  # type: ignore[return-value]
