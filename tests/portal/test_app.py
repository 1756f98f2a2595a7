"""The portal over HTTP (Starlette's TestClient): pages, formats, errors, cache; HTML checked with BeautifulSoup."""

from __future__ import annotations

import csv
import io
import json
import re
import time

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from crimeplan.cli import cli

PAPER = "briefing_date=2014-04-01"
NAV_PATHS = ("/", "/milestones", "/outcomes", "/area", "/deliverables", "/status")
PAGES = ["/", "/milestones", "/outcomes", "/measures/vwi", "/measures/detect_bdh", "/measures/shoplifting",
         "/area", "/areas", "/deliverables", "/status"]


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_landmarks_heading_skip_link_and_labelled_controls(client, path):
    r = client.get(path)
    assert r.status_code == 200, r.text[:500]
    page = soup(r)
    assert page.html["lang"] == "en-GB"
    skip = page.find("a", class_="skip-link")
    assert skip["href"] == "#main-content" and page.find("main", id="main-content")
    assert page.find("header") and page.find("footer") and page.find("nav", attrs={"aria-label": "Pages"})
    assert len(page.find_all("h1")) == 1
    for name in ("plan", "area", "briefing_date"):
        control = page.find(attrs={"name": name, "id": name})
        assert control is not None and page.find("label", attrs={"for": name}), name
    assert page.find("fieldset").find("legend").get_text(strip=True) == "Period"
    current = [a["href"].split("?")[0] for a in page.select("nav a[aria-current=page]")]
    assert current == ([path] if path in NAV_PATHS else [])
    for img in page.find_all("img"):
        assert img.get("alt"), img
    assert r.headers["content-security-policy"].startswith("default-src 'self'")


def test_milestone_page_json_equals_the_cli(client, portal_db):
    r = client.get(f"/milestones.json?{PAPER}&area=force:west-midlands")
    assert r.status_code == 200
    out = CliRunner().invoke(cli, ["--db", portal_db, "milestones", "--plan", "wmp-2013-14", "--briefing-date",
                                   "2014-04-01", "--format", "json"])
    assert out.exit_code == 0, out.output
    assert r.json() == json.loads(out.output)
    assert r.json()["rows"][0]["title"] == "Reduce Total Recorded Crime"


def test_milestone_table_shows_the_paper_figures_with_spc_badges(client):
    page = soup(client.get(f"/milestones?{PAPER}"))
    table = page.find("table", id="table-milestones")
    first = [c.get_text(" ", strip=True) for c in table.tbody.tr.find_all(["th", "td"])]
    assert first[:7] == ["Reduce Total Recorded Crime", "170,635", "174,526", "3,891", "-5 %", "2.3 %", "12,423"]
    assert "variation" in first[7].lower() or "special cause" in first[7].lower()
    assert table.find("a", href=lambda h: h and h.startswith("/measures/trc?"))


def test_overview_lists_every_outcome_with_milestones_and_deliverables(client):
    page = soup(client.get(f"/?{PAPER}"))
    headings = [h.get_text(strip=True) for h in page.select("section.outcome > h2")]
    assert headings[:2] == ["Improving confidence in policing", "Creating stronger partnerships"]
    assert "Reduce crime and offending" in headings and headings[-1] == "Outcome rates"
    card = page.find("h4", string=lambda s: s and "Reduce Burglary Dwelling" in s).find_parent("li")
    assert "12,721" in card.get_text() and card.find(class_="badge")
    assert "covered elsewhere: Last updated in ACC Crime Portfolio paper March 2014" in page.get_text()


