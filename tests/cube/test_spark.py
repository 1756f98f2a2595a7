"""The same Ibis cube expression on a real multi-process Spark (a master, two workers and their
executor JVMs on 127.0.0.1) gives exactly the cube DuckDB builds, through `crimeplan cube build`."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from crimeplan.cli import cli
from crimeplan.demo import generate_records
from crimeplan.loads import ingest_records
from crimeplan.metrics.cube import build_cube
from crimeplan.store import open_store
from crimeplan.store.queries import cube as q

RECORDS = 80_000
MASTER = "local-cluster[2,1,1024]"


def cube_rows(store) -> list[tuple]:
    cols = ", ".join(q.CRIME_CUBE_COLUMNS)
    return sorted(store.fetchall(f"SELECT {cols} FROM crime_cube"), key=repr)


@pytest.mark.slow
def test_spark_local_cluster_builds_the_duckdb_cube_exactly(tmp_path, capfd):
    parts = [generate_records(RECORDS, seed=11, force="west-midlands", start="2012-04-01", months=24),
             generate_records(RECORDS // 10, seed=12, force="city-of-london", start="2013-01-01", months=6)]
    records = pa.concat_tables(parts)
    assert "race,disability" in records.column("hate_strands").to_pylist()   # ingest sorts strands: so must Spark
    source = tmp_path / "records"
    source.mkdir()
    for i, part in enumerate(parts):   # the record format (no month column), one file per force
        pq.write_table(part.drop_columns(["month"]), source / f"part-{i}.parquet")

    duck = open_store(str(tmp_path / "duck.duckdb"))
    for part in sorted(source.iterdir()):   # the store's cube: records as ingest normalises them
        ingest_records(duck, part)
    build_cube(duck)
    expected = cube_rows(duck)
    duck.close()

    spark_db = str(tmp_path / "spark.duckdb")
    capfd.readouterr()
    result = CliRunner().invoke(cli, ["--db", spark_db, "cube", "build", "--engine", "spark",
                                      "--master", MASTER, "--source", str(source), "--format", "json"])
    assert result.exit_code == 0, result.output
    build = json.loads(result.output)
    assert build["engine"] == "spark" and build["records"] == records.num_rows
    out, err = capfd.readouterr()
    assert "WARN" not in err and "INFO" not in err and "WARN" not in out   # Spark stays quiet

    spark = open_store(spark_db)
    got = cube_rows(spark)
    spark.close()
    assert len(got) == len(expected) > 50_000
    assert got == expected


def test_spark_source_that_does_not_exist_is_one_line(tmp_path):
    import pytest

    from crimeplan.cli import main
    with pytest.raises(SystemExit) as exit_:
        main(["--db", str(tmp_path / "s.duckdb"), "cube", "build", "--engine", "spark", "--master", "local[1]",
              "--source", str(tmp_path / "missing.parquet")])
    assert exit_.value.code == 1
