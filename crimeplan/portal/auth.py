"""Sign-in, sign-out, sessions and CSRF protection for the portal (issue 7).

- The session cookie carries only a random session id, signed (itsdangerous) and marked HttpOnly,
  SameSite=Lax and Secure (``cookie_secure`` setting); the session itself (user, CSRF token,
  expiry) lives in the store, so signing out or disabling a user ends it everywhere.
- Every state-changing request (POST) must carry the session's CSRF token, as the form field
  ``csrf_token`` or the ``X-CSRF-Token`` header; the sign-in form, before any session exists, uses a
  signed double-submit cookie instead.
- A new session id is issued at every sign-in (no session fixation).
- Sign-in is throttled per account and per client address (a progressive delay, never a lock) and
  rate-limited per client address in ``workflow.users``. The client address is the peer's, or the
  one ``X-Forwarded-For`` names when the peer is a configured trusted proxy (``trusted_proxies``).
- Password hashing (argon2, CPU-bound) runs in a small pool of its own, outside the store lock, so
  sign-in floods queue among themselves and signed-in requests keep their pace; when the queue is
  full a sign-in is answered 429 at once.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from ipaddress import ip_address
from typing import Any
from urllib.parse import quote, urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from crimeplan.errors import CrimeplanError
from crimeplan.portal.limits import limit_seconds
from crimeplan.workflow import users
from crimeplan.workflow.errors import AuthError, PermissionDenied, RateLimited
from crimeplan.workflow.roles import allows
from crimeplan.workflow.settings import WorkflowSettings

SESSION_COOKIE = "crimeplan_session"
LOGIN_COOKIE = "crimeplan_login"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_FORM_BYTES = 256 * 1024
"""Largest form or JSON body accepted (an update is at most 20,000 characters)."""


HASH_WORKERS = 1
"""Threads that hash passwords: one, so a flood of sign-ins leaves the other cores (argon2-cffi's
default parallelism is 4 lanes) to signed-in users."""
HASH_QUEUE = 8
"""Sign-ins that may wait for the hashing pool; more are answered 429 at once."""
RETRY_AFTER_SECONDS = 2
"""Retry-After on a 429 sign-in answer: the hashing queue drains in about this long (8 hashes)."""
SIGN_IN_SHARE_OF_LIMIT = 0.5
"""The throttle's delay takes at most this share of the request time limit (``limits.limit_seconds``),
leaving the rest to hashing: a delayed sign-in with the right password is answered, never 503."""
_HASH_POOL = ThreadPoolExecutor(max_workers=HASH_WORKERS, thread_name_prefix="crimeplan-hash")
_hash_waiting = 0


class LoginRequired(CrimeplanError):
    http_status = 401


class CsrfError(CrimeplanError):
    http_status = 403


class Auth:
    """What the sign-in routes and every protected handler share (``app.state.auth``)."""

    def __init__(self, settings: WorkflowSettings) -> None:
        self.settings = settings
        self.signer = URLSafeTimedSerializer(settings.session_secret, salt="crimeplan-session")
        self.login_signer = URLSafeTimedSerializer(settings.session_secret, salt="crimeplan-login")

    def cookie(self, response: Response, name: str, value: str, max_age: int) -> None:
        response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                            secure=self.settings.cookie_secure, path="/")


def auth(request: Request) -> Auth:
    return request.app.state.auth


def locked(request: Request, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Awaitable[Any]:
    """Run ``func(store, …)`` in a worker thread under the portal's store lock (one connection per process)."""
    service = request.app.state.portal.service

    def call() -> Any:
        with service._lock:
            return func(service.store, *args, **kwargs)

    return run_in_threadpool(call)


async def current_session(request: Request) -> users.Session | None:
    if "crimeplan.session" in request.scope:
        return request.scope["crimeplan.session"]
    session = None
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        a = auth(request)
        try:
            session_id = a.signer.loads(token, max_age=a.settings.session_hours * 3600)
        except BadSignature:
            session_id = None
        if isinstance(session_id, str):
            session = await locked(request, users.get_session, session_id)
    request.scope["crimeplan.session"] = session
    return session


