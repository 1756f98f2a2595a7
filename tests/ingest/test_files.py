"""Input files that must not hang, drop rows or flood the terminal (issue 19, item 8)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from crimeplan.errors import IngestError
from crimeplan.ingest.files import MAX_LINE_BYTES
from crimeplan.loads import ingest_police_uk
from tests.conftest import CITY_2017, require_real_data
from tests.ingest.helpers import snapshot


def _real_file() -> Path:
    require_real_data()
    return sorted(CITY_2017.glob("*-street.csv"))[0]


def _real_lines(n: int) -> list[str]:
    with open(_real_file(), encoding="utf-8-sig") as fh:
        return [next(fh) for _ in range(n + 1)]  # the header and n rows


def _load(store, path: Path, timeout: float = 60):
    """Run the load in a thread: a hang is a failure, not a stuck suite."""
    out: dict = {}

    def run():
        try:
            out["summary"] = ingest_police_uk(store, [str(path)])
        except Exception as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"the load of {path.name} hangs"
    return out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_hanging(duck, tmp_path):
    fifo = tmp_path / "2017-01-city-of-london-street.csv"
    os.mkfifo(fifo)
    before = snapshot(duck)
    out = _load(duck, fifo, timeout=20)
    assert isinstance(out.get("error"), IngestError) and "named pipe" in str(out["error"])
    assert "\n" not in str(out["error"]) and snapshot(duck) == before


def test_a_short_last_line_without_an_end_is_loaded(duck, tmp_path):
    lines = _real_lines(3)
    path = tmp_path / _real_file().name
    path.write_text("".join(lines).rstrip("\r\n"), encoding="utf-8")
    out = _load(duck, path)
    assert "error" not in out, out.get("error")
    assert out["summary"].rows_loaded == 3


def test_a_huge_last_line_without_an_end_is_refused_not_dropped(duck, tmp_path):
    lines = _real_lines(1)
    path = tmp_path / _real_file().name
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("".join(lines))
        fh.write(lines[1].rstrip("\r\n").replace(",", ",x" * 1, 1) + "y" * (MAX_LINE_BYTES + 10))
    before = snapshot(duck)
    out = _load(duck, path)
    error = out.get("error")
    assert isinstance(error, IngestError) and "last line is longer than" in str(error), out
    assert snapshot(duck) == before


def test_a_million_column_header_gives_a_short_message(duck, tmp_path):
    path = tmp_path / "2017-01-city-of-london-street.csv"
    path.write_text(",".join(f"column{n}" for n in range(1_000_000)) + "\n1,2\n", encoding="utf-8")
    out = _load(duck, path)
    error = out.get("error")
    assert isinstance(error, IngestError), out
    assert len(str(error)) < 1500 and "\n" not in str(error)
