"""The targets judged on a bench run's results, and the document written between its markers."""

from __future__ import annotations

from crimeplan.bench import measurement
from crimeplan.bench.doc import DOC_END, DOC_START, targets, write_doc


def m(name, rows, seconds, reference=None, reference_seconds=None, peak_mb=None, **extra):
    return measurement.Measurement(name, rows, seconds, reference, reference_seconds, peak_mb, extra).to_dict()


def run(*, records_ratio=0.6, refresh=1.5, p95=30.0, peak50=1_100.0, differing=0, minutes=28.0, pdf=4.0,
        pg=4.0, help_s=0.1, overhead=0.3, command=0.9, first=1.5, first10=2.5, errors=0, chart_ms=80.0) -> dict:
    def answers(rows, seconds):
        return [m(measurement.FIRST_ANSWERS.format(level), rows, seconds if level == "la" else 0.5, "compute_plan",
                  0.3, 400.0, **{"ms /": 500.0, measurement.SERVER_ERRORS: errors if level == "lsoa" else 0})
                for level in ("force", "la", "lsoa")] + [m(measurement.CHARTS, 4, chart_ms / 1000, "first", 0.45)]

    def size(rows, peak):
        return [m(measurement.INGEST_POLICE_UK, rows, 10.0, "raw", 6.0, peak),
                m(measurement.INGEST_POLICE_UK_PG, rows, pg, "raw", 1.2, peak),
                *answers(rows, first10),
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
            "sizes": {"10000000": size(10_000_000, 1_000.0), "50000000": size(50_000_000, peak50)},
            "demo": [m(measurement.STARTUP.format("crimeplan --help"), 0, help_s, "import duckdb", 0.1),
                     *(m(measurement.STARTUP.format(f"crimeplan {c}"), 0, command, "import duckdb", 0.1,
                         **{"overhead s": overhead, "work s": 0.2}) for c in ("status", "milestones", "outcomes")),
                     *answers(0, first)]}


def verdicts(results: dict) -> list[bool | None]:
    return [t.met for t in targets(results)]


TARGETS = 12


def test_a_run_that_meets_every_target():
    assert verdicts(run()) == [True] * TARGETS


def missed(results: dict) -> list[int]:
    return [i for i, met in enumerate(verdicts(results)) if met is not True]


def test_each_miss_is_named():
    assert missed(run(records_ratio=0.55)) == [0]   # issue 20 raised ingest from 0.5 to 0.6 x raw DuckDB
    assert missed(run(refresh=2.5)) == [1]
    assert missed(run(p95=120.0)) == [2]
    assert missed(run(pdf=7.2)) == [3]
    assert missed(run(peak50=1_300.0)) == [4]
    assert missed(run(differing=3)) == [5]
    assert missed(run(minutes=31.0)) == [6]
    assert missed(run(pg=4.5)) == [7]                # 1.2 s / 4.5 s = 0.27 x raw
    assert missed(run(help_s=0.35)) == [8]
    assert missed(run(overhead=0.45)) == [8]
    assert missed(run(command=1.1)) == [9]
    assert missed(run(first=2.1)) == [10]
    assert missed(run(first10=3.2)) == [10]
    assert missed(run(errors=1)) == [10]
    assert missed(run(chart_ms=120.0)) == [11]


def test_the_paper_is_judged_beside_its_results_alone(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"{DOC_START}\n{DOC_END}\n")
    write_doc(doc, run(pdf=7.2))
    assert "| board paper PDF under 5 s on 10 M records | 7.20 s; its results alone 1.50 s (PDF typesetting s 1.2)" \
        in doc.read_text()


def test_what_a_quick_run_did_not_measure_is_said():
    results = run()
    del results["sizes"]["50000000"]
    del results["demo"]
    assert verdicts(results) == [True, True, True, True, None, None, True, True, None, None, True, True]
    del results["sizes"]["10000000"][1]   # no --postgres
    assert verdicts(results)[7] is None


def test_the_document_is_written_between_its_markers(tmp_path):
    doc = tmp_path / "performance.md"
    doc.write_text(f"# Performance\n\nBy hand.\n\n{DOC_START}\nold results\n{DOC_END}\n\n## Why\n\nBy hand too.\n")
    write_doc(doc, run(p95=120.0))
    text = doc.read_text()
    assert text.startswith("# Performance\n\nBy hand.\n\n" + DOC_START)
    assert text.endswith(DOC_END + "\n\n## Why\n\nBy hand too.\n")
    assert "old results" not in text and "### 50,000,000 records" in text and "### The demo store" in text
    assert "| first answers: every page type at every area level under 2 s on the demo and 3 s at 10 M" in text
    assert "| portal p95 under 100 ms at 20 users on 10 M records | p95 120.0 ms" in text
    assert text.count(DOC_START) == 1
