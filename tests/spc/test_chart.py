import xml.etree.ElementTree as ET

import pytest

from crimeplan.spc import analyse
from crimeplan.spc.chart import spc_chart_svg, spc_chart_text

SVG = "{http://www.w3.org/2000/svg}"
VALUES = [1540, 1460] * 7 + [1540] + [2109] + [1649, 1529] * 6
DATES = [f"{2012 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}-01" for i in range(len(VALUES))]


@pytest.fixture(scope="module")
def result():
    return analyse(VALUES, dates=DATES, rebase_dates=["2013-07-01"], target=1600,
                   improvement_direction="decrease")


@pytest.fixture(scope="module")
def svg(result):
    return spc_chart_svg(result, dates=DATES, title="Violence with injury", y_label="Offences",
                         target=1600, annotations=[("2013-07-01", "Domestic abuse campaign")])


def test_the_svg_parses_and_has_one_point_mark_per_value(svg):
    root = ET.fromstring(svg)
    groups = [g for g in root.iter(f"{SVG}g") if "mark-symbol role-mark" in (g.get("class") or "")]
    assert len(groups) == 1
    assert len(groups[0].findall(f"{SVG}path")) == len(VALUES)


def test_the_svg_has_title_annotation_target_and_palette(svg):
    texts = {t.text for t in ET.fromstring(svg).iter(f"{SVG}text")}
    assert {"Violence with injury", "Domestic abuse campaign", "Offences"} <= texts
    assert "#de1b1b" in svg.lower()           # target line
    assert "#e46c0a" in svg.lower()           # the spike is a concern when decrease is good
    assert "#a6a6a6" in svg.lower()


def test_point_types_are_shown_by_shape_as_well_as_colour(svg):
    texts = {t.text for t in ET.fromstring(svg).iter(f"{SVG}text")}
    assert {"Common cause", "Concern"} <= texts   # legend entries
    legends = [g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("aria-roledescription") == "legend"]
    point_type = next(g for g in legends if "Point type" in {t.text for t in g.iter(f"{SVG}text")})
    symbols = [g for g in point_type.iter(f"{SVG}g") if "role-legend-symbol" in (g.get("class") or "")]
    paths = {p.get("d") for g in symbols for p in g.iter(f"{SVG}path")}
    assert len(paths) == 2                       # a circle and a square, not one shape twice


def test_the_text_alternative_summarises_periods_and_signals(result):
    text = spc_chart_text(result, DATES, "Violence with injury", target=1600)
    assert text.startswith("Violence with injury: SPC chart of 28 points from April 2012 to July 2014.")
    assert "Period 2, July 2013 to July 2014: mean 1,629, process limits 1,234 to 2,024." in text
    assert "Signals: July 2013 (2,109): outside the process limits, concern." in text
    assert "Target: 1,600." in text and "Assurance: inconsistent." in text


def test_the_text_alternative_without_signals():
    r = analyse([1, 3] * 7)
    assert spc_chart_text(r) == ("SPC chart of 14 points from point 1 to point 14. Over the chart: mean 2, "
                                 "process limits -3.3 to 7.3. No special-cause variation. "
                                 "Variation: common cause.")


def test_a_chart_without_dates_uses_the_point_index():
    r = analyse([8, 16] * 6 + [51], rebase_indices=[6])
    root = ET.fromstring(spc_chart_svg(r, title="Indexed", annotations=[(6, "rebase")]))
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert {"Indexed", "rebase", "Point"} <= texts
