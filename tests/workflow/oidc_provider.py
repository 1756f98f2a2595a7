"""A small OpenID Connect provider for tests: a real HTTP server on 127.0.0.1 that signs ID tokens
with its own RSA key (authorization code flow with PKCE, client_secret_basic).

``provider.user`` holds the claims of whoever "signs in" next; ``provider.mode`` can make it
misbehave ("wrong_key", "wrong_audience", "wrong_nonce", "expired") to test that crimeplan refuses.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


class Provider:
    def __init__(self, client_id: str = "crimeplan", client_secret: str = "s3cret") -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key-1"
        self.user = {"sub": "u-1001", "preferred_username": "jo.bloggs", "name": "Jo Bloggs"}
        self.mode = "ok"
        self.codes: dict[str, dict] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def jwks(self) -> dict:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        claims = {**grant["user"], "iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + 300,
                  "nonce": grant["nonce"]}
        if self.mode == "wrong_audience":
            claims["aud"] = "someone-else"
        if self.mode == "wrong_nonce":
            claims["nonce"] = "replayed"
        if self.mode == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        key = self.other_key if self.mode == "wrong_key" else self.key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        return type("Handler", (_Handler,), {"provider": self})


class _Handler(BaseHTTPRequestHandler):
    """The provider's endpoints: discovery, JWKS, authorize (redirects with a code) and token."""

    provider: Provider

    def log_message(self, *args) -> None:  # quiet
        pass

    def _json(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        provider = self.provider
        url = urlsplit(self.path)
        if url.path == "/.well-known/openid-configuration":
            return self._json(200, {"issuer": provider.issuer,
                                    "authorization_endpoint": provider.issuer + "/authorize",
                                    "token_endpoint": provider.issuer + "/token",
                                    "jwks_uri": provider.issuer + "/jwks",
                                    "response_types_supported": ["code"],
                                    "id_token_signing_alg_values_supported": ["RS256"]})
        if url.path == "/jwks":
            return self._json(200, provider.jwks())
        if url.path == "/authorize":
            return self._authorize({k: v[0] for k, v in parse_qs(url.query).items()})
        return self._json(404, {"error": "not_found"})

    def _authorize(self, q: dict[str, str]) -> None:
        provider = self.provider
        if q.get("client_id") != provider.client_id or q.get("response_type") != "code":
            return self._json(400, {"error": "invalid_request"})
        code = secrets.token_urlsafe(16)
        provider.codes[code] = {"user": dict(provider.user), "nonce": q.get("nonce", ""),
                                "challenge": q.get("code_challenge"), "redirect_uri": q["redirect_uri"]}
        self.send_response(302)
        self.send_header("Location", q["redirect_uri"] + "?" + urlencode({"code": code, "state": q.get("state", "")}))
        self.end_headers()
        return None

    def do_POST(self) -> None:
        provider = self.provider
        if urlsplit(self.path).path != "/token":
            return self._json(404, {"error": "not_found"})
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        form = {k: v[0] for k, v in parse_qs(body).items()}
        secret = f"{provider.client_id}:{provider.client_secret}".encode()
        expected = "Basic " + base64.b64encode(secret).decode()
        if self.headers.get("Authorization") != expected:
            return self._json(401, {"error": "invalid_client"})
        grant = provider.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return self._json(400, {"error": "invalid_grant"})
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"]:
            return self._json(400, {"error": "invalid_grant", "error_description": "PKCE"})
        return self._json(200, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                                "id_token": provider.id_token(grant)})
