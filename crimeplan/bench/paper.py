"""The board paper benchmark: the PDF through ``crimeplan report``, timed end to end, beside the
time of its results alone (``compute_plan`` and the paper's other data, in a fresh process), with
the time of its context and charts and of typesetting the PDF shown beside it (issue 20 item 5)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from crimeplan.bench.measurement import BRIEFING, PAPER_PDF, PLAN, Measurement
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


def task_report_parts(db: str) -> dict:
    """The paper's steps timed in one process: imports, its results (``compute_plan`` and
    ``gather``, the reference), the context with its charts, and typesetting the PDF."""
    started = time.perf_counter()
    from crimeplan.metrics.compute import compute_plan
    from crimeplan.plan import load_plan
    from crimeplan.report import build_report, gather, render
    from crimeplan.report.updates import latest_approved
    from crimeplan.store import open_store

    imported = time.perf_counter()
    with open_store(db) as store:
        plan = load_plan(PLAN)
        result = compute_plan(plan, store, BRIEFING, None)
        data = gather(store, result)
        updates, loads = latest_approved(store, plan.id, result.briefing_date), store.loads()
    computed = time.perf_counter()
    context = build_report(result, updates=updates, loads=loads, data=data)
    built = time.perf_counter()
    pdf = render(context, "pdf")
    done = time.perf_counter()
    return {"imports_seconds": imported - started, "results_seconds": computed - imported,
            "context_and_charts_seconds": built - computed, "pdf_seconds": done - built, "bytes": len(pdf)}


def paper_steps(db: str, rows: int, log) -> list[Measurement]:
    """The board paper's measurement (none when the paper fails: the run goes on)."""
    try:
        rp = run_task("report_pdf", db=db)
        parts = run_task("report_parts", db=db)
    except RuntimeError as exc:
        log(f"  board paper skipped: {exc}")
        return []
    extra = {"imports s": round(parts["imports_seconds"], 2),
             "context and charts s": round(parts["context_and_charts_seconds"], 2),
             "PDF typesetting s": round(parts["pdf_seconds"], 2)}
    return [Measurement(PAPER_PDF, rows, rp["seconds"], reference="its results alone (compute_plan, gather)",
                        reference_seconds=parts["results_seconds"], peak_mb=rp["peak_mb"], extra=extra)]
