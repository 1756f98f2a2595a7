"""Accounts: local users with argon2 password hashes (argon2-cffi), roles, sign-in throttled by a
progressive delay per account and per client (never a lock a stranger could trigger), a per-client
rate limit, and server-side sessions (the cookie only carries a signed session id).

Throttling state lives in the store (``login_attempts``), so several portal workers share it.
A failed sign-in for an unknown name costs the same hash verification as for a known one.
"""

from __future__ import annotations

import functools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from crimeplan.errors import ConfigError, NotFoundError
from crimeplan.store import Store
from crimeplan.store.queries import workflow as q
from crimeplan.workflow import passwords
from crimeplan.workflow.audit import now, record_audit
from crimeplan.workflow.errors import AuthError, ConflictError, PermissionDenied, RateLimited
from crimeplan.workflow.passwords import PASSWORD_MAX
from crimeplan.workflow.roles import ADMIN, LEAD, Actor, check_role
from crimeplan.workflow.settings import WorkflowSettings

_HASHER = PasswordHasher()
@functools.cache
def _dummy_hash() -> str:
    """A hash checked for an unknown name, so its answer takes as long as a known one's; made on
    first use, not at import (argon2 costs about 0.3-0.6 s, paid by every portal process's first page)."""
    return _HASHER.hash("crimeplan: no such user")
