"""Apache Spark as the distributed engine: the same Ibis cube expression, run on a cluster.

``build_cube_spark(store, source, master=…)`` reads canonical records (a Parquet file or folder,
or a table in Spark's catalog), builds the cube with :func:`crimeplan.metrics.cube.cube_expr` on
Spark (ibis's pyspark backend) and writes it into the store, replacing the force-months it holds.

Spark is started to stay on this machine and quiet (DESIGN.md "Decisions taken"): it binds to
127.0.0.1 only, with no web UI, Arrow transfers on, and logs at ERROR. ``master`` is any Spark
master URL: ``local[2]`` (threads in one JVM), ``local-cluster[2,1,1024]`` (a master, workers and
executor JVMs on this machine) or ``spark://host:7077`` (a real cluster).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import ibis

from crimeplan.errors import ConfigError, StoreError
from crimeplan.metrics.cube import CubeBuild, cube_expr, write_cube_dataset
from crimeplan.store import Store

DEFAULT_MASTER = "local-cluster[2,1,1024]"
"""Two workers of one core and 1 GB each: a real multi-process cluster on one 2-core machine."""

LOCAL_IP = "127.0.0.1"
LOG_LEVEL = "ERROR"
LOG_FILE = Path(tempfile.gettempdir()) / "crimeplan-spark.log"
"""Where the Spark JVMs' console output goes (the command line stays quiet)."""
# Sizing for the cube's group-by on DEFAULT_MASTER (2 executors of 1 core). Measured at 10 M
# records (6.3 M cube rows, bench records) with Spark's event log, back to back: with 768 MB
# executors, 4 shuffle partitions and 2 map tasks (Spark's default 57 MB splits) the executors
# spilled 2 GB (in memory; 210 MB on disk) in each stage: 86 s of executor CPU, job 69 s. With
# the settings below nothing spills: 44 s of CPU, job 48 s (session start-up, ~14 s, unchanged).
EXECUTOR_MEMORY = "1024m"
"""The whole of a local-cluster worker's 1024 MB: the executors' hash maps are the job."""
MEMORY_FRACTION = "0.8"
"""Spark's default 0.6 leaves an executor ~280 MB for its hash aggregate; the cube's group-by
holds nothing else in the heap, so 0.8 gives it ~580 MB (peak measured: 370 MB a task)."""
MAX_PARTITION_BYTES = "16m"
"""Read each ~1 M-row Parquet row group as its own task (10 M records: 8 map tasks, not 2), so a
task's partial aggregate (~0.9 M groups, 300 MB peak) fits in memory without spilling."""
SHUFFLE_PARTITIONS = 64
"""Enough reduce tasks that each final aggregate fits in memory at 50 M records (21 M cube rows);
adaptive execution coalesces them into ~64 MB partitions (10 M records: 32 tasks)."""
SHUFFLE_COMPRESS = "false"
"""The shuffle stays on this machine's disk (page cache): at 10 M records the reduce stage took
16 CPU seconds uncompressed against 25 with lz4, for 1.5 GB of shuffle files instead of 0.33 GB."""

SESSION_CONFIG: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.driver.host": LOCAL_IP,
    "spark.driver.bindAddress": LOCAL_IP,
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.shuffle.partitions": str(SHUFFLE_PARTITIONS),
    "spark.sql.files.maxPartitionBytes": MAX_PARTITION_BYTES,
    "spark.shuffle.compress": SHUFFLE_COMPRESS,
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.memory": "1g",
    "spark.executor.memory": EXECUTOR_MEMORY,
    "spark.memory.fraction": MEMORY_FRACTION,
    "spark.ui.showConsoleProgress": "false",
    "spark.log.level": LOG_LEVEL,
}

_QUIET_LOG4J = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


