"""Text output carries what JSON carries (issue 15, deliverable 5): the milestone table's process
behaviour, projection and narrative, and the outcome table's rates by area and by outcome, read back
from the text the CLI prints on the real City of London data and compared with its JSON."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from crimeplan.cli import cli
from crimeplan.render.formatting import count, number
from crimeplan.render.labels import assurance_badge, outcome_type, variation_badge, verdict_badge
from crimeplan.render.tables import TERMINAL_WIDTH
from tests.conftest import CITY_2022, LSOA_LOOKUP, require_real_data

AREA = ("--plan", "police-uk", "--area", "force:city-of-london")


@pytest.fixture(scope="module")
def city(tmp_path_factory) -> str:
    require_real_data()
    db = str(tmp_path_factory.mktemp("city") / "city.duckdb")
    for args in (("ingest", "police-uk", str(CITY_2022)), ("ingest", "areas", str(LSOA_LOOKUP))):
        result = CliRunner().invoke(cli, ["--db", db, *args])
        assert result.exit_code == 0, result.output
    return db


def _run(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _section(text: str, title: str) -> list[str]:
    """The lines of the block titled ``title``: up to the next blank line."""
    lines = text.splitlines()
    start = lines.index(title)
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start + 1:end]


def _read_table(block: list[str], marker: int) -> list[list[str]]:
    """A text table read back: columns cut where the dashes line puts them, a cell wrapped onto
    further lines joined again; a row starts where column ``marker`` (a figure, never wrapped) is set."""
    rule = next(i for i, line in enumerate(block) if set(line) <= {"-", " "} and "-" in line)
    spans, at = [], 0
    for dashes in block[rule].split("  "):
        spans.append((at, at + len(dashes)))
        at += len(dashes) + 2
    rows: list[list[str]] = []
    for line in block[rule + 1:]:
        cells = [line[a:b].strip() for a, b in spans]
        if cells[marker]:
            rows.append(cells)
        else:
            rows[-1] = [f"{old} {new}".strip() for old, new in zip(rows[-1], cells, strict=True)]
    return rows


def test_milestone_text_carries_variation_assurance_and_projection_of_the_json(city):
    day = ("--briefing-date", "2020-11-01")  # seven months into 2020/21: the projection has a range
    text = _run(city, "milestones", *AREA, *day)
    data = json.loads(_run(city, "milestones", *AREA, *day, "--format", "json"))
    assert all(len(line) <= TERMINAL_WIDTH for line in text.split("\n\n", 1)[1].splitlines())
    shown = _read_table(_section(text, "Process behaviour and projection"), marker=4)
    assert [cells[0] for cells in shown] == [row["title"] for row in data["rows"]]
    for cells, row in zip(shown, data["rows"], strict=True):
        a, p = row["assurance"], row["projection"]
        assert p["months_remaining"] == 5 and p["low"] < p["projected_total"] < p["high"]
        assert cells[1:] == [
            variation_badge(a["variation"]).label, assurance_badge(a["target_assurance"]).label,
            f"{number(p['projected_total'])} ({number(p['low'])} to {number(p['high'])})",
            count(p["target_total"]), verdict_badge(p["verdict"]).label]
    said = " ".join(line.strip() for line in _section(text, "What the charts say"))
    for row in data["rows"]:
        for sentence in row["narrative"]:
            assert sentence in said
        assert f"limits {number(row['assurance']['lpl'], 1)} to {number(row['assurance']['upl'], 1)}" in said
        assert f"{row['assurance']['signal_reason']}." in said


def test_milestone_text_says_insufficient_data_where_the_json_is_null(city):
    day = ("--briefing-date", "2018-04-01")  # 2016/17 is not in this download
    text = _run(city, "milestones", *AREA, *day)
    data = json.loads(_run(city, "milestones", *AREA, *day, "--format", "json"))
    shown = _read_table(_section(text, "Process behaviour and projection"), marker=4)
    assert all(row["complete"] is False and row["projection"] is None for row in data["rows"])
    assert [cells[1:] for cells in shown] == [["insufficient data"] * 3 + ["-", "insufficient data"]] * len(shown)
    said = " ".join(line.strip() for line in _section(text, "What the charts say"))
    for row in data["rows"]:
        note = row["coverage_note"]
        assert note.startswith("insufficient data: ") and "2016/17 missing" in note
        assert f"{row['title']}: {note[:1].upper()}{note[1:]}." in said


def test_outcomes_by_lsoa_text_carries_each_areas_counts_and_each_outcome_of_the_json(city):
    day = ("--briefing-date", "2021-04-01", "--by", "lsoa")
    text = _run(city, "outcomes", *AREA, *day)
    data = json.loads(_run(city, "outcomes", *AREA, *day, "--format", "json"))
    assert data["breakdown_level"] == "lsoa"
    for row in data["rows"]:
        areas = _read_table(_section(text, f"{row['title']} by lsoa"), marker=1)
        assert len(row["by_area"]) > 2  # the City's LSOAs, not only "no location"
        expected = [(a["name"] if a["name"] == a["area"] else f"{a['name']} ({a['area']})",
                     count(a["recorded"]), count(a["detected"])) for a in row["by_area"]]
        assert [tuple(cells[:3]) for cells in areas] == expected
        assert sum(int(cells[1].replace(",", "")) for cells in areas) == row["recorded"]
        outcomes = _read_table(_section(text, f"{row['title']} by outcome"), marker=1)
        assert {cells[0]: int(cells[1].replace(",", "")) for cells in outcomes} == {
            outcome_type(k): n for k, n in row["by_outcome_type"].items()}


def test_a_force_without_outcomes_says_so_in_the_text_instead_of_rates(tmp_path):
    """British Transport Police publishes no outcomes: its blocks say so, with no rate and no 0 %."""
    from dataclasses import replace
    from datetime import date

    from crimeplan.loads import ingest_police_uk
    from crimeplan.metrics.areas import resolve_area
    from crimeplan.metrics.outcomes import outcome_table, with_coverage
    from crimeplan.metrics.results import Coverage
    from crimeplan.plan import load_plan
    from crimeplan.render import tables
    from crimeplan.store import open_store
    from tests.conftest import REAL

    require_real_data()
    store = open_store(str(tmp_path / "btp.duckdb"))
    try:
        ingest_police_uk(store, [REAL / "policeuk_all-forces_street_2018-12" / "2018-12-btp-street.csv.gz"])
        result = outcome_table(store, load_plan("police-uk"), date(2019, 1, 1), resolve_area(store, "force:btp"),
                               "lsoa", view="rolling12")
    finally:
        store.close()
    december = Coverage(windows=(("Dec 2018", (date(2018, 12, 1),)),), missing=(), forces=("btp",))
    rows = tuple(with_coverage(replace(r, complete=True, recorded=r.cohort.recorded), december, False)
                 for r in result.rows)
    text = tables.to_text(tables.outcome_table(replace(result, rows=rows)))
    below = text.split("\n\n", 1)[1]
    for row in rows:
        assert row.rate is None
        assert f"{row.title}\n{count(row.recorded)} crimes recorded.\nNo outcomes published by this force." in below
        assert f"{row.title} by outcome\nNo outcomes published by this force." in below
    assert " %" not in below
