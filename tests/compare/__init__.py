"""Helpers the comparison tests share: the CLI in-process, and the PFA populations read with the csv module."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from crimeplan.cli import cli
from crimeplan.ingest.population import ingest_population
from crimeplan.loads import ingest_police_uk
from crimeplan.store import open_store
from tests.conftest import REAL, require_real_data

PFA = REAL / "reference_la-csp-pfa-lookup_force-population_workforce" / "force-demographics.csv"


def real_store(tmp_path_factory, folder: Path) -> str:
    """A DuckDB store holding the police.uk files under ``folder`` and the PFA populations."""
    require_real_data()
    path = str(tmp_path_factory.mktemp(folder.name[:20]) / "real.duckdb")
    with open_store(path) as s:
        ingest_police_uk(s, [folder])
        ingest_population(s, PFA)
    return path


def invoke(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def pfa_population() -> dict[str, int]:
    """Census 2011 usual residents per police force area, by PFA name."""
    with open(PFA, encoding="utf-8-sig", newline="") as handle:
        return {r["PFA16NM"]: int(r["Ethnic Group: All categories: Ethnic group; measures: Value"])
                for r in csv.DictReader(handle)}
