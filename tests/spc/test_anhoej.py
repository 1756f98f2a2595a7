import pytest

from crimeplan.spc.anhoej import critical_values, runs_analysis


@pytest.mark.parametrize("n, longest_max, crossings_min", [
    (10, 6, 2), (12, 7, 3), (14, 7, 4), (20, 7, 6), (24, 8, 8), (30, 8, 10), (40, 8, 14),
    (50, 9, 19), (100, 10, 41),
])
def test_critical_values_match_the_qicharts2_table(n, longest_max, crossings_min):
    assert critical_values(n) == (longest_max, crossings_min)


def test_too_few_crossings_signal():
    r = runs_analysis(list(range(1, 11)))       # median 5.5: five below then five above
    assert (r.centre, r.useful_n, r.longest_run, r.crossings) == (5.5, 10, 5, 1)
    assert (r.longest_run_max, r.crossings_min, r.signal) == (6, 2, True)


def test_a_long_run_signals():
    r = runs_analysis([1] * 7 + [3, 2, 3], centre=2)   # the point on the centre is dropped
    assert (r.useful_n, r.longest_run, r.crossings) == (9, 7, 1)
    assert r.longest_run_max == 6 and r.signal


def test_an_alternating_series_does_not_signal():
    r = runs_analysis([1, 3] * 6)
    assert (r.longest_run, r.crossings, r.signal) == (1, 11, False)


def test_points_on_the_centre_are_not_useful():
    r = runs_analysis([1, 3, 2, 3, 5], centre=3)
    assert r.useful_n == 3
