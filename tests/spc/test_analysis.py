import json
import math

import pytest

from crimeplan.errors import SpcError
from crimeplan.spc import analyse, analyse_json, read_series_csv

SPIKE = [8, 16] * 6 + [51]           # mean 15; the MR of 35 is screened, AMR 8, UPL 36.28


def months(n, start_year=2012, start_month=4):
    out = []
    for i in range(n):
        m = start_month - 1 + i
        out.append(f"{start_year + m // 12}-{m % 12 + 1:02d}-01")
    return out


def rules_of(result):
    return [(p.index, p.rule, p.direction) for p in result.points if p.rule]


def test_a_spike_above_the_upper_limit():
    r = analyse(SPIKE)
    g = r.groups[0]
    assert (g.mean, g.amr) == (15, 8)
    assert math.isclose(g.upl, 36.28)
    assert rules_of(r) == [(12, "outside_limits", "high")]
    assert r.points[12].point_type == "special_cause_improvement"
    assert r.variation == "improvement_high"


@pytest.mark.parametrize("improvement, ptype, icon", [
    ("increase", "special_cause_improvement", "improvement_high"),
    ("decrease", "special_cause_concern", "concern_high"),
    ("neutral", "special_cause_neutral_high", "neutral_high"),
])
def test_direction_decides_the_point_type_and_icon(improvement, ptype, icon):
    r = analyse(SPIKE, improvement_direction=improvement)
    assert (r.points[12].point_type, r.variation) == (ptype, icon)


def test_the_variation_icon_is_the_latest_points():
    r = analyse(SPIKE + [16, 8])
    assert r.points[12].rule == "outside_limits" and r.variation == "common_cause"


def test_a_point_on_the_mean_breaks_a_run_end_to_end():
    # mean 0: three points above, one on the mean, three above, then a balancing tail
    values = [1, 1, 1, 0, 1, 1, 1, -3, 1, -3, 1, -2]
    assert analyse(values).groups[0].mean == 0
    assert all(p.rule != "shift" for p in analyse(values).points)
    control = [1, 1, 1, 1, 1, 1, 1, -3, 1, -3, 1, -3]
    assert analyse(control).groups[0].mean == 0
    assert [p.rule for p in analyse(control).points][:7] == ["shift"] * 7


def test_a_constant_series_has_limits_on_its_mean_and_no_signals():
    d = analyse([5] * 15).to_dict()
    g = d["groups"][0]
    assert (g["lpl"], g["mean"], g["upl"], g["amr"]) == (5, 5, 5, 0)
    assert {p["point_type"] for p in d["points"]} == {"common_cause"}


def test_a_single_point_has_null_limits_in_json():
    d = analyse([7], target=3).to_dict()
    g = d["groups"][0]
    assert (g["lpl"], g["upl"], g["amr"], g["near_lpl"]) == (None, None, None, None)
    assert d["variation"] == "common_cause" and d["assurance"] is None
    json.dumps(d, allow_nan=False)


def test_short_group_warning_below_thirteen_points():
    assert analyse(list(range(12))).groups[0].short_group_warning
    assert not analyse(list(range(13))).groups[0].short_group_warning


def test_rules_never_cross_a_rebase_boundary():
    values = [5, 3, 5, 3, 5, 3, 5, 3, 1, 2, 3, 4] + [5, 6, 7, 3, 5, 3, 5, 3, 5]
    assert rules_of(analyse(values))[0] == (8, "trend", "high")
    r = analyse(values, rebase_indices=[12])
    assert rules_of(r) == []
    assert [(g.start, g.end, g.n) for g in r.groups] == [(0, 11, 12), (12, 20, 9)]


def test_rebase_by_date_starts_the_new_period_at_that_date():
    values = [10, 11] * 7 + [20, 21] * 7
    r = analyse(values, dates=months(28), rebase_dates=["2013-06-01"])
    d = r.to_dict()
    assert [(g["start"], g["end"], g["mean"]) for g in d["groups"]] == [
        ("2012-04-01", "2013-05-01", 10.5), ("2013-06-01", "2014-07-01", 20.5)]
    assert rules_of(r) == []
    assert rules_of(analyse(values))  # without the rebase, runs on both sides signal


