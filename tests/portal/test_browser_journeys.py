"""Issue 18's click journeys in Chromium, each page's figures checked against its own JSON export
(fetched from the page's "JSON of this page" link, with the browser's cookies): City of London by
the Area control and by Change area, and back; force → local authority → policing unit →
neighbourhood (signed in) on the area pages; a survey measure from the overview."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from tests.portal.conftest import sign_in

pytestmark = pytest.mark.browser

PAPER = "briefing_date=2014-04-01"
NAV = "Pages"


def export_json(page) -> dict:
    """The page's own JSON export, as its link gives it."""
    href = page.locator(".page-actions a", has_text="JSON").get_attribute("href")
    answer = page.request.get(urljoin(page.url, href))
    assert answer.ok, (href, answer.status)
    return answer.json()


def table_rows(page, table_id: str) -> dict[str, list[str]]:
    """A table's body rows as shown: {first cell: the other cells}."""
    rows = page.eval_on_selector_all(f"#table-{table_id} tbody tr",
                                     "rows => rows.map(r => [...r.cells].map(c => c.textContent.trim()))")
    rows = [[cell.replace("\u00a0", " ") for cell in cells] for cells in rows]   # no-break spaces as spaces
    return {cells[0]: cells[1:] for cells in rows}


def figure(n: int | None) -> str:
    return "-" if n is None else f"{n:,}"


def assert_milestones_match(page, rows: list[dict]) -> None:
    """Every milestone row of the JSON is on the page with the same baseline, current and difference."""
    shown = table_rows(page, "milestones")
    assert rows and len(shown) == len(rows), (list(shown), [r["title"] for r in rows])
    for row in rows:
        cells = shown[row["title"]]
        assert cells[:3] == [figure(row["baseline"]), figure(row["current"]), figure(row["difference"])], row["title"]


def choose(page, **controls: str) -> None:
    """Choose in the page's controls (by visible label) and press Show figures."""
    for label, option in controls.items():
        page.get_by_label(label.capitalize(), exact=True).select_option(label=option)
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()
    assert page.locator("h1").count() == 1