USERNAME_MAX = 64
ATTEMPTS_KEPT = timedelta(days=1)
"""Sign-in attempts older than this are forgotten (they only serve throttling and rate limiting)."""
GENERATED_PASSWORD_BYTES = 15
"""``secrets.token_urlsafe(15)`` gives 20 characters (120 bits)."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    lead_name: str | None
    password_hash: str | None
    oidc_subject: str | None
    disabled: bool
    created_at: datetime
    version: int

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.role, self.lead_name)

    def to_dict(self) -> dict:
        """Without the password hash (for listings and the audit trail)."""
        return {"username": self.username, "display_name": self.display_name, "role": self.role,
                "lead_name": self.lead_name, "oidc_subject": self.oidc_subject, "disabled": self.disabled,
                "created_at": self.created_at.isoformat(timespec="seconds"), "version": self.version,
                "has_password": self.password_hash is not None}


@dataclass(frozen=True)
class Session:
    session_id: str
    user: User
    csrf_token: str
    expires_at: datetime


def _user(row: tuple) -> User:
    return User(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]), row[7], int(row[8]))


def _username(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > USERNAME_MAX or not all(c.isalnum() or c in "._-@" for c in name):
        raise ConfigError(f"username: expected 1 to {USERNAME_MAX} letters, digits or . _ - @, got {name[:80]!r}")
    return name


def check_password(password: str, settings: WorkflowSettings, username: str = "") -> str:
    """A new password that meets the rules of ``crimeplan.workflow.passwords`` (NIST SP 800-63B)."""
    return passwords.check_password(password, settings.min_password_length, username)


def generate_password() -> str:
    return secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)


def get_user(store: Store, username: str) -> User:
    rows = store.fetchall(q.GET_USER, {"username": username})
    if not rows:
        raise NotFoundError(f"no user {username!r}")
    return _user(rows[0])


def find_user(store: Store, username: str) -> User | None:
    rows = store.fetchall(q.GET_USER, {"username": username})
    return _user(rows[0]) if rows else None


def list_users(store: Store) -> list[User]:
    return [_user(r) for r in store.fetchall(q.LIST_USERS)]


def add_user(store: Store, username: str, role: str, *, actor: str, settings: WorkflowSettings,
             password: str | None = None, display_name: str | None = None, lead_name: str | None = None,
             oidc_subject: str | None = None) -> User:
    """Create an account; a lead needs the lead name they act for ("ACC Local Policing")."""
    username = _username(username)
    check_role(role)
    lead_name = " ".join((lead_name or "").split()) or None
    if role == LEAD and not lead_name:
        raise ConfigError("lead_name: a lead needs the lead name they act for, e.g. 'ACC Local Policing'")
    hashed = _HASHER.hash(check_password(password, settings, username)) if password is not None else None
    with store.transaction():
        if find_user(store, username) is not None:
            raise ConfigError(f"username: {username!r} is already taken")
        store.execute(q.INSERT_USER, {"username": username, "display_name": (display_name or username).strip(),
                                      "role": role, "lead_name": lead_name, "password_hash": hashed,
                                      "oidc_subject": oidc_subject, "disabled": False, "created_at": now(),
                                      "version": 1})
        user = get_user(store, username)
        record_audit(store, actor, "user.add", f"user:{username}", None, user.to_dict())
    return user


def _keep_an_admin(store: Store, leaving: User) -> None:
    """Refuse to disable or demote the last enabled admin (nobody could then manage accounts)."""
    if leaving.role != ADMIN or leaving.disabled:
        return
    others = [u for u in list_users(store) if u.role == ADMIN and not u.disabled and u.username != leaving.username]
    if not others:
        raise PermissionDenied(f"{leaving.username} is the last enabled admin; make another admin first")


def _save(store: Store, before: User, after: User, actor: str, action: str) -> User:
    rows = store.fetchall(q.SAVE_USER, {"username": before.username, "display_name": after.display_name,
                                        "role": after.role, "lead_name": after.lead_name,
                                        "password_hash": after.password_hash, "oidc_subject": after.oidc_subject,
                                        "disabled": after.disabled, "version": before.version})
    if not rows:
        raise ConflictError(f"user {before.username} was changed by someone else; reload and try again")
    saved = get_user(store, before.username)
    record_audit(store, actor, action, f"user:{before.username}", before.to_dict(), saved.to_dict())
    return saved


def set_disabled(store: Store, username: str, disabled: bool, *, actor: str) -> User:
    """Disable (ending every session) or re-enable an account."""
    with store.transaction():
        before = get_user(store, username)
        if disabled:
            _keep_an_admin(store, before)
        user = _save(store, before, replace(before, disabled=disabled), actor,
                     "user.disable" if disabled else "user.enable")
        if disabled:
            store.execute(q.END_USER_SESSIONS, {"username": username, "now": now()})
    return user


def reset_password(store: Store, username: str, *, actor: str, settings: WorkflowSettings,
                   password: str | None = None) -> tuple[User, str]:
    """Set a new password (generated when none is given), clear the sign-in delay, end every session."""
    new = check_password(password, settings, username) if password is not None else generate_password()
    with store.transaction():
        before = get_user(store, username)
        user = _save(store, before, replace(before, password_hash=_HASHER.hash(new)), actor, "user.reset")
        store.execute(q.CLEAR_FAILURES, {"username": username})
        store.execute(q.END_USER_SESSIONS, {"username": username, "now": now()})
    return user, new


def set_role(store: Store, username: str, role: str, *, actor: str, lead_name: str | None = None) -> User:
    check_role(role)
    with store.transaction():
        before = get_user(store, username)
        lead = " ".join((lead_name or before.lead_name or "").split()) or None
        if role == LEAD and not lead:
            raise ConfigError("lead_name: a lead needs the lead name they act for")
        if role != ADMIN:
            _keep_an_admin(store, before)
        return _save(store, before, replace(before, role=role, lead_name=lead), actor, "user.role")


# -- sign-in ----------------------------------------------------------------------------------------
THROTTLE_BASE_SECONDS = 1.0
"""Delay after the ``throttle_failures``-th failure; it doubles with each further one, up to
``throttle_max_seconds``."""


@dataclass(frozen=True)
class Attempt:
    """A sign-in under way: what the store said before the password is checked (off the store lock)."""

    name: str
    client: str
    at: datetime
    delay: float
    password_hash: str
    user: User | None


def throttle_delay(failures: int, settings: WorkflowSettings) -> float:
    """Seconds to hold an attempt after ``failures`` recent failures: 0 below ``throttle_failures``,
    then 1, 2, 4 … seconds, at most ``throttle_max_seconds``. Never a refusal: whoever knows the
    password still gets in, so a stranger's failures cannot lock an account."""
    if failures < settings.throttle_failures:
        return 0.0
    power = min(failures - settings.throttle_failures, 30)
    return float(min(settings.throttle_max_seconds, THROTTLE_BASE_SECONDS * 2 ** power))


def recent_failures(store: Store, username: str, settings: WorkflowSettings, at: datetime | None = None) -> int:
    """Failed sign-ins of this account in the window, since its last success."""
    at = at or now()
    count, _ = store.fetchall(q.FAILURES_SINCE, {"username": username,
                                                 "since": at - timedelta(minutes=settings.throttle_minutes)})[0]
    return int(count or 0)