@contextmanager
def spark_session(master: str = DEFAULT_MASTER, config: dict[str, str] | None = None) -> Iterator:
    """A SparkSession bound to 127.0.0.1, stopped (with its JVMs) on exit.

    The JVMs' own output (start-up notices, warnings) goes to :data:`LOG_FILE`, not the console;
    what a local cluster leaves in Spark's ``work`` folder is removed when the session stops.
    """
    try:  # pyspark is optional (the `spark` extra)
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError("Spark engine: pyspark is not installed; expected pyspark>=4.0,<4.1") from None
    os.environ["SPARK_LOCAL_IP"] = LOCAL_IP
    os.environ["SPARK_CONF_DIR"] = str(_conf_dir())
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName("crimeplan-cube")
    for key, value in {**SESSION_CONFIG, **(config or {})}.items():
        builder = builder.config(key, value)
    try:
        with _stderr_to(LOG_FILE):
            session = builder.getOrCreate()
    except Exception as exc:  # the JVM failed to start: no Java, no free port, a bad master URL
        raise ConfigError(f"Spark master {master!r} did not start: {_first_line(exc)} (see {LOG_FILE})") from exc
    session.sparkContext.setLogLevel(LOG_LEVEL)
    app_id = session.sparkContext.applicationId
    try:
        yield session
    finally:
        session.stop()
        _remove_work_folder(app_id)


def records_table(con, source: str):
    """The canonical records as an Ibis table on Spark: a Parquet file or folder, or a table name."""
    path = Path(source)
    if path.exists():
        return con.read_parquet(str(path.resolve()))
    if source in con.list_tables():
        return con.table(source)
    raise ConfigError(f"--source {source!r}: no such Parquet file or folder, and no such Spark table; "
                      "expected canonical records (docs/records-format.md)")


def as_stored(records):
    """Canonical records from a file as the store would hold them after ingest
    (crimeplan.ingest.records): the month derived from the date, hate strands sorted."""
    if "month" not in records.columns:
        records = records.mutate(month=records.recorded_date.truncate("M").cast("date"))
    strands = records.hate_strands.split(",").map(lambda s: s.strip()).sort().join(",")
    return records.mutate(hate_strands=ibis.ifelse(strands == "", ibis.null("string"), strands))


def build_cube_spark(store: Store, source: str, master: str = DEFAULT_MASTER,
                     config: dict[str, str] | None = None) -> CubeBuild:
    """Build the cube of ``source``'s records on Spark and write it into ``store``."""
    started = time.perf_counter()
    if ("/" in source or source.endswith(".parquet")) and not Path(source).exists():
        raise ConfigError(f"--source {source}: no such Parquet file or folder; expected canonical records "
                          "(docs/records-format.md)")
    with spark_session(master, config) as session:
        con = ibis.pyspark.connect(session)
        records = records_table(con, source)
        missing = [c for c in ("force", "recorded_date", "outcome_date") if c not in records.columns]
        if missing:
            raise ConfigError(f"--source {source}: no column {missing[0]!r}; expected canonical records "
                              "(docs/records-format.md)")
        records = as_stored(records)
        with tempfile.TemporaryDirectory(prefix="crimeplan-spark-cube-") as tmp:
            # The executors write the cube as Parquet; nothing passes through the driver's memory.
            try:
                con.to_parquet_dir(cube_expr(records), str(Path(tmp) / "cube"), options={"mode": "overwrite"})
            except Exception as exc:
                raise StoreError(f"Spark cube build of {source} failed: {_first_line(exc)} (see {LOG_FILE})") from exc
            return write_cube_dataset(store, Path(tmp) / "cube", "spark", started)


def _conf_dir() -> Path:
    """A Spark conf folder whose log4j2.properties keeps every JVM at ERROR."""
    folder = Path(tempfile.gettempdir()) / "crimeplan-spark-conf"
    folder.mkdir(exist_ok=True)
    path = folder / "log4j2.properties"
    if not path.exists() or path.read_text() != _QUIET_LOG4J:
        path.write_text(_QUIET_LOG4J)
    return folder


@contextmanager
def _stderr_to(path: Path) -> Iterator[None]:
    """Point file descriptor 2 at ``path`` while the JVM starts: the JVM keeps it, Python gets its own back."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _remove_work_folder(app_id: str) -> None:
    """A local cluster's workers write executor logs under SPARK_HOME/work/<app id>: remove them."""
    try:  # pyspark is optional (the `spark` extra)
        from pyspark.find_spark_home import _find_spark_home
        work = Path(_find_spark_home()) / "work"
    except Exception:  # pragma: no cover - no Spark home to clean
        return
    shutil.rmtree(work / app_id, ignore_errors=True)
    with contextlib.suppress(OSError):
        work.rmdir()


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
