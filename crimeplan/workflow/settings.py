"""Settings of the workflow, typed: the ``workflow`` rows of the one settings table
(crimeplan.settings: name, default, environment variable, help), read from ``CRIMEPLAN_*``
environment variables (``suppression_threshold`` → ``CRIMEPLAN_SUPPRESSION_THRESHOLD``).

Read once at the boundary (``load_settings()``, by the CLI or the portal) and passed down.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from ipaddress import IPv4Network, IPv6Network, ip_network
from typing import Any

from crimeplan.errors import ConfigError
from crimeplan.settings import SETTINGS as ALL_SETTINGS
from crimeplan.settings import Setting, from_environment

SETTINGS: tuple[Setting, ...] = tuple(s for s in ALL_SETTINGS if s.group == "workflow")
"""The workflow's rows of the one settings table (crimeplan.settings)."""


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
    throttle_max_seconds: float = 10.0
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


def load_settings(environ: Mapping[str, str] | None = None) -> WorkflowSettings:
    """Settings from the environment, each falling back to its declared default."""
    values: dict[str, Any] = from_environment(environ, group="workflow")
    return WorkflowSettings(**values)


assert [(s.name, s.default) for s in SETTINGS] == [(f.name, f.default) for f in fields(WorkflowSettings)], \
    "the workflow's settings in crimeplan.settings and WorkflowSettings differ"
