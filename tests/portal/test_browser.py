"""The portal in a real browser: Playwright driving Debian's Chromium against a live uvicorn server
running the app as served (``build_app``: performance pages, sign-in, workflow, public view).

Covers the user journeys of issue 5 (overview, change area, change briefing date, drill-downs, a measure's
chart, CSV export, print), issue 18's click journeys (City of London, a local authority, a comparison,
a survey measure, the paper, draft → approve → the update on /deliverables and the overview) and an axe
scan of every page type, signed in or not, with zero violations. Screenshots go to test-artifacts/
(gitignored).
"""

from __future__ import annotations

import csv
import io
import subprocess

import pytest

from tests.portal.conftest import PASSWORD, PEOPLE, sign_in, sign_out

pytestmark = pytest.mark.browser

PAPER = "briefing_date=2014-04-01"
PAGE_TYPES = {
    "overview": f"/?{PAPER}", "milestones": f"/milestones?{PAPER}", "outcomes": f"/outcomes?{PAPER}",
    "measure": f"/measures/vwi?{PAPER}", "rate": f"/measures/detect_bdh?{PAPER}",
    "area": f"/area?{PAPER}&area=la:E08000025",
    "areas": f"/areas?{PAPER}", "deliverables": f"/deliverables?{PAPER}", "status": "/status",
    "city": "/?area=force:city-of-london", "error": "/milestones?view=weekly",
    "followed": f"/milestones?{PAPER}&plan=wmp-2013-14&area=force:city-of-london",
    "compare": f"/compare?{PAPER}", "surveys": f"/surveys?{PAPER}",
    "compare-unavailable": "/compare?area=force:city-of-london",
    "city-milestones": "/milestones?area=force:city-of-london",
    "login": "/login", "public": "/public", "public-deliverables": "/public/deliverables",
    "public-hate-crime": "/public/hate-crime", "not-found": "/no-such-page",
}
SIGNED_IN_PAGES = {  # (who, path): the workflow pages and their forms
    "workflow": ("lead", "/workflow"), "deliverable-form": ("lead", "/workflow/deliverables/A1"),
    "review": ("analyst", "/workflow/review"), "deliverable-review": ("analyst", "/workflow/deliverables/A1"),
    "users": ("admin", "/workflow/users"), "audit": ("admin", "/workflow/audit"),
}


