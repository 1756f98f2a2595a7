"""Sign-in, sessions and CSRF through the real app (Starlette TestClient over HTTPS)."""

from __future__ import annotations

import pytest

from crimeplan.portal.auth import SESSION_COOKIE
from crimeplan.store import open_store
from crimeplan.workflow import deliverables as dl
from crimeplan.workflow import users
from tests.workflow.conftest import PLAN
from tests.workflow.web import ACCOUNTS, PASSWORD, client, csrf_of, make_app, sign_in


@pytest.fixture
def app(store_url):
    app = make_app(store_url)
    yield app
    app.state.portal.service.close()


def test_session_cookie_is_signed_httponly_lax_and_secure(app):
    with client(app) as c:
        page = c.get("/login")
        r = c.post("/login", data={"username": "lee.lead", "password": PASSWORD, "csrf_token": csrf_of(page.text)})
        assert r.status_code == 303 and r.headers["location"] == "/workflow"
        cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "="))
        flags = {f.strip().lower() for f in cookie.split(";")[1:]}
        assert {"httponly", "secure", "samesite=lax", "path=/"} <= flags
        assert c.get("/workflow").status_code == 200


def test_cookie_is_not_secure_when_configured_off(store_url):
    from tests.workflow.conftest import SETTINGS
    app = make_app(store_url, SETTINGS.with_(cookie_secure=False))
    with client(app) as c:
        page = c.get("/login")
        r = c.post("/login", data={"username": "lee.lead", "password": PASSWORD, "csrf_token": csrf_of(page.text)})
        cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE + "="))
        assert "secure" not in cookie.lower() and "httponly" in cookie.lower()


def test_wrong_passwords_show_a_message_and_never_lock_the_account(app):
    with client(app) as c:
        for _ in range(6):
            page = c.get("/login")
            r = c.post("/login", data={"username": "lee.lead", "password": "wrong", "csrf_token": csrf_of(page.text)})
            assert r.status_code == 401 and "Wrong user name or password" in r.text
        page = c.get("/login")
        r = c.post("/login", data={"username": "lee.lead", "password": PASSWORD, "csrf_token": csrf_of(page.text)})
        assert r.status_code == 303


def test_sign_in_form_needs_its_csrf_token(app):
    with client(app) as c:
        c.get("/login")
        r = c.post("/login", data={"username": "lee.lead", "password": PASSWORD, "csrf_token": "forged"})
        assert r.status_code == 403 and SESSION_COOKIE not in r.headers.get("set-cookie", "")
    with client(app) as fresh:  # no login cookie at all
        assert fresh.post("/login", data={"username": "lee.lead", "password": PASSWORD,
                                          "csrf_token": "x"}).status_code == 403


def test_every_form_post_needs_the_session_csrf_token(app):
    with client(app) as c:
        token = sign_in(c, "lee.lead")
        data = {"text": "forged update", "version": "1"}
        assert c.post("/workflow/deliverables/A1/updates", data=data).status_code == 403
        assert c.post("/workflow/deliverables/A1/updates", data={**data, "csrf_token": "nope"}).status_code == 403
        assert c.post("/api/workflow/deliverables/A1/updates", json=data).status_code == 403
        assert c.post("/logout").status_code == 403  # sign-out is a form too
        ok = c.post("/workflow/deliverables/A1/updates", data={**data, "csrf_token": token})
        assert ok.status_code == 303
    with open_store(app.state.portal.service.settings.db, migrate=False) as s:
        assert [u.text for u in dl.history(s, PLAN.id, "A1")] == ["forged update"]


def test_another_sessions_token_does_not_work(app):
    with client(app) as one, client(app) as two:
        token_one = sign_in(one, "lee.lead")
        sign_in(two, "ann.analyst")
        r = two.post("/workflow/deliverables/A1/updates", data={"text": "x", "csrf_token": token_one})
        assert r.status_code == 403


def test_sign_out_ends_the_session_server_side(app):
    with client(app) as c:
        token = sign_in(c, "ann.analyst")
        stolen = c.cookies.get(SESSION_COOKIE)
        with client(app) as copy:  # the cookie alone is the session while it lasts
            copy.cookies.set(SESSION_COOKIE, stolen)
            assert copy.get("/workflow").status_code == 200
        assert c.post("/logout", data={"csrf_token": token}).status_code == 303
        assert c.get("/workflow").status_code == 303  # back to sign-in
    with client(app) as thief:
        thief.cookies.set(SESSION_COOKIE, stolen)
        r = thief.get("/workflow")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_tampered_or_foreign_cookie_is_signed_out(app):
    with client(app) as c:
        sign_in(c, "ann.analyst")
        value = c.cookies.get(SESSION_COOKIE)
        c.cookies.clear()
        c.cookies.set(SESSION_COOKIE, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))
        assert c.get("/workflow").status_code == 303
        assert c.get("/api/workflow/deliverables").status_code == 401


def test_a_new_session_id_at_each_sign_in(app):
    with client(app) as c:
        sign_in(c, "ann.analyst")
        first = c.cookies.get(SESSION_COOKIE)
        sign_in(c, "ann.analyst")
        assert c.cookies.get(SESSION_COOKIE) != first


def test_disabling_a_user_ends_their_session(app):
    with client(app) as c:
        sign_in(c, "vic.viewer")
        with open_store(app.state.portal.service.settings.db, migrate=False) as s:
            users.set_disabled(s, "vic.viewer", True, actor="test")
        assert c.get("/workflow").status_code == 303


def test_open_redirect_after_sign_in_is_refused(app):
    with client(app) as c:
        page = c.get("/login?next=https://evil.example/")
        r = c.post("/login", data={"username": "vic.viewer", "password": PASSWORD, "csrf_token": csrf_of(page.text),
                                   "next": "//evil.example/x"})
        assert r.headers["location"] == "/workflow"


def test_signed_out_pages_redirect_and_api_says_401(app):
    with client(app) as c:
        r = c.get("/workflow/deliverables/A1")
        assert r.status_code == 303 and r.headers["location"] == "/login?next=/workflow/deliverables/A1"
        assert c.get("/api/workflow/deliverables").json()["error"]["status"] == 401
        assert ACCOUNTS  # the fixture made the accounts