def test_a_rebase_date_not_in_the_series_is_an_error():
    with pytest.raises(SpcError) as e:
        analyse([1, 2, 3], dates=months(3), rebase_dates=["2012-05-15"])
    assert str(e.value) == "rebase_dates: 2012-05-15 is not a date of the series"


def test_rebase_dates_need_dates():
    with pytest.raises(SpcError) as e:
        analyse([1, 2, 3], rebase_dates=["2012-05-01"])
    assert str(e.value) == "rebase_dates: expected dates to be given as well"


def test_fix_after_n_points_below_twelve_is_an_error():
    with pytest.raises(SpcError) as e:
        analyse(list(range(20)), fix_after_n_points=6)
    assert str(e.value) == "fix_after_n_points: expected an integer >= 12 or null, got 6"


def test_fix_after_n_points_judges_later_points_against_the_baseline():
    values = [10, 11] * 6 + [13, 14, 15]
    r = analyse(values, fix_after_n_points=12)
    assert (r.groups[0].mean, r.groups[0].amr) == (10.5, 1)
    assert [p.index for p in r.points if p.rule == "outside_limits"] == [13, 14]
    assert analyse(values).groups[0].mean != 10.5


def test_fix_after_n_points_applies_within_each_period():
    values = [10, 11] * 6 + [40] + [20, 21] * 6 + [90]
    r = analyse(values, rebase_indices=[13], fix_after_n_points=12)
    assert [g.mean for g in r.groups] == [10.5, 20.5]


def test_two_in_three_profiles_differ_on_a_point_beyond_the_limit():
    values = [10, 11] * 6 + [12.5, 14, 10.6]       # near UPL 12.27, UPL 13.16
    ptd = analyse(values, fix_after_n_points=12)
    mdc = analyse(values, fix_after_n_points=12, profile="mdc2023")
    assert rules_of(ptd) == [(13, "outside_limits", "high")]
    assert rules_of(mdc) == [(12, "two_in_three", "high"), (13, "outside_limits", "high")]


def test_a_trend_peak_takes_the_falling_direction():
    values = [4, 0, 8, 0, 8, 0] + [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    r = analyse(values, screen_outliers=False)
    assert r.points[11].rule == "trend" and r.points[11].direction == "high"
    assert r.points[12].rule == "trend" and r.points[12].direction == "low"
    assert r.points[12].point_type == "special_cause_concern"


def test_a_falling_trend_is_improvement_when_decrease_is_good():
    values = [4, 0, 8, 0, 8, 0, 8] + [7, 6, 5, 4, 3, 2, 1]
    r = analyse(values, improvement_direction="decrease")
    assert r.points[-1].rule == "trend" and r.variation == "improvement_low"


def test_screen_outliers_false_reproduces_unscreened_limits():
    values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 60, 10]
    assert math.isclose(analyse(values, screen_outliers=False).groups[0].amr, 10.8)
    assert analyse(values).groups[0].amr == 1


def test_assurance_uses_the_latest_periods_limits():
    values = [10, 11] * 7 + [20, 21] * 7
    whole = analyse(values, target=17)
    rebased = analyse(values, target=17, rebase_indices=[14])
    assert rebased.groups[0].upl < 17 < rebased.groups[1].lpl
    assert rebased.assurance == "consistent_pass"
    assert whole.assurance == "inconsistent"


@pytest.mark.parametrize("limit, offset, icon", [
    ("upl", 0, "inconsistent"), ("upl", 0.01, "consistent_fail"),
    ("lpl", 0, "inconsistent"), ("lpl", -0.01, "consistent_pass"),
])
def test_assurance_on_and_beyond_the_limits(limit, offset, icon):
    values = [11, 13] * 6 + [12]                     # mean 12, AMR 2: limits 6.68 and 17.32
    g = analyse(values).groups[0]
    target = getattr(g, limit) + offset
    assert analyse(values, target=target).assurance == icon