def begin_attempt(store: Store, username: str, *, client: str, settings: WorkflowSettings) -> Attempt:
    """Step 1, under the store lock: refuse a client over its per-minute limit (``RateLimited``,
    that client only), work out the delay, and read the hash to check."""
    at = now()
    name = (username or "").strip()[:USERNAME_MAX]
    client = (client or "unknown")[:100]
    if int(store.scalar(q.CLIENT_ATTEMPTS_SINCE, {"client": client, "since": at - timedelta(minutes=1)})) \
            >= settings.client_attempts_per_minute:
        raise RateLimited("too many sign-in attempts from this address; wait a minute and try again")
    since = at - timedelta(minutes=settings.throttle_minutes)
    by_client = int(store.scalar(q.CLIENT_FAILURES_SINCE, {"client": client, "since": since}) or 0)
    failures = max(recent_failures(store, name, settings, at), by_client)
    user = find_user(store, name)
    hashed = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    return Attempt(name, client, at, throttle_delay(failures, settings), hashed, user)


def verify_password(attempt: Attempt, password: str) -> tuple[bool, str | None]:
    """Step 2, off the store lock (CPU-bound argon2): whether the password matches, and a new hash
    when the stored one uses old parameters. The same work is done for an unknown name."""
    password = (password or "")[:PASSWORD_MAX]
    ok = _verify(attempt.password_hash, password)
    user = attempt.user
    ok = ok and user is not None and user.password_hash is not None and not user.disabled
    rehash = _HASHER.hash(password) if ok and _HASHER.check_needs_rehash(attempt.password_hash) else None
    return ok, rehash


def finish_attempt(store: Store, attempt: Attempt, ok: bool, rehash: str | None = None) -> User:
    """Step 3, under the store lock: record the attempt; the user, or ``AuthError`` with one message
    whatever the cause, so the response does not tell which names exist."""
    store.execute(q.INSERT_ATTEMPT, {"username": attempt.name, "client": attempt.client,
                                     "attempted_at": attempt.at, "succeeded": ok})
    user = attempt.user
    if not ok or user is None:
        raise AuthError("wrong user name or password, or the account is disabled")
    store.execute(q.PRUNE_ATTEMPTS, {"before": attempt.at - ATTEMPTS_KEPT})
    if rehash is not None:
        store.execute(q.SAVE_USER, {**{k: getattr(user, k) for k in ("username", "display_name", "role",
                      "lead_name", "oidc_subject", "disabled", "version")}, "password_hash": rehash})
    return user


def authenticate(store: Store, username: str, password: str, *, client: str, settings: WorkflowSettings,
                 sleep: Callable[[float], object] = time.sleep) -> User:
    """The three steps in one (the CLI and tests; the portal runs step 2 in its hashing pool and
    waits the delay without holding the store)."""
    attempt = begin_attempt(store, username, client=client, settings=settings)
    if attempt.delay:
        sleep(attempt.delay)
    ok, rehash = verify_password(attempt, password)
    return finish_attempt(store, attempt, ok, rehash)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# -- sessions ---------------------------------------------------------------------------------------
def start_session(store: Store, user: User, settings: WorkflowSettings) -> Session:
    """A new session (a fresh id at every sign-in, so a planted id is never promoted)."""
    at = now()
    session = Session(secrets.token_urlsafe(32), user, secrets.token_urlsafe(32),
                      at + timedelta(hours=settings.session_hours))
    store.execute(q.INSERT_SESSION, {"session_id": session.session_id, "username": user.username,
                                     "csrf_token": session.csrf_token, "created_at": at,
                                     "expires_at": session.expires_at})
    return session


def get_session(store: Store, session_id: str) -> Session | None:
    """The live session with this id whose user is still enabled, or None."""
    rows = store.fetchall(q.GET_SESSION, {"session_id": session_id, "now": now()})
    if not rows:
        return None
    user = find_user(store, rows[0][1])
    if user is None or user.disabled:
        return None
    return Session(rows[0][0], user, rows[0][2], rows[0][3])


def end_session(store: Store, session_id: str) -> None:
    store.execute(q.END_SESSION, {"session_id": session_id, "now": now()})
