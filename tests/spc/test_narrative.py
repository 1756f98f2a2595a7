import pytest

from crimeplan.errors import SpcError
from crimeplan.spc import analyse
from crimeplan.spc.narrative import describe_change, describe_milestone, describe_series, format_number


def months(n, start_year=2012, start_month=4):
    return [f"{start_year + (start_month - 1 + i) // 12}-{(start_month - 1 + i) % 12 + 1:02d}-01"
            for i in range(n)]


# Violence with injury, shaped like the board paper: 15 months around 1,500, then from July 2013
# a spike of 2,109 and twelve months alternating around a new average of exactly 1,629.
VWI = [1540, 1460] * 7 + [1540] + [2109] + [1649, 1529] * 6
VWI_DATES = months(len(VWI))


def vwi():
    return analyse(VWI, dates=VWI_DATES, rebase_dates=["2013-07-01"])


def test_headline_change_against_the_baseline_year():
    assert describe_change("Violence with injury", 17841, 19393, "2012/13") == (
        "Violence with injury is 8.7 % (1,552 offences) higher than in 2012/13.")
    assert describe_change("Burglary dwelling", 13700, 12860, "2012/13", "victims") == (
        "Burglary dwelling is 6.1 % (840 victims) lower than in 2012/13.")
    assert describe_change("X", 10, 10, "2012/13") == "X is the same as in 2012/13 (10 offences)."


def test_the_board_paper_sentence_for_violence_with_injury():
    r = vwi()
    assert r.groups[1].mean == 1629 and r.points[15].rule == "outside_limits"
    assert describe_milestone(title="Violence with injury", baseline=17841, current=19393,
                              baseline_label="2012/13", series=r, dates=VWI_DATES) == [
        "Violence with injury is 8.7 % (1,552 offences) higher than in 2012/13.",
        ("After a spike in July 2013, it has been stable close to its average of 1,629 a month; "
         "there was a step change up from July 2013."),
    ]


def test_a_registered_change_gives_its_reason():
    out = describe_series(vwi(), registered_changes=[("2013-07-01", "more domestic abuse recorded")])
    assert out[0].endswith("there was a step change up from July 2013 (more domestic abuse recorded).")


def test_a_registered_change_without_a_rebase_compares_the_means_either_side():
    r = analyse([100, 104] * 7 + [90, 94] * 7, dates=months(28))
    out = describe_series(r, registered_changes=[("2013-06-01", "")])
    assert "there was a step change down from June 2013" in out[0]


def test_stable_without_any_signal():
    r = analyse([1540, 1460] * 7, dates=months(14))
    assert describe_series(r) == ["It has been stable close to its average of 1,500 a month."]


def test_a_run_to_the_latest_point_is_a_step_change():
    r = analyse([10, 12] * 6 + [7, 8] * 4, dates=months(20))
    [sentence] = describe_series(r, subject="burglary", per_period="a month")
    assert sentence == ("Burglary has been below its average of 9.6 a month for 8 consecutive months, "
                        "since April 2013 (a concern); this suggests a step change down from April 2013.")


def test_a_rising_trend_to_the_latest_point():
    r = analyse([4, 0, 8, 0, 8, 0, 8] + [1, 2, 3, 4, 5, 6, 7], dates=months(14),
                improvement_direction="decrease")
    [sentence] = describe_series(r)
    assert sentence == ("It has been rising for 7 consecutive months, since November 2012, "
                        "against its average of 4 a month (a concern).")


def test_a_seasonal_pattern_is_named_with_its_months():
    # April 2012 to March 2015: October to January high every year
    dates = months(36)
    values = [130 if int(d[5:7]) in (10, 11, 12, 1) else 100 + (i % 2) * 4 for i, d in enumerate(dates)]
    out = describe_series(analyse(values, dates=dates))
    assert out[-1] == ("There is a seasonal pattern: it was above average in October, November, "
                       "December and January in each of 3 years.")


def test_alternating_months_are_not_a_seasonal_pattern():
    dates = months(36)
    values = [100 + (i % 2) * 4 for i in range(36)]   # the same six months are high every year
    assert not any("seasonal" in s for s in describe_series(analyse(values, dates=dates)))


def test_no_seasonal_pattern_in_two_years():
    dates = months(24)
    values = [130 if int(d[5:7]) in (10, 11, 12, 1) else 100 for d in dates]
    assert not any("seasonal" in s for s in describe_series(analyse(values, dates=dates)))


def test_every_number_comes_from_the_inputs():
    import re
    out = describe_milestone("Violence with injury", 17841, 19393, "2012/13", series=vwi())
    numbers = set(re.findall(r"\d[\d,.]*\d|\d", " ".join(out)))
    assert numbers <= {"8.7", "1,552", "2012/13", "2012", "13", "1,629", "2013"}


def test_numbers_are_formatted_with_thousands_separators():
    assert format_number(1628.6) == "1,629"
    assert format_number(77.66) == "77.7"
    assert format_number(12) == "12"


def test_several_facets_need_a_facet_name():
    r = analyse([1, 2, 3, 4], facets=["A", "A", "B", "B"])
    with pytest.raises(SpcError) as e:
        describe_series(r)
    assert str(e.value) == "facet: expected a facet name for a result with several facets"
    assert describe_series(r, facet="B")[0].startswith("It has been stable close to its average of 3.5")