def test_facets_are_analysed_independently():
    a = SPIKE
    b = [50, 52] * 7
    values, facets = [], []
    for i in range(14):
        if i < len(a):
            values.append(a[i])
            facets.append("North")
        values.append(b[i])
        facets.append("South")
    r = analyse(values, facets=facets, target=60)
    north = [p for p in r.points if p.facet == "North"]
    assert [p.rule for p in north] == [p.rule for p in analyse(a).points]
    assert [g.mean for g in r.groups] == [15, 51]
    d = r.to_dict()
    assert d["by_facet"]["North"]["variation"] == "improvement_high"
    assert d["by_facet"]["South"] == {"variation": "common_cause", "assurance": "consistent_fail",
                                      "anhoej": d["groups"][1]["anhoej"]}
    assert d["variation"] is None and d["assurance"] is None
    assert [p["index"] for p in d["points"]] == list(range(len(values)))


def test_rebase_dates_per_facet():
    dates = months(4)
    r = analyse([1, 2, 3, 4, 5, 6, 7, 8], dates=dates + dates, facets=["A"] * 4 + ["B"] * 4,
                rebase_dates={"B": ["2012-06-01"]})
    assert [(g.facet, g.n) for g in r.groups] == [("A", 4), ("B", 2), ("B", 2)]


def test_rebase_date_missing_from_one_facet_names_the_facet():
    with pytest.raises(SpcError) as e:
        analyse([1, 2, 3, 4], dates=months(2) + months(2, 2013), facets=["A", "A", "B", "B"],
                rebase_dates=["2012-05-01"])
    assert str(e.value) == "rebase_dates: 2012-05-01 is not a date of the series in facet 'B'"


@pytest.mark.parametrize("kwargs, message", [
    ({"values": []}, "values: expected a non-empty list of numbers, got an empty list"),
    ({"values": [1, "x"]}, "values[1]: expected a finite number, got 'x'"),
    ({"values": [1, float("nan")]}, "values[1]: expected a finite number, got nan"),
    ({"values": [1, 2], "dates": ["2012-01-01"]}, "dates: expected 2 entries (one per value), got 1"),
    ({"values": [1, 2], "dates": ["2012-01-01", "2012-01-01"]}, "dates[1]: duplicate date 2012-01-01"),
    ({"values": [1, 2], "dates": ["2012-02-01", "2012-01-01"]},
     "dates[1]: expected dates in increasing order, got 2012-01-01 after 2012-02-01"),
    ({"values": [1, 2], "dates": ["2012-01-01", "Feb"]},
     "dates[1]: expected an ISO date (YYYY-MM-DD or YYYY-MM), got 'Feb'"),
    ({"values": [1, 2], "rebase_indices": [5]}, "rebase_indices[0]: expected an integer from 0 to 1, got 5"),
    ({"values": [1, 2], "rebase_indices": [1], "rebase_dates": []},
     "rebase_dates: expected either rebase_indices or rebase_dates, not both"),
    ({"values": [1, 2], "facets": ["A", None]},
     "facets[1]: expected a string or integer facet name, got None"),
])
def test_input_errors_name_the_key(kwargs, message):
    values = kwargs.pop("values")
    with pytest.raises(SpcError) as e:
        analyse(values, **kwargs)
    assert str(e.value) == message


def test_to_dict_has_exactly_the_contract_keys():
    d = analyse(SPIKE).to_dict()
    assert set(d) == {"profile", "settings", "groups", "points", "variation", "assurance", "anhoej", "by_facet"}
    assert set(d["groups"][0]) == {"facet", "start", "end", "n", "mean", "amr", "lpl", "upl", "near_lpl",
                                   "near_upl", "short_group_warning", "sigma_z", "excluded", "anhoej"}
    assert set(d["points"][0]) == {"index", "value", "rule", "direction", "point_type", "excluded"}
    assert d["profile"] == "ptd" and d["settings"]["limit_multiplier"] == 2.66
    assert set(d["settings"]) == {"profile", "chart", "screen_outliers", "fix_after_n_points", "multiply", "exclude",
                                  "limit_multiplier", "near_multiplier", "limit_basis", "rules", "runs_analysis",
                                  "anhoej_thresholds"}
    assert set(d["anhoej"]) == {"centre", "useful_n", "longest_run", "longest_run_max", "crossings",
                                "crossings_min", "signal"}
    assert d["groups"][0]["start"] == 0 and d["groups"][0]["end"] == 12
    assert list(d["by_facet"]) == ["all"]