def nav(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("navigation", name=NAV).get_by_role("link", name=name, exact=True).click()


def test_milestones_change_area_to_city_of_london_and_back_to_west_midlands(page, live_url):
    page.goto(f"{live_url}/milestones?{PAPER}")
    with page.expect_navigation():
        page.get_by_role("link", name="Change area").click()
    with page.expect_navigation() as info:
        page.get_by_role("link", name="City of London Police", exact=True).click()
    response = info.value
    assert response is not None and response.status == 200
    assert page.url.startswith(f"{live_url}/milestones?")
    assert page.get_by_label("Plan").input_value() == "police-uk"
    assert page.get_by_label("Briefing date").input_value() == "2015-11-01"
    data = export_json(page)
    assert (data["plan"], data["area"], data["briefing_date"]) == ("police-uk", "force:city-of-london", "2015-11-01")
    assert_milestones_match(page, data["rows"])

    choose(page, area="West Midlands Police", plan="Police and Crime Plan 2013/14")
    assert page.get_by_label("Briefing date").input_value() == "2014-04-01"   # the date followed the area
    data = export_json(page)
    assert data["rows"][0]["current"] == 174526
    assert_milestones_match(page, data["rows"])


def test_area_control_to_city_of_london_from_every_page_gives_a_page(page, live_url):
    for path in ("/milestones", "/outcomes", "/area", "/deliverables", "/surveys"):
        page.goto(f"{live_url}{path}?{PAPER}")
        page.get_by_label("Area", exact=True).select_option(label="City of London Police")
        with page.expect_navigation() as info:
            page.get_by_role("button", name="Show figures").click()
        assert info.value is not None and info.value.status == 200, (path, page.url)
        assert page.get_by_label("Area", exact=True).input_value() == "force:city-of-london", path


def test_force_to_local_authority_to_policing_unit_to_neighbourhood_signed_in(page, live_url):
    sign_in(page, live_url, "analyst", "/workflow")
    page.goto(f"{live_url}/?{PAPER}")
    choose(page, area="Birmingham")
    nav(page, "Area")
    assert page.locator("h1").inner_text() == "Birmingham"
    data = export_json(page)
    assert data["area"] == "la:E08000025"
    assert_milestones_match(page, data["milestones"]["rows"])
    by_area = table_rows(page, "milestones-by-area")
    east = next(a for a in data["milestones_by_area"] if a["name"] == "Birmingham East")
    assert by_area["Birmingham East"][0].startswith(figure(east["measures"]["trc"]["current"]) + " (")

    with page.expect_navigation():
        page.locator("#table-milestones-by-area").get_by_role("link", name="Birmingham East").click()
    assert page.locator("h1").inner_text() == "Birmingham East"
    data = export_json(page)
    assert data["area"] == "lpu:WMLPU01" and data["level"] == "lpu"
    assert data["milestones"]["rows"][0]["current"] == east["measures"]["trc"]["current"]
    assert_milestones_match(page, data["milestones"]["rows"])
    neighbourhood = data["milestones_by_area"][0]

    with page.expect_navigation() as info:
        page.locator("#table-milestones-by-area").get_by_role("link", name=neighbourhood["name"], exact=True).click()
    assert info.value is not None and info.value.status == 200
    assert page.locator("h1").inner_text() == neighbourhood["name"]
    data = export_json(page)
    assert data["level"] == "lsoa"
    assert data["milestones"]["rows"][0]["current"] == neighbourhood["measures"]["trc"]["current"]
    assert_milestones_match(page, data["milestones"]["rows"])


def test_city_of_london_force_to_local_authority_to_lsoa_on_the_police_uk_plan_signed_in(page, live_url):
    sign_in(page, live_url, "analyst", "/workflow")
    page.goto(f"{live_url}/area?{PAPER}")
    choose(page, area="City of London Police")
    assert page.get_by_label("Plan", exact=True).input_value() == "police-uk"
    data = export_json(page)
    assert data["area"] == "force:city-of-london" and data["milestones"]["plan"] == "police-uk"
    assert_milestones_match(page, data["milestones"]["rows"])
    choose(page, area="City of London")
    assert page.locator("h1").inner_text() == "City of London"
    data = export_json(page)
    assert data["area"] == "la:E09000001" and len(data["milestones_by_area"]) == 6
    assert_milestones_match(page, data["milestones"]["rows"])
    lsoa = data["milestones_by_area"][0]
    shown = table_rows(page, "milestones-by-area")[lsoa["name"]]
    first = next(iter(lsoa["measures"].values()))
    assert shown[0].startswith(figure(first["current"]) + " (") or shown[0].startswith(figure(first["current"]))
    with page.expect_navigation() as info:
        page.locator("#table-milestones-by-area").get_by_role("link", name=lsoa["name"], exact=True).click()
    assert info.value is not None and info.value.status == 200
    data = export_json(page)
    assert data["level"] == "lsoa" and data["milestones"]["rows"][0]["current"] == first["current"]
    assert_milestones_match(page, data["milestones"]["rows"])


def test_a_neighbourhood_stays_signed_in_only(page, live_url):
    answer = page.goto(f"{live_url}/area?{PAPER}&area=lsoa:WMDEMO0001")
    assert answer is not None and answer.status == 403


def test_overview_to_a_survey_measure(page, live_url):
    page.goto(f"{live_url}/?{PAPER}")
    with page.expect_navigation():
        page.locator("#table-glance").get_by_role(   # the summary at the top of the overview
            "link", name="Increase satisfaction with services provided relating to crimes to 88%").click()
    assert page.url.startswith(f"{live_url}/measures/satisfaction_crime?")
    data = export_json(page)
    current = data["milestone"]["current"]
    shown = table_rows(page, "survey-milestone")[data["milestone"]["title"]]
    assert shown[:4] == [*(f"{current[k] * 100:.1f} %" for k in ("rate", "low", "high")), figure(current["n"])]
    months = table_rows(page, "numbers")
    assert len(months) == len(data["milestone"]["months"])
    assert months["April 2010"][:2] == [figure(data["milestone"]["numerators"][0]),
                                        figure(data["milestone"]["denominators"][0])]


PHONE_PAGES = {"overview": f"/?{PAPER}", "milestones": f"/milestones?{PAPER}", "measure": f"/measures/vwi?{PAPER}",
               "rate": f"/measures/detect_bdh?{PAPER}", "area": f"/area?{PAPER}&area=la:E08000025",
               "survey": f"/measures/satisfaction_crime?{PAPER}", "compare": f"/compare?{PAPER}",
               "outcomes": f"/outcomes?{PAPER}", "deliverables": f"/deliverables?{PAPER}", "areas": f"/areas?{PAPER}",
               "surveys": f"/surveys?{PAPER}", "status": "/status", "city": "/?area=force:city-of-london",
               "public": "/public", "public-deliverables": "/public/deliverables", "login": "/login"}


@pytest.mark.parametrize("width", [320, 390])
def test_no_page_scrolls_sideways_on_a_phone(browser, live_url, width):
    """Wide tables scroll inside their own box; the page itself never scrolls sideways."""
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    wide = {}
    for name, path in PHONE_PAGES.items():
        page.goto(live_url + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        scroll = page.evaluate("document.scrollingElement.scrollWidth")
        if scroll > page.evaluate("innerWidth"):
            wide[name] = (scroll, page.evaluate(WIDEST))
    context.close()
    assert wide == {}, wide


WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .filter(e => !e.closest('.table-wrap') || e.classList.contains('table-wrap'))
  .slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width))"""


def test_a_page_loads_with_no_missing_resource_and_its_icon(page, live_url):
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(f"{live_url}/measures/detect_bdh?{PAPER}")
    page.wait_for_load_state("networkidle")
    icon = page.request.get(urljoin(page.url, page.locator("link[rel=icon]").get_attribute("href")))
    assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml")
    assert page.request.get(f"{live_url}/favicon.ico").ok
    assert missing == []


def test_city_of_london_comparisons_say_why_and_lead_to_one_that_can_be_drawn(page, live_url):
    page.goto(f"{live_url}/?area=force:city-of-london")
    with page.expect_navigation() as info:
        page.get_by_role("navigation", name=NAV).get_by_role("link", name="Comparisons", exact=True).click()
    assert info.value is not None and info.value.status == 200
    summary = page.locator("section[aria-labelledby=compare-summary-title]")
    assert "No comparison: City of London Police has fewer than 2 areas" in summary.inner_text()
    assert export_json(page)["comparison"] is None
    with page.expect_navigation():
        summary.get_by_role("link", name="the areas of West Midlands Police").click()
    funnel = page.get_by_role("img", name="Funnel chart", exact=False)
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=funnel.element_handle())
    data = export_json(page)
    assert data["area"] == "force:west-midlands" and data["level"] == "la"
    shown = table_rows(page, "comparison")
    assert len(data["units"]) == 7 and len(shown) >= 7   # the units, and the average's row
    for unit in data["units"]:
        assert shown[unit["name"]][:2] == [figure(unit["count"]), figure(unit["population"])], unit["name"]
