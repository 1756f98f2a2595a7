"""The six real police.uk forces and the Home Office table, through the CLI, checked against an
independent computation (the csv module for counts, scipy for intervals, numpy for the funnel)."""

from __future__ import annotations

import csv
import gzip
import json
from collections import defaultdict

import numpy as np
import pytest
from scipy import stats

from tests.compare import invoke, pfa_population, real_store
from tests.conftest import MULTI, REAL

FORCES = ["staffordshire", "west-mercia", "warwickshire", "merseyside", "south-yorkshire", "northumbria"]
PRC = REAL / "homeoffice_prc-by-force_2017-18" / "prc-pfa-mar2013-onwards-tables201718.csv"
PFA_NAMES = {"staffordshire": "Staffordshire", "west-mercia": "West Mercia", "warwickshire": "Warwickshire",
             "merseyside": "Merseyside", "south-yorkshire": "South Yorkshire", "northumbria": "Northumbria",
             "west-midlands": "West Midlands", "greater-manchester": "Greater Manchester",
             "west-yorkshire": "West Yorkshire"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return real_store(tmp_path_factory, MULTI)


def independent_counts():
    """Crimes (not ASB) per force and month, read with the csv module."""
    out = defaultdict(lambda: defaultdict(int))
    for path in MULTI.glob("*/*-street.csv.gz"):
        force = path.name[8:-len("-street.csv.gz")]
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["Crime type"] != "Anti-social behaviour":
                    out[force][row["Month"]] += 1
    return out


ARGS = ("--forces", ",".join(FORCES), "--focal", "staffordshire")


def test_rates_per_thousand_with_exact_intervals_match_an_independent_computation(db):
    data = json.loads(invoke(db, "compare", "rates", *ARGS, "--format", "json"))
    counts, pops = independent_counts(), pfa_population()
    months = [m for m in ("2018-10", "2018-11", "2018-12", "2019-01", "2019-02")
              if all(counts[f][m] for f in FORCES)]
    assert months == ["2018-11", "2018-12", "2019-01", "2019-02"]     # Northumbria has no 2018-10
    assert data["period"] == "Nov 2018 – Feb 2019"
    assert data["notes"] == ["October 2018 left out: no data for northumbria"]
    rates = []
    for unit in data["units"]:
        k = sum(counts[unit["code"]][m] for m in months)
        pop = pops[PFA_NAMES[unit["code"]]]
        assert (unit["count"], unit["population"]) == (k, pop)
        assert unit["rate"] == pytest.approx(k / pop * 1000)
        assert unit["low"] == pytest.approx(stats.chi2.ppf(0.025, 2 * k) / 2 / pop * 1000, rel=1e-9)
        assert unit["high"] == pytest.approx(stats.chi2.ppf(0.975, 2 * k + 2) / 2 / pop * 1000, rel=1e-9)
        rates.append(unit["rate"])
    average = data["average"]
    assert average["method"] == "simple" and average["value"] == pytest.approx(np.mean(rates))
    for unit in data["units"]:
        expected = "higher" if unit["low"] > average["value"] else "lower" if unit["high"] < average["value"] \
            else "similar"
        assert unit["call"] == expected
        assert unit["rank_low"] <= unit["rank"] <= unit["rank_high"]
    assert data["headline"].startswith("Staffordshire Police: 24.4 per 1,000 residents")


def test_funnel_json_matches_an_independent_u_chart_and_the_svg_renders(db):
    funnel = json.loads(invoke(db, "compare", "funnel", *ARGS, "--limits", "normal", "--format", "json"))
    rates = json.loads(invoke(db, "compare", "rates", *ARGS, "--format", "json"))
    y = np.array([u["count"] for u in rates["units"]], float)
    n = np.array([u["population"] for u in rates["units"]], float) / 1000
    centre = y.sum() / n.sum()
    assert funnel["centre"] == pytest.approx(centre)
    for p, yi, ni in zip(funnel["points"], y, n, strict=True):
        assert p["ucl998"] == pytest.approx(centre + 3.090232 * np.sqrt(centre / ni))
        assert p["lcl95"] == pytest.approx(centre - 1.959964 * np.sqrt(centre / ni))
        assert p["position"] == ("above" if yi / ni > p["ucl998"] else "below" if yi / ni < p["lcl998"] else "within")
    svg = invoke(db, "compare", "funnel", *ARGS, "--format", "svg")
    assert svg.lstrip().startswith("<svg") and "Staffordshire" in svg
    text = invoke(db, "compare", "funnel", *ARGS, "--chart", "uprime")
    assert "Laney σz" in text and "Outside the 99.8 % limits: none." in text
    table = invoke(db, "compare", "ranked", *ARGS)
    assert "rank 2 (plausible" in table


def test_home_office_table_loads_and_compares_the_papers_forces(db):
    out = invoke(db, "ingest", "home-office-prc", str(PRC))
    assert "23,068 rows (2017/18), 44 forces" in out
    data = json.loads(invoke(db, "compare", "rates", "--group", "wmp-paper", "--source", "prc", "--year", "2017/18",
                             "--average", "weighted", "--format", "json"))
    by = {u["code"]: u for u in data["units"]}
    assert by["west-midlands"]["count"] == 233_393 and by["greater-manchester"]["count"] == 339_818
    assert by["west-yorkshire"]["count"] == 265_520 and by["merseyside"]["count"] == 125_424
    total = sum(u["count"] for u in data["units"])
    assert data["average"]["value"] == pytest.approx(total / sum(u["population"] for u in data["units"]) * 1000)
    # the paper: West Midlands records fewer crimes per 1,000 residents than its most similar forces
    assert by["west-midlands"]["call"] == "lower" and by["west-midlands"]["rank"] == 1