def test_the_run_method_uses_the_median():
    r = analyse([1, 2, 3, 4, 100], method="run")
    d = r.to_dict()
    assert d["groups"][0]["cl"] == 3 and d["groups"][0]["upl"] is None
    assert d["anhoej"]["centre"] == 3 and d["anhoej"]["useful_n"] == 4
    assert d["assurance"] is None


def test_xmr_anhoej_is_around_the_mean():
    d = analyse(SPIKE).to_dict()
    assert d["anhoej"]["centre"] == 15 and d["anhoej"]["useful_n"] == 13


def test_analyse_json_round_trip():
    out = analyse_json({"values": SPIKE, "dates": months(13), "target": 40, "improvement_direction": None})
    assert out["groups"][0]["start"] == "2012-04-01" and out["groups"][0]["end"] == "2013-04-01"
    assert out["variation"] == "improvement_high" and out["assurance"] == "consistent_fail"
    json.dumps(out, allow_nan=False)


def test_analyse_json_rejects_unknown_keys():
    with pytest.raises(SpcError) as e:
        analyse_json({"values": [1], "valeus": [2]})
    assert str(e.value).startswith("valeus: unknown key; expected one of values, dates, facets,")


def test_analyse_json_validates_types():
    with pytest.raises(SpcError) as e:
        analyse_json({"values": "1,2,3"})
    assert str(e.value) == "values: expected a list of numbers, got str"
    with pytest.raises(SpcError) as e:
        analyse_json({"values": [1, 2], "screen_outliers": "no"})
    assert str(e.value) == "screen_outliers: expected true or false, got 'no'"


def test_read_series_csv(tmp_path):
    p = tmp_path / "vwi.csv"
    p.write_text("date,value,facet\n2012-04,\"1,500\",North\n2012-05-01,1510,North\n")
    assert read_series_csv(p) == {"dates": ["2012-04-01", "2012-05-01"], "values": [1500.0, 1510.0],
                                  "facets": ["North", "North"]}


@pytest.mark.parametrize("text, message", [
    ("date,value\n2012-04-01,10\n2012-05-01,abc\n", "{p}:3: value: expected a number, got 'abc'"),
    ("date,value\n2012-04-01,10\nMay,11\n",
     "{p}:3: date: expected an ISO date (YYYY-MM-DD or YYYY-MM), got 'May'"),
    ("date,count\n", "{p}:1: count: unknown column; expected value, date, facet, numerator, denominator"),
    ("date\n2012-04-01\n",
     "{p}:1: value: missing column; expected 'value' (or 'numerator' and 'denominator')"),
    ("value\n", "{p}:2: expected at least one data row, got none"),
    ("value,date\n1\n", "{p}:2: expected 2 columns, got 1"),
])
def test_read_series_csv_errors_name_file_line_and_column(tmp_path, text, message):
    p = tmp_path / "s.csv"
    p.write_text(text)
    with pytest.raises(SpcError) as e:
        read_series_csv(p)
    assert str(e.value) == message.format(p=p)


def test_read_series_csv_rates_feed_a_p_chart(tmp_path):
    p = tmp_path / "sat.csv"
    p.write_text("numerator,denominator\n80,100\n85,100\n")
    out = analyse_json({**read_series_csv(p), "method": "p"})
    assert out["groups"][0]["cl"] == 0.825


def test_a_rebase_index_splits_only_its_own_facet():
    r = analyse([1, 2, 3, 4, 5, 6], facets=["A", "B"] * 3, rebase_indices=[4])
    assert [(g.facet, g.indices) for g in r.groups] == [("A", (0, 2)), ("A", (4,)), ("B", (1, 3, 5))]


def test_analyse_json_accepts_rebase_dates_per_facet():
    out = analyse_json({"values": [1, 2, 3, 4], "dates": ["2013-01", "2013-02"] * 2,
                        "facets": ["A", "A", "B", "B"], "rebase_dates": {"A": ["2013-02"]}})
    assert [(g["facet"], g["start"]) for g in out["groups"]] == [
        ("A", "2013-01-01"), ("A", "2013-02-01"), ("B", "2013-01-01")]
