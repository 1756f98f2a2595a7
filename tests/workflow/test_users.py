"""Accounts: argon2 hashes, progressive delay after failures, per-client rate limit, sessions, audit."""

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


def test_failures_slow_an_account_down_but_never_lock_it(store):
    u.add_user(store, "alice", "viewer", actor="admin", settings=SETTINGS, password=PASSWORD)
    slow = SETTINGS.with_(throttle_max_seconds=8.0)
    waits: list[float] = []
    for n in range(6):  # a stranger guesses, from a new address each time
        with pytest.raises(AuthError, match="wrong user name"):
            u.authenticate(store, "alice", "guess", client=f"203.0.113.{n}", settings=slow, sleep=waits.append)
    assert waits == [1.0, 2.0, 4.0]  # after throttle_failures (3) failures, 1 s doubling
    # the owner, from anywhere, still signs in (after the capped delay), and that resets the count
    assert u.authenticate(store, "alice", PASSWORD, client="c", settings=slow, sleep=waits.append).username == "alice"
    assert waits[-1] == 8.0 and u.recent_failures(store, "alice", slow) == 0
    later = u.now() + timedelta(minutes=SETTINGS.throttle_minutes + 1)
    assert u.recent_failures(store, "alice", slow, later) == 0


def test_the_delay_is_bounded_and_per_source(store):
    assert [u.throttle_delay(n, SETTINGS.with_(throttle_max_seconds=30.0)) for n in (0, 2, 3, 4, 8, 100)] == [
        0.0, 0.0, 1.0, 2.0, 30.0, 30.0]
    waits: list[float] = []
    for n in range(4):  # one address trying many names is held up too
        with pytest.raises(AuthError):
            u.authenticate(store, f"name{n}", "x", client="198.51.100.9", settings=SETTINGS, sleep=waits.append)
    assert waits == [0.01]


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


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abcabcabcabc", "123456789012", "Password1234!",
                                      "P@ssw0rd2024!!", "qwertyuiopasdf", "alice-is-my-name", "crimeplan2026!"])
def test_weak_passwords_are_refused(store, password):
    with pytest.raises(ConfigError, match="password: refused because"):
        u.add_user(store, "alice", "viewer", actor="admin", settings=SETTINGS, password=password)
    u.add_user(store, "bob", "viewer", actor="admin", settings=SETTINGS, password=PASSWORD)
    with pytest.raises(ConfigError, match="password: refused because"):
        u.reset_password(store, "bob", actor="admin", settings=SETTINGS, password=password.replace("alice", "bob"))


def test_the_common_password_list_ships_with_the_package():
    from crimeplan.workflow.passwords import common_passwords
    listed = common_passwords()
    assert len(listed) > 300 and "password" in listed and "qwerty" in listed


def test_the_last_enabled_admin_cannot_be_disabled_or_demoted(store):
    from crimeplan.workflow.errors import PermissionDenied
    u.add_user(store, "ada", "admin", actor="setup", settings=SETTINGS, password=PASSWORD)
    with pytest.raises(PermissionDenied, match="last enabled admin"):
        u.set_disabled(store, "ada", True, actor="ada")
    with pytest.raises(PermissionDenied, match="last enabled admin"):
        u.set_role(store, "ada", "viewer", actor="ada")
    assert not u.get_user(store, "ada").disabled and u.get_user(store, "ada").role == "admin"
    u.add_user(store, "bea", "admin", actor="ada", settings=SETTINGS, password=PASSWORD)
    assert u.set_disabled(store, "ada", True, actor="ada").disabled  # another admin remains
    with pytest.raises(PermissionDenied):
        u.set_disabled(store, "bea", True, actor="bea")
