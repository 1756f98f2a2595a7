"""Single sign-on against a real local OpenID Connect provider (tests/workflow/oidc_provider.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest

from crimeplan.portal.app import build_app
from crimeplan.portal.auth import SESSION_COOKIE
from crimeplan.portal.service import PortalSettings
from crimeplan.store import open_store
from crimeplan.workflow import users
from tests.workflow.conftest import SETTINGS
from tests.workflow.oidc_provider import Provider
from tests.workflow.web import client


@pytest.fixture
def provider():
    with Provider() as p:
        yield p


@pytest.fixture
def app(tmp_path, provider):
    settings = SETTINGS.with_(oidc_issuer=provider.issuer, oidc_client_id=provider.client_id,
                              oidc_client_secret=provider.client_secret,
                              oidc_redirect_uri="https://testserver/auth/oidc/callback")
    app = build_app(PortalSettings(db=str(tmp_path / "s.duckdb")), settings)
    yield app
    app.state.portal.service.close()


def _round_trip(c, *, state=None):
    start = c.get("/auth/oidc/login?next=/workflow")
    assert start.status_code == 303 and start.headers["location"].startswith("http://127.0.0.1:")
    back = httpx.get(start.headers["location"], follow_redirects=False, timeout=10)
    assert back.status_code == 302
    callback = urlsplit(back.headers["location"])
    query = callback.query if state is None else callback.query.split("&state=")[0] + f"&state={state}"
    return c.get(f"{callback.path}?{query}")


def test_first_sign_in_creates_a_viewer_linked_to_the_subject(app, provider):
    with client(app) as c:
        r = _round_trip(c)
        assert r.status_code == 303 and r.headers["location"] == "/workflow", r.text[:300]
        assert c.cookies.get(SESSION_COOKIE)
        page = c.get("/workflow")
        assert page.status_code == 200 and "Jo Bloggs" in page.text
    with open_store(app.state.portal.service.settings.db, migrate=False) as s:
        user = users.get_user(s, "jo.bloggs")
        assert user.role == "viewer" and user.oidc_subject == f"{provider.issuer}|u-1001"
        assert user.password_hash is None


def test_second_sign_in_finds_the_same_account_with_its_role(app, provider):
    with client(app) as c:
        _round_trip(c)
    with open_store(app.state.portal.service.settings.db, migrate=False) as s:
        users.set_role(s, "jo.bloggs", "analyst", actor="admin")
    with client(app) as c:
        assert _round_trip(c).status_code == 303
        assert c.get("/workflow/review").status_code == 200  # analysts only


@pytest.mark.parametrize("mode", ["wrong_key", "wrong_audience", "wrong_nonce", "expired"])
def test_bad_id_tokens_are_refused(app, provider, mode):
    provider.mode = mode
    with client(app) as c:
        r = _round_trip(c)
        assert r.status_code == 401 and not c.cookies.get(SESSION_COOKIE)


def test_a_forged_state_is_refused(app):
    with client(app) as c:
        r = _round_trip(c, state="forged")
        assert r.status_code == 401 and "state" in r.text


def test_disabled_accounts_stay_out(app):
    with client(app) as c:
        _round_trip(c)
    with open_store(app.state.portal.service.settings.db, migrate=False) as s:
        users.set_disabled(s, "jo.bloggs", True, actor="admin")
    with client(app) as c:
        assert _round_trip(c).status_code == 401


def test_without_configuration_sso_is_off(tmp_path):
    app = build_app(PortalSettings(db=str(tmp_path / "s.duckdb")), SETTINGS)
    with client(app) as c:
        assert c.get("/auth/oidc/login").status_code == 303  # to the local sign-in form
        assert "force account" not in c.get("/login").text
    app.state.portal.service.close()