def test_overview_change_area_and_briefing_date(page, live_url, artifacts):
    page.goto(f"{live_url}/")
    assert page.locator("h1").inner_text() == "Police and Crime Plan 2013/14"
    assert page.locator(".caption").inner_text().startswith("West Midlands Police")
    page.screenshot(path=str(artifacts / "portal-overview.png"), full_page=True)

    page.get_by_label("Area").select_option(label="Birmingham")
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()
    assert "area=la%3AE08000025" in page.url
    assert page.locator(".caption").inner_text().startswith("Birmingham")

    page.get_by_label("Briefing date").fill("2013-10-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()
    assert "briefing_date=2013-10-01" in page.url
    assert page.locator(".lead").inner_text() == "Year to date: Apr 2013 – Sep 2013"
    assert page.locator(".caption").inner_text().startswith("Birmingham")


def test_change_area_page_by_keyboard(page, live_url):
    page.goto(f"{live_url}/outcomes?{PAPER}")
    with page.expect_navigation():
        page.get_by_role("link", name="Change area").click()
    assert page.locator("h1").inner_text() == "Change area"
    page.get_by_role("link", name="Dudley", exact=True).first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(f"{live_url}/outcomes?"), page.url
    assert page.locator(".caption").inner_text().startswith("Dudley"), (
        page.locator(".error-summary__message").inner_text())


def test_skip_link_is_first_and_focus_is_visible(page, live_url):
    page.goto(f"{live_url}/milestones?{PAPER}")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["x"] >= 0
    background = page.evaluate("getComputedStyle(document.activeElement).backgroundColor")
    assert background == "rgb(255, 221, 0)"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_each_drill_down_opens_in_place(page, live_url, artifacts):
    page.goto(f"{live_url}/outcomes?{PAPER}")
    row = page.locator("tbody.drill-group").first
    for name, check in (("Chart", "figure.chart img"), ("Breakdown by area", "table"),
                        ("Breakdown by clear-up", "table")):
        details = row.locator("td > details", has=page.locator("summary", has_text=name))
        assert not details.evaluate("d => d.open")
        details.locator(":scope > summary").click()
        assert details.evaluate("d => d.open")
        assert details.locator(check).first.is_visible()
    image = row.locator("figure.chart img")
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert "Birmingham" in row.inner_text() and "Charged / summonsed" in row.inner_text()
    page.screenshot(path=str(artifacts / "portal-outcomes-drilldowns.png"), full_page=True)


def test_drill_downs_work_without_javascript(browser, live_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_url}/outcomes?{PAPER}")
    summary = page.locator("tbody.drill-group").first.locator("summary", has_text="Breakdown by area")
    summary.click()
    assert page.locator("tbody.drill-group").first.get_by_role("table").first.is_visible()
    assert page.locator(".js-print").is_hidden()
    context.close()


def test_follow_a_measure_to_its_chart(page, live_url, artifacts):
    page.goto(f"{live_url}/milestones?{PAPER}")
    with page.expect_navigation():
        page.get_by_role("link", name="Reduce Violence With Injury").first.click()
    assert page.locator("h1").inner_text() == "Violence With Injury"
    image = page.locator("figure.chart img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert "SPC chart of 24 points" in page.locator("figure.chart figcaption").inner_text()
    page.screenshot(path=str(artifacts / "portal-measure.png"), full_page=True)


def test_export_csv_downloads_the_table(page, live_url):
    page.goto(f"{live_url}/milestones?{PAPER}")
    with page.expect_download() as info:
        page.locator(".table-downloads").first.get_by_role("link", name="CSV").click()
    download = info.value
    assert download.suggested_filename == "milestones-milestones.csv"
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert rows[0][0] == "Force Objectives" and rows[1][:3] == ["Reduce Total Recorded Crime", "170635", "174526"]


def test_print_gives_a_clean_page(page, live_url, artifacts):
    page.goto(f"{live_url}/measures/vwi?{PAPER}")
    page.emulate_media(media="print")
    for hidden in (".nav", ".controls", ".page-actions", ".footer", ".skip-link"):
        assert page.locator(hidden).first.is_hidden(), hidden
    assert page.locator("figure.chart img").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('table')).breakInside") == "avoid"
    page.screenshot(path=str(artifacts / "portal-measure-print.png"), full_page=True)
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"


A4_TEXT_WIDTH_PX = round((210 - 2 * 12) / 25.4 * 96)
"""The width print has on A4 (210 mm less the 12 mm margins of portal.css's @page), in CSS pixels."""


def test_every_page_prints_on_a4_within_its_width_and_without_blank_pages(browser, live_url, tmp_path):
    """Issue 18 item 9: nothing wider than the A4 text width (it would be cut off), no page left blank."""
    context = browser.new_context(viewport={"width": A4_TEXT_WIDTH_PX, "height": 1000})
    page = context.new_page()
    problems = {}
    for name, path in PAGE_TYPES.items():
        page.goto(live_url + path)
        page.emulate_media(media="print")
        wide = page.evaluate("""w => [...document.querySelectorAll('body *')]
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > w + 1)
            .map(e => e.tagName + (e.id ? '#' + e.id : ''))""", A4_TEXT_WIDTH_PX)
        pdf = tmp_path / f"{name}.pdf"
        page.pdf(path=str(pdf), format="A4")
        pages = int(next(line.split()[1] for line in subprocess.run(
            ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
            if line.startswith("Pages:")))
        blank = [n for n in range(1, pages + 1) if not subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True,
            check=True).stdout.strip()]
        if wide or blank:
            problems[name] = {"wider than A4": wide[:5], "blank pages": blank}
    context.close()
    assert problems == {}


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_axe_finds_no_violations(page, live_url, artifacts, name):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(live_url + PAGE_TYPES[name])
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    results = Axe().run(page)
    violations = results.response["violations"]
    if name in ("overview", "outcomes", "measure", "error"):
        page.screenshot(path=str(artifacts / f"portal-axe-{name}.png"), full_page=True)
    assert violations == [], results.generate_report()


def test_click_from_overview_to_city_milestones_compare_funnel_and_the_paper(page, live_url):
    """Issue 18: every control leads somewhere, by clicks only (the plan and date follow the area)."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{live_url}/?{PAPER}")
    page.get_by_label("Area").select_option(label="City of London Police")
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()
    assert page.locator(".caption").inner_text().startswith("City of London")
    assert "no data for the briefing date" in " ".join(page.locator(".notice-followed").all_inner_texts())
    with page.expect_navigation():
        page.get_by_role("navigation", name="Pages").get_by_role("link", name="Milestones").click()
    assert page.url.startswith(f"{live_url}/milestones?") and "area=force%3Acity-of-london" in page.url
    assert page.locator("#table-milestones").is_visible()
    page.get_by_label("Area").select_option(label="West Midlands Police")
    page.get_by_label("Plan").select_option(label="Police and Crime Plan 2013/14")
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()
    assert page.locator(".caption").inner_text().startswith("West Midlands Police")
    assert page.get_by_label("Briefing date").input_value() == "2014-04-01"   # the date followed the area
    with page.expect_navigation():
        page.get_by_role("navigation", name="Pages").get_by_role("link", name="Comparisons").click()
    assert page.locator("h1").inner_text() == "Comparisons"
    funnel = page.get_by_role("img", name="Funnel chart", exact=False)
    assert funnel.evaluate("img => img.complete && img.naturalWidth > 0")
    violations = Axe().run(page).response["violations"]
    assert violations == [], violations
    with page.expect_navigation():
        page.get_by_role("navigation", name="Pages").get_by_role("link", name="Surveys").click()
    assert Axe().run(page).response["violations"] == []
    with page.expect_navigation():
        page.get_by_role("navigation", name="Pages").get_by_role("link", name="Overview").click()
    with page.expect_download() as download:
        page.locator("a.paper-link", has_text="PDF").click()
    assert download.value.path().read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("name", list(SIGNED_IN_PAGES))
def test_axe_finds_no_violations_signed_in(page, live_url, name):
    from axe_playwright_python.sync_playwright import Axe

    who, path = SIGNED_IN_PAGES[name]
    sign_in(page, live_url, who, path)
    results = Axe().run(page)
    assert results.response["violations"] == [], results.generate_report()


def test_draft_approve_and_the_update_shows_on_deliverables_and_the_overview(page, live_url):
    """Issue 18: a lead drafts, an analyst approves, by clicks; the update shows at today's briefing date."""
    from datetime import date

    text = f"Browser journey update {date.today():%d %B %Y}: neighbourhood teams met every ward."
    page.goto(f"{live_url}/?{PAPER}")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Pages").get_by_role("link", name="Updates").click()
    assert "/login" in page.url
    page.get_by_label("User name").fill(PEOPLE["lead"][0])
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    with page.expect_navigation():
        page.get_by_role("link", name="A1", exact=True).click()
    page.get_by_label("Progress made").first.fill(text)
    with page.expect_navigation():
        page.get_by_role("button", name="Save draft").click()
    sign_out(page)

    sign_in(page, live_url, "analyst", "/workflow/review")
    with page.expect_navigation():
        page.locator("article.card", has_text=text).get_by_role("link", name="A1").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve").click()
    assert page.locator("article.card", has_text=text).count() == 0   # back on the review list, done
    with page.expect_navigation():
        page.get_by_role("navigation", name="Pages").get_by_role("link", name="Deliverables").click()
    page.get_by_label("Briefing date").fill(date.today().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Show figures").click()
    row = page.locator("tr#deliverable-A1")
    assert text in row.inner_text() and "Overdue" not in row.inner_text()
    with page.expect_navigation():
        page.get_by_role("navigation", name="Pages").get_by_role("link", name="Overview").click()
    assert f"briefing_date={date.today().isoformat()}" in page.url
    assert text in page.locator("main").inner_text()
