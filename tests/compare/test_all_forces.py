"""The 41-force month (police.uk, December 2018): a funnel of every force with a population, with
over-dispersion-adjusted limits and the method stated, City of London flagged far out and shown off
scale, peer averages with and without it, and the population's source and year on every rate.
Checked against an independent count (the csv module) and Spiegelhalter's formulae in numpy."""

from __future__ import annotations

import csv
import gzip
import json

import numpy as np
import pytest

from crimeplan.store import open_store
from tests.compare import invoke, pfa_population, real_store
from tests.conftest import REAL

ALL = REAL / "policeuk_all-forces_street_2018-12"
NO_POPULATION = {"btp", "northern-ireland"}      # no resident population in the 2011 PFA table


def slugs():
    return sorted(p.name[len("2018-12-"):-len("-street.csv.gz")] for p in ALL.glob("2018-12-*-street.csv.gz"))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return real_store(tmp_path_factory, ALL)


def crimes_by_force():
    out = {}
    for slug in slugs():
        with gzip.open(ALL / f"2018-12-{slug}-street.csv.gz", "rt", encoding="utf-8", newline="") as handle:
            out[slug] = sum(1 for r in csv.DictReader(handle) if r["Crime type"] != "Anti-social behaviour")
    return out


ARGS = ("--forces", ",".join(slugs()), "--simulations", "200")


def test_a_funnel_of_the_41_forces_with_additive_overdispersion_states_its_method(db):
    assert len(slugs()) == 41
    data = json.loads(invoke(db, "compare", "funnel", *ARGS, "--overdispersion", "additive", "--format", "json"))
    counts = crimes_by_force()
    units = {u["code"]: u for u in data["units"]}
    assert set(units) == set(slugs()) - NO_POPULATION and len(units) == 39
    pops = pfa_population()
    assert sorted(u["population"] for u in units.values()) == sorted(
        v for k, v in pops.items()
        if k not in ("Greater Manchester", "Metropolitan", "West Midlands", "West Yorkshire"))
    for code, u in units.items():
        assert u["count"] == counts[code]
        assert u["population_year"] == 2011
        assert u["population_source"] == "Census 2011 usual residents by police force area (force-demographics.csv)"
    # City of London is far out (Tukey's outer fence), left out of the target, still plotted and judged
    rates = np.array([u["rate"] for u in units.values()])
    q1, q3 = np.percentile(rates, [25, 75])
    far = sorted(c for c, u in units.items() if u["rate"] > q3 + 3 * (q3 - q1) or u["rate"] < q1 - 3 * (q3 - q1))
    assert far == ["city-of-london"] and data["off_scale"] == far and data["target_excludes"] == far
    in_target = [c for c in units if c not in far]
    y = np.array([units[c]["count"] for c in in_target], float)
    n = np.array([units[c]["population"] for c in in_target], float) / 1000
    theta = y.sum() / n.sum()
    assert data["centre"] == pytest.approx(theta)
    # Spiegelhalter's additive adjustment from z-scores winsorised at 10 % each end
    se = np.sqrt(theta / n)
    z = (y / n - theta) / se
    k, q = len(z), int(len(z) * 0.1)
    zs = np.sort(z)
    phi = np.mean(np.clip(z, zs[q], zs[k - q - 1]) ** 2)
    w = 1 / se ** 2
    tau2 = (k * phi - (k - 1)) / (w.sum() - (w ** 2).sum() / w.sum())
    od = data["overdispersion"]
    assert od["method"] == "additive" and od["applied"] and od["overdispersed"]
    assert od["phi"] == pytest.approx(phi) and od["tau2"] == pytest.approx(tau2)
    for p in data["points"]:
        s = np.sqrt(theta / (units[p["code"]]["population"] / 1000))
        assert p["ucl998"] == pytest.approx(theta + 3.090232 * np.sqrt(s ** 2 + tau2))
        assert p["position"] == ("above" if p["value"] > p["ucl998"] else "below" if p["value"] < p["lcl998"]
                                 else "within")
    assert data["outliers"] == ["city-of-london"]        # the widened funnel: only City of London is outside
    assert "additive random effects" in data["method"] and "without City of London" in data["method"]
    # peer averages with and without the far-out unit
    assert data["average"]["value"] == pytest.approx(rates.mean())
    assert data["average_without_far_out"]["value"] == pytest.approx(
        np.mean([units[c]["rate"] for c in in_target]))


