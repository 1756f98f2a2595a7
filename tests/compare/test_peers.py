"""Peer groups on both stores: the shipped comparator set, user sets, CSV load, validation."""

from __future__ import annotations

import pytest

from crimeplan.compare.peers import (
    PeerGroup,
    get_peer_group,
    list_peer_groups,
    load_peer_groups,
    remove_peer_group,
    save_peer_group,
)
from crimeplan.errors import ConfigError, IngestError, NotFoundError
from crimeplan.workflow.audit import audit_entries, verify_chain


def test_the_papers_comparator_set_ships_with_the_schema(store):
    group = get_peer_group(store, "wmp-paper")
    assert group.members == ("west-midlands", "greater-manchester", "merseyside", "west-yorkshire")
    assert group.focal == "west-midlands" and group.kind == "comparator"


def test_user_sets_are_saved_replaced_and_removed(store):
    save_peer_group(store, PeerGroup("north", "Northern metros", "comparator", "merseyside", "force",
                                     ("merseyside", "northumbria", "south-yorkshire")), actor="ana")
    save_peer_group(store, PeerGroup("north", "Northern metros", "comparator", None, "force",
                                     ("merseyside", "northumbria")), actor="ana")
    assert get_peer_group(store, "north").members == ("merseyside", "northumbria")
    assert [g.group_id for g in list_peer_groups(store)] == ["north", "wmp-paper"]
    remove_peer_group(store, "north", actor="bo")
    with pytest.raises(NotFoundError, match="unknown peer group 'north'"):
        get_peer_group(store, "north")


@pytest.mark.parametrize("members, focal, message", [
    (("west-midlands",), None, "at least 2 members"),
    (("west-midlands", "gotham"), None, "'gotham' is not a police.uk force slug"),
    (("west-midlands", "merseyside"), "kent", "focal 'kent' must be one of the members"),
])
def test_invalid_groups_are_refused(duck, members, focal, message):
    with pytest.raises(ConfigError, match=message):
        save_peer_group(duck, PeerGroup("bad", "Bad", "official", focal, "force", members), actor="ana")


def test_groups_load_from_csv_and_a_bad_row_changes_nothing(duck, tmp_path):
    good = tmp_path / "msg.csv"
    good.write_text("group_id,name,kind,focal,level,member,source\n"
                    "msg-wm,West Midlands MSG,official,west-midlands,force,west-midlands,HMIC 2013\n"
                    "msg-wm,West Midlands MSG,official,west-midlands,force,greater-manchester,HMIC 2013\n"
                    "msg-wm,West Midlands MSG,official,west-midlands,force,west-yorkshire,HMIC 2013\n")
    assert [g.group_id for g in load_peer_groups(duck, good, actor="ana")] == ["msg-wm"]
    assert get_peer_group(duck, "msg-wm").source == "HMIC 2013"
    bad = tmp_path / "bad.csv"
    bad.write_text("group_id,name,kind,focal,level,member\nx,X,official,,force,west-midlands\n"
                   "x,X,official,,force,kent\ny,Y,informal,,force,kent\ny,Y,informal,,force,essex\n")
    with pytest.raises(IngestError, match=r"bad.csv:4: .*kind 'informal'"):
        load_peer_groups(duck, bad, actor="ana")
    assert {g.group_id for g in list_peer_groups(duck)} == {"msg-wm", "wmp-paper"}


def test_every_change_to_a_group_is_in_the_audit_trail_with_what_it_was(store):
    """A comparison's peers decide its ranks: who changed a group, and from what, is on record."""
    first = PeerGroup("north", "Northern metros", "comparator", "merseyside", "force",
                      ("merseyside", "northumbria", "south-yorkshire"))
    second = PeerGroup("north", "Northern metros", "comparator", None, "force", ("merseyside", "northumbria"))
    save_peer_group(store, first, actor="ana")
    save_peer_group(store, first, actor="ana")  # unchanged: nothing to record
    save_peer_group(store, second, actor="bo")
    remove_peer_group(store, "north", actor="cy")
    entries = audit_entries(store, entity="peer_group:", include_loads=False)
    assert [(e.actor, e.action, e.entity) for e in entries] == [
        ("ana", "peer_group.save", "peer_group:north"), ("bo", "peer_group.save", "peer_group:north"),
        ("cy", "peer_group.remove", "peer_group:north")]
    assert (entries[0].before, entries[0].after) == (None, first.to_dict())
    assert (entries[1].before, entries[1].after) == (first.to_dict(), second.to_dict())
    assert (entries[2].before, entries[2].after) == (second.to_dict(), None)
    assert verify_chain(store).intact


def test_the_group_commands_record_who_ran_them(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from crimeplan.cli import cli
    from crimeplan.store import open_store

    monkeypatch.setenv("USER", "dana")
    monkeypatch.setattr("getpass.getuser", lambda: "dana")
    db = str(tmp_path / "store.duckdb")
    for args in (["add", "north", "--members", "merseyside,northumbria"], ["remove", "north"]):
        done = CliRunner().invoke(cli, ["--db", db, "compare", "groups", *args])
        assert done.exit_code == 0, done.output
    with open_store(db) as store:
        entries = audit_entries(store, entity="peer_group:north", include_loads=False)
    assert [(e.actor, e.action) for e in entries] == [("dana", "peer_group.save"), ("dana", "peer_group.remove")]
    assert entries[0].after["members"] == ["merseyside", "northumbria"]


def test_a_group_change_moves_the_version_the_portal_caches_its_group_list_by(store):
    """The portal lists peer groups by the store's data version: a group added or removed by the CLI
    while a PostgreSQL portal runs shows on its next page."""
    from crimeplan.store.versions import read_version

    before = read_version(store).tag
    save_peer_group(store, PeerGroup("north", "Northern metros", "comparator", None, "force",
                                     ("merseyside", "northumbria")), actor="ana")
    added = read_version(store).tag
    remove_peer_group(store, "north", actor="ana")
    assert len({before, added, read_version(store).tag}) == 3
