"""Read commands' stored results (crimeplan.commands.stored_results): the same answer is read back
while the store's figures stand, and computed again after anything that can change it."""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from crimeplan.commands.stored_results import folder, stored
from crimeplan.register import add_change
from crimeplan.store import open_store
from crimeplan.store.base import LoadRecord
from tests.conftest import copy_store


class Counting:
    """A computation that says how often it ran, and gives a new object each time."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self) -> dict:
        self.runs += 1
        return {"run": self.runs, "figures": [1, 2, 3]}


@pytest.fixture
def results(tmp_path, monkeypatch):
    where = tmp_path / "results"
    monkeypatch.setenv("CRIMEPLAN_RESULTS_CACHE", str(where))
    return where


def _load(store, force: str = "west-midlands") -> None:
    with store.transaction():
        store.record_load(store.new_load_id(), LoadRecord("records", "f.csv", "x", force, ("2014-03",), 1, 1, 0, 0))


def test_a_result_is_read_back_until_a_load_changes_the_store(store, results):
    compute = Counting()
    first = stored(store, "milestones", ("plan", None, date(2014, 4, 1)), compute)
    again = stored(store, "milestones", ("plan", None, date(2014, 4, 1)), compute)
    assert (compute.runs, again) == (1, first)
    _load(store)
    after = stored(store, "milestones", ("plan", None, date(2014, 4, 1)), compute)
    assert (compute.runs, after["run"]) == (2, 2)
    # the store's entries of the older version are gone: one version folder, one entry
    versions = [p for p in next(results.iterdir()).iterdir()]
    assert len(versions) == 1 and len(list(versions[0].iterdir())) == 1


def test_a_register_change_computes_again(store, results):
    compute = Counting()
    stored(store, "milestones", ("plan",), compute)
    add_change(store, measure="vwi", area="force:west-midlands", month=date(2013, 10, 1), reason="new policy")
    stored(store, "milestones", ("plan",), compute)
    assert compute.runs == 2


def test_a_rebuilt_cube_computes_again(duck, results):
    from crimeplan.metrics.cube import build_cube

    compute = Counting()
    stored(duck, "milestones", ("plan",), compute)
    build_cube(duck)
    stored(duck, "milestones", ("plan",), compute)
    assert compute.runs == 2


def test_each_command_and_argument_has_its_own_result(duck, results):
    compute = Counting()
    for inputs in [("milestones", (date(2014, 4, 1), None)), ("milestones", (date(2014, 5, 1), None)),
                   ("milestones", (date(2014, 4, 1), "la:E08000026")), ("outcomes", (date(2014, 4, 1), None))]:
        stored(duck, *inputs, compute)
    assert compute.runs == 4
    assert stored(duck, "milestones", (date(2014, 5, 1), None), compute)["run"] == 2


def test_a_store_built_again_at_the_same_place_is_another_store(tmp_path, results):
    path = tmp_path / "again.duckdb"
    compute = Counting()
    with open_store(str(path)) as s:
        stored(s, "milestones", ("plan",), compute)
    path.unlink()
    with open_store(str(path)) as s:
        assert stored(s, "milestones", ("plan",), compute)["run"] == 2


def test_a_copy_of_a_store_is_another_store(tmp_path, demo_file, results):
    compute = Counting()
    for name in ("one.duckdb", "two.duckdb"):
        with open_store(copy_store(demo_file, tmp_path, name)) as s:
            stored(s, "milestones", ("plan",), compute)
    assert compute.runs == 2


def test_off_keeps_nothing(duck, tmp_path, monkeypatch):
    monkeypatch.setenv("CRIMEPLAN_RESULTS_CACHE", "off")
    assert folder() is None
    compute = Counting()
    stored(duck, "milestones", ("plan",), compute)
    stored(duck, "milestones", ("plan",), compute)
    assert compute.runs == 2


def test_a_folder_others_can_write_to_is_not_used(duck, results):
    results.mkdir(mode=0o700)
    os.chmod(results, 0o777)
    compute = Counting()
    stored(duck, "milestones", ("plan",), compute)
    stored(duck, "milestones", ("plan",), compute)
    assert compute.runs == 2 and list(results.iterdir()) == []


def test_the_folder_is_made_for_its_owner_only(duck, results):
    stored(duck, "milestones", ("plan",), Counting())
    assert results.stat().st_mode & 0o777 == 0o700


def test_an_entry_that_cannot_be_read_is_computed_again(duck, results):
    compute = Counting()
    stored(duck, "milestones", ("plan",), compute)
    (entry,) = results.glob("*/*/*.pickle")
    entry.write_bytes(b"not a pickle")
    assert stored(duck, "milestones", ("plan",), compute)["run"] == 2
    assert stored(duck, "milestones", ("plan",), compute)["run"] == 2  # and stored again


def cli(*args: str):
    from click.testing import CliRunner

    from crimeplan.cli import cli as command_line

    done = CliRunner().invoke(command_line, list(args), catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done


@pytest.mark.parametrize("command", ["milestones", "outcomes"])
def test_the_commands_answer_the_same_from_stored_results(tmp_path, demo_file, results, monkeypatch, command):
    db = copy_store(demo_file, tmp_path)
    args = ["--db", db, command, "--plan", "wmp-2013-14", "--briefing-date", "2014-04-01", "--format", "json"]
    computed = cli(*args)
    read_back = cli(*args)
    assert list(results.glob("*/*/*.pickle")), "nothing was stored"
    monkeypatch.setenv("CRIMEPLAN_RESULTS_CACHE", "off")
    assert json.loads(read_back.output) == json.loads(computed.output) == json.loads(cli(*args).output)
