"""Every request bounded in time (issue 19, deliverable 5).

``TimeLimit`` is ASGI middleware: a request not answered within ``seconds`` gets 503 Service
Unavailable with ``Retry-After``, and the query it is running is interrupted — DuckDB's
``connection.interrupt()``, PostgreSQL's cancel request, with ``statement_timeout`` set on the
portal's PostgreSQL connection as a second bound. The store has one connection per process behind
the service's lock, so the lock is wrapped (``OwnedLock``) to know which request holds it: only a
query of the request that ran out of time is interrupted, never another's. Work in Python that
runs past the limit still finishes in its worker thread (it is not a query), but its answer is
dropped and the client has had its 503.

The limit is ``CRIMEPLAN_REQUEST_SECONDS`` (default ``DEFAULT_SECONDS``), read when the app is built.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import html
import itertools
import json
import logging
import threading
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crimeplan import settings
from crimeplan.errors import ConfigError

MAX_SECONDS = 86_400.0
"""The longest limit accepted (a day). The default, 30 s (crimeplan.settings, ``request_seconds``):
the slowest uncached page on the 41-force store takes about 10 s on two cores (docs/performance.md);
issue 19 found one taking 104 s."""
RETRY_AFTER_SECONDS = 30
"""What a 503 tells the client to wait (RFC 9110 section 10.2.3): long enough for the interrupted work
to end and its result, if any, to be cached."""

log = logging.getLogger("crimeplan.portal.limits")
_request: contextvars.ContextVar[int | None] = contextvars.ContextVar("crimeplan_request", default=None)
_ids = itertools.count(1)


def limit_seconds(environ: Mapping[str, str] | None = None) -> float:
    """The request time limit: the ``request_seconds`` setting (``CRIMEPLAN_REQUEST_SECONDS``), a
    positive number of seconds up to ``MAX_SECONDS``."""
    seconds = float(settings.value("request_seconds", environ))  # type: ignore[arg-type]  # a float setting
    if not 0 < seconds <= MAX_SECONDS:
        env = settings.BY_NAME["request_seconds"].env
        raise ConfigError(f"{env}: expected a number of seconds above 0 and at most {MAX_SECONDS:,.0f}, "
                          f"got {seconds:g}")
    return seconds


class OwnedLock:
    """A re-entrant lock that remembers which request (``_request`` context variable, copied into
    worker threads by ``run_in_threadpool``) holds it."""

    def __init__(self, inner: Any | None = None) -> None:
        self._inner = inner if inner is not None else threading.RLock()
        self._depth = 0
        self.owner: int | None = None

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        got = self._inner.acquire(blocking, timeout)
        if got:
            self._depth += 1
            if self._depth == 1:
                self.owner = _request.get()
        return bool(got)

    def release(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self.owner = None
        self._inner.release()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def interrupt(store: Any) -> bool:
    """Interrupt the query running on ``store``'s connection; True when one was asked to stop."""
    con = getattr(store, "con", None)
    if con is not None and hasattr(con, "interrupt"):  # DuckDB
        con.interrupt()
        return True
    conn = getattr(store, "conn", None)
    if conn is not None:  # psycopg 3
        cancel = getattr(conn, "cancel_safe", None) or getattr(conn, "cancel", None)
        if cancel is not None:
            cancel()
            return True
    return False


def statement_timeout(store: Any, seconds: float) -> None:
    """PostgreSQL: no statement of this connection runs longer than the request limit."""
    if getattr(store, "dialect", "") == "postgres":
        store.execute(f"SET statement_timeout = {int(seconds * 1000)}")  # a number we made: no user text


class TimeLimit:
    """ASGI middleware answering 503 with Retry-After when a request outlasts ``seconds``."""

    def __init__(self, app: ASGIApp, seconds: float | None = None) -> None:
        self.app = app
        self.seconds = limit_seconds() if seconds is None else seconds
        self._prepared: set[int] = set()

    def _service(self, scope: Scope) -> Any:
        app = scope.get("app")
        portal = getattr(getattr(app, "state", None), "portal", None)
        return getattr(portal, "service", None)

    def _prepare(self, service: Any) -> None:
        if service is None or id(service) in self._prepared:
            return
        if not isinstance(service._lock, OwnedLock):
            service._lock = OwnedLock(service._lock)
        store = getattr(service, "_store", None)
        if store is not None:
            with service._lock:
                statement_timeout(store, self.seconds)
            self._prepared.add(id(service))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        service = self._service(scope)
        self._prepare(service)
        token = next(_ids)
        started = False
        timed_out = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if timed_out:
                return  # the client has had its 503
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        _request.set(token)
        task = asyncio.ensure_future(self.app(scope, receive, guarded_send))
        done, _ = await asyncio.wait({task}, timeout=self.seconds)
        if task in done:
            task.result()
            return
        if started:  # an answer is already on its way: let it finish
            await task
            return
        timed_out = True
        lock = getattr(service, "_lock", None)
        store = getattr(service, "_store", None)
        if isinstance(lock, OwnedLock) and lock.owner == token and store is not None:
            with contextlib.suppress(Exception):
                interrupt(store)
        task.add_done_callback(_quiet)
        log.warning("request over %.1f s, refused with 503: %s", self.seconds, scope.get("path", ""))
        await _unavailable(scope, send, self.seconds)


def _quiet(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.info("work of a timed-out request ended: %s", type(task.exception()).__name__)


async def _unavailable(scope: Scope, send: Send, seconds: float) -> None:
    message = (f"the request took longer than {seconds:g} s and was stopped; the service is busy, try again "
               f"in {RETRY_AFTER_SECONDS} s")
    await plain_error(scope, send, 503, message, [(b"retry-after", str(RETRY_AFTER_SECONDS).encode())])


TITLES = {403: "You cannot see this page signed out", 503: "Sorry, the service is busy"}


async def plain_error(scope: Scope, send: Send, status: int, message: str,
                      extra: list[tuple[bytes, bytes]] | None = None) -> None:
    """An error answered by middleware, before any page: JSON for .json requests, else a short page."""
    path = scope.get("path", "")
    query = scope.get("query_string", b"").decode("latin-1")
    accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
    if path.endswith(".json") or "format=json" in query or accept.startswith("application/json"):
        body = json.dumps({"error": {"status": status, "message": message}}).encode()
        kind = b"application/json"
    else:
        sentence = html.escape(message[:1].upper() + message[1:] + ".")
        title = TITLES.get(status, "There is a problem with the request")
        body = (f"<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{title}</title>"
                f"</head><body><main><h1>{title}</h1><p>{sentence}</p></main></body></html>").encode()
        kind = b"text/html; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"), *(extra or [])]})
    await send({"type": "http.response.body", "body": body})
