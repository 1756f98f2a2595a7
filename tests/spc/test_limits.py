import math

from crimeplan.spc.limits import average_moving_range, moving_ranges, xmr_limits


def test_it_computes_mean_amr_and_limits_with_2_66():
    lim = xmr_limits([1, 2, 3, 4, 5])
    assert (lim.mean, lim.amr) == (3, 1)
    assert math.isclose(lim.upl, 5.66) and math.isclose(lim.lpl, 0.34)
    assert math.isclose(lim.near_upl, 3 + 2 * 2.66 / 3)


def test_it_does_not_clip_the_lower_limit_at_zero():
    assert xmr_limits([0, 3, 0, 3]).lpl < 0


def test_moving_ranges_are_absolute_consecutive_differences():
    assert moving_ranges([3, 1, 4, 1]) == [2, 3, 3]


def test_screening_drops_moving_ranges_at_or_above_3_267_amr0_once():
    mrs = [1] * 8 + [50, 50]              # AMR0 = 10.8, cut-off 35.28
    assert average_moving_range(mrs, screen_outliers=False) == 10.8
    assert average_moving_range(mrs) == 1


def test_screening_keeps_a_moving_range_just_below_the_cut_off():
    mrs = [1, 1, 1, 1, 1, 1, 1, 1, 1, 3]  # AMR0 = 1.2, cut-off 3.92
    assert math.isclose(average_moving_range(mrs), 1.2)


def test_screening_off_reproduces_mdc_excel_limits():
    values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 60, 10]
    assert math.isclose(xmr_limits(values, screen_outliers=False).amr, 10.8)
    assert xmr_limits(values).amr == 1


def test_a_constant_series_has_limits_on_its_mean():
    lim = xmr_limits([5] * 15)
    assert (lim.lpl, lim.mean, lim.upl, lim.amr) == (5, 5, 5, 0)


def test_a_single_point_has_undefined_limits():
    lim = xmr_limits([7])
    assert lim.mean == 7 and math.isnan(lim.amr) and math.isnan(lim.upl) and math.isnan(lim.lpl)


def test_a_fixed_baseline_uses_only_the_first_k_points():
    lim = xmr_limits([10, 12] * 6 + [100, 100], fix_after_n_points=12)
    assert (lim.mean, lim.amr, lim.n_baseline) == (11, 2, 12)
