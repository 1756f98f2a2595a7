"""Accounts: local users with argon2 password hashes (argon2-cffi), roles, sign-in with lockout and
per-client rate limiting, and server-side sessions (the cookie only carries a signed session id).

Throttling state lives in the store (``login_attempts``), so several portal workers share it.
A failed sign-in for an unknown name costs the same hash verification as for a known one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from crimeplan.errors import ConfigError, NotFoundError
from crimeplan.store import Store
from crimeplan.store.queries import workflow as q
from crimeplan.workflow.audit import now, record_audit
from crimeplan.workflow.errors import AuthError, ConflictError, RateLimited
from crimeplan.workflow.roles import LEAD, Actor, check_role
from crimeplan.workflow.settings import WorkflowSettings

_HASHER = PasswordHasher()
_DUMMY_HASH = _HASHER.hash("crimeplan: no such user")
USERNAME_MAX = 64
PASSWORD_MAX = 1024
"""Longest password accepted (bytes hashed are bounded, so a huge one cannot tie up a worker)."""
ATTEMPTS_KEPT = timedelta(days=1)
"""Sign-in attempts older than this are forgotten (they only serve lockout and rate limiting)."""
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


def check_password(password: str, settings: WorkflowSettings) -> str:
    if not isinstance(password, str) or len(password) < settings.min_password_length:
        raise ConfigError(f"password: expected at least {settings.min_password_length} characters")
    if len(password) > PASSWORD_MAX:
        raise ConfigError(f"password: expected at most {PASSWORD_MAX} characters")
    return password


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
    hashed = _HASHER.hash(check_password(password, settings)) if password is not None else None
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
    from dataclasses import replace
    with store.transaction():
        before = get_user(store, username)
        user = _save(store, before, replace(before, disabled=disabled), actor,
                     "user.disable" if disabled else "user.enable")
        if disabled:
            store.execute(q.END_USER_SESSIONS, {"username": username, "now": now()})
    return user


def reset_password(store: Store, username: str, *, actor: str, settings: WorkflowSettings,
                   password: str | None = None) -> tuple[User, str]:
    """Set a new password (generated when none is given), clear the lockout, end every session."""
    from dataclasses import replace
    new = check_password(password, settings) if password is not None else generate_password()
    with store.transaction():
        before = get_user(store, username)
        user = _save(store, before, replace(before, password_hash=_HASHER.hash(new)), actor, "user.reset")
        store.execute(q.CLEAR_FAILURES, {"username": username})
        store.execute(q.END_USER_SESSIONS, {"username": username, "now": now()})
    return user, new


def set_role(store: Store, username: str, role: str, *, actor: str, lead_name: str | None = None) -> User:
    from dataclasses import replace
    check_role(role)
    with store.transaction():
        before = get_user(store, username)
        lead = " ".join((lead_name or before.lead_name or "").split()) or None
        if role == LEAD and not lead:
            raise ConfigError("lead_name: a lead needs the lead name they act for")
        return _save(store, before, replace(before, role=role, lead_name=lead), actor, "user.role")


# -- sign-in ----------------------------------------------------------------------------------------
def locked_until(store: Store, username: str, settings: WorkflowSettings, at: datetime | None = None) -> datetime | None:
    """When a locked account unlocks (None when it is not locked)."""
    at = at or now()
    window = timedelta(minutes=settings.lockout_minutes)
    count, last = store.fetchall(q.FAILURES_SINCE, {"username": username, "since": at - window})[0]
    if int(count or 0) >= settings.lockout_failures and last is not None and last + window > at:
        return last + window
    return None


def authenticate(store: Store, username: str, password: str, *, client: str, settings: WorkflowSettings) -> User:
    """Check a name and password; refuse (``AuthError``) with one message whatever the cause, so the
    response does not tell which names exist. Locked accounts and busy clients are refused first."""
    at = now()
    name = (username or "").strip()[:USERNAME_MAX]
    client = (client or "unknown")[:100]
    if int(store.scalar(q.CLIENT_ATTEMPTS_SINCE, {"client": client, "since": at - timedelta(minutes=1)})) \
            >= settings.client_attempts_per_minute:
        raise RateLimited("too many sign-in attempts from this address; wait a minute and try again")
    until = locked_until(store, name, settings, at)
    if until is not None:
        store.execute(q.INSERT_ATTEMPT, {"username": name, "client": client, "attempted_at": at, "succeeded": False})
        raise AuthError(f"this account is locked after {settings.lockout_failures} failed sign-ins; "
                        f"try again after {until:%H:%M} UTC or ask an administrator to reset it")
    user = find_user(store, name)
    ok = _verify(user.password_hash if user and user.password_hash else _DUMMY_HASH, (password or "")[:PASSWORD_MAX])
    ok = ok and user is not None and user.password_hash is not None and not user.disabled
    store.execute(q.INSERT_ATTEMPT, {"username": name, "client": client, "attempted_at": at, "succeeded": ok})
    if not ok:
        raise AuthError("wrong user name or password, or the account is disabled")
    store.execute(q.PRUNE_ATTEMPTS, {"before": at - ATTEMPTS_KEPT})
    if _HASHER.check_needs_rehash(user.password_hash):
        store.execute(q.SAVE_USER, {**{k: getattr(user, k) for k in ("username", "display_name", "role",
                      "lead_name", "oidc_subject", "disabled", "version")},
                      "password_hash": _HASHER.hash(password)})
    return user


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
