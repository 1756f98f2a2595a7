"""OpenID Connect sign-in (authorization code flow with PKCE) against the force's identity provider.

Configured by the ``oidc_*`` settings. The provider's endpoints come from its discovery document
(``{issuer}/.well-known/openid-configuration``); the ID token is verified with PyJWT (``pyjwt[crypto]``)
against the provider's published keys: signature (RS256/ES256), issuer, audience, expiry and the
nonce sent with the request. A subject seen for the first time gets an account with the
``oidc_default_role`` (viewer); an administrator may then change its role. Disabled accounts stay out.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

from crimeplan.errors import ConfigError
from crimeplan.store import Store
from crimeplan.store.queries import workflow as q
from crimeplan.workflow import users
from crimeplan.workflow.errors import AuthError
from crimeplan.workflow.settings import WorkflowSettings

ALGORITHMS = ["RS256", "ES256"]
"""Signature algorithms accepted for ID tokens (never "none", never HMAC with a public key)."""
HTTP_TIMEOUT = 10.0
LEEWAY_SECONDS = 60
"""Clock skew allowed between crimeplan and the provider."""

_discovery: dict[str, dict] = {}
_jwks: dict[str, jwt.PyJWKClient] = {}


@dataclass(frozen=True)
class Start:
    url: str           # where to send the browser
    cookie: dict       # state, nonce and PKCE verifier, kept in a signed cookie until the callback


def discover(issuer: str) -> dict:
    if issuer not in _discovery:
        try:
            response = httpx.get(issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=HTTP_TIMEOUT)
            response.raise_for_status()
            doc = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise AuthError(f"single sign-on provider {issuer} is unreachable ({type(exc).__name__})") from None
        for key in ("authorization_endpoint", "token_endpoint", "jwks_uri", "issuer"):
            if key not in doc:
                raise ConfigError(f"oidc_issuer: the discovery document of {issuer} has no {key}")
        _discovery[issuer] = doc
    return _discovery[issuer]


def begin(settings: WorkflowSettings) -> Start:
    doc = discover(settings.oidc_issuer)
    state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = urlencode({"response_type": "code", "client_id": settings.oidc_client_id,
                       "redirect_uri": settings.oidc_redirect_uri, "scope": "openid profile email",
                       "state": state, "nonce": nonce, "code_challenge": challenge,
                       "code_challenge_method": "S256"})
    return Start(f"{doc['authorization_endpoint']}?{query}", {"state": state, "nonce": nonce, "verifier": verifier})


def finish(settings: WorkflowSettings, pending: dict, state: str, code: str) -> dict[str, Any]:
    """Exchange the code for tokens and return the verified ID token's claims."""
    if not state or not secrets.compare_digest(str(pending.get("state", "")), state):
        raise AuthError("single sign-on: the state returned does not match this browser's sign-in")
    if not code:
        raise AuthError("single sign-on: the provider returned no code")
    doc = discover(settings.oidc_issuer)
    try:
        response = httpx.post(doc["token_endpoint"], timeout=HTTP_TIMEOUT,
                              auth=(settings.oidc_client_id, settings.oidc_client_secret),
                              data={"grant_type": "authorization_code", "code": code,
                                    "redirect_uri": settings.oidc_redirect_uri,
                                    "code_verifier": str(pending.get("verifier", ""))})
        response.raise_for_status()
        id_token = response.json()["id_token"]
    except (httpx.HTTPError, ValueError, KeyError, TypeError):
        raise AuthError("single sign-on: the provider refused the code") from None
    return verify_id_token(settings, doc, id_token, str(pending.get("nonce", "")))


def verify_id_token(settings: WorkflowSettings, doc: dict, token: str, nonce: str) -> dict[str, Any]:
    client = _jwks.setdefault(doc["jwks_uri"], jwt.PyJWKClient(doc["jwks_uri"], timeout=int(HTTP_TIMEOUT)))
    try:
        key = client.get_signing_key_from_jwt(token)
        claims = jwt.decode(token, key.key, algorithms=ALGORITHMS, audience=settings.oidc_client_id,
                            issuer=doc["issuer"], leeway=LEEWAY_SECONDS,
                            options={"require": ["exp", "iat", "iss", "aud", "sub"]})
    except jwt.PyJWTError as exc:
        raise AuthError(f"single sign-on: the ID token is not valid ({type(exc).__name__})") from None
    if not nonce or not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise AuthError("single sign-on: the ID token was not issued for this sign-in (nonce)")
    return claims


def _username_for(claims: dict[str, Any]) -> str:
    wanted = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])
    cleaned = re.sub(r"[^A-Za-z0-9._@-]", "-", wanted)[: users.USERNAME_MAX] or "sso-user"
    return cleaned


def user_for_claims(store: Store, claims: dict[str, Any], settings: WorkflowSettings) -> users.User:
    """The account linked to the token's subject, created on first sign-in."""
    subject = f"{claims['iss']}|{claims['sub']}"
    rows = store.fetchall(q.GET_USER_BY_SUBJECT, {"oidc_subject": subject})
    if rows:
        user = users._user(rows[0])
    else:
        name = _username_for(claims)
        if users.find_user(store, name) is not None:
            name = f"{name[: users.USERNAME_MAX - 9]}-{secrets.token_hex(4)}"
        role = settings.oidc_default_role
        user = users.add_user(store, name, role, actor="oidc", settings=settings,
                              display_name=str(claims.get("name") or name)[:200], oidc_subject=subject,
                              lead_name=None if role != "lead" else "unassigned")
    if user.disabled:
        raise AuthError("this account is disabled; ask an administrator")
    return user
