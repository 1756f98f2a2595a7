"""Profile ``qic`` (qicharts2's I chart and rules), ``exclude`` and ``multiply``, checked against
Montgomery's *Introduction to Statistical Quality Control* worked examples to their printed precision
(the same examples qicharts2's own test suite reproduces)."""

from __future__ import annotations

import math

import pytest

from crimeplan.errors import SpcError
from crimeplan.spc import analyse, analyse_json
from crimeplan.spc import constants as c

# Montgomery, Example 6.5: weekly cost of processing mortgage loan applications, the 20 weeks the
# limits are computed from (x-bar = 300.5, MR-bar = 7.79; limits 279.78 and 321.22 in the book,
# 279.7833 and 321.2167 in qicharts2's summary with freeze = 20).
MORTGAGE = [310, 288, 297, 298, 307, 303, 294, 297, 308, 306, 294, 299, 297, 299, 314, 295, 293, 306, 301, 304]

# Montgomery, Example 7.1: nonconforming orange-juice cans in 30 samples of 50 (p-bar = 0.2313);
# samples 15 and 23 have assignable causes and are excluded: p-bar = 0.2150, UCL 0.3893, LCL 0.0407,
# and sample 21 then plots above the revised UCL.
CANS = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6]
SAMPLE_SIZE = 50


def test_montgomery_6_5_i_chart_under_qic_reproduces_qicharts2_to_1e_6():
    # Later weeks (the book's Table 6.7 continuation) are not needed: with freeze = 20 the limits come
    # from the first 20 only, so any continuation must leave them where they are.
    continuation = [305, 330, 290, 301, 296]
    for values in (MORTGAGE, MORTGAGE + continuation):
        g = analyse(values, profile="qic", fix_after_n_points=20).groups[0]
        assert g.mean == pytest.approx(300.5, abs=1e-9)
        assert round(g.lpl, 4) == 279.7833 and round(g.upl, 4) == 321.2167
        assert abs(g.lpl - 279.7833) < 1e-4 and abs(g.upl - 321.2167) < 1e-4
        assert g.upl - g.mean == pytest.approx(3 * g.amr / 1.128, abs=1e-6)
        assert g.near_upl - g.mean == pytest.approx(2 * g.amr / 1.128, abs=1e-6)
    # the ptd profile's 2.66 gives the rounded limits of the issue (279.78 / 321.22), not qicharts2's
    g = analyse(MORTGAGE, fix_after_n_points=20).groups[0]
    assert (round(g.lpl, 2), round(g.upl, 2)) == (279.78, 321.22)
    assert abs(g.upl - 321.2167) > 1e-3


def test_qic_flags_only_points_outside_3_sigma_and_reports_anhoej_runs():
    values = MORTGAGE + [330, 305, 306, 307, 308, 309, 310, 311, 312]   # a spike, then a long rise above the mean
    r = analyse(values, profile="qic", fix_after_n_points=20)
    rules = {p.index: p.rule for p in r.points if p.rule}
    assert rules == {20: "outside_limits"}                 # no trend, shift or 2-of-3 under qic
    ptd = analyse(values, fix_after_n_points=20)
    assert {p.rule for p in ptd.points} > {"outside_limits", None}   # ptd sees the run as well
    assert r.anhoej.longest_run > r.anhoej.longest_run_max and r.anhoej.signal


def test_montgomery_7_1_p_chart_with_exclude_gives_0_215_and_flags_sample_21():
    n = [SAMPLE_SIZE] * len(CANS)
    plain = analyse(None, method="p", numerators=CANS, denominators=n, profile="qic").groups[0]
    assert round(plain.cl, 4) == 0.2313 and round(plain.upl, 4) == 0.4102 and round(plain.lpl, 4) == 0.0524
    r = analyse(None, method="p", numerators=CANS, denominators=n, profile="qic", exclude=[14, 22])
    g = r.groups[0]
    assert g.cl == pytest.approx(0.215, abs=1e-12)
    assert (round(g.upl, 4), round(g.lpl, 4)) == (0.3893, 0.0407)
    assert g.excluded == (14, 22)
    flagged = [p.index for p in r.points if p.rule == "outside_limits"]
    assert flagged == [14, 20, 22]                     # excluded points are still judged against the limits
    assert [p.index for p in r.points if p.excluded] == [14, 22]
    assert r.anhoej.useful_n == 28                        # and left out of the runs analysis