async def require(request: Request, permission: str) -> users.Session:
    """The signed-in session, allowed ``permission``; CSRF-checked for state-changing methods."""
    session = await current_session(request)
    if session is None:
        raise LoginRequired("sign in to see this page")
    if not allows(session.user.role, permission):
        raise PermissionDenied(f"your role ({session.user.role}) does not allow this")
    if request.method not in SAFE_METHODS:
        await check_csrf(request, session.csrf_token)
    return session


async def form_data(request: Request) -> dict[str, Any]:
    """The request's form (or JSON object) as a dict; list values for repeated fields."""
    if "crimeplan.form" in request.scope:
        return request.scope["crimeplan.form"]
    length = request.headers.get("content-length")
    if length and (not length.isdigit() or int(length) > MAX_FORM_BYTES):
        raise CrimeplanError(f"request body: expected at most {MAX_FORM_BYTES:,} bytes")
    ctype = request.headers.get("content-type", "")
    data: dict[str, Any] = {}
    if ctype.startswith("application/json"):
        import json
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            raise CrimeplanError(f"request body: expected at most {MAX_FORM_BYTES:,} bytes")
        try:
            value = json.loads(body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise CrimeplanError("request body: expected a JSON object") from None
        if not isinstance(value, dict):
            raise CrimeplanError("request body: expected a JSON object")
        data = value
    elif ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form(max_files=0, max_fields=100)
        for key in form:
            values = [v for v in form.getlist(key) if isinstance(v, str)]
            data[key] = values if len(values) > 1 or key == "evidence" else (values[0] if values else "")
    bad = next((key for key, value in data.items() if not _clean_text(value)), None)
    if bad is not None:
        raise CrimeplanError(f"request body: field {str(bad)[:40]!r} holds a NUL or an unpaired surrogate "
                             "character, which cannot be stored")
    request.scope["crimeplan.form"] = data
    return data


def _clean_text(value: Any, depth: int = 0) -> bool:
    """No NUL (PostgreSQL text refuses it) and no lone surrogate (``"\\ud800"`` in JSON: not UTF-8)."""
    if isinstance(value, str):
        return "\x00" not in value and not any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, list) and depth < 2:
        return all(_clean_text(v, depth + 1) for v in value)
    if isinstance(value, dict) and depth < 2:
        return all(_clean_text(k, depth + 1) and _clean_text(v, depth + 1) for k, v in value.items())
    return True


async def check_csrf(request: Request, expected: str) -> None:
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        given = (await form_data(request)).get(CSRF_FIELD)
    if not isinstance(given, str) or not given or not hmac.compare_digest(given, expected):
        raise CsrfError("this form has expired or did not come from this site (CSRF check failed); "
                        "reload the page and try again")


def safe_next(target: str | None) -> str:
    """A local path to return to after sign-in (never another site)."""
    if not target:
        return "/workflow"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/workflow"
    return target


def login_redirect(request: Request) -> Response:
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(path)}", status_code=303)


def client_address(request: Request, settings: WorkflowSettings) -> str:
    """The client's address: the peer's, unless the peer is a trusted proxy; then the right-most
    address of ``X-Forwarded-For`` that is not itself a trusted proxy (a client can prepend
    anything, but not what the proxy appends)."""
    peer = request.client.host if request.client else "unknown"
    networks = settings.proxy_networks
    if not networks or not _within(peer, networks):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _within(hop, networks):
            return hop[:100] if _is_address(hop) else peer
    return peer


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


def _within(address: str, networks: tuple) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


async def hashed(func: Callable[..., Any], *args: Any) -> Any:
    """Run a password hash in the hashing pool (never under the store lock); 429 when it is full."""
    global _hash_waiting
    if _hash_waiting >= HASH_QUEUE:
        raise RateLimited("too many sign-ins at once; wait a few seconds and try again")
    _hash_waiting += 1
    try:
        return await asyncio.wrap_future(_HASH_POOL.submit(func, *args))
    finally:
        _hash_waiting -= 1


# -- routes ---------------------------------------------------------------------------------------
async def login_page(request: Request, *, message: str | None = None, status: int = 200) -> Response:
    a = auth(request)
    token = secrets.token_urlsafe(24)
    portal = request.app.state.portal
    response = portal.render(request, "workflow/login.html", {
        "page": {"title": "Sign in"}, "csrf": token, "next": safe_next(request.query_params.get("next")),
        "message": message, "conflict": False, "oidc": a.settings.oidc_enabled, "session": None})
    a.cookie(response, LOGIN_COOKIE, a.login_signer.dumps(token), 3600)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 429:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