def test_outcome_rows_open_three_drill_downs_in_place(client):
    page = soup(client.get(f"/outcomes?{PAPER}"))
    groups = page.select("table#table-outcomes > tbody.drill-group")
    assert len(groups) == 6
    for group in groups:
        summaries = [s.get_text(" ", strip=True).split(":")[0].strip() for s in group.select("td > details > summary")]
        assert summaries == ["Chart", "Breakdown by area", "Breakdown by clear-up"]
        assert group.select_one("details img[src*='/chart.svg']")["loading"] == "lazy"
        caption = group.select_one("details figcaption").get_text()
        assert caption.startswith("Detect") and caption.endswith(".") and "Signals" not in caption
        description = group.select_one("details.chart-description .chart__text").get_text()
        assert description.startswith("Over the chart: mean ") and " 0.1" not in description
    burglary = groups[0].get_text(" ", strip=True)
    assert "12,721" in burglary and "1,632" in burglary and "12.8 %" in burglary
    assert "Birmingham" in burglary and "1 Charged / summonsed" in burglary


def test_a_rate_page_speaks_in_percent(client):
    """Issue 18: "its average of 12.4 %", not "0.1 a month"; the chart's axis and text in % too."""
    page = soup(client.get(f"/measures/detect_bdh?{PAPER}"))
    narrative = " ".join(p.get_text() for p in page.select("#narrative-title ~ p"))
    assert "its average of 12.4 %" in narrative and "a month" not in narrative
    description = page.select_one("details.chart-description").get_text()
    assert "mean 12.4, process limits 9.6 to 15.2" in description and "(4.6)" in description
    assert page.select_one("figure.chart figcaption").get_text().startswith("Detect Burglary Dwelling (%)")
    svg = client.get(page.select_one("figure.chart img")["src"]).text
    ticks = [float(t) for t in re.findall(r">(\d+(?:\.\d+)?)</text>", svg)
             if not re.fullmatch(r"20\d\d", t)]
    assert "% of crimes" in svg and ticks and min(ticks) >= 1 and max(ticks) <= 100, ticks
    data = client.get(f"/measures/detect_bdh.json?{PAPER}").json()
    assert 0.12 < data["series"]["spc"]["groups"][-1]["mean"] < 0.13   # the JSON keeps the proportions


def test_measure_page_has_chart_text_alternative_and_numbers(client):
    r = client.get(f"/measures/vwi?{PAPER}")
    page = soup(r)
    assert page.h1.get_text() == "Violence With Injury"
    assert "8.7 %" in page.get_text() and "1,552" in page.get_text()
    assert page.select_one("figure.chart figcaption").get_text().startswith("Violence With Injury: SPC chart of 24")
    assert page.select_one("details.chart-description summary").get_text() == "Description of the chart"
    assert "Over the chart: mean" in page.select_one("details.chart-description").get_text()
    numbers = page.find("table", id="table-numbers")
    assert len(numbers.tbody.find_all("tr")) == 24  # the two years the milestone compares
    assert page.find("table", id="table-by-area").find("a", string="Birmingham")
    chart = client.get(page.select_one("figure.chart img")["src"])
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.text.startswith("<svg")


def test_the_favicon_is_ours_and_linked(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg") and client.get("/static/favicon.svg").text == icon.text
    assert soup(client.get(f"/?{PAPER}")).find("link", rel="icon")["href"] == "/static/favicon.svg"


def test_every_page_answers_as_json_csv_and_xlsx(client):
    from openpyxl import load_workbook

    for path in PAGES:
        js = client.get(path + ".json" if path != "/" else "/overview.json")
        assert js.status_code == 200 and js.headers["content-type"] == "application/json", path
        assert client.get(path, params={"format": "json"}).json() == js.json(), path
        text = client.get(path + ".csv" if path != "/" else "/?format=csv").text
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) >= 2, path
        book = load_workbook(io.BytesIO(client.get(path + ".xlsx" if path != "/" else "/overview.xlsx").content))
        assert book.sheetnames, path


def _sheets(client, path: str):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(client.get(path).content))