def test_exclude_on_an_xmr_chart_bridges_the_gap_and_leaves_the_point_out_of_every_rule():
    values = [10, 12, 11, 13, 60, 12, 11, 10, 12, 11, 13, 12]
    r = analyse(values, exclude=[4])
    kept = values[:4] + values[5:]
    mean = sum(kept) / len(kept)
    mrs = [abs(b - a) for a, b in zip(kept, kept[1:], strict=False)]
    assert r.groups[0].mean == pytest.approx(mean)
    assert r.groups[0].amr == pytest.approx(sum(mrs) / len(mrs))
    assert r.points[4].rule == "outside_limits" and r.points[4].excluded
    assert r.anhoej.useful_n == len([v for v in kept if v != mean])
    d = r.to_dict()
    assert d["groups"][0]["excluded"] == [4] and d["settings"]["exclude"] == [4]
    assert d["points"][4]["excluded"] is True and d["points"][3]["excluded"] is False


def test_an_excluded_point_cannot_complete_a_shift():
    values = [11, 9] * 5 + [11, 12, 11, 12, 11, 12] + [11] + [9, 10, 9, 10, 9, 10]   # 6 above, a 7th at index 16
    with_it = analyse(values)
    without = analyse(values, exclude=[16])
    assert [p.index for p in with_it.points if p.rule == "shift"] == list(range(10, 17))
    assert all(p.rule is None for p in without.points)


def test_multiply_scales_values_centre_and_limits_of_a_rate():
    counts, pops = [30, 41, 25, 38, 33, 29], [10_000, 12_000, 9_000, 11_000, 10_500, 9_800]
    one = analyse(None, method="u", numerators=counts, denominators=pops)
    per_k = analyse(None, method="u", numerators=counts, denominators=pops, multiply=1000)
    assert per_k.groups[0].cl == pytest.approx(one.groups[0].cl * 1000)
    for a, b in zip(one.points, per_k.points, strict=True):
        assert b.value == pytest.approx(a.value * 1000) and b.upl == pytest.approx(a.upl * 1000)
        assert a.rule == b.rule
    assert per_k.to_dict()["settings"]["multiply"] == 1000


def test_every_json_result_states_profile_sigma_z_and_anhoej_thresholds():
    d = analyse_json({"values": MORTGAGE, "profile": "qic", "fix_after_n_points": 20})
    assert d["profile"] == "qic"
    assert d["settings"]["limit_multiplier"] == pytest.approx(3 / c.D2)
    assert d["settings"]["near_multiplier"] == pytest.approx(2 / c.D2)
    assert d["settings"]["rules"] == ["outside_limits"]
    assert d["groups"][0]["sigma_z"] is None
    a = d["groups"][0]["anhoej"]
    assert (a["longest_run_max"], a["crossings_min"]) == (round(math.log2(a["useful_n"])) + 3, 6)  # n = 20
    laney = analyse_json({"numerators": CANS, "denominators": [50] * 30, "method": "pprime",
                          "exclude": [14, 22], "multiply": 100})
    assert laney["groups"][0]["sigma_z"] > 0 and laney["profile"] == "ptd"
    assert laney["groups"][0]["cl"] == pytest.approx(21.5)


@pytest.mark.parametrize("kwargs, message", [
    ({"exclude": [12]}, "exclude[0]: expected an integer from 0 to 11, got 12"),
    ({"exclude": [-1]}, "exclude[0]: expected a 0-based index of a value, got -1"),
    ({"exclude": list(range(12))}, "exclude: leaves no point for the centre line of period 1"),
    ({"multiply": 0}, "multiply: expected a number > 0, got 0"),
    ({"fix_after_n_points": 5}, "fix_after_n_points: expected an integer >= 12 or null, got 5"),
])
def test_bad_exclude_and_multiply_are_named(kwargs, message):
    with pytest.raises(SpcError) as e:
        analyse(list(range(12)), **kwargs)
    assert str(e.value) == message


def test_qic_accepts_a_short_freeze():
    assert analyse(MORTGAGE, profile="qic", fix_after_n_points=5).groups[0].mean == pytest.approx(sum(MORTGAGE[:5]) / 5)
