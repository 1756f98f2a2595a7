"""Workflow settings: read from CRIMEPLAN_* variables, checked, and every one documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from crimeplan.errors import ConfigError
from crimeplan.workflow.settings import SETTINGS, load_settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflow.md"


def test_environment_overrides_defaults():
    s = load_settings({"CRIMEPLAN_SUPPRESSION_THRESHOLD": "10", "CRIMEPLAN_COOKIE_SECURE": "false",
                       "CRIMEPLAN_OIDC_ISSUER": "https://sso.example", "CRIMEPLAN_OIDC_CLIENT_ID": "cp"})
    assert s.suppression_threshold == 10 and s.cookie_secure is False and s.oidc_enabled
    default = load_settings({})
    assert default.suppression_threshold == 5 and default.cookie_secure and not default.oidc_enabled
    assert len(default.session_secret) >= 32  # a random key when none is set


@pytest.mark.parametrize("env,message", [({"CRIMEPLAN_THROTTLE_FAILURES": "five"}, "whole number"),
                                         ({"CRIMEPLAN_COOKIE_SECURE": "maybe"}, "true or false"),
                                         ({"CRIMEPLAN_SUPPRESSION_THRESHOLD": "0"}, "at least 1")])
def test_bad_values_name_the_variable(env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(env)


def test_every_setting_is_documented():
    text = DOC.read_text(encoding="utf-8")
    assert [s.name for s in SETTINGS if f"`{s.name}`" not in text] == []