def test_xlsx_cells_are_typed_with_number_formats_frozen_headings_and_a_source_note(client):
    """Issue 18 item 7: numbers as numbers, proportions with a % format, dates as dates."""
    from datetime import datetime

    sheet = _sheets(client, f"/milestones.xlsx?{PAPER}")["milestones"]
    row = [(c.value, c.number_format) for c in sheet[3]]
    assert row[1:7] == [(170635, "#,##0"), (174526, "#,##0"), (3891, "#,##0"), (-0.05, "0.0%"),
                        (pytest.approx(3891 / 170635), "0.0%"), (12423, "#,##0")]
    assert sheet.freeze_panes == "A3"
    assert sheet.cell(row=sheet.max_row, column=1).value == (
        "Source: crimeplan performance portal, Milestones; plan Police and Crime Plan 2013/14, West Midlands "
        "Police, briefing date 1 April 2014, year to date.")
    overview = _sheets(client, f"/overview.xlsx?{PAPER}")["milestones"]
    first = [c.value for c in overview[3]]
    assert first[1:5] == ["Reduce Total Recorded Crime", -0.05, 174526, 14606]
    assert overview.cell(row=3, column=3).number_format == "0.0%"
    numbers = _sheets(client, f"/measures/detect_bdh.xlsx?{PAPER}")["numbers"]
    month, value = numbers.cell(row=3, column=1), numbers.cell(row=3, column=2)
    assert month.value == datetime(2009, 4, 1) and month.number_format == "yyyy-mm-dd"
    assert value.data_type == "n" and value.number_format == "0.0%" and 0.04 < value.value < 0.05
    compare = _sheets(client, f"/compare.xlsx?{PAPER}")["comparison"]
    headings = [c.value for c in compare[2]]
    year = compare.cell(row=3, column=headings.index("Population year") + 1)
    assert year.value == 2013 and year.number_format == "0"


def test_csv_holds_unrounded_values_and_any_table_can_be_chosen(client):
    rows = list(csv.DictReader(io.StringIO(client.get(f"/milestones.csv?{PAPER}").text)))
    assert rows[0]["Force Objectives"] == "Reduce Total Recorded Crime"
    assert float(rows[0]["Performance"]) == pytest.approx(3891 / 170635)
    by_area = client.get(f"/outcomes.csv?{PAPER}&table=detect_bdh-by-area")
    assert by_area.text.splitlines()[0] == "Area,Recorded,Detected,Rate"
    assert "attachment" in by_area.headers["content-disposition"]
    missing = client.get(f"/outcomes.csv?{PAPER}&table=nope")
    assert missing.status_code == 404
    assert "Unknown table 'nope'" in soup(missing).select_one(".error-summary__message").get_text()


@pytest.mark.parametrize("query, status, words", [
    ("area=la:E99999999", 404, "unknown area 'la:E99999999'"),
    ("area=force:west-midlands';DROP TABLE crimes;--", 404, "unknown area"),
    ("briefing_date=2014-13-01", 400, "expected a real calendar date as YYYY-MM-DD"),
    ("briefing_date=1/4/2014", 400, "expected a date as YYYY-MM-DD"),
    ("view=weekly", 400, "view: expected one of ytd, rolling12"),
    ("plan=../../etc/passwd", 404, "unknown plan"),
    ("format=pdf", 400, "format: expected one of html, json, csv, xlsx"),
])
def test_bad_requests_get_a_clear_page_and_json_error(client, query, status, words):
    r = client.get(f"/milestones?{query}")
    assert r.status_code == status
    page = soup(r)
    message = page.select_one(".error-summary__message").get_text()
    assert words.lower() in message.lower()
    assert "Traceback" not in r.text
    js = (client.get(f"/milestones.json?{query}") if "format=" not in query
          else client.get(f"/milestones?{query}", headers={"accept": "application/json"}))
    assert js.status_code == status and words.lower() in js.json()["error"]["message"].lower()


def test_unknown_measure_and_page_are_404(client):
    r = client.get("/measures/nope.json")
    assert r.status_code == 404 and "unknown measure 'nope'" in r.json()["error"]["message"]
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "There is no page at /no-such-page" in page.text


def test_the_store_survives_a_hostile_area(client):
    client.get("/milestones?area=x:'); DELETE FROM crimes; --")
    assert client.get(f"/milestones.json?{PAPER}").json()["rows"][0]["current"] == 174526


