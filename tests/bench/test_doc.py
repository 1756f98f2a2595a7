"""The targets judged on a bench run's results, and the document written between its markers."""

from __future__ import annotations

from crimeplan.bench import measurement
from crimeplan.bench.doc import DOC_END, DOC_START, targets, write_doc


def m(name, rows, seconds, reference=None, reference_seconds=None, peak_mb=None, **extra):
    return measurement.Measurement(name, rows, seconds, reference, reference_seconds, peak_mb, extra).to_dict()


def run(*, records_ratio=0.6, refresh=1.5, p95=30.0, peak50=1_100.0, differing=0, minutes=28.0, pdf=4.0) -> dict:
    def size(rows, peak):
        return [m(measurement.INGEST_POLICE_UK, rows, 10.0, "raw", 6.0, peak),
                m(measurement.INGEST_RECORDS, rows, 10.0, "raw", 10.0 * records_ratio, peak),
                m(measurement.CUBE_DUCKDB, rows, 5.0, "group by", 4.0, peak),
                m(measurement.PLAN_REFRESH, rows, refresh, "group by", 7.0, 300.0),
                m(measurement.PORTAL_USERS.format(20), 10_000, 10.0, peak_mb=300.0, p95_ms=40.0, requests_per_s=1000.0,
                  **{measurement.TARGET_P95: p95}),
                m(measurement.PAPER_PDF, rows, pdf, "its results alone", 1.5, 200.0, **{"PDF typesetting s": 1.2}),
                m(f"{measurement.CUBE_SPARK} local-cluster[2,1,1024]", rows, 300.0, "group by", 50.0, 900.0,
                  rows_differing_from_duckdb_cube=differing)]
    return {"when": "2026-11-29T12:00:00+00:00", "commit": "abc1234", "minutes": minutes, "duckdb": "2.0.1",
            "machine": {"cpu": "Xeon", "cores": 2, "memory_gb": 23.5, "python": "3.11.7", "system": "Linux"},
            "sizes": {"10000000": size(10_000_000, 1_000.0), "50000000": size(50_000_000, peak50)}}


def verdicts(results: dict) -> list[bool | None]:
    return [t.met for t in targets(results)]


def test_a_run_that_meets_every_target():
    assert verdicts(run()) == [True] * 7


def test_each_miss_is_named():
    assert verdicts(run(records_ratio=0.45)) == [False, True, True, True, True, True, True]
    assert verdicts(run(refresh=2.5)) == [True, False, True, True, True, True, True]
    assert verdicts(run(p95=120.0)) == [True, True, False, True, True, True, True]
    assert verdicts(run(pdf=7.2)) == [True, True, True, False, True, True, True]
    assert verdicts(run(peak50=1_300.0)) == [True, True, True, True, False, True, True]
    assert verdicts(run(differing=3)) == [True, True, True, True, True, False, True]
    assert verdicts(run(minutes=31.0)) == [True, True, True, True, True, True, False]


def test_the_paper_is_judged_beside_its_results_alone(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"{DOC_START}\n{DOC_END}\n")
    write_doc(doc, run(pdf=7.2))
    assert "| board paper PDF under 5 s on 10 M records | 7.20 s; its results alone 1.50 s (PDF typesetting s 1.2)" \
        in doc.read_text()


def test_what_a_quick_run_did_not_measure_is_said():
    results = run()
    del results["sizes"]["50000000"]
    assert verdicts(results) == [True, True, True, True, None, None, True]


def test_the_document_is_written_between_its_markers(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Performance\n\nBy hand.\n\n{DOC_START}\nold results\n{DOC_END}\n\n## Why\n\nBy hand too.\n")
    write_doc(doc, run(p95=120.0))
    text = doc.read_text()
    assert text.startswith("# Performance\n\nBy hand.\n\n" + DOC_START)
    assert text.endswith(DOC_END + "\n\n## Why\n\nBy hand too.\n")
    assert "old results" not in text and "### 50,000,000 records" in text
    assert "| portal p95 under 100 ms at 20 users on 10 M records | p95 120.0 ms" in text
    assert text.count(DOC_START) == 1
