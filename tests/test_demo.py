"""The demo force reproduces the board paper's figures, computed independently with duckdb."""

import datetime as dt

import duckdb
import pyarrow.compute as pc
import pytest

from crimeplan import reference as ref
from crimeplan.demo import (
    AREA_SCHEMA,
    POPULATION_SCHEMA,
    RECORD_SCHEMA,
    DemoData,
    generate_demo,
    generate_records,
    police_uk_rows,
)

FY12 = ("2012-04-01", "2013-03-31")
FY13 = ("2013-04-01", "2014-03-31")
ON = dt.date(2013, 6, 1)

CANONICAL = ["force", "crime_id", "recorded_date", "month", "offence_code", "category",
             "area_code", "domestic", "business", "hate_strands", "actual_religion",
             "perceived_religion", "location_type", "outcome_type", "outcome_label",
             "outcome_date"]


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate_demo()


@pytest.fixture(scope="module")
def con(demo):
    c = duckdb.connect()
    c.register("records", demo.records)
    c.register("areas", demo.areas)
    c.register("population", demo.population)
    yield c
    c.close()


def _codes(group):
    return sorted(ref.codes_for_groups([group], on=ON))


def count(con, where="true", fy=FY13, params=()):
    sql = (f"select count(*) from records where recorded_date between ? and ? and ({where})")
    return con.execute(sql, [*fy, *params]).fetchone()[0]


def in_group(group):
    return "offence_code in (select unnest(?::varchar[]))", (_codes(group),)


def group_count(con, group, fy):
    where, params = in_group(group)
    return count(con, where, fy, params)


def detected(con, where, params, positive=ref.OUTCOME_SETS["sanction_detection"], fy=FY13):
    sql = (f"select count(*) from records where ({where}) and outcome_date between ? and ? "
           f"and outcome_type in (select unnest(?::int[]))")
    return con.execute(sql, [*params, *fy, sorted(positive)]).fetchone()[0]


def monthly(con, group):
    where, params = in_group(group)
    rows = con.execute(f"select month, count(*) from records where {where} group by 1 order by 1",
                       list(params)).fetchall()
    return [(m, n) for m, n in rows]


def test_columns(demo):
    assert demo.records.column_names == CANONICAL
    assert demo.records.schema == RECORD_SCHEMA
    assert demo.areas.schema == AREA_SCHEMA
    assert demo.population.schema == POPULATION_SCHEMA
    assert 850_000 < demo.records.num_rows < 1_000_000


def test_basic_integrity(con):
    n, ids, forces = con.execute(
        "select count(*), count(distinct crime_id), count(distinct force) from records").fetchone()
    assert ids == n and forces == 1
    assert con.execute("select min(recorded_date), max(recorded_date) from records").fetchone() \
        == (dt.date(2009, 4, 1), dt.date(2014, 3, 31))
    assert con.execute("select count(*) from records where month <> date_trunc('month', "
                       "recorded_date)::date").fetchone()[0] == 0
    assert con.execute("select count(*) from records where outcome_date < recorded_date"
                       ).fetchone()[0] == 0
    assert con.execute("select count(*) from records where (outcome_type is null) <> "
                       "(outcome_date is null)").fetchone()[0] == 0
    # every code is a Home Office code in the TRC list, and the category matches the code
    codes = dict(con.execute("select offence_code, any_value(category) from records "
                             "group by 1").fetchall())
    trc = ref.OFFENCE_GROUPS["total_recorded_crime"].codes_on(ON)
    for code, cat in codes.items():
        assert code in trc
        assert cat == ref.police_uk_category_for_code(code)
    assert con.execute("select count(distinct category || offence_code) from records"
                       ).fetchone()[0] == len(codes)
    # about 1 in 200 without a location, the rest in LSOAs of the hierarchy
    n_null = con.execute("select count(*) from records where area_code is null").fetchone()[0]
    assert 0.003 < n_null / n < 0.007
    assert con.execute("select count(*) from records r where area_code is not null and not "
                       "exists (select 1 from areas a where a.code = r.area_code and "
                       "a.level = 'lsoa')").fetchone()[0] == 0
    strands = con.execute("select distinct unnest(string_split(hate_strands, ',')) from records "
                          "where hate_strands is not null").fetchall()
    assert {s for (s,) in strands} <= set(ref.HATE_STRANDS)
    rel = con.execute("select distinct actual_religion from records where actual_religion is "
                      "not null").fetchall()
    assert {r for (r,) in rel} <= set(ref.RELIGIONS)
    assert con.execute("select count(*) from records where outcome_label is not null and "
                       "outcome_label not in (select unnest(?::varchar[]))",
                       [sorted(ref.POLICE_UK_OUTCOMES)]).fetchone()[0] == 0