def test_results_are_cached_per_plan_date_area_view_and_load(client, app):
    cache = app.state.portal.service.cache
    client.get("/milestones?briefing_date=2013-10-01&view=rolling12")
    hits, misses = cache.hits, cache.misses
    client.get("/outcomes?briefing_date=2013-10-01&view=rolling12")
    assert cache.hits > hits and cache.misses == misses   # the same result, not computed again


def test_city_of_london_defaults_to_the_police_uk_plan_and_its_latest_month(client):
    r = client.get("/milestones.json?area=force:city-of-london")
    assert r.status_code == 200
    data = r.json()
    assert data["plan"] == "police-uk" and data["briefing_date"] == "2015-11-01"
    page = soup(client.get("/?area=force:city-of-london"))
    assert page.find("select", id="plan").find("option", selected=True)["value"] == "police-uk"
    assert [o["value"] for o in page.find("select", id="plan").find_all("option")] == ["police-uk", "wmp-2013-14"]


def test_change_area_lists_areas_by_level_and_returns_to_the_page(client):
    page = soup(client.get(f"/areas?{PAPER}&next=/outcomes"))
    west_midlands = page.find("section", attrs={"aria-labelledby": "force-west-midlands"})
    assert [s.get_text(strip=True).rsplit("(", 1)[0].strip() for s in west_midlands.select("details > summary")] == [
        "Local authority", "Local policing unit", "Neighbourhood (LSOA)"]
    city = page.find("section", attrs={"aria-labelledby": "force-city-of-london"})
    assert [s.get_text(strip=True).rsplit("(", 1)[0].strip() for s in city.select("details > summary")] == [
        "Local authority", "Neighbourhood (LSOA)"]
    birmingham = page.find("a", string="Birmingham")
    assert birmingham["href"].startswith("/outcomes?") and "area=la%3AE08000025" in birmingham["href"]
    assert soup(client.get("/areas?next=https://evil.example")).find("a", string="Birmingham")["href"].startswith("/?")


def test_area_page_breaks_down_by_sub_area(client):
    page = soup(client.get(f"/area?{PAPER}&area=la:E08000025"))
    assert page.h1.get_text() == "Birmingham"
    sub = page.find("table", id="table-milestones-by-area")
    assert [th.get_text() for th in sub.select("tbody th")][0] == "Birmingham East"


def test_deliverables_show_lead_cadence_and_an_update_slot(client):
    page = soup(client.get("/deliverables"))
    row = page.find("tr", id="deliverable-C1")
    assert "Director of Resources" in row.get_text() and "quarterly" in row.get_text()
    assert "Covered elsewhere: As updated in Director of Resources update Dec 2013" in row.get_text()
    assert row.find("td", class_="update-slot")["data-deliverable"] == "C1"
    assert client.get("/deliverables.json").json()["updates_available"] is True


def test_data_status_shows_what_is_loaded_from_where_and_when(client):
    page = soup(client.get("/status"))
    forces = page.find("table", id="table-forces").get_text(" ", strip=True)
    assert "West Midlands Police April 2009 March 2014" in forces
    assert "City of London Police September 2014 October 2015" in forces
    loads = page.find("table", id="table-loads").get_text(" ", strip=True)
    assert "crimeplan.demo seed 2014" in loads and "2014-09-city-of-london-street.csv" in loads


