"""Sign-in abuse (issue 19): hashing off the store lock, X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import threading

import pytest

from crimeplan.portal import auth
from crimeplan.store import open_store
from crimeplan.workflow import users
from crimeplan.workflow.errors import AuthError
from tests.workflow.conftest import SETTINGS
from tests.workflow.web import PASSWORD, client, csrf_of, make_app, sign_in


@pytest.fixture
def app(store_url):
    app = make_app(store_url, SETTINGS.with_(client_attempts_per_minute=3))
    yield app
    app.state.portal.service.close()


def _attempt(c, username="lee.lead", password="wrong", headers=None):
    page = c.get("/login")
    return c.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
                  headers=headers or {})


def test_a_new_x_forwarded_for_does_not_escape_the_rate_limit(app):
    with client(app) as c:
        codes = [_attempt(c, headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(5)]
    assert codes[:3] == [401, 401, 401] and codes[3:] == [429, 429]


def test_x_forwarded_for_is_read_from_a_trusted_proxy_only(store_url):
    from starlette.requests import Request

    def request(peer, forwarded):
        return Request({"type": "http", "client": (peer, 1), "headers": [(b"x-forwarded-for", forwarded.encode())]})

    trusted = SETTINGS.with_(trusted_proxies="10.0.0.0/8, 127.0.0.1")
    assert auth.client_address(request("10.1.2.3", "1.2.3.4, 198.51.100.5"), trusted) == "198.51.100.5"
    assert auth.client_address(request("10.1.2.3", "198.51.100.5, 10.9.9.9"), trusted) == "198.51.100.5"
    assert auth.client_address(request("192.0.2.1", "198.51.100.5"), trusted) == "192.0.2.1"
    assert auth.client_address(request("10.1.2.3", "198.51.100.5"), SETTINGS) == "10.1.2.3"
    assert auth.client_address(request("10.1.2.3", "not-an-address"), trusted) == "10.1.2.3"


def test_password_hashing_does_not_hold_the_store_lock(store_url):
    """While a sign-in's hash is being checked, a signed-in request completes."""
    app = make_app(store_url)
    hashing, release = threading.Event(), threading.Event()
    real = users.verify_password
    service = app.state.portal.service

    def slow_verify(attempt, password):
        assert service._lock.acquire(blocking=False), "the store lock is held while hashing"
        service._lock.release()
        hashing.set()
        release.wait(10)
        return real(attempt, password)

    try:
        with client(app) as signed_in, client(app) as stranger:
            sign_in(signed_in, "ann.analyst")
            users.verify_password = slow_verify
            page = stranger.get("/login")
            worker = threading.Thread(target=lambda: stranger.post("/login", data={
                "username": "lee.lead", "password": PASSWORD, "csrf_token": csrf_of(page.text)}))
            worker.start()
            assert hashing.wait(10)
            assert signed_in.get("/workflow").status_code == 200  # not stuck behind the hash
            release.set()
            worker.join(10)
    finally:
        users.verify_password = real
        release.set()
        service.close()


def test_uvicorn_does_not_rewrite_the_client_from_headers():
    import inspect

    from crimeplan.portal import app as portal_app
    assert "proxy_headers=False" in inspect.getsource(portal_app.serve)


def test_a_throttled_sign_in_with_the_right_password_is_answered_before_the_time_limit(store_url, monkeypatch):
    """After a stranger's failures the account's delay (16 s here) would outlast the request time limit
    (10 s here); the sign-in waits at most half the limit, so its owner is signed in, never answered 503."""
    monkeypatch.setenv("CRIMEPLAN_REQUEST_SECONDS", "10")
    settings = SETTINGS.with_(throttle_failures=1, throttle_max_seconds=60.0)
    app = make_app(store_url, settings)
    with open_store(store_url) as s:
        for _ in range(5):  # recorded as the sign-in route records them, without waiting out each delay
            with pytest.raises(AuthError):
                users.finish_attempt(s, users.begin_attempt(s, "lee.lead", client="203.0.113.9", settings=settings),
                                     False)
    try:
        with client(app) as owner:
            app.state.portal.service.catalogue()  # open and migrate the store, as `serve` does
            page = owner.get("/login")
            assert users.throttle_delay(5, settings) > 10
            r = owner.post("/login", data={"username": "lee.lead", "password": PASSWORD,
                                           "csrf_token": csrf_of(page.text)})
            assert r.status_code == 303, r.text[:300]
    finally:
        app.state.portal.service.close()