def test_headline_totals(con):
    assert count(con, fy=FY12) == 170_635
    assert count(con, fy=FY13) == 174_526
    assert group_count(con, "burglary_dwelling", FY12) == 13_559
    assert group_count(con, "burglary_dwelling", FY13) == 12_721
    assert group_count(con, "violence_with_injury", FY12) == 17_841
    assert group_count(con, "violence_with_injury", FY13) == 19_393
    assert count(con, "business", FY12) == 34_297
    assert count(con, "business", FY13) == 35_813
    v12 = group_count(con, "vehicle_crime", FY12)
    v13 = group_count(con, "vehicle_crime", FY13)
    assert (v12, v13) == (21_962, 22_369)
    assert v13 - v12 == 407 and round(100 * (v13 - v12) / v12, 1) == 1.9
    # TRC counted through the reference list agrees with counting all records
    assert group_count(con, "total_recorded_crime", FY13) == 174_526


@pytest.mark.parametrize("group,recorded,det", [
    ("burglary_dwelling", 12_721, 1_632), ("most_serious_violence", 2_690, 1_216),
    ("robbery", 5_372, 1_264), ("vehicle_crime", 22_369, 1_832),
    ("serious_sexual_offences", 2_385, 692),
])
def test_detection_table(con, group, recorded, det):
    where, params = in_group(group)
    assert count(con, where, FY13, params) == recorded
    assert detected(con, where, params) == det


def test_hate_detection(con):
    where = "coalesce(hate_strands, '') <> ''"
    assert count(con, where, FY13) == 2_858
    assert detected(con, where, ()) == 1_083


def test_earlier_years_higher(con):
    years = [("2009-04-01", "2010-03-31"), ("2010-04-01", "2011-03-31"),
             ("2011-04-01", "2012-03-31"), FY12]
    totals = [count(con, fy=y) for y in years]
    assert totals == sorted(totals, reverse=True)
    assert 0.75 < totals[3] / totals[0] < 0.85     # about a fifth lower over three years


def test_shoplifting_and_business(con):
    s12 = group_count(con, "theft_from_shops", FY12)
    s13 = group_count(con, "theft_from_shops", FY13)
    assert round(100 * (s13 - s12) / s12, 1) == 15.7
    where, params = in_group("theft_from_shops")
    share = count(con, f"business and {where}", FY13, params) / 35_813
    assert round(share, 2) == 0.44


def test_vwi_domestic_share(con):
    where, params = in_group("violence_with_injury")
    for fy, lo, hi in ((("2010-04-01", "2011-03-31"), 0.28, 0.32), (FY12, 0.28, 0.32),
                       (FY13, 0.345, 0.365)):
        share = count(con, f"domestic and {where}", fy, params) / count(con, where, fy, params)
        assert lo < share < hi, (fy, share)


