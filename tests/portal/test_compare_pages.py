"""Controls that always lead to a page (the plan and briefing date follow the area), the comparison
and survey pages with their exports, and the board paper from the portal (TestClient)."""

from __future__ import annotations

import csv
import io

from bs4 import BeautifulSoup

PAPER = "briefing_date=2014-04-01"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def submit_controls(client, page: BeautifulSoup, **changes: str):
    """Submit the page's control form as a browser would, with ``changes`` chosen."""
    form = page.find("form", class_="controls__form")
    values = {}
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True) or select.find("option")
        values[select["name"]] = chosen["value"]
    for field in form.find_all("input"):
        if field.get("type") == "radio":
            if field.has_attr("checked"):
                values[field["name"]] = field["value"]
        elif field.get("name"):
            values[field["name"]] = field.get("value", "")
    for name, value in changes.items():
        options = [o["value"] for o in form.find("select", attrs={"name": name}).find_all("option")]
        assert value in options, (name, value, options)
        values[name] = value
    return client.get(form["action"], params=values)


def test_choosing_city_of_london_in_the_area_control_gives_its_latest_data_and_says_so(client):
    overview = soup(client.get(f"/?{PAPER}"))
    r = submit_controls(client, overview, area="force:city-of-london")
    assert r.status_code == 200, r.text[:400]
    page = soup(r)
    assert page.find("select", id="plan").find("option", selected=True)["value"] == "police-uk"
    assert page.find("input", id="briefing_date")["value"] == "2015-11-01"
    assert page.find("select", id="area").find("option", selected=True)["value"] == "force:city-of-london"
    notices = [p.get_text(" ", strip=True) for p in page.select("p.notice-followed")]
    assert any("no data for the briefing date 1 April 2014" in n and "1 November 2015" in n for n in notices)
    assert any("made for West Midlands Police's data" in n for n in notices), notices
    back = page.select_one("p.notice-followed a")
    assert "plan=wmp-2013-14" in back["href"] and "area=force%3Awest-midlands" in back["href"]
    assert client.get(back["href"]).status_code == 200


def test_change_area_page_leads_to_city_of_london_milestones(client):
    milestones = soup(client.get(f"/milestones?{PAPER}"))
    areas = soup(client.get(milestones.find("a", href=lambda h: h and h.startswith("/areas?"))["href"]))
    r = client.get(areas.find("a", string="City of London Police")["href"])
    assert r.status_code == 200
    assert r.url.path == "/milestones"
    assert soup(r).find("table", id="table-milestones") is not None
    data = client.get(f"/milestones.json?{r.url.query.decode()}").json()
    assert data["plan"] == "police-uk" and data["briefing_date"] == "2015-11-01"


def test_choosing_west_midlands_from_city_of_london_brings_west_midlands_latest_data(client):
    """The City's date (November 2015) is after West Midlands' data: chosen in the controls drawn for
    the City, the date follows the area; typed for West Midlands itself, it is kept with a notice."""
    city = soup(client.get("/milestones?area=force:city-of-london"))
    assert city.find("input", id="briefing_date")["value"] == "2015-11-01"
    r = submit_controls(client, city, area="force:west-midlands", plan="wmp-2013-14")
    assert r.status_code == 200 and "from_area=force%3Acity-of-london" in str(r.url)
    page = soup(r)
    assert page.find("input", id="briefing_date")["value"] == "2014-04-01"
    assert "no data for the briefing date 1 November 2015" in page.select_one("p.notice-followed").get_text()
    assert page.select_one("#table-milestones tbody td").get_text(strip=True) == "170,635"
    kept = soup(client.get("/milestones?area=force:west-midlands&plan=wmp-2013-14&briefing_date=2015-11-01"))
    assert kept.find("input", id="briefing_date")["value"] == "2015-11-01"
    assert "data end in March 2014" in kept.select_one("p.notice-followed").get_text()


def test_the_controls_and_change_area_links_name_the_area_they_were_drawn_for(client):
    page = soup(client.get(f"/outcomes?{PAPER}&area=la:E08000025"))
    assert page.find("input", attrs={"name": "from_area"})["value"] == "la:E08000025"
    areas = soup(client.get(page.find("a", href=lambda h: h and h.startswith("/areas?"))["href"]))
    city = areas.find("a", string="City of London Police")["href"]
    assert "from_area=la%3AE08000025" in city
    followed = soup(client.get(city))
    assert "from_area" not in followed.find("a", string="Outcome rates")["href"]
    assert followed.find("input", attrs={"name": "from_area"})["value"] == "force:city-of-london"


