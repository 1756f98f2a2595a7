"""The real-data matrix: every real data set in ../shared/data/real through every output.

For each data set (City of London's 88 months, West Yorkshire's three Julys, six forces over five
months, the 41-force month of December 2018) and the police.uk plan: the milestone and outcome
tables (table and JSON), SPC for every measure, the rate comparison and the funnel, the board
paper in HTML, PDF and Word, and every page the overview links to in the served portal (and each
page's exports). Nothing may end in an internal error or a 5xx, and the figures must equal an
independent count of the files made here with the csv module: crimes per force, month and
measure, anti-social behaviour, and positive outcomes.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from crimeplan.cli import cli
from crimeplan.errors import CrimeplanError
from crimeplan.ingest.population import ingest_population
from crimeplan.loads import ingest_areas, ingest_police_uk
from crimeplan.plan import load_plan
from crimeplan.portal.app import full_app
from crimeplan.portal.service import PortalSettings
from crimeplan.store import open_store
from tests.conftest import (
    CENSUS_LSOA,
    CITY_2017,
    CITY_2022,
    LSOA_LOOKUP,
    MULTI,
    REAL,
    WEST_YORKSHIRE,
    require_real_data,
)

pytestmark = pytest.mark.slow  # about five minutes: in `make test`, not in `make test-fast`

ALL_FORCES = REAL / "policeuk_all-forces_street_2018-12"
PFA = REAL / "reference_la-csp-pfa-lookup_force-population_workforce" / "force-demographics.csv"
PLAN = "police-uk"

#: police.uk labels that are positive outcomes (charge and every court stage, caution, penalty
#: notice in both spellings, drugs possession warning, local resolution): ../shared/docs/domain.md §1.5,
#: written out here independently of crimeplan's reference data.
POSITIVE = {
    "Awaiting court outcome", "Court result unavailable", "Court case unable to proceed", "Local resolution",
    "Offender deprived of property", "Offender fined", "Offender given absolute discharge",
    "Offender given a caution", "Offender given a drugs possession warning", "Offender given a penalty notice",
    "Offender given penalty notice", "Offender given community sentence", "Offender given conditional discharge",
    "Offender given suspended prison sentence", "Offender sent to prison", "Offender otherwise dealt with",
    "Offender ordered to pay compensation", "Suspect charged as part of another case", "Suspect charged",
    "Defendant found not guilty", "Defendant sent to Crown Court",
}
ASB = "Anti-social behaviour"


@dataclass(frozen=True)
class DataSet:
    name: str
    folders: tuple[Path, ...]      # loaded in this order (a later download revises an earlier one)
    briefing_date: date            # the first day after the data
    forces: tuple[str, ...]        # forces whose tables and SPC are checked; the first one's pages and paper too
    compare_level: str = ""        # with one force: the level of the units compared inside it


DATA_SETS = (
    DataSet("city-of-london", (CITY_2017, CITY_2022), date(2022, 1, 1), ("city-of-london",), "lsoa"),
    DataSet("west-yorkshire", (WEST_YORKSHIRE,), date(2018, 8, 1), ("west-yorkshire",), "la"),
    DataSet("six-forces", (MULTI,), date(2019, 3, 1),
            ("staffordshire", "west-mercia", "warwickshire", "merseyside", "south-yorkshire", "northumbria")),
    DataSet("all-forces-2018-12", (ALL_FORCES,), date(2019, 1, 1),
            ("btp", "northern-ireland", "city-of-london", "avon-and-somerset")),
)


def street_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if re.search(r"-street\.csv(\.gz)?$", p.name))


def read_rows(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def force_of(path: Path) -> str:
    return re.sub(r"^\d{4}-\d{2}-|-street\.csv(\.gz)?$", "", path.name)


@dataclass
class Counts:
    by_measure: Counter        # (force, month YYYY-MM, crime type) -> rows
    positive: Counter          # (force, month) -> crimes whose last outcome is positive
    labels: set[str]


def independent_counts(data: DataSet) -> Counts:
    """Rows per force, month and crime type, with a later file for the same force-month replacing an
    earlier one (as a reload does)."""
    latest: dict[tuple[str, str], Path] = {}
    for folder in data.folders:
        for path in street_files(folder):
            month = path.name[:7]
            latest[(force_of(path), month)] = path
    by_type: Counter = Counter()
    positive: Counter = Counter()
    labels: set[str] = set()
    for (force, month), path in latest.items():
        for row in read_rows(path):
            by_type[(force, month, row["Crime type"])] += 1
            label = row.get("Last outcome category") or ""
            if label:
                labels.add(label)
            if label in POSITIVE:
                positive[(force, month)] += 1
    return Counts(by_type, positive, labels)


# One xdist group per data set: its store is loaded once, on one worker (`make test` runs --dist loadgroup).
@pytest.fixture(scope="module", params=[pytest.param(d, marks=pytest.mark.xdist_group(f"real-data-{d.name}"))
                                        for d in DATA_SETS], ids=[d.name for d in DATA_SETS])
def loaded(request, tmp_path_factory):
    require_real_data()
    data: DataSet = request.param
    path = str(tmp_path_factory.mktemp(data.name) / "real.duckdb")
    with open_store(path) as store:
        for folder in data.folders:
            ingest_police_uk(store, [str(folder)])
        ingest_areas(store, LSOA_LOOKUP)
        ingest_population(store, PFA)
        ingest_population(store, CENSUS_LSOA)
    return data, path, independent_counts(data)


def run(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, *args])
    assert result.exit_code == 0, f"crimeplan {' '.join(args)} -> {result.exit_code}: {result.output[-800:]}"
    assert "internal error" not in result.output
    return result.output


def run_json(db: str, *args: str):
    return json.loads(run(db, *args, "--format", "json"))


def plan_measures():
    return load_plan(PLAN).measures


def test_every_label_in_the_data_maps(loaded):
    data, db, counts = loaded
    assert counts.labels, data.name
    status = run_json(db, "status")
    assert "unknown_labels" in status
    unknown = status["unknown_labels"]   # {kind: {label: rows}}
    assert not any(unknown.values()), f"{data.name}: labels not mapped: {unknown}"


def test_status_counts_every_force_month_and_type_as_the_files(loaded):
    data, db, counts = loaded
    status = run_json(db, "status")["forces"]
    for (force, month, crime_type), rows in counts.by_measure.items():
        assert status[force][month]["by_type"].get(crime_type) == rows, (data.name, force, month, crime_type)
    for force, months in status.items():
        for month, figures in months.items():
            assert figures["asb"] == counts.by_measure[(force, month, ASB)], (data.name, force, month)


def test_spc_for_every_measure_equals_the_files(loaded):
    data, db, counts = loaded
    for measure_id, measure in plan_measures().items():
        categories = set(measure.categories)
        # every measure for the first force; crime and anti-social behaviour for every force
        forces = data.forces if measure_id in ("all_crime", "asb") else data.forces[:1]
        for force in forces:
            args = ("spc", "--plan", PLAN, "--measure", measure_id, "--area", f"force:{force}")
            if len({m for (f, m, _t) in counts.by_measure if f == force}) < 2:
                refused = CliRunner().invoke(cli, ["--db", db, *args, "--format", "json"])
                assert isinstance(refused.exception, CrimeplanError), refused.exception
                assert "at least 2 months" in str(refused.exception) and "\n" not in str(refused.exception)
                continue
            out = run_json(db, *args)
            series = dict(zip((m[:7] for m in out["months"]), (p["value"] for p in out["points"]), strict=True))
            assert series
            for month, value in series.items():
                expected = sum(n for (f, m, t), n in counts.by_measure.items()
                               if f == force and m == month and t in categories)
                assert value == expected, f"{data.name} {force} {measure_id} {month}: {value} != {expected}"


def test_milestones_and_outcomes_in_every_format(loaded):
    data, db, counts = loaded
    when = data.briefing_date.isoformat()
    for force in data.forces:
        area = f"force:{force}"
        for command in ("milestones", "outcomes"):
            table = run(db, command, "--plan", PLAN, "--briefing-date", when, "--area", area)
            assert table.strip()
            result = run_json(db, command, "--plan", PLAN, "--briefing-date", when, "--area", area)
            for row in result["rows"]:
                assert isinstance(row["complete"], bool)
                if not row["complete"]:
                    assert row["missing_months"], row
                    for key in ("difference", "performance", "variance"):
                        assert row.get(key) is None, (force, command, row["measure"], key)


def test_positive_outcomes_equal_the_files(loaded):
    data, db, counts = loaded
    for force in data.forces:
        months = sorted({m for (f, m, _t) in counts.by_measure if f == force})
        result = run_json(db, "outcomes", "--plan", PLAN, "--briefing-date", data.briefing_date.isoformat(),
                          "--area", f"force:{force}")
        row = next(r for r in result["rows"] if r["measure"] == "positive_all_crime")
        start, end = result["current_period"]["start"][:7], result["current_period"]["end"][:7]
        window = [m for m in months if start <= m <= end]
        if not row.get("complete", True) or row.get("detected") is None:
            continue  # an incomplete window or a force without outcomes gives no figure (checked elsewhere)
        assert row["detected"] == sum(counts.positive[(force, m)] for m in window), (data.name, force)


def test_compare_rates_and_funnel(loaded):
    data, db, counts = loaded
    forces = sorted({f for (f, _m, _t) in counts.by_measure})
    last = max(m for (_f, m, _t) in counts.by_measure)
    units = (["--forces", ",".join(forces)] if len(forces) > 1
             else ["--within", f"force:{forces[0]}", "--level", data.compare_level])
    for command in ("rates", "funnel"):
        out = run(db, "compare", command, "--plan", PLAN, "--measure", "all_crime", "--to", last, *units)
        assert out.strip()
    rates = run_json(db, "compare", "rates", "--plan", PLAN, "--measure", "all_crime", "--to", last, *units)
    assert "population" in json.dumps(rates).lower()


def test_the_paper_in_three_formats(loaded, tmp_path):
    data, db, _ = loaded
    force = data.forces[0]
    for fmt, magic in (("html", b"<!DOCTYPE html"), ("pdf", b"%PDF"), ("docx", b"PK")):
        out = tmp_path / f"paper.{fmt}"
        run(db, "report", "--plan", PLAN, "--briefing-date", data.briefing_date.isoformat(),
            "--area", f"force:{force}", "--format", fmt, "-o", str(out))
        assert out.read_bytes()[:len(magic)].lower() == magic.lower(), (data.name, fmt)


def test_every_portal_page_the_overview_links(loaded):
    from starlette.testclient import TestClient

    data, db, _ = loaded
    app = full_app(PortalSettings(db=db, plan=PLAN))
    with TestClient(app, raise_server_exceptions=False) as client:
        for force in data.forces[1:]:
            for page in ("/", "/milestones", "/outcomes"):
                answer = client.get(f"{page}?plan={PLAN}&area=force:{force}")
                assert answer.status_code == 200, (data.name, force, page, answer.status_code)
        for force in data.forces[:1]:
            start = f"/?plan={PLAN}&area=force:{force}"
            first = client.get(start)
            assert first.status_code == 200, (start, first.status_code)
            links = sorted({href for href in re.findall(r'href="(/[^"#]*)"', first.text)
                            if not href.startswith(("/static", "/login", "/logout"))})
            assert len(links) > 5
            for href in links:
                href = href.replace("&amp;", "&")
                answer = client.get(href)
                assert answer.status_code < 500, (data.name, href, answer.status_code)
                if answer.status_code == 200 and answer.headers["content-type"].startswith("text/html"):
                    path, _, query = href.partition("?")
                    if path.startswith("/measures/") or path in ("/milestones", "/outcomes", "/area", "/areas"):
                        for suffix in ("json", "csv", "xlsx"):
                            export = client.get(f"{path}.{suffix}?{query}")
                            assert export.status_code < 500, (data.name, path, suffix, export.status_code)
        assert client.get("/status.json").status_code == 200
        assert client.get("/public").status_code == 200
