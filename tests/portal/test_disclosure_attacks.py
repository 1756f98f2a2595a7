"""The public view attacked as issue 19 attacked it, by a signed-out visitor over HTTP: differencing
date windows, linking the same cells under different parents with every row and column total, and
the performance pages and their exports. The attacker below knows only what the portal answers and
the area hierarchy the tables reveal; it counts the suppressed counts it can pin to one value by
linear algebra and by linear programming (the published system is totally unimodular, so the LP
bounds are the integer bounds). Every attack must recover 0 counts.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from scipy.optimize import linprog

from crimeplan.workflow.disclosure import TOTAL, protect_tree

FORCE = "west-midlands"
LEVELS = ("la", "lpu", "lsoa")
SMALL = "lsoa"
BURGLARY = "bdh"


def _get(client, url: str):
    r = client.get(url)
    assert r.status_code < 500, f"{url}: {r.status_code} {r.text[:200]}"
    return r


@pytest.fixture(scope="module")
def hierarchy(client):
    """The areas the attacker learns from the tables themselves: each level's areas under the force."""
    found: dict[str, list[str]] = {}
    for level in LEVELS:
        table = _get(client, f"/public/areas.json?level={level}&parent={FORCE}").json()
        found[level] = table["row_codes"]
    assert len(found["lsoa"]) > 100 and found["la"]
    return found


@pytest.fixture(scope="module")
def tables(client, hierarchy):
    """Every public table of the latest published year: each level under the force and under every
    larger area (the linking attack's material)."""
    out = []
    parents = [FORCE, *hierarchy["la"], *hierarchy["lpu"]]
    for parent, level in itertools.product(parents, LEVELS):
        r = _get(client, f"/public/areas.json?level={level}&parent={parent}")
        if r.status_code == 200:
            out.append(r.json())
    periods = {t["period"] for t in out}
    assert len(periods) == 1 and len(out) > 20
    return out


def _system(tables: list[dict]):
    """The published tables as equations over the suppressed values: (matrix, right-hand side, names)."""
    known: dict[tuple[str, str], int] = {}
    unknown: set[tuple[str, str]] = set()
    equations: list[tuple[list[tuple[str, str]], list[tuple[str, str]]]] = []  # sum(left) = sum(right)

    def note(key: tuple[str, str], value) -> None:
        if value is None:
            unknown.add(key)
        else:
            assert known.setdefault(key, value) == value, f"{key} published as two values"

    for t in tables:
        parent, columns = t["parent"], t["columns"]
        for code, cells, total in zip(t["row_codes"], t["cells"], t["row_totals"], strict=True):
            for column, value in zip(columns, cells, strict=True):
                note((code, column), value)
            note((code, TOTAL), total)
            equations.append(([(code, TOTAL)], [(code, c) for c in columns]))
        for column, value in zip(columns, t["column_totals"], strict=True):
            note((parent, column), value)
            equations.append(([(parent, column)], [(code, column) for code in t["row_codes"]]))
        note((parent, TOTAL), t["total"])
        equations.append(([(parent, TOTAL)], [(code, TOTAL) for code in t["row_codes"]]))
    unknown -= set(known)  # suppressed in one table but shown in another: linked for free
    names = sorted(unknown)
    index = {k: i for i, k in enumerate(names)}
    rows, rhs = [], []
    for left, right in equations:
        row = np.zeros(len(names))
        value = 0.0
        for sign, keys in ((1.0, left), (-1.0, right)):
            for key in keys:
                if key in index:
                    row[index[key]] += sign
                else:
                    value -= sign * known.get(key, 0)
        if row.any():
            rows.append(row)
            rhs.append(value)
    return np.array(rows), np.array(rhs), names, known


