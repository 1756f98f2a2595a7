"""The chart's Vega-Lite spec, a plain dict: valid Vega-Lite, and what the board paper and the portal
need of the rendered chart (month labels, a key to every line, print-size text, % axes, a text
alternative). Commit 5493386 showed the dict gave the same SVG as the Altair chart it replaced."""

import re
import xml.etree.ElementTree as ET

import altair as alt
import pytest

from crimeplan.spc import analyse
from crimeplan.spc.chart import spc_chart_svg, spc_chart_text
from crimeplan.spc.chart_spec import A4_CHART_WIDTH_PT, MIN_PRINTED_PT, spc_chart_spec

SVG = "{http://www.w3.org/2000/svg}"
VALUES = [1540, 1460] * 7 + [1540] + [2109] + [1649, 1529] * 6
DATES = [f"{2012 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}-01" for i in range(len(VALUES))]
MONTHS_24 = [f"{2020 + i // 12}-{i % 12 + 1:02d}-01" for i in range(24)]
SHARES = dict(numerators=[30 + i % 5 for i in range(24)], denominators=[200] * 24, dates=MONTHS_24)


def _counts():
    return analyse(VALUES, dates=DATES, rebase_dates=["2013-07-01"], target=1600, improvement_direction="decrease")


CHARTS = {
    "counts": (_counts, dict(dates=DATES, title="Violence with injury", y_label="Offences", target=1600,
                             annotations=[("2013-07-01", "Campaign")])),
    "near limits": (_counts, dict(dates=DATES, title="Near", show_near_lines=True)),
    "indexed": (lambda: analyse([8, 16] * 6 + [51], rebase_indices=[6]),
                dict(title="Indexed", annotations=[(6, "rebase")])),
    "p prime": (lambda: analyse(None, method="pprime", **SHARES), dict(title="Satisfied", target=0.16)),
    "u prime": (lambda: analyse(None, method="uprime", **SHARES), dict(title="Detections")),
}


def _root(name, **extra):
    make, options = CHARTS[name]
    return ET.fromstring(spc_chart_svg(make(), **options | extra))


def _texts(element):
    return [t.text for t in element.iter(f"{SVG}text")]


def _group(root, label_start):
    return next(g for g in root.iter(f"{SVG}g") if (g.get("aria-label") or "").startswith(label_start))


def _legend(root, title):
    return next(g for g in root.iter(f"{SVG}g")
                if g.get("aria-roledescription") == "legend" and title in _texts(g))


@pytest.mark.parametrize("name", CHARTS)
def test_the_spec_is_valid_vega_lite(name):
    make, options = CHARTS[name]
    alt.LayerChart.from_dict(spc_chart_spec(make(), **options))   # raises on anything the schema refuses


@pytest.mark.parametrize("name", CHARTS)
def test_no_text_prints_smaller_than_8_pt_on_a4(name):
    root = _root(name)
    scale = A4_CHART_WIDTH_PT / float(root.get("width"))
    sizes = [float(t.get("font-size").removesuffix("px")) for t in root.iter(f"{SVG}text")]
    assert len(sizes) > 10 and min(sizes) * scale >= MIN_PRINTED_PT


def test_the_x_axis_shows_months_and_years():
    labels = _texts(_group(_root("counts"), "X-axis"))
    assert labels[-1] == "Month" and {"Jul 2012", "Jan 2013", "Jul 2013"} <= set(labels)
    assert all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", label) for label in labels[:-1])


def test_the_key_names_and_draws_every_line():
    key = _legend(_root("counts"), "Lines")
    assert _texts(key) == ["Mean", "Process limits", "Step change (new limits)", "Milestone", "Lines"]
    strokes = [(p.get("stroke"), p.get("stroke-dasharray")) for p in key.iter(f"{SVG}path")
               if p.get("stroke") not in (None, "none", "transparent")]
    assert strokes == [("#000000", ""), ("#6b6b6b", "6,4"), ("#404040", "2,2"), ("#de1b1b", "")]
    assert "Near limits (2 sigma)" in _texts(_legend(_root("near limits"), "Lines"))


def test_proportions_are_on_a_percentage_axis():
    labels = _texts(_group(_root("p prime"), "Y-axis"))
    assert "16\u00a0%" in labels and all(t.endswith("\u00a0%") for t in labels if t[0].isdigit())
    counts = _texts(_group(_root("counts"), "Y-axis"))
    assert "1,600" in counts and not any("%" in t for t in counts)


def test_a_u_chart_is_on_a_percentage_axis_only_when_asked():
    assert not any("%" in t for t in _texts(_group(_root("u prime"), "Y-axis")))
    assert "16\u00a0%" in _texts(_group(_root("u prime", y_percent=True), "Y-axis"))
    assert not any("%" in t for t in _texts(_group(_root("p prime", y_percent=False), "Y-axis")))


def test_every_chart_carries_its_title_and_text_alternative():
    for name, (make, options) in CHARTS.items():
        root = _root(name)
        assert root.find(f"{SVG}title").text == options["title"]
        assert root.find(f"{SVG}desc").text == spc_chart_text(make(), options.get("dates"), options["title"],
                                                              target=options.get("target"))


def test_each_point_is_described_by_its_month_value_and_type():
    labels = [p.get("aria-label") for p in _root("counts").iter(f"{SVG}path")
              if (p.get("aria-roledescription") or "") == "point"]
    assert len(labels) == len(VALUES)
    assert labels[0] == "Apr 2012: 1,540, common cause"
    assert "Jul 2013: 2,109, concern, outside the process limits" in labels
    shares = [p.get("aria-label") for p in _root("p prime").iter(f"{SVG}path")
              if (p.get("aria-roledescription") or "") == "point"]
    assert shares[0] == "Jan 2020: 15.0\u00a0%, common cause"