def test_one_request_answers_with_and_without_a_running_event_loop(app):
    """``serve --get`` (request_once) from plain code and from code already inside an event loop (a notebook),
    where asyncio.run alone refuses."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from crimeplan.portal.app import request_once

    async def inside_a_loop():
        return request_once(app, "/status.json")

    with ThreadPoolExecutor(1) as pool:   # a thread with no loop running, whatever ran before on this one
        plain = pool.submit(request_once, app, "/status.json").result()
        nested = pool.submit(asyncio.run, inside_a_loop()).result()
    assert plain[0] == nested[0] == 200 and json.loads(plain[2]) == json.loads(nested[2])


def test_serve_get_prints_one_page_and_fails_on_errors(portal_db):
    runner = CliRunner()
    ok = runner.invoke(cli, ["--db", portal_db, "serve", "--get", f"/milestones.json?{PAPER}"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["rows"][1]["title"] == "Reduce Burglary Dwelling"
    bad = runner.invoke(cli, ["serve", "--db", portal_db, "--get", "/milestones.json?area=la:nope"])
    assert bad.exit_code == 1 and "unknown area" in bad.stdout
    assert runner.invoke(cli, ["serve", "--help"]).exit_code == 0


def test_survey_milestones_show_rolling_rate_interval_and_status(client):
    page = client.get("/?briefing_date=2014-04-01")
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert "83.8 % (95 % interval" in text  # crime satisfaction, rolling 12 months to March 2014
    assert "Missed: the interval is below the target" in text
    assert "no national comparator" in text.lower()  # ASB satisfaction


def test_survey_measures_have_pages_linked_from_the_overview_and_milestones(client):
    overview = soup(client.get(f"/?{PAPER}"))
    link = overview.find("a", href=lambda h: h and h.startswith("/measures/satisfaction_crime?"))
    assert link is not None
    page = client.get(link["href"])
    assert page.status_code == 200, page.text[:300]
    assert "83.8 %" in soup(page).find("table", id="table-survey-milestone").get_text()
    assert soup(page).find("table", id="table-numbers").tbody.tr
    rows = [m["row"] for o in client.get(f"/overview.json?{PAPER}").json()["outcomes"] for m in o["milestones"]
            if m["id"].startswith("satisfaction") or "satisf" in m["title"].lower()]
    assert rows and all(r is not None for r in rows)
    milestones = soup(client.get(f"/milestones?{PAPER}")).find("table", id="table-survey-milestones")
    assert milestones.find("a", href=lambda h: h and h.startswith("/measures/satisfaction_crime?"))


def test_milestone_exports_carry_variation_assurance_and_status(client):
    rows = list(csv.reader(io.StringIO(client.get(f"/milestones.csv?{PAPER}").text)))
    assert rows[0][-3:] == ["Variation", "Assurance", "Status"]
    assert all(cell for cell in rows[1][-3:])


# --------------------------------------------------------------------------- rendered pages, versions, ETags
# A store of its own (the session store above stays unchanged for the other tests), served by the
# full workflow app as `crimeplan serve` runs it; writes go through a second connection, as another
# worker's or the CLI's would.

VERSIONED = "briefing_date=2014-04-01&area=force:west-midlands"


@pytest.fixture(scope="module")
def versioned(tmp_path_factory, demo_file):
    from starlette.testclient import TestClient

    from crimeplan.plan import load_plan
    from crimeplan.portal.app import build_app
    from crimeplan.portal.service import PortalSettings
    from crimeplan.store import open_store
    from crimeplan.workflow.deliverables import ensure_plan
    from tests.conftest import copy_store

    path = copy_store(demo_file, tmp_path_factory.mktemp("versioned"), "portal.duckdb")
    with open_store(path) as s:
        ensure_plan(s, load_plan("wmp-2013-14"), actor="setup")
    app = build_app(PortalSettings(db=path, plan="wmp-2013-14"))
    with TestClient(app) as client:
        assert client.get("/").status_code == 200   # the first page notes the plans in the audit trail
        writer = open_store(path)   # the same DuckDB database, another connection
        try:
            yield client, app.state.portal, writer
        finally:
            writer.close()


def test_a_repeated_page_comes_from_the_page_cache_with_one_version_read_per_request(versioned):
    client, portal, _ = versioned
    first = client.get(f"/milestones?{VERSIONED}")
    assert first.status_code == 200
    hits, misses, reads = portal.pages.hits, portal.pages.misses, portal.service.version_reads
    again = client.get(f"/milestones?{VERSIONED}")
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    assert (portal.pages.hits, portal.pages.misses) == (hits + 1, misses)
    assert portal.service.version_reads == reads + 1
    assert again.headers["cache-control"] == "no-cache"
    assert again.headers["content-security-policy"].startswith("default-src 'self'")


def test_an_unchanged_page_answers_304_to_its_etag_and_200_to_another(versioned):
    client, _, _ = versioned
    r = client.get(f"/overview.json?{VERSIONED}")
    etag = r.headers["etag"]
    assert etag.startswith('"') and len(etag) == 34
    not_modified = client.get(f"/overview.json?{VERSIONED}", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    assert client.get(f"/overview.json?{VERSIONED}", headers={"If-None-Match": f'W/{etag}, "x"'}).status_code == 304
    other = client.get(f"/overview.json?{VERSIONED}", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200 and other.json()["plan"] == "wmp-2013-14"
    chart = client.get(f"/measures/vwi/chart.svg?{VERSIONED}")
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert client.get(f"/measures/vwi/chart.svg?{VERSIONED}",
                      headers={"If-None-Match": chart.headers["etag"]}).status_code == 304


def test_errors_are_never_cached(versioned):
    client, portal, _ = versioned
    for _ in range(2):
        r = client.get("/milestones?view=weekly")
        assert r.status_code == 400 and "etag" not in r.headers
    assert not any(key[0] == "/milestones" and ("view", "weekly") in key[1] for key in portal.pages._items)


def test_a_new_load_changes_every_page_at_once(versioned):
    from crimeplan.store import LoadRecord

    client, portal, writer = versioned
    before = client.get("/status.json")
    etag = before.headers["etag"]
    load_id = writer.new_load_id()
    writer.record_load(load_id, LoadRecord("police-uk", "versioned-test.csv", "abc", "west-midlands",
                                           ("2014-03",), 1, 1, 0, 0, {}))
    after = client.get("/status.json", headers={"If-None-Match": etag})
    assert after.status_code == 200 and after.headers["etag"] != etag
    assert [load["load_id"] for load in after.json()["loads"]][-1] == load_id
    assert len(after.json()["loads"]) == len(before.json()["loads"]) + 1
    assert portal.service.data_version().load == load_id


def test_an_approved_update_renews_pages_but_keeps_computed_figures(versioned):
    from crimeplan.workflow import deliverables as dl
    from crimeplan.workflow.roles import ANALYST, Actor

    client, portal, writer = versioned
    client.get(f"/?{VERSIONED}")
    figures = portal.service.data_version().figures
    hits, misses, computed = portal.pages.hits, portal.pages.misses, portal.service.cache.misses
    update = dl.add_update(writer, "wmp-2013-14", "A1", Actor("analyst.one", ANALYST), text="Cached page test",
                           status=None)
    dl.review_update(writer, update.update_id, Actor("analyst.two", ANALYST), approve=True,
                     expected_version=dl.get_deliverable(writer, "wmp-2013-14", "A1").version)
    assert client.get(f"/?{VERSIONED}").status_code == 200
    assert (portal.pages.hits, portal.pages.misses) == (hits, misses + 1)   # drawn again ...
    assert portal.service.cache.misses == computed                           # ... from the same figures
    assert portal.service.data_version().figures == figures


def test_an_approval_leaves_figures_only_pages_cached_and_redraws_the_pages_showing_updates(versioned):
    from datetime import date, timedelta

    from crimeplan.workflow import deliverables as dl
    from crimeplan.workflow.roles import ANALYST, Actor

    client, portal, writer = versioned
    figures_only = [f"/milestones?{VERSIONED}", f"/outcomes.json?{VERSIONED}", f"/area?{VERSIONED}",
                    f"/measures/vwi?{VERSIONED}", f"/measures/vwi/chart.svg?{VERSIONED}"]
    drawn = {path: client.get(path).content for path in figures_only}
    showing_updates = f"/deliverables?area=force:west-midlands&briefing_date={date.today() + timedelta(days=1)}"
    assert "Figures-only page test" not in client.get(showing_updates).text
    drawn_again = [f"/compare?{VERSIONED}", f"/surveys?{VERSIONED}"]   # pages kept by the whole version
    assert all(client.get(path).status_code == 200 for path in drawn_again)
    hits, misses, computed = portal.pages.hits, portal.pages.misses, portal.service.cache.misses
    update = dl.add_update(writer, "wmp-2013-14", "A1", Actor("analyst.one", ANALYST), text="Figures-only page test",
                           status=None)
    dl.review_update(writer, update.update_id, Actor("analyst.two", ANALYST), approve=True,
                     expected_version=dl.get_deliverable(writer, "wmp-2013-14", "A1").version)
    assert "Figures-only page test" in client.get(showing_updates).text   # drawn again, with the update
    assert {path: client.get(path).content for path in figures_only} == drawn
    assert (portal.pages.hits, portal.pages.misses) == (hits + len(figures_only), misses + 1)   # not drawn again
    assert all(client.get(path).status_code == 200 for path in drawn_again)
    assert portal.pages.misses == misses + 1 + len(drawn_again)
    # every page's computed figures kept, comparisons' and surveys' too; only the list of peer groups is
    # read again (one small query: peer groups are saved unaudited, so no version tells their changes)
    assert portal.service.cache.misses == computed + 1


def test_a_register_change_reaches_the_measure_page_and_its_withdrawal_too(versioned):
    from datetime import date

    from crimeplan.register import add_change, withdraw_change

    client, _, writer = versioned
    path = f"/measures/vwi.json?{VERSIONED}"
    assert client.get(path).json()["series"]["annotations"] == []
    change = add_change(writer, measure="vwi", area="*", month=date(2013, 6, 1), reason="Versioned test change",
                        created_by="test")
    shown = client.get(path).json()["series"]["annotations"]
    assert shown == [{"month": "2013-06-01", "reason": "Versioned test change"}]
    withdraw_change(writer, change.change_id, by="test")
    assert client.get(path).json()["series"]["annotations"] == []


def test_concurrent_requests_share_one_computation_and_reads_never_predate_the_request():
    import asyncio
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from crimeplan.portal.cache import FreshReads, ResultCache

    async def together():
        computed = []

        async def compute():
            computed.append(1)
            await asyncio.sleep(0.05)
            return "page"

        pages = ResultCache(4)
        answers = await asyncio.gather(*(pages.aget("p", compute) for _ in range(5)))
        return answers, computed, pages.misses

    with ThreadPoolExecutor(1) as pool:   # a loop of its own: a browser test before may leave one running here
        assert pool.submit(asyncio.run, together()).result() == (["page"] * 5, [1], 1)

    cache, calls, gate = ResultCache(4), [], threading.Event()

    def slow():
        calls.append(1)
        gate.wait(5)
        return "figures"

    threads = [threading.Thread(target=cache.get, args=("k", slow)) for _ in range(5)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    gate.set()
    for t in threads:
        t.join(5)
    assert calls == [1] and cache.get("k", slow) == "figures" and cache.misses == 1

    started, release, counter = threading.Event(), threading.Event(), [0]

    def read():
        counter[0] += 1
        n = counter[0]
        if n == 1:
            started.set()
            release.wait(5)
        return n

    reads = FreshReads(read)
    got: dict[str, int] = {}
    first = threading.Thread(target=lambda: got.setdefault("first", reads.get()))
    first.start()
    assert started.wait(5)
    later = [threading.Thread(target=lambda i=i: got.setdefault(f"later{i}", reads.get())) for i in range(3)]
    for t in later:
        t.start()
    time.sleep(0.2)
    release.set()
    for t in [first, *later]:
        t.join(5)
    # the three that came while read 1 ran share read 2, which began after they asked
    assert got == {"first": 1, "later0": 2, "later1": 2, "later2": 2} and reads.reads == 2


@pytest.mark.postgres
def test_two_services_on_one_postgres_store_see_each_others_writes(tmp_path):
    from datetime import date

    from starlette.testclient import TestClient

    from crimeplan.portal.app import build_app
    from crimeplan.portal.service import PortalSettings
    from crimeplan.register import add_change
    from crimeplan.store import LoadRecord
    from tests.conftest import fresh_postgres_url

    url = fresh_postgres_url()
    one, two = build_app(PortalSettings(db=url)), build_app(PortalSettings(db=url))
    with TestClient(one) as c1, TestClient(two) as c2:
        assert c2.get("/status.json").json()["loads"] == []
        etag = c2.get("/status.json").headers["etag"]
        store = one.state.portal.service.store   # worker 1 writes ...
        store.record_load(store.new_load_id(),
                          LoadRecord("police-uk", "worker-one.csv", "abc", None, (), 0, 0, 0, 0, {}))
        seen = c2.get("/status.json", headers={"If-None-Match": etag})   # ... worker 2's next request sees it
        assert seen.status_code == 200 and [x["source"] for x in seen.json()["loads"]] == ["worker-one.csv"]
        register = two.state.portal.service.data_version().register
        add_change(store, measure="vwi", area="*", month=date(2014, 1, 1), reason="Worker one", created_by="t")
        assert two.state.portal.service.data_version().register != register
        assert c1.get("/status.json").json() == seen.json()


@pytest.mark.postgres
def test_audit_entries_commit_in_chain_order_and_each_changes_the_version():
    """On PostgreSQL an audit entry is numbered under the chain's lock, so a second writer waits until
    the first commits (entries can no longer commit out of order); each commit changes the version."""
    import threading

    from crimeplan.portal.service import PortalService, PortalSettings
    from crimeplan.store import open_store
    from crimeplan.workflow.audit import record_audit
    from tests.conftest import fresh_postgres_url

    url = fresh_postgres_url()
    service = PortalService(PortalSettings(db=url))
    slow, quick = open_store(url), open_store(url)
    ids: dict[str, int] = {}
    try:
        start = service.data_version()
        with slow.transaction():
            ids["slow"] = record_audit(slow, "slow", "update.approve", "deliverable:x/A1", None, {"n": 1})
            waiting = threading.Thread(target=lambda: ids.__setitem__("quick", record_audit(
                quick, "quick", "update.approve", "deliverable:x/A2", None, {"n": 2})))
            waiting.start()
            waiting.join(1.0)
            assert waiting.is_alive() and "quick" not in ids   # held by the open transaction's chain lock
            assert service.data_version() == start              # nothing committed yet
        waiting.join(60)
        assert not waiting.is_alive()
        assert ids["quick"] > ids["slow"]
        after = service.data_version()
        assert after != start and service.data_version() == after
    finally:
        service.close()
        slow.close()
        quick.close()


def test_the_overview_starts_with_the_answer(client):
    """Issue 18 item 6: every milestone's figure, trend and icons at the top, the controls after them."""
    html = client.get(f"/?{PAPER}").text
    page = BeautifulSoup(html, "html.parser")
    glance = page.find("table", id="table-glance")
    assert html.index('id="table-glance"') < html.index('class="controls"') < html.index('class="outcome"')
    rows = {r.th.get_text(strip=True): r for r in glance.tbody.find_all("tr")}
    plan_titles = [c.find("h4").get_text(strip=True) for c in page.select("li.card")]
    every = [m["title"] for o in client.get(f"/overview.json?{PAPER}").json()["outcomes"] for m in o["milestones"]]
    assert list(rows) == plan_titles == every and len(every) > 5
    trc = [c.get_text(" ", strip=True) for c in rows["Reduce Total Recorded Crime"].find_all("td")]
    assert trc[0].startswith("174,526 (+2.3 %") and trc[1] == "-5 %"
    assert [len(c.select(".badge")) for c in rows["Reduce Total Recorded Crime"].find_all("td")[3:]] == [1, 1, 1]
    spark = rows["Reduce Total Recorded Crime"].select_one("svg.spark")
    assert spark["role"] == "img" and spark["aria-label"].startswith("Monthly figures from ")
    assert spark["aria-label"].endswith("in March 2014.") and spark.find("polyline")
