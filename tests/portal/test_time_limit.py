"""Every request bounded in time (issue 19, deliverable 5): past the limit the client gets 503 with
Retry-After at once, the request's own query is interrupted (DuckDB), another request's is not,
and the store answers the next request."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from crimeplan.errors import ConfigError
from crimeplan.portal.limits import RETRY_AFTER_SECONDS, TimeLimit, limit_seconds
from crimeplan.store import open_store

SLOW = "SELECT sum(a.range * 2) FROM range(100000000000) a"  # minutes if not interrupted


@pytest.fixture
def limited(tmp_path):
    store = open_store(str(tmp_path / "limit.duckdb"))
    service = SimpleNamespace(_lock=threading.RLock(), _store=store)
    outcome: dict[str, object] = {}
    finished = threading.Event()

    def work(sql: str) -> str:
        started = time.monotonic()
        try:
            with service._lock:
                return str(store.fetchall(sql)[0][0])
        except Exception as exc:
            outcome["error"] = type(exc).__name__
            raise
        finally:
            outcome["seconds"] = time.monotonic() - started
            finished.set()

    async def slow(request: Request):
        return JSONResponse({"value": await run_in_threadpool(work, SLOW)})

    async def quick(request: Request):
        return JSONResponse({"value": await run_in_threadpool(work, "SELECT 42")})

    app = Starlette(routes=[Route("/slow.json", slow), Route("/slow", slow), Route("/quick.json", quick)],
                    middleware=[Middleware(TimeLimit, seconds=0.5)])
    app.state.portal = SimpleNamespace(service=service)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, outcome, finished
    store.close()


def test_a_request_over_the_limit_gets_503_with_retry_after_and_its_query_is_interrupted(limited):
    client, outcome, finished = limited
    started = time.monotonic()
    r = client.get("/slow.json")
    assert r.status_code == 503 and time.monotonic() - started < 5
    assert r.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
    assert "longer than 0.5 s" in r.json()["error"]["message"]
    assert finished.wait(10), "the query was not interrupted"
    assert outcome["error"] == "InterruptException" and outcome["seconds"] < 10
    finished.clear()
    again = client.get("/quick.json")  # the connection still answers
    assert again.status_code == 200 and again.json() == {"value": "42"}


def test_the_503_page_is_html_for_a_page(limited):
    client, _, finished = limited
    r = client.get("/slow")
    assert r.status_code == 503 and "text/html" in r.headers["content-type"] and "busy" in r.text
    assert finished.wait(10)


def test_the_limit_is_read_from_the_environment():
    assert limit_seconds({}) == 30.0
    assert limit_seconds({"CRIMEPLAN_REQUEST_SECONDS": "2.5"}) == 2.5
    for bad in ("0", "-1", "soon", "1e9"):
        with pytest.raises(ConfigError, match="CRIMEPLAN_REQUEST_SECONDS"):
            limit_seconds({"CRIMEPLAN_REQUEST_SECONDS": bad})
