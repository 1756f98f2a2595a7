import dataclasses

import pytest

from crimeplan.errors import SpcError
from crimeplan.spc.options import SpcOptions


def test_it_has_ptd_defaults():
    o = SpcOptions()
    assert (o.profile, o.method, o.improvement_direction) == ("ptd", "xmr", "increase")
    assert o.screen_outliers is True


def test_it_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SpcOptions().profile = "mdc2023"


@pytest.mark.parametrize("kwargs, message", [
    ({"fix_after_n_points": 11}, "fix_after_n_points: expected an integer >= 12 or null, got 11"),
    ({"fix_after_n_points": 12.5}, "fix_after_n_points: expected an integer >= 12 or null, got 12.5"),
    ({"improvement_direction": "up"},
     "improvement_direction: expected one of increase, decrease, neutral, got 'up'"),
    ({"profile": "nhs"}, "profile: expected one of ptd, mdc2023, qic, got 'nhs'"),
    ({"method": "c"}, "method: expected one of xmr, p, pprime, u, uprime, run, got 'c'"),
    ({"screen_outliers": "yes"}, "screen_outliers: expected true or false, got 'yes'"),
    ({"target": float("nan")}, "target: expected a finite number or null, got nan"),
    ({"shift_points": 1}, "shift_points: expected an integer >= 2, got 1"),
])
def test_it_rejects_bad_options_with_exact_messages(kwargs, message):
    with pytest.raises(SpcError) as e:
        SpcOptions(**kwargs)
    assert str(e.value) == message


def test_it_accepts_a_baseline_of_twelve():
    assert SpcOptions(fix_after_n_points=12).fix_after_n_points == 12
