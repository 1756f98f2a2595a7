"""The board paper benchmark: the PDF through ``crimeplan report``, timed end to end."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from crimeplan.bench.measurement import BRIEFING, PLAN, Measurement
from crimeplan.bench.process import run_task


def task_report_pdf(db: str) -> dict:
    """The board paper as PDF through `crimeplan report` (when that command exists)."""
    out = Path(db).with_suffix(".pdf")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "crimeplan", "--db", db, "report", "--plan", PLAN,
                           "--briefing-date", BRIEFING.isoformat(), "--format", "pdf", "--output", str(out)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError((done.stderr or done.stdout).strip().splitlines()[-1:] or "report failed")
    return {"seconds": seconds, "rows": 0, "bytes": out.stat().st_size}


def paper_steps(db: str, rows: int, log) -> list[Measurement]:
    """The board paper's measurement (none when the paper fails: the run goes on)."""
    try:
        rp = run_task("report_pdf", db=db)
    except RuntimeError as exc:
        log(f"  board paper skipped: {exc}")
        return []
    return [Measurement("board paper PDF", rows, rp["seconds"], peak_mb=rp["peak_mb"])]
