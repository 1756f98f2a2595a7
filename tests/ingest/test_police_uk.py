"""police.uk ingestion on the real files, on DuckDB and PostgreSQL."""

from __future__ import annotations

import gzip
import json
import shutil
import zipfile

import pytest

from crimeplan.errors import IngestError
from crimeplan.loads import ingest_police_uk
from crimeplan.metrics.status import load_status
from tests.conftest import CITY_2017, CITY_2022, MULTI, WEST_YORKSHIRE, require_real_data
from tests.ingest.helpers import count_csvs, snapshot, street_files


def test_city_of_london_88_months_match_the_csvs_row_for_row(store):
    require_real_data()
    ingest_police_uk(store, [CITY_2017])
    ingest_police_uk(store, [CITY_2022])  # the later download revises Jan-Aug 2017
    status = load_status(store)
    expected = count_csvs(street_files(CITY_2017), "city-of-london")
    expected.update(count_csvs(street_files(CITY_2022), "city-of-london"))  # later download wins
    assert len(expected) == 88
    assert status["forces"]["city-of-london"] == expected
    assert store.count_current("crimes") + store.count_current("asb") == sum(
        e["crimes"] + e["asb"] for e in expected.values())


def test_west_yorkshire_and_six_gzipped_forces_match_the_csvs(duck):
    require_real_data()
    ingest_police_uk(duck, [WEST_YORKSHIRE, MULTI])
    status = load_status(duck)["forces"]
    assert status["west-yorkshire"] == count_csvs(street_files(WEST_YORKSHIRE), "west-yorkshire")
    for force in ("merseyside", "northumbria", "south-yorkshire", "staffordshire", "warwickshire", "west-mercia"):
        files = [p for p in street_files(MULTI) if f"-{force}-street" in p.name]
        assert status[force] == count_csvs(files, force), force
    assert "2018-10" not in status["northumbria"]  # missing from the snapshot, not invented


def test_reloading_a_month_replaces_it_and_revisions_change_outcomes(store):
    require_real_data()
    month = "2017-05-city-of-london-street.csv"
    ingest_police_uk(store, [CITY_2017 / month])
    first = dict(store.fetchall("SELECT crime_id, outcome_label FROM crimes WHERE crime_id IS NOT NULL"
                                " AND superseded_by IS NULL"))
    ingest_police_uk(store, [CITY_2017 / month])
    assert store.count_current("crimes") == count_csvs([CITY_2017 / month], "x")["2017-05"]["crimes"]
    ingest_police_uk(store, [CITY_2022 / month])
    later = dict(store.fetchall("SELECT crime_id, outcome_label FROM crimes WHERE crime_id IS NOT NULL"
                                " AND superseded_by IS NULL"))
    assert store.count_current("crimes") == count_csvs([CITY_2022 / month], "x")["2017-05"]["crimes"]
    revised = sum(1 for k in first if k in later and first[k] != later[k])
    assert revised > 300  # 412 of 505 outcomes changed between the two downloads
    loads = store.loads()
    assert [ld["rows_replaced"] for ld in loads] == [0, loads[0]["rows_loaded"], loads[1]["rows_loaded"]]


def test_repeated_crime_ids_are_kept_and_reported(duck):
    require_real_data()
    path = CITY_2017 / "2014-09-city-of-london-street.csv"
    result = ingest_police_uk(duck, [path]).files[0]
    ids = duck.fetchall("SELECT crime_id, count(*) FROM crimes GROUP BY 1 HAVING count(*) > 1")
    assert result["repeated_crime_ids"] == len(ids) > 0
    assert result["rows_with_repeated_crime_id"] == sum(n for _, n in ids)
    assert duck.loads()[0]["details"]["repeated_crime_ids"] == len(ids)


def test_rows_without_location_are_kept_as_no_location(duck):
    require_real_data()
    path = CITY_2017 / "2015-01-city-of-london-street.csv"
    result = ingest_police_uk(duck, [path]).files[0]
    blank = duck.scalar("SELECT count(*) FROM crimes WHERE area_code IS NULL") + \
        duck.scalar("SELECT count(*) FROM asb WHERE area_code IS NULL")
    assert result["rows_without_location"] == blank > 0


