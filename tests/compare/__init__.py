"""Helpers the comparison tests share: the CLI in-process, and the PFA populations read with the csv module."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from crimeplan.cli import cli
from tests.conftest import REAL

PFA = REAL / "reference_la-csp-pfa-lookup_force-population_workforce" / "force-demographics.csv"


def invoke(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def pfa_population() -> dict[str, int]:
    """Census 2011 usual residents per police force area, by PFA name."""
    with open(PFA, encoding="utf-8-sig", newline="") as handle:
        return {r["PFA16NM"]: int(r["Ethnic Group: All categories: Ethnic group; measures: Value"])
                for r in csv.DictReader(handle)}