def test_vwi_solved_and_resolved(con):
    where, params = in_group("violence_with_injury")
    sr = ref.OUTCOME_SETS["solved_and_resolved"]
    r13 = detected(con, where, params, sr, FY13) / 19_393
    r12 = detected(con, where, params, sr, FY12) / 17_841
    assert round(100 * r13, 1) == 42.5
    assert round(100 * r12, 1) == 45.1


def test_religious_hate(con):
    rows = con.execute(
        "select recorded_date >= date '2013-04-01', coalesce(actual_religion, 'Blank'), count(*) "
        "from records where recorded_date >= date '2012-04-01' and "
        "list_contains(string_split(hate_strands, ','), 'religion') group by all").fetchall()
    t = {(bool(a), b): c for a, b, c in rows}
    assert sum(c for (y, _), c in t.items() if not y) == 57
    assert 61 <= sum(c for (y, _), c in t.items() if y) <= 63
    assert t[(True, "Islam")] == 27 and t[(True, "Sikhism")] == 5
    assert t[(True, "Christianity")] == 6
    assert t[(False, "Islam")] == 18
    perceived = dict(con.execute(
        "select perceived_religion, count(*) from records where recorded_date >= "
        "date '2013-04-01' and perceived_religion is not null group by 1").fetchall())
    assert perceived["Islam"] == 27 and perceived["Sikhism"] == 5


def test_shape_burglary_seasonal(con):
    series = monthly(con, "burglary_dwelling")
    assert len(series) == 60
    for y in range(5):
        year = series[12 * y:12 * y + 12]
        mean = sum(n for _, n in year) / 12
        for m, n in year:
            if m.month in (10, 11, 12, 1):
                assert n > mean, (m, n, mean)


def test_shape_vwi(con):
    series = monthly(con, "violence_with_injury")
    peak = max(series, key=lambda x: x[1])
    assert peak[0] == dt.date(2013, 7, 1)
    after = [n for m, n in series if m > dt.date(2013, 7, 1)]
    before = [n for m, n in series if dt.date(2012, 4, 1) <= m < dt.date(2013, 7, 1)]
    assert abs(sum(after) / len(after) - 1_629) < 15
    assert sum(after) / len(after) > 1.06 * sum(before) / len(before)


def test_shape_shoplifting_step(con):
    series = monthly(con, "theft_from_shops")
    before = [n for m, n in series if m < dt.date(2012, 11, 1)]
    after = [n for m, n in series if m >= dt.date(2012, 11, 1)]
    assert sum(after) / len(after) > 1.2 * sum(before) / len(before)
    assert min(after) > max(before)


def test_shape_vehicle_step_down(con):
    series = monthly(con, "vehicle_crime")
    before = [n for m, n in series if dt.date(2011, 12, 1) <= m < dt.date(2012, 12, 1)]
    after = [n for m, n in series if m >= dt.date(2012, 12, 1)]
    assert sum(after) / len(after) < 0.97 * sum(before) / len(before)
    assert abs(sum(after) / len(after) - 1_841) < 30
    # and lower than the years before
    early = [n for m, n in series if m < dt.date(2011, 4, 1)]
    assert max(after) < min(early)


def test_area_hierarchy(con, demo):
    areas = {r["code"]: r for r in demo.areas.to_pylist()}
    assert len(areas) == demo.areas.num_rows
    force = [a for a in areas.values() if a["level"] == "force"]
    assert [a["code"] for a in force] == ["west-midlands"] and force[0]["parent_code"] is None
    assert force[0]["name"] == "West Midlands Police"
    las = {a["code"]: a["name"] for a in areas.values() if a["level"] == "la"}
    assert las == {"E08000025": "Birmingham", "E08000026": "Coventry", "E08000027": "Dudley",
                   "E08000028": "Sandwell", "E08000029": "Solihull", "E08000030": "Walsall",
                   "E08000031": "Wolverhampton"}
    lpus = [a for a in areas.values() if a["level"] == "lpu"]
    assert len(lpus) == 10
    assert sorted(a["name"] for a in lpus if a["parent_code"] == "E08000025") == [
        "Birmingham East", "Birmingham North", "Birmingham South", "Birmingham West & Central"]
    parent_level = {"la": "force", "lpu": "la", "lsoa": "lpu"}
    for a in areas.values():
        if a["level"] != "force":
            assert areas[a["parent_code"]]["level"] == parent_level[a["level"]], a
    per_lpu = con.execute("select parent_code, count(*) from areas where level = 'lsoa' "
                          "group by 1").fetchall()
    assert len(per_lpu) == 10 and all(20 <= n <= 40 for _, n in per_lpu)


