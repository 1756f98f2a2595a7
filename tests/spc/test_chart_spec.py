"""The chart's Vega-Lite spec is a plain dict: rendered, it gives the same SVG as the Altair chart did."""

import pytest
import vl_convert

from crimeplan.spc import analyse
from crimeplan.spc.chart import spc_chart_svg
from crimeplan.spc.chart_spec import spc_chart_spec
from tests.spc.altair_reference import altair_spec

VALUES = [1540, 1460] * 7 + [1540] + [2109] + [1649, 1529] * 6
DATES = [f"{2012 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}-01" for i in range(len(VALUES))]
MONTHS_24 = [f"{2020 + i // 12}-{i % 12 + 1:02d}-01" for i in range(24)]


def _counts():
    return analyse(VALUES, dates=DATES, rebase_dates=["2013-07-01"], target=1600, improvement_direction="decrease")


CHARTS = {
    "counts, target, annotation": (_counts, dict(dates=DATES, title="Violence with injury", y_label="Offences",
                                                 target=1600, annotations=[("2013-07-01", "Campaign")])),
    "near limits": (_counts, dict(dates=DATES, title="Near", show_near_lines=True)),
    "indexed": (lambda: analyse([8, 16] * 6 + [51], rebase_indices=[6]),
                dict(title="Indexed", annotations=[(6, "rebase")])),
    "p prime": (lambda: analyse(None, method="pprime", numerators=[30 + i % 5 for i in range(24)],
                                denominators=[200] * 24, dates=MONTHS_24),
                dict(title="Satisfied", y_label="proportion", target=0.16)),
    "trend": (lambda: analyse(list(range(1, 14)) + [2, 3]), {}),
}


@pytest.mark.parametrize("name", CHARTS)
def test_the_dict_spec_renders_the_svg_the_altair_chart_did(name):
    make, options = CHARTS[name]
    result = make()
    svg = spc_chart_svg(result, **options)
    assert svg == vl_convert.vegalite_to_svg(altair_spec(result, **options))
    assert svg.count("<path") > 10


def test_the_spec_is_plain_data_with_one_dataset_of_points():
    make, options = CHARTS["counts, target, annotation"]
    spec = spc_chart_spec(make(), **options)
    assert set(spec["datasets"]) == {"points", "steps", "target", "notes"}
    assert len(spec["datasets"]["points"]) == len(VALUES)
    assert spec["datasets"]["steps"] == [{"x": "2013-07-01"}]