def _recovered(a: np.ndarray, b: np.ndarray, names: list, lp_sample: int = 60) -> list:
    """The unknowns pinned to one value: fixed by the equations (zero in every null-space vector), or
    with equal LP minimum and maximum (a random sample of the rest, for time)."""
    if not names:
        return []
    _, s, vt = np.linalg.svd(a, full_matrices=True)
    rank = int((s > 1e-9).sum())
    null = vt[rank:]
    fixed = [names[i] for i in range(len(names)) if null.shape[0] == 0 or np.abs(null[:, i]).max() < 1e-9]
    rest = [i for i in range(len(names)) if names[i] not in fixed]
    pinned = []
    for i in random.Random(19).sample(rest, min(lp_sample, len(rest))):
        c = np.zeros(len(names))
        c[i] = 1
        low = linprog(c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        high = linprog(-c, A_eq=a, b_eq=b, bounds=(0, None), method="highs")
        assert low.status == 0, low.message
        if high.status == 0 and -high.fun - low.fun < 0.5:
            pinned.append(names[i])
    return fixed + pinned


def test_linking_the_same_cells_under_every_parent_with_all_totals_recovers_nothing(tables):
    a, b, names, known = _system(tables)
    assert len(names) > 50  # there is something to attack
    assert _recovered(a, b, names) == []


def test_the_issues_linking_attack_force_against_solihull_recovers_nothing(client):
    both = [_get(client, f"/public/areas.json?level=lsoa&parent={p}").json() for p in (FORCE, "E08000029")]
    in_solihull = set(both[1]["row_codes"])
    force_rows = {code: (cells, total) for code, cells, total in
                  zip(both[0]["row_codes"], both[0]["cells"], both[0]["row_totals"], strict=True)}
    for code, cells, total in zip(both[1]["row_codes"], both[1]["cells"], both[1]["row_totals"], strict=True):
        assert force_rows[code] == (cells, total)  # one cell, one decision, under either parent
    assert in_solihull
    a, b, names, _ = _system(both)
    assert _recovered(a, b, names, lp_sample=80) == []


def test_differencing_date_windows_gets_no_two_overlapping_tables(client):
    """Windows one month apart (issue 19: ...&end=2021-02-01 minus ...&end=2021-01-01) are refused;
    only whole financial years are published, and two of them never overlap."""
    answered: dict[tuple[str, str], dict] = {}
    for start, end in [("2013-04-01", "2014-03-31"), ("2013-04-01", "2014-02-28"), ("2013-05-01", "2014-03-31"),
                       ("2013-04-01", "2013-04-30"), ("2012-04-01", "2014-03-31"), ("2013-01-01", "2013-12-31")]:
        r = _get(client, f"/public/areas.json?level=lsoa&parent=E08000029&start={start}&end={end}")
        if r.status_code == 200:
            answered[(start, end)] = r.json()
        else:
            assert r.status_code == 400 and "whole financial years" in r.text
    assert list(answered) == [("2013-04-01", "2014-03-31")]
    years = [_get(client, f"/public/areas.json?level=lsoa&parent=E08000029&period={y}") for y in
             ("2011/12", "2012/13", "2013/14")]
    assert [r.json()["period"] for r in years] == ["2011/12", "2012/13", "2013/14"]
    windows = [(r.json()["period"], r.json()["title"]) for r in years]
    assert len(set(windows)) == 3  # three disjoint years: no table is another plus or minus a few months
    partial = _get(client, "/public/areas.json?level=lsoa&parent=E08000029&period=2014/15")
    assert partial.status_code == 404 and "not published" in partial.text  # a year not fully loaded


def test_signed_out_performance_pages_and_exports_show_no_small_area(client, hierarchy):
    lsoa = hierarchy["lsoa"][0]
    lpu = hierarchy["lpu"][0]
    for url in (f"/measures/{BURGLARY}.json?area=lsoa:{lsoa}", f"/measures/{BURGLARY}.csv?area=lsoa:{lsoa}",
                f"/area.xlsx?area=lsoa:{lsoa}", f"/outcomes.csv?area=lsoa:{lsoa}", f"/area.json?area=lpu:{lpu}",
                f"/measures/{BURGLARY}?area=lpu:{lpu}", f"/milestones.xlsx?area=lsoa:{lsoa}",
                f"/paper.html?area=lsoa:{lsoa}", f"/measures/{BURGLARY}/chart.svg?area=lsoa:{lsoa}"):
        r = _get(client, url)
        assert r.status_code == 403, url
        assert "/public/areas" in r.text and lsoa not in r.text
        assert "neighbourhood (LSOA) (a small area)" in r.text, url   # the level in words, never "lsoa"
    names = [row for row in _get(client, f"/public/areas.json?level=lsoa&parent={FORCE}").json()["rows"]]
    la = hierarchy["la"][0]
    for url in (f"/area.json?area=la:{la}", f"/measures/{BURGLARY}.json?area=la:{la}", f"/outcomes.json?area=la:{la}",
                "/area.csv", "/outcomes.json"):
        r = _get(client, url)
        assert r.status_code == 200, url
        shown = [n for n in names if f'"{n}"' in r.text or f"{n}," in r.text]
        assert shown == [], f"{url} names small areas {shown[:3]}"


def _random_tree(rng: random.Random):
    children: dict[str, list[str]] = {"A": []}
    for m in range(rng.randint(2, 4)):
        mid = f"M{m}"
        children["A"].append(mid)
        children[mid] = [f"L{m}{k}" for k in range(rng.randint(1, 5))]
        for leaf in children[mid]:
            children[leaf] = []
    cats = [f"k{i}" for i in range(rng.randint(1, 5))]
    direct = {(leaf, k): rng.choice([0, 0, 0, 1, 1, 2, 3, 4, 5, 7, 12, 30])
              for leaf, kids in children.items() if leaf.startswith("L") for k in cats}
    if rng.random() < 0.3:
        direct[("M0", cats[0])] = rng.randint(1, 6)  # crimes against an inner area itself
    return children, cats, direct


def test_protect_tree_against_an_lp_attacker_on_random_hierarchies():
    rng = random.Random(2019)
    attacked = 0
    for _ in range(60):
        children, cats, direct = _random_tree(rng)
        decision = protect_tree(children, "A", direct, cats, threshold=5)
        counts: dict[tuple[str, str], int] = {}
        for area in [a for a in children if a.startswith("L")] + [a for a in children if a.startswith("M")] + ["A"]:
            for k in cats:
                counts[(area, k)] = direct.get((area, k), 0) + sum(counts[(c, k)] for c in children[area])
            counts[(area, TOTAL)] = sum(counts[(area, k)] for k in cats)
        assert all(counts[c] > 0 or decision.withheld_all for c in decision.hidden)
        assert all((a, k) in decision.hidden for (a, k) in counts if a != "A" and 0 < counts[(a, k)] < 5
                   and len(children["A"]) > 1)
        tables = []
        for parent in ("A", *children["A"]):
            rows = children[parent] or []
            if not rows:
                continue
            tables.append({"parent": parent, "columns": cats, "row_codes": rows,
                           "cells": [[None if (r, k) in decision.hidden else counts[(r, k)] for k in cats]
                                     for r in rows],
                           "row_totals": [None if (r, TOTAL) in decision.hidden else counts[(r, TOTAL)]
                                          for r in rows],
                           "column_totals": [None if (parent, k) in decision.hidden else counts[(parent, k)]
                                             for k in cats],
                           "total": None if (parent, TOTAL) in decision.hidden else counts[(parent, TOTAL)]})
        if ("M0", cats[0]) in direct:
            continue  # crimes against an inner area: the tables do not add up, nothing to solve exactly
        a, b, names, _ = _system(tables)
        attacked += bool(names)
        pinned = _recovered(a, b, names, lp_sample=len(names))
        assert pinned == [], (children, direct, pinned)
    assert attacked > 20