def test_crimes_without_a_crime_id_are_crimes_and_asb_is_apart(tmp_path, duck):
    require_real_data()
    src = (CITY_2017 / "2015-01-city-of-london-street.csv").read_text(encoding="utf-8").splitlines()
    header, rows = src[0], src[1:]
    crimes = [r for r in rows if ",Anti-social behaviour," not in r]
    asb = [r for r in rows if ",Anti-social behaviour," in r]
    no_id = ["," + r.split(",", 1)[1].rsplit(",", 2)[0] + ",," for r in crimes[:5]]  # BTP-like: no ID, no outcome
    path = tmp_path / "2015-01-btp-street.csv"
    path.write_text("\n".join([header] + crimes + no_id + asb) + "\n", encoding="utf-8")
    result = ingest_police_uk(duck, [path]).files[0]
    assert result["crimes"] == len(crimes) + 5
    assert result["crimes_without_crime_id"] == 5
    assert result["asb"] == len(asb)
    assert duck.scalar("SELECT count(*) FROM crimes WHERE force = 'btp' AND crime_id IS NULL") == 5


def test_rows_for_another_month_are_rejected_and_reported(tmp_path, duck):
    require_real_data()
    lines = (CITY_2017 / "2015-01-city-of-london-street.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",2015-01,", ",2014-12,", 1)
    path = tmp_path / "2015-01-city-of-london-street.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ingest_police_uk(duck, [path]).files[0]
    assert result["rejected_other_month"] == 1
    assert result["rows_rejected"] == 1
    assert result["rows_loaded"] == len(lines) - 2
    assert duck.scalar("SELECT count(*) FROM crimes WHERE month <> DATE '2015-01-01'") == 0


def test_gz_and_zip_archives_load_like_plain_files(tmp_path, duck):
    require_real_data()
    plain = CITY_2017 / "2015-02-city-of-london-street.csv"
    gz = tmp_path / "2015-03-city-of-london-street.csv.gz"
    with open(CITY_2017 / "2015-03-city-of-london-street.csv", "rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    archive = tmp_path / "download.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(CITY_2017 / "2015-04-city-of-london-street.csv", "2015-04/2015-04-city-of-london-street.csv")
    ingest_police_uk(duck, [plain, gz, archive])
    status = load_status(duck)["forces"]["city-of-london"]
    expected = count_csvs([plain, CITY_2017 / "2015-03-city-of-london-street.csv",
                           CITY_2017 / "2015-04-city-of-london-street.csv"], "city-of-london")
    assert status == expected
    assert any("download.zip!" in ld["source"] for ld in duck.loads())


def test_outcomes_files_load_by_outcome_month(tmp_path, duck):
    require_real_data()
    rows = (CITY_2017 / "2015-01-city-of-london-street.csv").read_text(encoding="utf-8").splitlines()[1:40]
    out = ["Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type"]
    ids = [r.split(",")[0] for r in rows if r.split(",")[0]]
    for crime_id in ids:
        out.append(f"{crime_id},2015-03,City of London Police,City of London Police,,,No Location,,,Suspect charged")
    path = tmp_path / "2015-03-city-of-london-outcomes.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    result = ingest_police_uk(duck, [path]).files[0]
    assert result["rows_loaded"] == len(ids)
    assert duck.fetchall("SELECT DISTINCT month, outcome_label, outcome_type FROM outcomes")[0][1] == "Suspect charged"
    assert duck.scalar("SELECT count(*) FROM outcomes WHERE outcome_type = 1") == len(ids)


# -- bad input: one line naming file, line and field; the store exactly as it was ----------------
HEADER = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type," \
         "Last outcome category,Context"
GOOD = "abc,2015-01,City of London Police,City of London Police,-0.1,51.5,On or near X,E01000001,City of London 001A," \
       "Burglary,Under investigation,"


def _write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD_FILES = {
    "missing column": (HEADER.replace(",LSOA code", "") + "\n" + GOOD.replace(",E01000001", "") + "\n",
                       ":1: LSOA code: missing column"),
    "renamed column": (HEADER.replace("Crime type", "Crime Type") + "\n" + GOOD + "\n",
                       ":1: Crime type: missing column (found 'Crime Type'"),
    "bad month": (HEADER + "\n" + GOOD + "\n" + GOOD.replace("2015-01", "Jan 2015") + "\n",
                  ":3: Month: expected a month like 2017-01, got 'Jan 2015'"),
    "unknown crime type": (HEADER + "\n" + GOOD + "\n" + GOOD + "\n" + GOOD.replace("Burglary", "Burglery") + "\n",
                           ":4: Crime type: expected a police.uk crime type"),
    "empty file": ("", ":1: the file is empty"),
    "header only": (HEADER + "\n", ":2: the file has a header but no rows"),
    "wrong field count": (HEADER + "\n" + GOOD + "\n" + GOOD + ",extra\n", ":3: has 13 fields; expected 12"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_refused_with_file_line_field_and_change_nothing(case, tmp_path, store):
    require_real_data()
    ingest_police_uk(store, [CITY_2017 / "2015-01-city-of-london-street.csv"])
    before = snapshot(store)
    text, expected = BAD_FILES[case]
    bad = _write(tmp_path, "2015-02-city-of-london-street.csv", text.encode("utf-8"))
    good = CITY_2017 / "2015-03-city-of-london-street.csv"
    with pytest.raises(IngestError) as err:
        ingest_police_uk(store, [good, bad])  # the good file is rolled back with the bad one
    message = str(err.value)
    assert message.startswith(str(bad) + expected), message
    assert "\n" not in message
    assert snapshot(store) == before


def test_non_utf8_bytes_name_the_line(tmp_path, store):
    bad = _write(tmp_path, "2015-02-city-of-london-street.csv",
                 (HEADER + "\n" + GOOD + "\n").encode()
                 + GOOD.replace("On or near X", "On or near \xe9").encode("latin-1") + b"\n")
    before = snapshot(store)
    with pytest.raises(IngestError, match=r"street\.csv:3: byte \d+ of the line is not UTF-8 \(0xe9\)"):
        ingest_police_uk(store, [bad])
    assert snapshot(store) == before


def test_binary_file_is_not_csv(tmp_path, duck):
    bad = _write(tmp_path, "2015-02-city-of-london-street.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(IngestError, match=r"street\.csv:1: the file is not UTF-8 text \(is it a CSV file\?\)"):
        ingest_police_uk(duck, [bad])
    assert duck.count("loads") == 0


def test_truncated_gzip_is_refused(tmp_path, store):
    require_real_data()
    data = gzip.compress((CITY_2017 / "2015-02-city-of-london-street.csv").read_bytes())
    bad = _write(tmp_path, "2015-02-city-of-london-street.csv.gz", data[: len(data) // 2])
    before = snapshot(store)
    with pytest.raises(IngestError, match=r"street\.csv\.gz:\d+: the gzip file is truncated"):
        ingest_police_uk(store, [bad])
    assert snapshot(store) == before


@pytest.mark.postgres
def test_bulk_loads_refresh_planner_statistics_on_postgres(tmp_path):
    from crimeplan.store import open_store
    from tests.conftest import fresh_postgres_url

    require_real_data()
    store = open_store(fresh_postgres_url())
    ingest_police_uk(store, [CITY_2017 / "2015-01-city-of-london-street.csv"])
    analysed = dict(store.fetchall("SELECT relname, last_analyze IS NOT NULL FROM pg_stat_user_tables"))
    store.close()
    assert analysed["crimes"] and analysed["crime_cube"]


# -- batches: files with one header are read and appended together; nothing else may change ------------
def _loaded(store) -> tuple:
    loads = [{k: v for k, v in ld.items() if k not in ("loaded_at",)} for ld in store.loads()]
    crimes = store.fetchall("SELECT force, month, crime_id, category, area_code, outcome_label, outcome_type, "
                            "load_id, superseded_by FROM crimes ORDER BY 1, 2, 3, 4, 5, 6, 8")
    asb = store.fetchall("SELECT force, month, area_code, load_id FROM asb ORDER BY 1, 2, 3, 4")
    return loads, crimes, asb


def test_a_batch_loads_exactly_as_file_by_file(tmp_path, monkeypatch, duck):
    require_real_data()
    from crimeplan.ingest import police_uk
    from crimeplan.store import open_store

    lines = (CITY_2017 / "2015-02-city-of-london-street.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",2015-02,", ",2014-12,", 1)  # one row of another month
    odd = tmp_path / "2015-02-city-of-london-street.csv"
    odd.write_text("\n".join(lines) + "\n", encoding="utf-8")
    files = [CITY_2017 / "2015-01-city-of-london-street.csv", odd, CITY_2017 / "2014-09-city-of-london-street.csv"]
    ingest_police_uk(duck, [CITY_2017 / "2015-01-city-of-london-street.csv"])
    batched = ingest_police_uk(duck, files).files
    monkeypatch.setattr(police_uk, "BATCH_BYTES", 1)  # every file a batch of its own
    single = open_store(str(tmp_path / "single.duckdb"))
    ingest_police_uk(single, [CITY_2017 / "2015-01-city-of-london-street.csv"])
    one_by_one = ingest_police_uk(single, files).files
    assert batched == one_by_one
    assert batched[1]["rejected_other_month"] == 1 and batched[2]["repeated_crime_ids"] > 0
    assert batched[0]["rows_replaced"] == batched[0]["rows_loaded"]
    assert _loaded(duck) == _loaded(single)
    single.close()


def test_the_first_bad_file_of_a_batch_is_named(tmp_path, store):
    first = _write(tmp_path, "2015-02-city-of-london-street.csv",
                   (HEADER + "\n" + GOOD + "\n" + GOOD.replace("2015-01", "Jan 2015") + "\n").encode())
    second = _write(tmp_path, "2015-03-city-of-london-street.csv",
                    (HEADER + "\n" + GOOD.replace("Burglary", "Burglery") + "\n").encode())
    before = snapshot(store)
    with pytest.raises(IngestError) as err:
        ingest_police_uk(store, [first, second])
    assert str(err.value).startswith(f"{first}:3: Month: expected a month like 2017-01"), str(err.value)
    with pytest.raises(IngestError) as err:
        ingest_police_uk(store, [second, first])
    assert str(err.value).startswith(f"{second}:2: Crime type: expected a police.uk crime type"), str(err.value)
    broken = _write(tmp_path, "2015-04-city-of-london-street.csv", (HEADER + "\n" + GOOD + ",extra\n").encode())
    with pytest.raises(IngestError) as err:  # DuckDB refuses the batch; the files are then read one by one
        ingest_police_uk(store, [first, broken])
    assert str(err.value).startswith(f"{first}:3: Month: expected a month like 2017-01"), str(err.value)
    with pytest.raises(IngestError) as err:
        ingest_police_uk(store, [broken, first])
    assert str(err.value).startswith(f"{broken}:2: has 13 fields; expected 12"), str(err.value)
    assert snapshot(store) == before


def test_a_force_month_twice_in_one_batch_is_refused(tmp_path, duck):
    require_real_data()
    copy = tmp_path / "copy" / "2015-01-city-of-london-street.csv"
    copy.parent.mkdir()
    shutil.copy(CITY_2017 / "2015-01-city-of-london-street.csv", copy)
    with pytest.raises(IngestError, match=r"copy/2015-01-city-of-london-street\.csv: city-of-london 2015-01 \(street\) "
                                          r"is also in .*; give each force-month once per ingest"):
        ingest_police_uk(duck, [CITY_2017 / "2015-01-city-of-london-street.csv", copy])
    assert duck.count("crimes") == 0 and duck.count("loads") == 0


def test_an_unknown_outcome_label_is_named_and_counted_everywhere(tmp_path):
    """Loaded as written, never silently out of a numerator: the load line, status JSON and table name it."""
    from click.testing import CliRunner

    from crimeplan.cli import cli

    rows = [GOOD.replace("abc", f"id{i}").replace("Under investigation", label)
            for i, label in enumerate(["Offender given a telling off"] * 3 + ["Offender given penalty notice",
                                                                              "Status update unavailable"])]
    path = _write(tmp_path, "2015-01-city-of-london-street.csv", ("\n".join([HEADER, *rows]) + "\n").encode())
    db = str(tmp_path / "store.duckdb")
    loaded = CliRunner().invoke(cli, ["--db", db, "ingest", "police-uk", str(path)])
    assert loaded.exit_code == 0, loaded.output
    assert "unknown outcome labels 'Offender given a telling off' 3" in loaded.output
    status = json.loads(CliRunner().invoke(cli, ["--db", db, "status", "--format", "json"]).output)
    month = status["forces"]["city-of-london"]["2015-01"]
    assert month["unknown_outcome_labels"] == {"Offender given a telling off": 3}
    assert month["by_outcome_group"] == {"unknown": 3, "out_of_court_formal": 1, "status_unavailable": 1}
    assert status["unknown_labels"] == {"outcome": {"Offender given a telling off": 3}}
    table = CliRunner().invoke(cli, ["--db", db, "status"]).output
    assert "Offender given a telling off" in table and "Outcome labels not in the reference" in table
