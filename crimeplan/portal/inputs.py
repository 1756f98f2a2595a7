"""What the workflow handlers read from a request, each value checked: the plan, the as-of date and
the fields of a form (or JSON body). Bad input is a ``ConfigError`` (a 400 naming the field)."""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.requests import Request

from crimeplan.errors import ConfigError
from crimeplan.periods import date_option
from crimeplan.plan import Plan


def plan_of(request: Request) -> Plan:
    service = request.app.state.portal.service
    name = request.query_params.get("plan") or service.settings.plan
    return service.plan(name)


def as_of_date(request: Request) -> date:
    return date_option("as_of", request.query_params.get("as_of"), date.today())


def whole_number(value: Any, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise ConfigError(f"{name}: expected a whole number, got {str(value)[:40]!r}") from None
    if not 0 <= number < 2**31:
        raise ConfigError(f"{name}: expected a whole number from 0, got {number}")
    return number


def path_number(request: Request, name: str) -> int:
    value = whole_number(request.path_params[name], name)
    assert value is not None
    return value


def evidence_links(form: dict) -> list[str]:
    raw = form.get("evidence") or []
    if isinstance(raw, str):
        raw = raw.splitlines()
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise ConfigError("evidence: expected a list of links")
    return [line for item in raw for line in item.splitlines() if line.strip()]


def text_field(form: dict, name: str) -> str | None:
    value = form.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{name}: expected text")
    return value


def kept_form(form: dict[str, Any]) -> dict[str, str]:
    """The submitted update form, as text to show again when the save is refused."""
    return {"text": text_field(form, "text") or "", "status": text_field(form, "status") or "",
            "reason": text_field(form, "reason") or "", "evidence": "\n".join(evidence_links(form)),
            "covered_in": text_field(form, "covered_in") or ""}
