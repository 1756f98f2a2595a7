"""One demo force for every report test (built once per run from the shared demo store), its PlanResult
and its paper."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from crimeplan.loads.demo import load_demo_references, load_demo_updates, register_demo_changes
from crimeplan.metrics import compute_plan
from crimeplan.plan import load_plan
from crimeplan.report import build_report, gather
from crimeplan.store import open_store
from crimeplan.surveys.demo import load_survey_demo
from crimeplan.workflow.deliverables import ApprovedUpdate
from tests.conftest import built_once, copy_store

BRIEFING = date(2014, 4, 1)
MEETING = date(2014, 5, 13)


def _build_paper_demo(demo_file: Path, path: str) -> None:
    shutil.copyfile(demo_file, path)
    store = open_store(path)
    load_survey_demo(store)
    load_demo_references(store)
    store.close()


def _build_full_demo(paper_demo: Path, path: str) -> None:
    shutil.copyfile(paper_demo, path)
    store = open_store(path)
    register_demo_changes(store)
    load_demo_updates(store)
    store.close()


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory, demo_file) -> tuple[str, str, str]:
    """The demo store (with the plan's funding and published indicators), a copy made while it is closed
    for the tests that run ``crimeplan report`` in another process (DuckDB lets one process at a time
    open a file, and ``demo_store`` keeps it open), and a copy as ``crimeplan demo`` leaves it (its
    step changes registered and its deliverable updates approved). Each is built once per run and
    copied for each xdist worker."""
    paper_demo = built_once(tmp_path_factory, "report-demo", lambda path: _build_paper_demo(demo_file, path))
    full_demo = built_once(tmp_path_factory, "report-demo-full", lambda path: _build_full_demo(paper_demo, path))
    folder = tmp_path_factory.mktemp("report")
    return (copy_store(paper_demo, folder, "demo.duckdb"), copy_store(paper_demo, folder, "demo-cli.duckdb"),
            copy_store(full_demo, folder, "demo-full.duckdb"))


@pytest.fixture(scope="session")
def demo_db(demo_files) -> str:
    return demo_files[0]


@pytest.fixture(scope="session")
def cli_demo_db(demo_files) -> str:
    return demo_files[1]


@pytest.fixture(scope="session")
def full_demo_db(demo_files) -> str:
    return demo_files[2]


@pytest.fixture(scope="session")
def demo_store(demo_db):
    store = open_store(demo_db)
    yield store
    store.close()


@pytest.fixture(scope="session")
def result(demo_store):
    return compute_plan(load_plan("wmp-2013-14"), demo_store, BRIEFING)


@pytest.fixture(scope="session")
def updates() -> dict[str, ApprovedUpdate]:
    return {
        # quarterly, approved in March: current at a 1 April briefing
        "B1": ApprovedUpdate("B1", "The Community Safety Fund has been passported to the seven partnerships.\n\n"
                             "Partnerships were encouraged to identify invest to save projects.", "on_track",
                             datetime(2014, 3, 20, 10, 0), "WMOPC", None),
        # quarterly, approved in October: older than its cadence
        "F2": ApprovedUpdate("F2", "The threat level remains SUBSTANTIAL.", "on_track",
                             datetime(2013, 10, 2, 9, 30), "ACC Protection", None),
        "A2": ApprovedUpdate("A2", "A Hate Crime Awareness Day was held on 4th April 2014.", "complete",
                             datetime(2014, 3, 28), "ACC Local Policing", covered_in="the Local Policing Report"),
    }


@pytest.fixture(scope="session")
def paper(result, demo_store, updates):
    return build_report(result, updates=updates, loads=demo_store.loads(), meeting_date=MEETING,
                        data=gather(demo_store, result))
