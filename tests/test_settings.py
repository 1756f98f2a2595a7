"""The one settings table (crimeplan.settings): docs/settings.md is it, every CRIMEPLAN_ variable the
package reads is in it, and values are cast from the environment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crimeplan import settings
from crimeplan.errors import ConfigError
from crimeplan.store import resolve_url

ROOT = Path(__file__).resolve().parent.parent


def test_the_doc_is_the_table() -> None:
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings.markdown(), \
        "docs/settings.md is stale: python -m crimeplan.settings > docs/settings.md"


def test_every_variable_the_package_names_is_a_setting() -> None:
    named = {m for path in (ROOT / "crimeplan").rglob("*.py")
             for m in re.findall(r"CRIMEPLAN_[A-Z0-9_]*[A-Z0-9]", path.read_text(encoding="utf-8"))}
    assert named - {s.env for s in settings.SETTINGS} == set()


def test_values_come_from_the_environment_cast_to_the_default_type() -> None:
    env = {"CRIMEPLAN_SESSION_HOURS": "3", "CRIMEPLAN_COOKIE_SECURE": "no", "CRIMEPLAN_DB": "x.duckdb"}
    assert settings.from_environment(env) == {"session_hours": 3, "cookie_secure": False, "db": "x.duckdb"}
    assert settings.from_environment(env, group="process") == {"db": "x.duckdb"}
    assert settings.value("throttle_max_seconds", {"CRIMEPLAN_THROTTLE_MAX_SECONDS": "2.5"}) == 2.5
    assert settings.value("duckdb_memory_limit", {}) == "4GB"
    assert settings.value("chart_cache", {"CRIMEPLAN_CHART_CACHE": ""}) == ""


def test_a_bad_value_names_its_variable() -> None:
    with pytest.raises(ConfigError, match="CRIMEPLAN_SESSION_HOURS: expected a whole number"):
        settings.value("session_hours", {"CRIMEPLAN_SESSION_HOURS": "eight"})


def test_the_store_url_falls_back_to_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRIMEPLAN_DB", "elsewhere.duckdb")
    assert resolve_url(None) == "elsewhere.duckdb" and resolve_url("given.duckdb") == "given.duckdb"
    monkeypatch.delenv("CRIMEPLAN_DB")
    assert resolve_url(None) == "crimeplan.duckdb"


def test_the_portal_time_limit_is_read_through_the_table() -> None:
    from crimeplan.portal.limits import limit_seconds

    assert limit_seconds({}) == settings.BY_NAME["request_seconds"].default
    assert limit_seconds({settings.BY_NAME["request_seconds"].env: "12.5"}) == 12.5
