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


def test_the_papers_comparator_set_ships_with_the_schema(store):
    group = get_peer_group(store, "wmp-paper")
    assert group.members == ("west-midlands", "greater-manchester", "merseyside", "west-yorkshire")
    assert group.focal == "west-midlands" and group.kind == "comparator"


def test_user_sets_are_saved_replaced_and_removed(store):
    save_peer_group(store, PeerGroup("north", "Northern metros", "comparator", "merseyside", "force",
                                     ("merseyside", "northumbria", "south-yorkshire")))
    save_peer_group(store, PeerGroup("north", "Northern metros", "comparator", None, "force",
                                     ("merseyside", "northumbria")))
    assert get_peer_group(store, "north").members == ("merseyside", "northumbria")
    assert [g.group_id for g in list_peer_groups(store)] == ["north", "wmp-paper"]
    remove_peer_group(store, "north")
    with pytest.raises(NotFoundError, match="unknown peer group 'north'"):
        get_peer_group(store, "north")


@pytest.mark.parametrize("members, focal, message", [
    (("west-midlands",), None, "at least 2 members"),
    (("west-midlands", "gotham"), None, "'gotham' is not a police.uk force slug"),
    (("west-midlands", "merseyside"), "kent", "focal 'kent' must be one of the members"),
])
def test_invalid_groups_are_refused(duck, members, focal, message):
    with pytest.raises(ConfigError, match=message):
        save_peer_group(duck, PeerGroup("bad", "Bad", "official", focal, "force", members))


def test_groups_load_from_csv_and_a_bad_row_changes_nothing(duck, tmp_path):
    good = tmp_path / "msg.csv"
    good.write_text("group_id,name,kind,focal,level,member,source\n"
                    "msg-wm,West Midlands MSG,official,west-midlands,force,west-midlands,HMIC 2013\n"
                    "msg-wm,West Midlands MSG,official,west-midlands,force,greater-manchester,HMIC 2013\n"
                    "msg-wm,West Midlands MSG,official,west-midlands,force,west-yorkshire,HMIC 2013\n")
    assert [g.group_id for g in load_peer_groups(duck, good)] == ["msg-wm"]
    assert get_peer_group(duck, "msg-wm").source == "HMIC 2013"
    bad = tmp_path / "bad.csv"
    bad.write_text("group_id,name,kind,focal,level,member\nx,X,official,,force,west-midlands\n"
                   "x,X,official,,force,kent\ny,Y,informal,,force,kent\ny,Y,informal,,force,essex\n")
    with pytest.raises(IngestError, match=r"bad.csv:4: .*kind 'informal'"):
        load_peer_groups(duck, bad)
    assert {g.group_id for g in list_peer_groups(duck)} == {"msg-wm", "wmp-paper"}