def test_population(con):
    rows = dict(con.execute("select year, sum(population) from population group by 1").fetchall())
    assert sorted(rows) == [2009, 2010, 2011, 2012, 2013]
    assert rows[2011] == 2_736_460
    assert con.execute("select count(*) from population p left join areas a on a.code = "
                       "p.area_code where a.level is distinct from 'lsoa'").fetchone()[0] == 0
    by_la = dict(con.execute(
        "select la.code, sum(p.population) from population p join areas l on l.code = "
        "p.area_code join areas u on u.code = l.parent_code join areas la on la.code = "
        "u.parent_code where p.year = 2011 group by 1").fetchall())
    assert by_la["E08000025"] == 1_073_045


def test_deterministic(demo):
    generate_demo.cache_clear()
    again = generate_demo(2014)
    assert again.records.equals(demo.records)
    assert again.areas.equals(demo.areas) and again.population.equals(demo.population)


def test_generate_records():
    t = generate_records(50_000, seed=3, force="synthetic", start="2015-04-01", months=12)
    assert t.schema == RECORD_SCHEMA and t.num_rows == 50_000
    assert t.equals(generate_records(50_000, seed=3, force="synthetic", start="2015-04-01",
                                     months=12))
    assert not t.equals(generate_records(50_000, seed=4, months=12))
    assert pc.count_distinct(t["crime_id"]).as_py() == 50_000
    assert pc.min(t["recorded_date"]).as_py() >= dt.date(2015, 4, 1)
    assert pc.max(t["recorded_date"]).as_py() <= dt.date(2016, 3, 31)
    codes = set(pc.unique(t["offence_code"]).to_pylist())
    assert codes <= ref.OFFENCE_GROUPS["total_recorded_crime"].codes
    assert generate_records(0).num_rows == 0


def test_police_uk_rows():
    t = police_uk_rows(20_000, seed=1, force="west-midlands", month="2014-03")
    assert t.column_names == ["Crime ID", "Month", "Reported by", "Falls within", "Longitude",
                              "Latitude", "Location", "LSOA code", "LSOA name", "Crime type",
                              "Last outcome category", "Context"]
    assert set(pc.unique(t["Month"]).to_pylist()) == {"2014-03"}
    types = pc.unique(t["Crime type"]).to_pylist()
    assert set(types) <= set(ref.CURRENT_CRIME_TYPES) and ref.ASB_LABEL in types
    asb = pc.equal(t["Crime type"], ref.ASB_LABEL)
    ids = t["Crime ID"]
    assert pc.all(pc.equal(pc.is_null(ids), asb)).as_py()
    assert pc.all(pc.equal(pc.utf8_length(pc.drop_null(ids)), 64)).as_py()
    no_lsoa = pc.sum(pc.is_null(t["LSOA code"])).as_py() / t.num_rows
    assert 0.03 < no_lsoa < 0.07
    outcomes = set(pc.unique(pc.drop_null(t["Last outcome category"])).to_pylist())
    assert outcomes <= set(ref.POLICE_UK_OUTCOMES)
    assert t.equals(police_uk_rows(20_000, seed=1, force="west-midlands", month="2014-03"))
    assert police_uk_rows(5, seed=1, force="city-of-london")["Reported by"][0].as_py() \
        == "City of London Police"