async def login_get(request: Request) -> Response:
    return await login_page(request)


async def login_post(request: Request) -> Response:
    a = auth(request)
    form = await form_data(request)
    try:
        expected = a.login_signer.loads(request.cookies.get(LOGIN_COOKIE, ""), max_age=3600)
    except BadSignature:
        expected = None
    given = form.get(CSRF_FIELD)
    if not isinstance(expected, str) or not isinstance(given, str) or not hmac.compare_digest(given, expected):
        return await login_page(request, message="The sign-in form expired; please try again.", status=403)
    client = client_address(request, a.settings)
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    try:
        attempt = await locked(request, users.begin_attempt, username, client=client, settings=a.settings)
        if attempt.delay:
            await asyncio.sleep(min(attempt.delay, limit_seconds() * SIGN_IN_SHARE_OF_LIMIT))
        ok, rehash = await hashed(users.verify_password, attempt, password)
        user = await locked(request, users.finish_attempt, attempt, ok, rehash)
    except RateLimited as exc:
        return await login_page(request, message=str(exc).capitalize() + ".", status=429)
    except AuthError as exc:
        return await login_page(request, message=str(exc).capitalize() + ".", status=401)
    session = await locked(request, users.start_session, user, a.settings)
    return signed_in(request, session, safe_next(str(form.get("next", ""))))


def signed_in(request: Request, session: users.Session, target: str) -> Response:
    a = auth(request)
    response = RedirectResponse(target, status_code=303)
    a.cookie(response, SESSION_COOKIE, a.signer.dumps(session.session_id), a.settings.session_hours * 3600)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


async def logout(request: Request) -> Response:
    session = await current_session(request)
    if session is not None:
        await check_csrf(request, session.csrf_token)
        await locked(request, users.end_session, session.session_id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=auth(request).settings.cookie_secure,
                           httponly=True, samesite="lax")
    return response


def routes() -> list[Route]:
    return [Route("/login", login_get, methods=["GET"], name="login"),
            Route("/login", login_post, methods=["POST"], name="login-post"),
            Route("/logout", logout, methods=["POST"], name="logout")]


# -- OpenID Connect (force single sign-on) --------------------------------------------------------
OIDC_COOKIE = "crimeplan_oidc"


async def oidc_login(request: Request) -> Response:
    from crimeplan.workflow import oidc
    a = auth(request)
    if not a.settings.oidc_enabled:
        raise LoginRequired("single sign-on is not configured; sign in with a local account")
    start = await run_in_threadpool(oidc.begin, a.settings)
    response = RedirectResponse(start.url, status_code=303)
    a.cookie(response, OIDC_COOKIE, a.login_signer.dumps({**start.cookie, "next": safe_next(
        request.query_params.get("next"))}), 600)
    return response


async def oidc_callback(request: Request) -> Response:
    from crimeplan.workflow import oidc
    a = auth(request)
    if not a.settings.oidc_enabled:
        raise LoginRequired("single sign-on is not configured")
    try:
        pending = a.login_signer.loads(request.cookies.get(OIDC_COOKIE, ""), max_age=600)
    except BadSignature:
        pending = None
    if not isinstance(pending, dict):
        return await login_page(request, message="The single sign-on attempt expired; please try again.", status=403)
    if request.query_params.get("error"):
        return await login_page(request, message="Single sign-on was refused by the provider.", status=401)
    claims = await run_in_threadpool(oidc.finish, a.settings, pending, request.query_params.get("state", ""),
                                     request.query_params.get("code", ""))
    user = await locked(request, oidc.user_for_claims, claims, a.settings)
    session = await locked(request, users.start_session, user, a.settings)
    response = signed_in(request, session, safe_next(pending.get("next")))
    response.delete_cookie(OIDC_COOKIE, path="/")
    return response


def oidc_routes() -> list[Route]:
    return [Route("/auth/oidc/login", oidc_login, methods=["GET"], name="oidc-login"),
            Route("/auth/oidc/callback", oidc_callback, methods=["GET"], name="oidc-callback")]
