"""The canonical record format: loads, replaces force-months, refuses bad rows without changing anything."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crimeplan.errors import IngestError
from crimeplan.loads import ingest_records
from tests.ingest.helpers import snapshot

HEADER = "force,crime_id,recorded_date,offence_code,category,area_code,domestic,hate_strands,outcome_type,outcome_date"
ROWS = ["west-midlands,A1,2013-04-02,28A,Burglary,E01,false,,1,2013-05-01",
        "west-midlands,A2,2013-04-05,8N,,E02,true,race,,",
        "west-midlands,A3,2013-05-05,8N,,,true,\"religion,race\",18,2013-06-01"]


def test_records_load_and_replace_their_force_months(tmp_path, store):
    path = tmp_path / "extract.csv"
    path.write_text("\n".join([HEADER] + ROWS) + "\n", encoding="utf-8")
    assert ingest_records(store, path)["rows_loaded"] == 3
    assert store.fetchall("SELECT crime_id, domestic, hate_strands, outcome_type FROM crimes ORDER BY 1") == [
        ("A1", False, None, 1), ("A2", True, "race", None), ("A3", True, "race,religion", 18)]
    path.write_text("\n".join([HEADER, ROWS[0]]) + "\n", encoding="utf-8")
    result = ingest_records(store, path)  # April again: replaces April only
    assert result["rows_replaced"] == 2
    assert [r[0] for r in store.fetchall(
        "SELECT crime_id FROM crimes WHERE superseded_by IS NULL ORDER BY 1")] == ["A1", "A3"]


def test_parquet_records_load(tmp_path, duck):
    path = tmp_path / "extract.parquet"
    pq.write_table(pa.table({"force": ["west-midlands"] * 2, "crime_id": ["P1", "P2"],
                             "recorded_date": ["2013-04-01", "2013-04-02"], "offence_code": ["28A", "46"]}), path)
    assert ingest_records(duck, path)["rows_loaded"] == 2


@pytest.mark.parametrize("bad_row, expected", [
    ("west-midlands,A1,2013-04-09,28A,,,,,,", ":4: crime_id: crime_id 'A1' appears more than once"),
    ("west-midlands, A2 ,2013-04-09,28A,,,,,,", ":4: crime_id: crime_id ' A2 ' appears more than once"),
    ("west-midlands,A9,2013-4-09,28A,,,,,,", ":4: recorded_date: expected a date like 2013-04-01"),
    ("West Midlands,A9,2013-04-09,28A,,,,,,", ":4: force: expected a police.uk force slug"),
    ("west-midlands,A9,2013-04-09,,,,,,,", ":4: offence_code: expected an offence_code or a category"),
    ("west-midlands,A9,09/04/2013,28A,,,,,,", ":4: recorded_date: expected a date like 2013-04-01"),
    ("west-midlands,A9,2013-04-09,28A,,,maybe,,,", ":4: domestic: expected true or false, got 'maybe'"),
    ("west-midlands,A9,2013-04-09,28A,,,,,99,", ":4: outcome_type: expected a Home Office outcome type"),
    ("west-midlands,A9,2013-04-09,28A,,,,grudge,,", ":4: hate_strands: expected comma-separated strands"),
])
def test_bad_records_are_refused_and_change_nothing(tmp_path, store, bad_row, expected):
    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER] + ROWS) + "\n", encoding="utf-8")
    ingest_records(store, good)
    before = snapshot(store)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER] + ROWS[:2] + [bad_row]) + "\n", encoding="utf-8")
    with pytest.raises(IngestError) as err:
        ingest_records(store, bad)
    assert str(err.value).startswith(f"{bad}{expected}"), str(err.value)
    assert snapshot(store) == before


def test_unknown_column_is_refused(tmp_path, duck):
    bad = tmp_path / "bad.csv"
    bad.write_text("force,crime_id,recorded_date,offence_code,colour\nwest-midlands,A,2013-04-01,28A,red\n")
    with pytest.raises(IngestError, match=r"bad\.csv:1: colour: unknown column"):
        ingest_records(duck, bad)


def test_a_file_without_a_force_column_asks_for_force(tmp_path, duck):
    path = tmp_path / "no-force.csv"
    path.write_text("crime_id,recorded_date,offence_code\nA1,2013-04-02,28A\n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"no-force\.csv:1: force: the file has no force column; give its force "
                                          r"with --force SLUG"):
        ingest_records(duck, path)
    assert ingest_records(duck, path, force="west-midlands")["rows_loaded"] == 1


def test_a_records_load_refreshes_the_cube_under_the_load_ceiling(tmp_path, duck, monkeypatch):
    """crimeplan.loads runs the whole load, its cube refresh included, under ``Store.loading``."""
    import crimeplan.loads

    monkeypatch.setenv("CRIMEPLAN_DUCKDB_LOAD_MEMORY_LIMIT", "200MB")
    seen = []
    refresh = crimeplan.loads.refresh_cube
    monkeypatch.setattr(crimeplan.loads, "refresh_cube", lambda store, fm: (
        seen.append(store.scalar("SELECT current_setting('memory_limit')")), refresh(store, fm))[1])
    path = tmp_path / "extract.csv"
    path.write_text("\n".join([HEADER] + ROWS) + "\n", encoding="utf-8")
    ingest_records(duck, path)
    assert seen == ["190.7 MiB"]
    assert duck.scalar("SELECT current_setting('memory_limit')") != "190.7 MiB"