def test_moving_from_city_of_london_the_police_uk_plan_follows_to_west_midlands_own(client):
    city = soup(client.get("/milestones?area=force:city-of-london"))
    page = soup(submit_controls(client, city, area="force:west-midlands"))
    assert page.find("select", id="plan").find("option", selected=True)["value"] == "wmp-2013-14"
    notices = [p.get_text(" ", strip=True) for p in page.select("p.notice-followed")]
    assert any("The plan follows the area" in n for n in notices), notices
    back = next(a["href"] for a in page.select("p.notice-followed a") if "plan=police-uk" in a["href"])
    kept = soup(client.get(back))   # asked for directly (not moved), police-uk is kept for West Midlands
    assert kept.find("select", id="plan").find("option", selected=True)["value"] == "police-uk"


def test_a_malformed_from_area_is_ignored(client):
    r = client.get(f"/milestones.json?{PAPER}&from_area=nowhere:%3Cx%3E")
    assert r.status_code == 200 and r.json()["briefing_date"] == "2014-04-01"


def test_a_briefing_date_outside_the_data_follows_to_the_latest_month(client):
    r = client.get("/milestones.json?area=force:city-of-london&plan=police-uk&briefing_date=2013-01-01")
    assert r.status_code == 200 and r.json()["briefing_date"] == "2015-11-01"
    page = soup(client.get("/milestones?area=force:city-of-london&plan=police-uk&briefing_date=2013-01-01"))
    assert "no data for the briefing date 1 January 2013" in page.select_one("p.notice-followed").get_text()


def test_a_plan_that_fits_is_kept_without_a_notice(client):
    page = soup(client.get(f"/?{PAPER}&plan=police-uk&area=force:west-midlands"))
    assert page.find("select", id="plan").find("option", selected=True)["value"] == "police-uk"
    assert not page.select("p.notice-followed")
    assert page.find("input", id="briefing_date")["value"] == "2014-04-01"


def test_every_performance_page_links_the_paper_which_answers_in_pdf_word_and_html(client):
    for path in ("/", "/milestones", "/outcomes", "/measures/vwi", "/area", "/deliverables"):
        links = soup(client.get(f"{path}?{PAPER}")).select("a.paper-link")
        assert [a.get_text(" ", strip=True).split(" ")[0] for a in links] == ["PDF", "Word", "HTML"], path
    links = {a.get_text(" ", strip=True).split(" ")[0]: a["href"]
             for a in soup(client.get(f"/?{PAPER}&area=la:E08000025")).select("a.paper-link")}
    assert all("area=la%3AE08000025" in h and "briefing_date=2014-04-01" in h for h in links.values())
    html = client.get(links["HTML"])
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "Birmingham" in html.text and "Police and Crime Plan" in html.text
    word = client.get(links["Word"])
    assert word.status_code == 200 and word.content[:2] == b"PK" and "wordprocessingml" in word.headers["content-type"]
    assert 'filename="board-paper-wmp-2013-14-E08000025-2014-04-01.docx"' in word.headers["content-disposition"]
    pdf = client.get(links["PDF"])
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-" and pdf.headers["content-type"] == "application/pdf"
    again = client.get(links["PDF"], headers={"If-None-Match": pdf.headers["etag"]})
    assert again.status_code == 304   # cached like the pages


def test_the_paper_follows_the_area_like_the_pages(client):
    r = client.get(f"/paper.html?{PAPER}&plan=wmp-2013-14&area=force:city-of-london")
    assert r.status_code == 200 and "City of London" in r.text
    assert client.get("/paper.txt").status_code == 404


def test_compare_page_shows_rates_with_intervals_population_and_both_charts(client):
    overview = soup(client.get(f"/?{PAPER}"))
    link = overview.select_one('nav a[href^="/compare?"]')
    assert link.get_text(strip=True) == "Comparisons"
    r = client.get(link["href"])
    assert r.status_code == 200, r.text[:400]
    page = soup(r)
    table = page.find("table", id="table-comparison")
    headings = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert any("per 1,000" in h for h in headings) and any("low" in h.lower() for h in headings), headings
    population = page.select_one(".population-note").get_text()
    data = client.get(f"/compare.json?{PAPER}").json()
    assert data["population_note"] in population and any(str(y) in population for y in range(2001, 2030))
    hints = " ".join(p.get_text(" ", strip=True) for p in page.select("p.hint"))
    assert "Units: every local authority with data loaded." in hints and "any la " not in hints   # words, not codes
    units = data["units"]
    shown = [tr.th.get_text(strip=True) for tr in table.tbody.find_all("tr")]
    assert len(units) >= 2 and sorted(shown[:len(units)]) == sorted(u["name"] for u in units)
    assert shown[len(units)].startswith("Peer average")
    for unit in units:
        assert unit["low"] <= unit["rate"] <= unit["high"]
        assert abs(unit["rate"] - unit["count"] / unit["population"] * 1000) < 1e-9
    for img in page.select("img.compare-chart"):
        assert img["alt"]
        svg = client.get(img["src"])
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
        assert "<svg" in svg.text
    assert page.find("select", id="peer").find("option", selected=True)["value"] == "within"
    assert [o["value"] for o in page.find("select", id="measure").find_all("option")][0] == "trc"


