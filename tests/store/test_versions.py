"""Which part of the data version a force's results depend on (``DataVersion.figures_for``)."""

from __future__ import annotations

from crimeplan.store.versions import DataVersion, load_marks, register_marks

AREAS = {"force:a": "a", "la:A1": "a", "force:b": "b", "la:B1": "b", "la:AB": None}   # la:AB in both trees


def version(loads, register=()) -> DataVersion:
    return DataVersion(load_marks(loads), (7, 0, 0), register_marks(register))


def test_a_load_changes_its_forces_part_and_a_load_of_no_force_every_part():
    before = version([("a", 1, 1), ("b", 2, 1)])
    for loads, changed in (([("a", 3, 2), ("b", 2, 1)], {"a"}), ([("a", 1, 1), ("b", 2, 1), ("a,b", 3, 1)], {"a", "b"}),
                           ([("a", 1, 1), ("b", 2, 1), (None, 3, 1)], {"a", "b"})):
        after = version(loads)
        assert {f for f in "ab" if after.figures_for(f, AREAS) != before.figures_for(f, AREAS)} == changed
        assert after.figures_for(None, AREAS) != before.figures_for(None, AREAS)   # an area in no tree: every load
        assert after.tag != before.tag and after.figures_tag != before.figures_tag


def test_a_register_entry_changes_its_forces_results_and_its_measures_series():
    base = version([("a", 1, 1), ("b", 2, 1)])
    entries = {"in A": [("vwi", "la:A1", 1, 0)], "everywhere": [("vwi", "*", 1, 0)],
               "in both trees": [("vwi", "la:AB", 1, 0)], "unknown area": [("vwi", "la:ZZ", 1, 0)]}
    expected = {"in A": {"a"}, "everywhere": {"a", "b"}, "in both trees": {"a", "b"}, "unknown area": {"a", "b"}}
    for name, rows in entries.items():
        after = version([("a", 1, 1), ("b", 2, 1)], rows)
        assert {f for f in "ab" if after.figures_for(f, AREAS) != base.figures_for(f, AREAS)} == expected[name], name
        assert after.figures_for("a", AREAS, ("robbery",)) == base.figures_for("a", AREAS, ("robbery",))
        assert after.figures_for("a", AREAS, ()) == base.figures_for("a", AREAS, ())


def test_an_approval_changes_the_tag_but_not_the_figures():
    before, after = version([("a", 1, 1)]), DataVersion(load_marks([("a", 1, 1)]), (8, 0, 0))
    assert after.tag != before.tag
    assert (after.figures, after.figures_tag) == (before.figures, before.figures_tag)
    assert (after.load, after.loads, after.register) == (1, 1, (0, 0))
