from crimeplan.spc import constants as c


def test_it_derives_the_process_limit_multiplier_from_d2():
    assert round(3 / c.D2, 2) == c.PROCESS_LIMIT_MULTIPLIER
    assert abs(c.NEAR_LIMIT_MULTIPLIER - 1.77333) < 1e-5


def test_it_names_the_rule_defaults_and_palette():
    names = (c.SHIFT_POINTS, c.TREND_POINTS, c.SHORT_GROUP_THRESHOLD, c.MIN_FIX_AFTER_N_POINTS)
    assert names == (7, 7, 13, 12)
    assert c.MR_SCREEN_MULTIPLIER == 3.267
    assert c.POINT_TYPE_COLOURS["special_cause_concern"] == "#e46c0a"
    assert c.COLOUR_TARGET == "#de1b1b"
    # colour is never the only signal: every point type has its own shape
    assert len(set(c.POINT_TYPE_SHAPES.values())) == len(c.POINT_TYPES)