def test_compare_exports_and_choices(client):
    rows = list(csv.reader(io.StringIO(client.get(f"/compare.csv?{PAPER}&measure=bdh").text)))
    data = client.get(f"/compare.json?{PAPER}&measure=bdh").json()
    n = len(data["units"])
    assert data["measure"] == "bdh" and rows[0][0] == "Unit"
    assert sorted(r[0] for r in rows[1:n + 1]) == sorted(u["name"] for u in data["units"])
    assert float(rows[n + 1][5]) == data["average"]["value"]
    xlsx = client.get(f"/compare.xlsx?{PAPER}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    page = soup(client.get(f"/compare?{PAPER}&measure=bdh"))
    downloads = [a["href"] for a in page.select('a[href^="/compare.csv"], a[href^="/compare.xlsx"]')]
    assert downloads and all("measure=bdh" in h for h in downloads)
    assert client.get(f"/compare?{PAPER}&peer=nope").status_code == 404
    assert client.get(f"/compare?{PAPER}&measure=nope").status_code == 404


def test_surveys_page_shows_measures_with_intervals_and_targets_and_exports(client):
    overview = soup(client.get(f"/?{PAPER}"))
    r = client.get(overview.select_one('nav a[href^="/surveys?"]')["href"])
    assert r.status_code == 200, r.text[:400]
    page = soup(r)
    table = page.find("table", id="table-survey-milestones")
    headings = [th.get_text(strip=True) for th in table.thead.find_all("th")]
    assert headings[:6] == ["Survey measure", "Rolling 12 months", "95 % low", "95 % high", "Respondents",
                            "Milestone"]
    first = [td.get_text(strip=True) for td in table.tbody.tr.find_all("td")]   # words, not the codes behind them
    assert first[5:8] == ["Missed: the interval is below the target", "Common cause variation", "Target hit and miss"]
    data = client.get(f"/surveys.json?{PAPER}").json()
    assert len(data["milestones"]) == len(table.tbody.find_all("tr")) >= 1
    for m in data["milestones"]:
        assert m["current"]["low"] <= m["current"]["rate"] <= m["current"]["high"] and 0 < m["target"] < 1
    rows = list(csv.reader(io.StringIO(client.get(f"/surveys.csv?{PAPER}").text)))
    assert rows[0][0] == "Survey measure" and len(rows) == len(data["milestones"]) + 1
    assert float(rows[1][1]) == data["milestones"][0]["current"]["rate"]
    assert client.get(f"/surveys.xlsx?{PAPER}").content[:2] == b"PK"
    assert data["series"] and page.find("table", id=f"table-survey-{next(iter(data['series']))}")


def test_city_of_london_compare_and_surveys_answer(client):
    assert client.get("/surveys?area=force:city-of-london").status_code == 200
    r = client.get("/compare?area=force:city-of-london")
    assert r.status_code == 200 and "No comparison" in r.text   # one local authority: the page says why


def test_a_comparison_that_cannot_be_drawn_is_explained_with_links_not_a_404(client):
    r = client.get("/compare?area=force:city-of-london")
    assert r.status_code == 200
    page = soup(r)
    summary = page.find("section", attrs={"aria-labelledby": "compare-summary-title"})
    assert "No comparison: City of London Police has fewer than 2 areas at level 'la'" in summary.get_text()
    assert page.select_one("img.compare-chart") is None
    link = summary.find("a", string="the areas of West Midlands Police")["href"]
    assert "from_area=force%3Acity-of-london" in link and client.get(link).status_code == 200
    actions = [a.get_text(" ", strip=True) for a in page.select(".page-actions a")]
    assert not any(a.startswith(("CSV", "Excel")) for a in actions) and any(a.startswith("JSON") for a in actions)
    data = client.get("/compare.json?area=force:city-of-london").json()
    assert data["comparison"] is None and "fewer than 2 areas" in data["unavailable"]
    assert client.get("/compare.json?area=force:city-of-london&peer=nope").status_code == 404


def test_the_area_control_lists_no_small_areas_but_keeps_the_one_shown(client):
    """Signed out, a small area's page is refused (403): the drop-down, the same for everyone, leaves
    them out; the Change area page and the area pages link them."""
    city = soup(client.get("/?area=force:city-of-london"))
    values = [o["value"] for o in city.find("select", id="area").find_all("option")]
    assert "la:E09000001" in values and not any(v.startswith("lsoa:") for v in values)
    assert soup(client.get("/areas?area=force:city-of-london")).find("a", href=lambda h: h and "lsoa%3AE01000001" in h)
