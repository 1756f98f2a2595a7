"""Settings of the workflow, declared as data: (name, default, help), read from ``CRIMEPLAN_*``
environment variables (``suppression_threshold`` → ``CRIMEPLAN_SUPPRESSION_THRESHOLD``).

Read once at the boundary (``load_settings()``, by the CLI or the portal) and passed down.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from ipaddress import IPv4Network, IPv6Network, ip_network
from typing import Any

from crimeplan.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("suppression_threshold", 5, "Public view: counts from 1 to this minus one are suppressed in small "
            "areas (ONS/Home Office practice suppresses counts under 5)."),
    Setting("small_area_levels", "lsoa,ward,msoa,neighbourhood,beat",
            "Public view: area levels counted as small (comma-separated)."),
    Setting("board_every_months", 2, "Default board calendar when none is set: a meeting every N months."),
    Setting("session_secret", "", "Key that signs session cookies (random per process when empty: sessions "
            "then end on restart; set it when running several workers)."),
    Setting("session_hours", 8, "A session ends this many hours after sign-in."),
    Setting("cookie_secure", True, "Send the session cookie only over HTTPS (false for plain-HTTP test servers "
            "other than localhost)."),
    Setting("throttle_failures", 5, "Failed sign-ins (per account, or per client address) after which each "
            "further attempt is delayed, the delay doubling each time (NCSC: throttle rather than lock; "
            "NIST SP 800-63B 5.2.2: rate limiting)."),
    Setting("throttle_minutes", 15, "The window failed sign-ins count in for the delay."),
    Setting("throttle_max_seconds", 30.0, "Longest delay before a sign-in is answered (the account is never "
            "locked: the right password still signs in after at most this long)."),
    Setting("client_attempts_per_minute", 30, "Sign-in attempts allowed per client address a minute."),
    Setting("trusted_proxies", "", "Addresses or networks (comma-separated, e.g. 127.0.0.1,10.0.0.0/8) of "
            "reverse proxies whose X-Forwarded-For names the client; empty: the header is ignored."),
    Setting("min_password_length", 12, "Shortest password accepted for a local account."),
    Setting("oidc_issuer", "", "OpenID Connect issuer URL of the force's single sign-on (empty: off)."),
    Setting("oidc_client_id", "", "OpenID Connect client id registered for crimeplan."),
    Setting("oidc_client_secret", "", "OpenID Connect client secret."),
    Setting("oidc_redirect_uri", "", "Where the provider returns to: https://HOST/auth/oidc/callback."),
    Setting("oidc_default_role", "viewer", "Role of a single sign-on user seen for the first time."),
)


@dataclass(frozen=True)
class WorkflowSettings:
    suppression_threshold: int = 5
    small_area_levels: str = "lsoa,ward,msoa,neighbourhood,beat"
    board_every_months: int = 2
    session_secret: str = ""
    session_hours: int = 8
    cookie_secure: bool = True
    throttle_failures: int = 5
    throttle_minutes: int = 15
    throttle_max_seconds: float = 30.0
    client_attempts_per_minute: int = 30
    trusted_proxies: str = ""
    min_password_length: int = 12
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_redirect_uri: str = ""
    oidc_default_role: str = "viewer"

    def __post_init__(self) -> None:
        if not self.session_secret:
            object.__setattr__(self, "session_secret", secrets.token_urlsafe(32))
        if self.suppression_threshold < 1:
            raise ConfigError(f"suppression_threshold: expected a whole number of at least 1, "
                              f"got {self.suppression_threshold}")

    @property
    def small_levels(self) -> frozenset[str]:
        return frozenset(x.strip() for x in self.small_area_levels.split(",") if x.strip())

    @property
    def proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        """The trusted proxies as networks (``CRIMEPLAN_TRUSTED_PROXIES``)."""
        out = []
        for item in self.trusted_proxies.split(","):
            if item.strip():
                try:
                    out.append(ip_network(item.strip(), strict=False))
                except ValueError:
                    raise ConfigError(f"CRIMEPLAN_TRUSTED_PROXIES: expected addresses or networks, "
                                      f"got {item.strip()[:80]!r}") from None
        return tuple(out)

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    def with_(self, **changes: Any) -> WorkflowSettings:
        return replace(self, **changes)


def _cast(name: str, text: str, default: object) -> object:
    if isinstance(default, bool):
        lowered = text.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"CRIMEPLAN_{name.upper()}: expected true or false, got {text!r}")
    if isinstance(default, float):
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"CRIMEPLAN_{name.upper()}: expected a number, got {text!r}") from None
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"CRIMEPLAN_{name.upper()}: expected a whole number, got {text!r}") from None
    return text


def load_settings(environ: Mapping[str, str] | None = None) -> WorkflowSettings:
    """Settings from the environment, each falling back to its declared default."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        key = f"CRIMEPLAN_{setting.name.upper()}"
        if key in env:
            values[setting.name] = _cast(setting.name, env[key], setting.default)
    return WorkflowSettings(**values)


assert [s.name for s in SETTINGS] == [f.name for f in fields(WorkflowSettings)], "SETTINGS and WorkflowSettings differ"
