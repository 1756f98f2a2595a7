from crimeplan.spc import rules

T, F = True, False


def test_sides_are_zero_on_the_mean():
    assert rules.sides([1, 2, 3], 2) == [-1, 0, 1]


def test_outside_limits_is_strict():
    assert rules.outside_limits([0, 1, 5, 9, 10], 1, 9) == [T, F, F, F, T]


def test_shift_flags_every_point_of_a_run_of_seven():
    assert rules.shift([1] * 7) == [T] * 7
    assert rules.shift([1] * 6) == [F] * 6
    assert rules.shift([-1] + [1] * 9 + [-1]) == [F] + [T] * 9 + [F]


def test_a_point_on_the_mean_breaks_a_run():
    assert rules.shift([1, 1, 1, 0, 1, 1, 1, 1]) == [F] * 8


def test_shift_length_is_configurable():
    assert rules.shift([-1] * 6, n=6) == [T] * 6


def test_trend_needs_seven_points_and_six_strict_steps():
    assert rules.trend([2, 1, 2, 3, 4, 5, 6, 7, 3]) == [0, 1, 1, 1, 1, 1, 1, 1, 0]
    assert rules.trend([1, 2, 3, 4, 5, 6]) == [0] * 6
    assert rules.trend([7, 6, 5, 4, 3, 2, 1]) == [-1] * 7


def test_a_tie_breaks_a_trend():
    assert rules.trend([1, 2, 3, 3, 4, 5, 6, 7]) == [0] * 8


def test_a_shared_peak_takes_the_direction_of_the_step_to_the_next_point():
    out = rules.trend([1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1])
    assert out == [1] * 6 + [-1] * 7


def test_two_in_three_flags_only_the_close_points_of_a_same_side_window():
    assert rules.two_in_three([1, 1, 1], [T, F, T]) == [T, F, T]
    assert rules.two_in_three([1, 1, 1], [T, F, F]) == [F, F, F]


def test_two_in_three_needs_all_three_on_the_same_side():
    assert rules.two_in_three([1, 1, -1], [T, T, F]) == [F, F, F]
    assert rules.two_in_three([1, 0, 1], [T, F, T]) == [F, F, F]


def test_close_to_limits_excludes_points_beyond_the_limit_in_ptd():
    # mean 0, near lines +/-2, limits +/-3
    values = [2.5, 3, 3.5, -2.5, 2, 1]
    assert rules.close_to_limits(values, -2, 2, -3, 3) == [T, T, F, T, F, F]


def test_close_to_limits_counts_points_beyond_the_limit_in_mdc2023():
    values = [2.5, 3.5, -4]
    assert rules.close_to_limits(values, -2, 2, -3, 3, count_beyond_limits=True) == [T, T, T]


def test_nan_limits_never_fire():
    nan = float("nan")
    assert rules.outside_limits([1, 100], nan, nan) == [F, F]
    assert rules.close_to_limits([1, 100], nan, nan, nan, nan) == [F, F]
