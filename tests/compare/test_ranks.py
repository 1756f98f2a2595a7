from __future__ import annotations

from crimeplan.compare.ranks import observed_ranks, rank_intervals


def test_rank_intervals_are_reproducible_and_contain_the_observed_rank():
    codes, counts, exposures = ["a", "b", "c", "d"], [100, 104, 98, 300], [10.0, 10.0, 10.0, 10.0]
    first = rank_intervals(codes, counts, exposures, seed=7)
    assert first == rank_intervals(codes, counts, exposures, seed=7)
    for r in first:
        assert r.low <= r.rank <= r.high
    by = {r.code: r for r in first}
    assert (by["d"].low, by["d"].high) == (4, 4)               # clearly the highest
    assert by["a"].high - by["a"].low >= 1                      # a, b, c overlap


def test_observed_ranks_share_ties_and_can_run_descending():
    assert observed_ranks([3.0, 1.0, 3.0]) == [2, 1, 2]
    assert observed_ranks([3.0, 1.0, 2.0], descending=True) == [1, 3, 2]
