"""SPC chart SVGs cached by their inputs: the same result and options render once, a change of
either renders again, and the on-disk cache is shared by a second process's cache."""

from __future__ import annotations

from crimeplan import spc
from crimeplan.render.chartcache import ChartCache, chart_key

VALUES = [12, 15, 11, 14, 13, 16, 12, 30, 14, 13, 15, 12]
DATES = [f"2013-{m:02d}-01" for m in range(1, 13)]


def test_same_inputs_render_once_and_changes_render_again(tmp_path):
    result = spc.analyse(VALUES, dates=DATES)
    cache = ChartCache(tmp_path)
    first = cache.svg(result, dates=DATES, title="Burglary", y_label="offences a month")
    assert first.lstrip().startswith("<svg") and "Burglary" in first
    assert cache.svg(result, dates=DATES, title="Burglary", y_label="offences a month") == first
    assert (cache.hits, cache.misses) == (1, 1)
    cache.svg(result, dates=DATES, title="Robbery", y_label="offences a month")
    cache.svg(spc.analyse(VALUES[:-1] + [40], dates=DATES), dates=DATES, title="Burglary", y_label="offences a month")
    assert cache.misses == 3

    other = ChartCache(tmp_path, render=lambda *a, **k: "not rendered")   # a second worker, same folder
    assert other.svg(result, dates=DATES, title="Burglary", y_label="offences a month") == first
    assert len(list(tmp_path.glob("*/*.svg"))) == 3


def test_key_depends_on_result_and_options_only():
    a, b = spc.analyse(VALUES, dates=DATES), spc.analyse(list(VALUES), dates=list(DATES))
    assert chart_key(a, title="x") == chart_key(b, title="x") != chart_key(a, title="y")
    assert len(chart_key(a)) == 64


def test_a_new_look_of_the_chart_code_is_a_new_key(monkeypatch):
    from crimeplan.render import chartcache

    result = spc.analyse(VALUES, dates=DATES)
    before = chart_key(result, title="x")
    monkeypatch.setattr(chartcache, "CHART_CODE", "another version of crimeplan/spc/chart.py")
    assert chart_key(result, title="x") != before


def test_memory_is_bounded():
    cache = ChartCache(memory_items=2, render=lambda result, **k: k["title"])
    result = spc.analyse(VALUES)
    for title in "abc":
        cache.svg(result, title=title)
    assert cache.svg(result, title="a") == "a" and cache.misses == 4   # "a" was evicted
