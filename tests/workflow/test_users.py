"""Accounts: argon2 hashes, lockout after failures, per-client rate limit, sessions, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from crimeplan.errors import ConfigError
from crimeplan.workflow import users as u
from crimeplan.workflow.audit import audit_entries
from crimeplan.workflow.errors import AuthError, RateLimited
from tests.workflow.conftest import SETTINGS

PASSWORD = "correct horse battery"


def test_password_is_stored_as_an_argon2_hash_and_never_listed(store):
    user = u.add_user(store, "alice", "lead", actor="admin", settings=SETTINGS, password=PASSWORD,
                      lead_name="ACC Local Policing")
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert "password_hash" not in user.to_dict() and user.to_dict()["has_password"]
    (entry,) = audit_entries(store, entity="user:alice", include_loads=False)
    assert entry.action == "user.add" and "argon2" not in str(entry.after)


@pytest.mark.parametrize("args,message", [
    ({"username": "bob", "role": "lead"}, "lead_name"),
    ({"username": "bob", "role": "boss"}, "role: expected one of"),
    ({"username": "bad name'--", "role": "viewer"}, "username"),
    ({"username": "bob", "role": "viewer", "password": "short"}, "at least 12"),
])
def test_bad_accounts_are_refused(store, args, message):
    args = {"password": PASSWORD, **args}
    with pytest.raises(ConfigError, match=message):
        u.add_user(store, actor="admin", settings=SETTINGS, **args)
    assert u.list_users(store) == []


def test_sign_in_works_and_wrong_password_gives_the_same_message_as_unknown_user(store):
    u.add_user(store, "alice", "viewer", actor="admin", settings=SETTINGS, password=PASSWORD)
    assert u.authenticate(store, "alice", PASSWORD, client="10.0.0.1", settings=SETTINGS).username == "alice"
    with pytest.raises(AuthError) as wrong:
        u.authenticate(store, "alice", "not the password", client="10.0.0.1", settings=SETTINGS)
    with pytest.raises(AuthError) as unknown:
        u.authenticate(store, "nobody", PASSWORD, client="10.0.0.1", settings=SETTINGS)
    assert str(wrong.value) == str(unknown.value)


def test_lockout_after_failures_until_reset(store):
    u.add_user(store, "alice", "viewer", actor="admin", settings=SETTINGS, password=PASSWORD)
    for _ in range(SETTINGS.lockout_failures):
        with pytest.raises(AuthError, match="wrong user name"):
            u.authenticate(store, "alice", "guess", client="c", settings=SETTINGS)
    with pytest.raises(AuthError, match="locked"):
        u.authenticate(store, "alice", PASSWORD, client="c", settings=SETTINGS)
    assert u.locked_until(store, "alice", SETTINGS) is not None
    # the lock lapses after lockout_minutes
    later = u.now() + timedelta(minutes=SETTINGS.lockout_minutes + 1)
    assert u.locked_until(store, "alice", SETTINGS, later) is None
    _, new = u.reset_password(store, "alice", actor="admin", settings=SETTINGS)
    assert u.authenticate(store, "alice", new, client="c", settings=SETTINGS).username == "alice"


def test_a_client_is_rate_limited(store):
    tight = SETTINGS.with_(client_attempts_per_minute=3)
    for _ in range(3):
        with pytest.raises(AuthError):
            u.authenticate(store, f"user{_}", "x", client="198.51.100.7", settings=tight)
    with pytest.raises(RateLimited):
        u.authenticate(store, "other", "x", client="198.51.100.7", settings=tight)
    with pytest.raises(AuthError):  # another client is not held up
        u.authenticate(store, "other", "x", client="198.51.100.8", settings=tight)


def test_disabled_users_cannot_sign_in_and_lose_their_sessions(store):
    user = u.add_user(store, "alice", "analyst", actor="admin", settings=SETTINGS, password=PASSWORD)
    session = u.start_session(store, user, SETTINGS)
    assert u.get_session(store, session.session_id).user.username == "alice"
    u.set_disabled(store, "alice", True, actor="admin")
    assert u.get_session(store, session.session_id) is None
    with pytest.raises(AuthError):
        u.authenticate(store, "alice", PASSWORD, client="c", settings=SETTINGS)
    assert [e.action for e in audit_entries(store, entity="user:alice", include_loads=False)] == [
        "user.add", "user.disable"]


def test_sessions_end_on_sign_out_and_are_unguessable(store):
    user = u.add_user(store, "alice", "viewer", actor="admin", settings=SETTINGS, password=PASSWORD)
    one, two = u.start_session(store, user, SETTINGS), u.start_session(store, user, SETTINGS)
    assert one.session_id != two.session_id and len(one.session_id) >= 40 and one.csrf_token != two.csrf_token
    u.end_session(store, one.session_id)
    assert u.get_session(store, one.session_id) is None
    assert u.get_session(store, two.session_id) is not None
    assert u.get_session(store, "' OR '1'='1") is None
