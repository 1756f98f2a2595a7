"""Issue 15: every force of the archive loads and every real label maps (on the real files).

The expected figures are counted here with the csv and gzip modules, never by crimeplan."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from crimeplan import reference
from crimeplan.loads import ingest_police_uk
from crimeplan.metrics.published import NO_OUTCOMES, months_without_outcomes, outcomes_published, published_months
from crimeplan.metrics.status import load_status
from crimeplan.plan import load_plan
from crimeplan.store import open_store
from tests.conftest import MULTI, REAL, ROOT, require_real_data
from tests.ingest.helpers import count_csvs, street_files

ALL_FORCES = REAL / "policeuk_all-forces_street_2018-12"


def _rows(path: Path):
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _force(path: Path) -> str:
    return path.name.removesuffix(".gz").removesuffix(".csv").removesuffix("-street")[len("2018-12-"):]


def _independent_cube(folder: Path) -> Counter:
    """(force, crime type, outcome label or None) → rows, from the files."""
    counts: Counter = Counter()
    for path in sorted(folder.glob("*-street.csv.gz")):
        for row in _rows(path):
            counts[(_force(path), row["Crime type"], row["Last outcome category"] or None)] += 1
    return counts


@pytest.fixture(scope="module")
def all_forces(tmp_path_factory):
    """The 41-force month loaded with one `crimeplan ingest police-uk FOLDER`, as an analyst would."""
    require_real_data()
    db = tmp_path_factory.mktemp("all-forces") / "store.duckdb"
    run = subprocess.run([sys.executable, "-m", "crimeplan", "--db", str(db), "ingest", "police-uk", str(ALL_FORCES)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    store = open_store(str(db))
    yield run, store
    store.close()


def test_all_41_forces_load_in_one_command(all_forces):
    run, store = all_forces
    assert run.returncode == 0, run.stderr
    files = sorted(ALL_FORCES.glob("*-street.csv.gz"))
    assert len(files) == 41
    assert "41 file(s)" in run.stdout
    # piped: one progress line per file on stderr, and nothing else there
    assert [line.split(" ", 2)[1] for line in run.stderr.splitlines()] == [f"{i}/41" for i in range(1, 42)]
    loaded = {f for (f,) in store.fetchall("SELECT DISTINCT force FROM crimes WHERE superseded_by IS NULL")}
    assert loaded == {_force(p) for p in files} and {"btp", "northern-ireland"} <= loaded


def test_every_force_type_and_label_equals_the_independent_count(all_forces):
    _, store = all_forces
    expected = _independent_cube(ALL_FORCES)
    got: Counter = Counter()
    for force, category, label, n in store.fetchall(
            "SELECT force, category, outcome_label, count(*) FROM crimes WHERE superseded_by IS NULL GROUP BY 1, 2, 3"):
        got[(force, category, label)] += n
    for force, n in store.fetchall("SELECT force, count(*) FROM asb WHERE superseded_by IS NULL GROUP BY 1"):
        got[(force, reference.ASB_LABEL, None)] += n
    assert got == expected
    assert sum(got.values()) == 342_885  # PROVENANCE.md: rows of the 41 files


def test_status_matches_the_csvs_for_every_force(all_forces):
    _, store = all_forces
    status = load_status(store)
    for path in sorted(ALL_FORCES.glob("*-street.csv.gz")):
        assert status["forces"][_force(path)] == count_csvs([path], _force(path)), path.name
    assert status["unknown_labels"] == {"outcome": {}}


def test_forces_without_outcomes_are_marked_as_publishing_none(all_forces):
    _, store = all_forces
    december = dt.date(2018, 12, 1)
    published = published_months(store)
    btp, psni = published[("btp", december)], published[("northern-ireland", december)]
    assert (btp.crimes, btp.with_outcome, btp.with_crime_id, btp.with_lsoa) == (5525, 0, 0, 5386)
    assert (psni.crimes, psni.with_outcome, psni.with_lsoa) == (7762, 0, 0)
    assert not btp.outcomes_published and not psni.outcomes_published and not psni.lsoa_published
    assert btp.lsoa_published
    assert not outcomes_published(store, "btp", [december])
    assert months_without_outcomes(store, "northern-ireland", [december]) == [december]
    assert outcomes_published(store, "merseyside", [december])
    assert months_without_outcomes(store, "merseyside", [december]) == []
    without = sorted(force for (force, _), p in published.items() if not p.outcomes_published)
    assert without == ["btp", "northern-ireland"]
    assert NO_OUTCOMES == "no outcomes published by this force"


def test_every_label_in_every_real_file_maps():
    """Every "Last outcome category" and "Crime type" of every police.uk file under the real data."""
    require_real_data()
    outcomes: Counter = Counter()
    types: Counter = Counter()
    files = 0
    for path in sorted(REAL.rglob("*.csv*")):
        with (gzip.open if path.name.endswith(".gz") else open)(path, "rt", encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f))
        if "Crime type" not in header:
            continue
        files += 1
        for row in _rows(path):
            types[row["Crime type"]] += 1
            if row.get("Last outcome category"):
                outcomes[row["Last outcome category"]] += 1
    assert files >= 169
    unknown = {label: n for label, n in outcomes.items() if reference.is_unknown_outcome_label(label)}
    assert unknown == {}
    for label in outcomes:
        assert reference.outcome_group_for_label(label) not in ("unknown", "no_outcome_recorded"), label
    assert set(types) <= set(reference.POLICE_UK_CRIME_TYPES)
    # both spellings of the penalty notice, and "Status update unavailable", have their own meaning
    assert outcomes["Offender given penalty notice"] > 900
    assert reference.outcome_type_for_label("Offender given penalty notice") == 6
    assert "Offender given penalty notice" in reference.POLICE_UK_POSITIVE
    assert reference.outcome_group_for_label("Status update unavailable") == "status_unavailable"


def test_merseyside_positive_outcomes_equal_the_independent_count(duck):
    """8,764 against 9,139 before issue 15: the whole difference was the archive's 375 penalty notices."""
    require_real_data()
    files = [p for p in street_files(MULTI) if "-merseyside-street" in p.name]
    assert len(files) == 5
    positive = {"Suspect charged", "Suspect charged as part of another case", "Awaiting court outcome",
                "Court result unavailable", "Court case unable to proceed", "Defendant found not guilty",
                "Defendant sent to Crown Court", "Offender sent to prison", "Offender given suspended prison sentence",
                "Offender given community sentence", "Offender fined", "Offender given conditional discharge",
                "Offender given absolute discharge", "Offender ordered to pay compensation",
                "Offender deprived of property", "Offender otherwise dealt with", "Offender given a caution",
                "Offender given a drugs possession warning", "Offender given a penalty notice",
                "Offender given penalty notice", "Local resolution"}
    expected = sum(1 for p in files for row in _rows(p) if row["Last outcome category"] in positive)
    assert expected == 9139
    ingest_police_uk(duck, files)
    # the labels the police-uk plan's positive-outcome rates count (what the metrics filter the cube on)
    labels = load_plan("police-uk").rates["positive_all_crime"].positive_outcome_labels
    assert labels is not None and "Offender given penalty notice" in labels
    for table, rows in (("crimes", "1"), ("crime_cube", "n")):
        got = duck.scalar(f"SELECT sum({rows}) FROM {table} WHERE force = 'merseyside' "
                          "AND outcome_label IN (SELECT unnest(CAST(:labels AS TEXT[])))", {"labels": sorted(labels)})
        assert got == expected, table
