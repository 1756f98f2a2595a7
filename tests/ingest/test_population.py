"""Population tables: the real force and local-authority tables load; a wrong table says which it expects."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from crimeplan.errors import IngestError
from crimeplan.ingest.population import ingest_population
from crimeplan.loads import ingest_areas
from tests.conftest import LAD_LOOKUP, REAL, require_real_data
from tests.ingest.helpers import snapshot

TABLES = REAL / "reference_la-csp-pfa-lookup_force-population_workforce"
LA_TABLE = TABLES / "local-authorities-demographics-with-police-force.csv"
TOTAL = "Ethnic Group: All categories: Ethnic group; measures: Value"


def _la_rows() -> list[dict[str, str]]:
    with open(LA_TABLE, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_local_authority_table_gives_each_la_and_csp_its_population(duck):
    require_real_data()
    assert LAD_LOOKUP is not None
    ingest_areas(duck, LAD_LOOKUP)
    result = ingest_population(duck, LA_TABLE)
    rows = _la_rows()
    csps = Counter()
    for row in rows:
        csps[row["CSP16CD"]] += int(row[TOTAL])
    assert result["layout"] == "census-la" and result["rows"] == len(rows) + len(csps) == 348 + 315
    got = dict(duck.fetchall("SELECT area_code, population FROM population WHERE year = 2011"))
    assert {code: got[code] for code in csps} == dict(csps)
    assert got["E08000025"] == next(int(r[TOTAL]) for r in rows if r["geography"] == "Birmingham")
    # renamed since the lookup (Shepway → Folkestone and Hythe): matched as its CSP's only LA
    shepway = duck.scalar("SELECT code FROM areas WHERE name = 'Shepway'")
    assert got[shepway] == next(int(r[TOTAL]) for r in rows if r["geography"] == "Folkestone and Hythe")
    las = duck.fetchall("SELECT p.population FROM population p JOIN areas a ON a.code = p.area_code "
                        "WHERE a.level = 'la'")
    assert sum(n for (n,) in las) == sum(int(r[TOTAL]) for r in rows) == 56_075_912


def test_the_local_authority_table_before_the_areas_says_what_to_load(duck):
    require_real_data()
    before = snapshot(duck)
    with pytest.raises(IngestError, match=r"local-authorities-demographics-with-police-force\.csv:2: geography: "
                                          r"no loaded local authority 'Darlington'.*crimeplan ingest areas"):
        ingest_population(duck, LA_TABLE)
    assert snapshot(duck) == before


def test_a_table_with_two_rows_for_an_area_names_the_tables_it_expects(duck, tmp_path):
    path = tmp_path / "pfa.csv"
    path.write_text(f"PFA16NM,{TOTAL}\nKent,100\nKent,200\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"pfa\.csv:3: kent 2011 appears more than once .*expected one row per "
                                          r"area and year: the columns area_code, year, population"):
        ingest_population(duck, path)
