"""The portal over HTTP (Starlette's TestClient): pages, formats, errors, cache; HTML checked with BeautifulSoup."""

from __future__ import annotations

import csv
import io
import json
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
        summaries = [s.get_text(" ", strip=True).split(":")[0].strip() for s in group.select("details > summary")]
        assert summaries == ["Chart", "Breakdown by area", "Breakdown by clear-up"]
        assert group.select_one("details img[src*='/chart.svg']")["loading"] == "lazy"
        assert group.select_one("details figcaption").get_text().startswith("Detect")
    burglary = groups[0].get_text(" ", strip=True)
    assert "12,721" in burglary and "1,632" in burglary and "12.8 %" in burglary
    assert "Birmingham" in burglary and "1 Charged / summonsed" in burglary


def test_measure_page_has_chart_text_alternative_and_numbers(client):
    r = client.get(f"/measures/vwi?{PAPER}")
    page = soup(r)
    assert page.h1.get_text() == "Violence With Injury"
    assert "8.7%" in page.get_text() and "1,552" in page.get_text()
    assert page.select_one("figure.chart figcaption").get_text().startswith("Violence With Injury: SPC chart of 24")
    numbers = page.find("table", id="table-numbers")
    assert len(numbers.tbody.find_all("tr")) == 24  # the two years the milestone compares
    assert page.find("table", id="table-by-area").find("a", string="Birmingham")
    chart = client.get(page.select_one("figure.chart img")["src"])
    assert chart.status_code == 200 and chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.text.startswith("<svg")


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
    ("briefing_date=2020-01-01", 400, "outside the data for West Midlands Police"),
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
    js = client.get(f"/milestones.json?{query}") if "format=" not in query else client.get(f"/milestones?{query}",
                                                                                          headers={"accept": "application/json"})
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
    hits = cache.hits
    started = time.perf_counter()
    client.get("/outcomes?briefing_date=2013-10-01&view=rolling12")
    assert cache.hits > hits
    assert time.perf_counter() - started < 1.0


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
    assert [s.get_text(strip=True).split("(")[0].strip() for s in page.select("details > summary")][:2] == [
        "Local authority", "Local policing unit"]
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
    assert client.get("/deliverables.json").json()["updates_available"] is False


def test_data_status_shows_what_is_loaded_from_where_and_when(client):
    page = soup(client.get("/status"))
    forces = page.find("table", id="table-forces").get_text(" ", strip=True)
    assert "West Midlands Police April 2009 March 2014" in forces
    assert "City of London Police September 2014 October 2015" in forces
    loads = page.find("table", id="table-loads").get_text(" ", strip=True)
    assert "crimeplan.demo seed 2014" in loads and "2014-09-city-of-london-street.csv" in loads


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
