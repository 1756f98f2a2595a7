"""Every setting of crimeplan in one table: its name, default, environment variable and what it does.

A setting ``name`` is read from ``CRIMEPLAN_<NAME>`` (``suppression_threshold`` →
``CRIMEPLAN_SUPPRESSION_THRESHOLD``), once, at the boundary that needs it: the store when it opens,
the CLI, the chart cache, the portal's workflow settings (crimeplan.workflow.settings). A value is
cast to its default's type; a bad one is a ConfigError naming the variable.

docs/settings.md is this table (``python -m crimeplan.settings > docs/settings.md``); a test keeps the
two equal.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from crimeplan.errors import ConfigError

PREFIX = "CRIMEPLAN_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    group: str  # what reads it: "process" (store, CLI, charts), "portal", or "workflow" (crimeplan.workflow.settings)

    @property
    def env(self) -> str:
        return PREFIX + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "crimeplan.duckdb", "The store: a DuckDB file or ``postgresql://…`` (``crimeplan --db`` "
            "overrides it).", "process"),
    Setting("duckdb_memory_limit", "4GB", "Ceiling of a DuckDB store's buffer pool (DuckDB's own default is 80 % "
            "of the machine's memory); larger sorts and groupings spill to ``<store>.tmp``.", "process"),
    Setting("duckdb_load_memory_limit", "512MB", "Ceiling of a DuckDB store's buffer pool while ``crimeplan ingest "
            "police-uk`` or ``ingest records`` or a full cube build runs, and while the checkpoint that ends "
            "them writes the store's file: they write blocks they hardly read again, and under this ceiling "
            "their memory stays flat however many rows they write (loads at the same speed, a build about a "
            "fifth slower; input batches are staged on a scratch connection with a ceiling of its own, 2 GB).",
            "process"),
    Setting("chart_cache", "", "A folder for the on-disk SPC chart cache shared by processes (empty: memory "
            "only).", "process"),
    Setting("results_cache", "", "A folder where read commands (``milestones``, ``outcomes``) keep their results "
            "for the store as it stands (empty: ``$XDG_CACHE_HOME/crimeplan/results``, else "
            "``~/.cache/crimeplan/results``; ``off``: keep nothing).", "process"),
    Setting("debug", False, "Show the traceback under an error message (as ``crimeplan --debug``).", "process"),
    Setting("request_seconds", 30.0, "A portal request taking longer is refused with 503 and Retry-After "
            "(crimeplan.portal.limits; above 0, at most 86400).", "portal"),
    Setting("suppression_threshold", 5, "Public view: counts from 1 to this minus one are suppressed in small "
            "areas (ONS/Home Office practice suppresses counts under 5).", "workflow"),
    Setting("small_area_levels", "lsoa,ward,msoa,neighbourhood,beat",
            "Public view: area levels counted as small (comma-separated).", "workflow"),
    Setting("board_every_months", 2, "Default board calendar when none is set: a meeting every N months.",
            "workflow"),
    Setting("session_secret", "", "Key that signs session cookies (random per process when empty: sessions "
            "then end on restart; set it when running several workers).", "workflow"),
    Setting("session_hours", 8, "A session ends this many hours after sign-in.", "workflow"),
    Setting("cookie_secure", True, "Send the session cookie only over HTTPS (false for plain-HTTP test servers "
            "other than localhost).", "workflow"),
    Setting("throttle_failures", 5, "Failed sign-ins (per account, or per client address) after which each "
            "further attempt is delayed, the delay doubling each time (NCSC: throttle rather than lock; "
            "NIST SP 800-63B 5.2.2: rate limiting).", "workflow"),
    Setting("throttle_minutes", 15, "The window failed sign-ins count in for the delay.", "workflow"),
    Setting("throttle_max_seconds", 10.0, "Longest delay before a sign-in is answered (the account is never "
            "locked: the right password still signs in after at most this long; a sign-in never waits more than "
            "half of the request time limit, so it is answered before the limit's 503).", "workflow"),
    Setting("client_attempts_per_minute", 30, "Sign-in attempts allowed per client address a minute.", "workflow"),
    Setting("trusted_proxies", "", "Addresses or networks (comma-separated, e.g. 127.0.0.1,10.0.0.0/8) of "
            "reverse proxies whose X-Forwarded-For names the client; empty: the header is ignored.", "workflow"),
    Setting("min_password_length", 12, "Shortest password accepted for a local account.", "workflow"),
    Setting("oidc_issuer", "", "OpenID Connect issuer URL of the force's single sign-on (empty: off).", "workflow"),
    Setting("oidc_client_id", "", "OpenID Connect client id registered for crimeplan.", "workflow"),
    Setting("oidc_client_secret", "", "OpenID Connect client secret.", "workflow"),
    Setting("oidc_redirect_uri", "", "Where the provider returns to: https://HOST/auth/oidc/callback.", "workflow"),
    Setting("oidc_default_role", "viewer", "Role of a single sign-on user seen for the first time.", "workflow"),
)
BY_NAME = {s.name: s for s in SETTINGS}


def cast(setting: Setting, text: str) -> object:
    """``text`` (from the environment) as a value of the setting's default's type."""
    default = setting.default
    if isinstance(default, bool):
        lowered = text.strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{setting.env}: expected true or false, got {text!r}")
    if isinstance(default, float):
        try:
            return float(text)
        except ValueError:
            raise ConfigError(f"{setting.env}: expected a number, got {text!r}") from None
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"{setting.env}: expected a whole number, got {text!r}") from None
    return text


def from_environment(environ: Mapping[str, str] | None = None, group: str | None = None) -> dict[str, object]:
    """The settings set in the environment (of ``group``, or all), cast; unset ones are left out."""
    env = os.environ if environ is None else environ
    return {s.name: cast(s, env[s.env]) for s in SETTINGS if s.env in env and group in (None, s.group)}


def value(name: str, environ: Mapping[str, str] | None = None) -> object:
    """One setting: from its variable when set (and not empty), else its default."""
    setting = BY_NAME[name]
    env = os.environ if environ is None else environ
    text = env.get(setting.env, "")
    return cast(setting, text) if text else setting.default


def markdown() -> str:
    """docs/settings.md: the table above as Markdown."""
    lines = ["# Settings", "",
             "Every setting of crimeplan, read from its environment variable. Generated from",
             "`crimeplan/settings.py` (`python -m crimeplan.settings > docs/settings.md`); a test keeps them equal.",
             "", "| setting | environment variable | default | read by | what it does |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        default = str(s.default).lower() if isinstance(s.default, bool) else s.default
        shown = f"`{default}`" if default != "" else "(empty)"
        lines.append(f"| `{s.name}` | `{s.env}` | {shown} | {s.group} | {s.help.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
