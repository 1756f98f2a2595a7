import math

import pytest

from crimeplan.spc import analyse
from crimeplan.spc.attribute import attribute_limits, laney_sigma_z


def test_p_chart_limits_by_hand():
    lim = attribute_limits([10, 20], [100, 400], chart="p")
    p = 30 / 500
    s1, s2 = math.sqrt(p * (1 - p) / 100), math.sqrt(p * (1 - p) / 400)
    assert lim.cl == p
    assert math.isclose(lim.ucl[0], p + 3 * s1) and math.isclose(lim.ucl[1], p + 3 * s2)
    assert lim.lcl[0] == 0 and math.isclose(lim.lcl[1], p - 3 * s2)  # first clipped at 0
    assert math.isclose(lim.near_ucl[1], p + 2 * s2)
    assert lim.sigma_z is None


def test_p_chart_upper_limit_is_clipped_at_one():
    assert attribute_limits([9, 10], [10, 10], chart="p").ucl == (1.0, 1.0)


def test_laney_p_prime_against_a_hand_computation():
    y, n = [10, 20, 15, 30], [100, 100, 100, 100]
    pbar = 75 / 400                                   # 0.1875
    sigma = math.sqrt(0.1875 * 0.8125 / 100)          # 0.0390312...
    z = [(0.10 - pbar) / sigma, (0.20 - pbar) / sigma, (0.15 - pbar) / sigma, (0.30 - pbar) / sigma]
    mrs = [abs(z[1] - z[0]), abs(z[2] - z[1]), abs(z[3] - z[2])]
    sigma_z = (sum(mrs) / 3) / 1.128                  # no MR >= 3.267 x AMR0, nothing screened
    assert math.isclose(sigma_z, 2.27143, rel_tol=1e-4)
    lim = attribute_limits(y, n, chart="pprime")
    assert math.isclose(lim.sigma_z, sigma_z)
    assert math.isclose(lim.ucl[0], pbar + 3 * sigma * sigma_z)
    assert math.isclose(lim.ucl[0], 0.45346, rel_tol=1e-4)
    assert lim.lcl[0] == 0.0


def test_laney_sigma_z_screens_moving_ranges_when_on():
    z = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 30, 0]      # MRs: ten 1s, then 30 and 30
    assert math.isclose(laney_sigma_z(z, screen_outliers=False), (10 + 60) / 12 / 1.128)
    assert math.isclose(laney_sigma_z(z), 1 / 1.128)


def test_u_chart_limits_by_hand():
    lim = attribute_limits([4, 6, 5], [2, 3, 2.5], chart="u")
    assert lim.cl == 2.0
    assert lim.ucl[0] == 2 + 3 * math.sqrt(2 / 2)
    assert lim.lcl == (0.0, 0.0, 0.0)                 # 2 - 3 sqrt(2/n) < 0, clipped


def test_a_large_sample_p_chart_over_signals_and_p_prime_does_not():
    import random
    rng = random.Random(7)
    n = [20000] * 24
    rates = [0.80 + rng.gauss(0, 0.01) for _ in n]
    y = [round(r * d) for r, d in zip(rates, n, strict=True)]
    p = analyse(None, method="p", numerators=y, denominators=n)
    pp = analyse(None, method="pprime", numerators=y, denominators=n)
    def count(r):
        return sum(pt.rule == "outside_limits" for pt in r.points)

    assert count(p) > 5 and count(pp) == 0


def test_attribute_json_has_cl_and_per_point_limits():
    d = analyse(None, method="u", numerators=[4, 6, 5], denominators=[2, 3, 2.5]).to_dict()
    assert d["groups"][0]["cl"] == 2.0 and d["groups"][0]["amr"] is None
    assert d["points"][0]["ucl"] == 5.0 and d["points"][0]["lcl"] == 0.0
    assert d["points"][1]["value"] == 2.0


@pytest.mark.parametrize("kwargs, message", [
    ({"numerators": [5], "denominators": [0]}, "denominators[0]: expected a number > 0, got 0.0"),
    ({"numerators": [5], "denominators": [4]},
     "numerators[0]: expected at most denominators[0] (4) for a proportion, got 5"),
    ({"numerators": [1, 2], "denominators": [4]}, "denominators: expected 2 entries (one per value), got 1"),
    ({"numerators": [1]}, "numerators: expected numerators and denominators when method is 'p'"),
])
def test_attribute_input_errors(kwargs, message):
    from crimeplan.errors import SpcError
    with pytest.raises(SpcError) as e:
        analyse(None, method="p", **kwargs)
    assert str(e.value) == message


def test_values_given_with_a_p_chart_must_be_the_rates():
    from crimeplan.errors import SpcError
    assert analyse([0.25], method="p", numerators=[1], denominators=[4]).points[0].value == 0.25
    with pytest.raises(SpcError) as e:
        analyse([0.3], method="p", numerators=[1], denominators=[4])
    assert str(e.value) == ("values[0]: expected numerators[0]/denominators[0] = 0.25 "
                            "when method is 'p', got 0.3")
