"""The DuckDB store opened while another process holds its file (issue 18: the users CLI while a
portal runs): one line naming the holder and what to do, never DuckDB's lock error alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from crimeplan.store import open_store

HOLD = "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('held', flush=True); sys.stdin.read()"


def test_a_file_held_by_another_process_names_the_holder_and_what_to_do(tmp_path):
    path = tmp_path / "held.duckdb"
    with open_store(str(path)):
        pass  # a migrated store
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        cli = subprocess.run([sys.executable, "-m", "crimeplan", "--db", str(path), "users", "list"],
                             capture_output=True, text=True, timeout=300)
    finally:
        holder.communicate("", timeout=60)
    lines = cli.stderr.strip().splitlines()
    assert cli.returncode != 0 and len(lines) == 1, cli.stderr
    assert f"another process holds it (PID {holder.pid}" in lines[0]
    assert "crimeplan serve" in lines[0] and "PostgreSQL" in lines[0] and "Traceback" not in cli.stderr


def test_a_load_runs_under_the_lower_ceiling_and_the_store_gets_its_own_back(duck, monkeypatch):
    monkeypatch.setenv("CRIMEPLAN_DUCKDB_LOAD_MEMORY_LIMIT", "256MB")
    limit = "SELECT current_setting('memory_limit')"
    before = duck.scalar(limit)
    with duck.loading():
        during = duck.scalar(limit)
    try:
        with duck.loading():
            raise RuntimeError("a load that fails")
    except RuntimeError:
        pass
    assert during == "244.1 MiB" != before
    assert duck.scalar(limit) == before


def test_nested_loads_keep_the_lower_ceiling_until_the_outermost_ends(duck, monkeypatch):
    monkeypatch.setenv("CRIMEPLAN_DUCKDB_LOAD_MEMORY_LIMIT", "256MB")
    limit = "SELECT current_setting('memory_limit')"
    before = duck.scalar(limit)
    with duck.loading():
        with duck.loading():
            pass
        assert duck.scalar(limit) == "244.1 MiB"
    assert duck.scalar(limit) == before


def _wal_bytes(duck) -> int:
    wal = Path(duck.path + ".wal")
    return wal.stat().st_size if wal.exists() else 0


def test_a_committed_load_checkpoints_before_the_ceiling_goes_back_up(duck):
    duck.execute("CREATE TABLE rows_loaded (n INTEGER)")
    duck.execute("CHECKPOINT")
    with duck.transaction():
        duck.execute("INSERT INTO rows_loaded SELECT range FROM range(1000)")
    assert _wal_bytes(duck) > 0  # a plain write waits in the WAL for DuckDB's own checkpoint
    with duck.loading(), duck.transaction():
        duck.execute("INSERT INTO rows_loaded SELECT range FROM range(1000)")
    assert _wal_bytes(duck) == 0
    assert duck.scalar("SELECT count(*) FROM rows_loaded") == 2000


def test_a_load_inside_an_open_transaction_leaves_the_checkpoint_to_its_commit(duck):
    duck.execute("CREATE TABLE rows_loaded (n INTEGER)")
    duck.execute("CHECKPOINT")
    with duck.transaction():
        with duck.loading():
            duck.execute("INSERT INTO rows_loaded SELECT range FROM range(1000)")
        assert duck.scalar("SELECT count(*) FROM rows_loaded") == 1000
    assert _wal_bytes(duck) > 0