def test_without_adjustment_most_forces_are_outside_and_the_plain_funnel_says_so(db):
    data = json.loads(invoke(db, "compare", "funnel", *ARGS, "--format", "json"))
    assert data["overdispersion"]["method"] == "none" and data["limits"]["distribution"] == "Poisson"
    assert len(data["outliers"]) > 20                    # Poisson-only limits: the over-dispersion the issue saw


def test_rates_table_csv_and_chart_name_the_population(db):
    table = invoke(db, "compare", "rates", *ARGS)
    assert "Population source" in table and "(far out)" in table
    assert "population: Census 2011 usual residents by police force area (force-demographics.csv)" in table
    assert "Peer average" in table and "without" in table
    rows = list(csv.DictReader(invoke(db, "compare", "rates", *ARGS, "--format", "csv").splitlines()))
    assert all(r["Population year"] in ("2011", "") for r in rows)
    assert {r["Population source"] for r in rows if r["Population year"]} == {
        "Census 2011 usual residents by police force area (force-demographics.csv)"}
    svg = invoke(db, "compare", "funnel", *ARGS, "--overdispersion", "multiplicative", "--format", "svg")
    assert "off scale" in svg and "multiplicative" in svg and "Census 2011" in svg
    text = invoke(db, "compare", "funnel", *ARGS, "--overdispersion", "multiplicative")
    assert "far out, drawn off scale" in text and "no population" in text


def test_groups_derive_works_out_a_most_similar_group_and_says_how(db):
    from crimeplan.compare.similar import force_features, nearest

    data = json.loads(invoke(db, "compare", "groups", "derive", "staffordshire", "--format", "json", "--save"))
    group = data["group"]
    assert group["kind"] == "derived" and group["focal"] == "staffordshire" and len(group["members"]) == 8
    assert "root-mean-square difference of standardised features" in group["source"]
    # independent: z-score every feature across the 39 forces, rank by Euclidean distance
    with open_store(db) as s:
        table, months = force_features(s)
    assert len(table) == 39 and months
    names = sorted(next(iter(table.values())))
    x = np.array([[table[f][c] for c in names] for f in sorted(table)])
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    i = sorted(table).index("staffordshire")
    d = np.sqrt(((z - z[i]) ** 2).mean(axis=1))
    expected = [sorted(table)[j] for j in np.argsort(d, kind="stable") if j != i][:7]
    assert group["members"][1:] == expected
    assert [n.code for n in nearest(table, "staffordshire", 7)[0][:7]] == expected
    listed = invoke(db, "compare", "groups", "list")
    assert "similar-staffordshire (derived" in listed
    rates = json.loads(invoke(db, "compare", "rates", "--group", "similar-staffordshire", "--simulations", "200",
                              "--format", "json"))
    assert rates["group_method"].startswith("Most similar forces to staffordshire (derived) (similar-staffordshire): "
                                            "derived by crimeplan")


def test_a_force_with_no_areas_below_it_says_why_nothing_can_be_compared(db):
    """British Transport Police's crimes carry no neighbourhood and it has no resident population: its
    Comparisons page says both, rather than "fewer than 2 areas at level 'force'"."""
    from crimeplan.compare.compute import compare_areas
    from crimeplan.errors import NotFoundError
    from crimeplan.metrics.areas import resolve_area
    from crimeplan.plan import load_plan

    plan = load_plan("police-uk")
    measure = next(iter(plan.measures))
    with open_store(db) as store:
        for slug in (*sorted(NO_POPULATION), "staffordshire"):
            force = resolve_area(store, f"force:{slug}")
            with pytest.raises(NotFoundError) as refused:
                compare_areas(store, force, "force", plan, measure)
            reason = str(refused.value)
            assert f"{force.name} has no areas below the force" in reason and "fewer than" not in reason
            # only the two forces without a resident population are told they cannot be ranked either
            assert ("no resident population is loaded" in reason) == (slug in NO_POPULATION)
