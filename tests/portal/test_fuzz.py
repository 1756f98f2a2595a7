"""Property-based fuzzing of every GET route a signed-out visitor can reach (issue 19, deliverable 5):
schemathesis over an OpenAPI description of the routes (made here from the app's route table) and
Hypothesis over each route's parameters (area, plan, briefing_date, view, level, parent, start, end,
period, format, as_of, next). No answer may be a 5xx, except the time limit's 503, which must say
when to retry. The example counts are bounded so the module runs in about a minute once the
session's store is built; the parameter values mix valid ones (so pages are drawn, and cached)
with hostile ones (so the refusals are exercised).
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

pytestmark = pytest.mark.slow  # fuzzing: in `make test`, not in `make test-fast`

PARAMS = ("area", "plan", "briefing_date", "view", "level", "parent", "start", "end", "period", "format", "as_of",
          "next")
VALID = {
    "area": ["force:west-midlands", "la:E08000029", "lsoa:E01009446", "lpu:WMLPU01", "force:city-of-london"],
    "plan": ["wmp-2013-14", "police-uk"],
    "briefing_date": ["2014-03-31", "2013-09-30", "2009-05-01", "2015-10-31", "0001-01-01", "9999-12-31"],
    "view": ["fytd", "rolling12", "month", "quarter"],
    "level": ["lsoa", "la", "lpu", "force", "street"],
    "parent": ["west-midlands", "E08000029", "E09000001"],
    "start": ["2013-04-01", "2013-05-01", "0001-01-01"],
    "end": ["2014-03-31", "2014-02-28", "9999-12-31"],
    "period": ["2013/14", "2012/13", "2014/15", "1899/00"],
    "format": ["json", "csv", "xlsx", "html", "pdf"],
    "as_of": ["2014-03-31", "9999-01-01"],
    "next": ["/area", "//evil.example", "/public"],
}
HOSTILE = ["", " ", "'", "' OR '1'='1", "%00", "\x00", "\ud800", "../../etc/passwd", "9" * 60, "-1", "2014-02-30",
           "lsoa:", ":", "force:west-midlands:x", "<script>", "\u202e", "é" * 30]
PATH_VALUES = {"measure": ["trc", "bdh", "robbery", "nope"], "fmt": ["json", "csv", "xlsx", "html"],
               "paperfmt": ["html"]}  # PDF and Word: the same parameters, seconds of typesetting each
FIXED = ("/static", "/auth/oidc", "/logout")  # static files, the sign-on round trip, no parameters to fuzz


def get_routes(app) -> list[str]:
    """The GET routes of the app (path templates), the public view's and the pages' alike."""
    out = []
    for route in app.routes:
        if isinstance(route, Route) and "GET" in (route.methods or ()) and not route.path.startswith(FIXED):
            out.append(route.path)
    return sorted(set(out))


def _fill(path: str, draw_value) -> str:
    def one(match: re.Match) -> str:
        name, _, kind = match.group(1).partition(":")
        return str(draw_value(PATH_VALUES.get(kind) or PATH_VALUES.get(name) or ["A1", "1", "x"]))

    return re.sub(r"\{([^}]+)\}", one, path)


def _acceptable(response) -> bool:
    if response.status_code < 500:
        return True
    return response.status_code == 503 and response.headers.get("retry-after", "").isdigit()


@pytest.fixture(scope="module")
def fuzzed(app):
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as c:
        yield app, c


def test_every_get_route_is_found(fuzzed):
    app, _ = fuzzed
    paths = get_routes(app)
    for expected in ("/", "/area", "/outcomes", "/measures/{measure}", "/public/areas", "/public/areas.json",
                     "/compare", "/paper.{fmt:paperfmt}"):
        assert expected in paths, f"{expected} is not among the GET routes fuzzed"


@st.composite
def requests(draw, paths: list[str]):
    path = draw(st.sampled_from(paths))
    url = _fill(path, lambda values: draw(st.sampled_from(values)))
    names = draw(st.lists(st.sampled_from(PARAMS), max_size=4, unique=True))
    params = {}
    for name in names:
        params[name] = draw(st.one_of(st.sampled_from(VALID[name]), st.sampled_from(HOSTILE),
                                      st.text(max_size=12)))
    return url, params


def test_hypothesis_over_every_get_routes_parameters_finds_no_5xx(fuzzed):
    app, client = fuzzed
    paths = get_routes(app)
    statuses: dict[int, int] = {}

    @settings(max_examples=60, deadline=None, database=None, derandomize=True,   # the same cases every run
              suppress_health_check=list(HealthCheck))
    @given(request=requests(paths))
    def fuzz(request):
        url, params = request
        safe = {k: v.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for k, v in params.items()}
        r = client.get(url, params=safe)
        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
        assert _acceptable(r), f"GET {url} {safe}: {r.status_code} {r.text[:300]}"
        assert "Traceback" not in r.text

    fuzz()
    assert statuses.get(200) and sum(n for s, n in statuses.items() if 400 <= s < 500)  # pages drawn and refused


def _description(paths: list[str]) -> dict:
    """An OpenAPI 3 description of the GET routes: every query parameter a string, path parameters
    from their known values (the app's own description covers only its JSON API)."""
    out: dict = {}
    for path in paths:
        template = re.sub(r"\{([^}:]+)(:[^}]+)?\}", r"{\1}", path)
        parameters: list[dict] = [{"name": p, "in": "query", "schema": {"type": "string", "maxLength": 40}}
                                  for p in PARAMS]
        for match in re.finditer(r"\{([^}:]+)(?::([^}]+))?\}", path):
            name, kind = match.group(1), match.group(2)
            values = PATH_VALUES.get(kind or "") or PATH_VALUES.get(name) or ["A1"]
            parameters.append({"name": name, "in": "path", "required": True, "schema": {"type": "string",
                                                                                          "enum": values}})
        out[template] = {"get": {"operationId": "get" + re.sub(r"\W+", "_", template), "parameters": parameters,
                                 "responses": {"default": {"description": "any answer but a 5xx"}}}}
    return {"openapi": "3.0.3", "info": {"title": "crimeplan GET routes", "version": "1"}, "paths": out}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_schemathesis_over_the_get_routes_finds_no_5xx(fuzzed, mode):
    app, _ = fuzzed
    doc = _description(get_routes(app))
    wrapper = Starlette(routes=[Route("/fuzz-openapi.json", lambda request: JSONResponse(doc)), Mount("/", app)])
    schema = schemathesis.openapi.from_asgi("/fuzz-openapi.json", wrapper)
    seen: set[str] = set()

    @settings(max_examples=50, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=schema.as_strategy(generation_mode=mode))
    def fuzz(case):
        response = case.call(timeout=120)
        seen.add(case.operation.label)
        assert _acceptable(response), f"{case.operation.label}: {response.status_code} {response.text[:300]}"

    fuzz()
    assert len(seen) >= 5
