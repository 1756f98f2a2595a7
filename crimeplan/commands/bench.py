"""``crimeplan bench``: benchmarks, each beside a reference measured in the same run (never tests)."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.group()
def bench() -> None:
    """Benchmarks, each beside a reference measured in the same run (not part of the tests)."""


@bench.command("ingest")
@click.option("--rows", default=1_000_000, show_default=True, help="Generated police.uk rows.")
@click.option("--postgres", "postgres_url", metavar="URL", help="Also load into this PostgreSQL store.")
def bench_ingest_cmd(rows: int, postgres_url: str | None) -> None:
    """Ingest rows/s on DuckDB (and PostgreSQL) beside raw DuckDB read_csv and pandas read_csv."""
    from crimeplan.bench.measurement import report
    from crimeplan.bench.suite import bench_ingest

    click.echo(report(bench_ingest(rows, postgres_url)))


@bench.command("spc")
def bench_spc_cmd() -> None:
    """SPC of every measure × area of the demo plan, beside the grouped query behind it."""
    from crimeplan.bench.measurement import report
    from crimeplan.bench.spc import bench_spc

    click.echo(report(bench_spc()))


@bench.command("signin")
@click.option("--rounds", default=4, show_default=True, type=click.IntRange(1, 20),
              help="Alternating quiet and flooded rounds.")
def bench_signin_cmd(rounds: int) -> None:
    """A signed-in request's median time under four anonymous sign-in floods, beside the same request
    with no sign-in traffic (served by a real `crimeplan serve`)."""
    from crimeplan.bench.measurement import markdown_table
    from crimeplan.bench.signin import bench_signin  # start-up speed: the benchmark's imports only when run

    measurements = bench_signin(rounds)
    click.echo(markdown_table(measurements, measurements[0].rows))


@bench.command("run")
@click.option("--quick", is_flag=True, help="1 million records only (a first run, a few minutes).")
@click.option("--sizes", metavar="N,N…", help="Record counts (default 1000000,10000000,50000000).")
@click.option("--spark-master", default="local-cluster[2,1,1024]", show_default=True, metavar="URL",
              help="Spark master for the Spark cube build; 'none' to skip Spark.")
@click.option("--no-portal", is_flag=True, help="Skip the portal latency measurement.")
@click.option("--no-report", is_flag=True, help="Skip the board-paper PDF measurement.")
@click.option("--postgres", "postgres_url", metavar="URL", help="Also ingest the smallest size into PostgreSQL.")
@click.option("--out", "out_dir", default="bench-results", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the JSON results (one file per run, named by time and commit).")
@click.option("--doc", type=click.Path(dir_okay=False), metavar="MARKDOWN",
              help="Also write the results and the targets met or missed into this document "
                   "(make bench: docs/performance.md), between its two markers.")
@click.option("--shared", "shared", type=click.Path(file_okay=False), metavar="DIR",
              help="The shared folder holding data/real (make bench: ../shared): the demo store then loads "
                   "City of London's police.uk months and the LSOA lookup, as make demo does.")
def bench_run_cmd(quick: bool, sizes: str | None, spark_master: str, no_portal: bool, no_report: bool,
                  postgres_url: str | None, out_dir: str, doc: str | None, shared: str | None = None) -> None:
    """Every benchmark at each size: ingest, cube build (DuckDB, Spark), full plan refresh, portal,
    board paper; tables in Markdown on the terminal, results as JSON in OUT."""
    from crimeplan.bench.suite import QUICK_SIZES, SIZES, run_suite
    from crimeplan.errors import ConfigError

    try:
        chosen = (QUICK_SIZES if quick
                  else tuple(int(s.replace("_", "")) for s in sizes.split(",")) if sizes else SIZES)
    except ValueError:
        raise ConfigError(f"--sizes {sizes!r}: expected record counts separated by commas, "
                          "e.g. 1000000,10000000") from None
    results = run_suite(chosen, Path(out_dir), spark_master=None if spark_master == "none" else spark_master,
                        portal=not no_portal, report=not no_report, postgres_url=postgres_url, shared=shared,
                        log=lambda text: click.echo(text, err=True))
    if doc:
        from crimeplan.bench.doc import write_doc
        write_doc(Path(doc), results)
    click.echo(json.dumps({"results": results["path"], "machine": results["machine"], "doc": doc}, indent=2))


@bench.command("doc")
@click.argument("results_json", type=click.Path(exists=True, dir_okay=False))
@click.option("--doc", type=click.Path(dir_okay=False), metavar="MARKDOWN", default="docs/performance.md",
              show_default=True, help="The document to write the results into, between its two markers.")
def bench_doc_cmd(results_json: str, doc: str) -> None:
    """Write a run's results (its JSON from bench-results/) and the targets met or missed into DOC."""
    from crimeplan.bench.doc import targets, write_doc
    from crimeplan.errors import ConfigError

    try:
        results = json.loads(Path(results_json).read_text(encoding="utf-8"))
        verdicts = targets(results)
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"{results_json}: not the JSON of a `crimeplan bench run` ({exc})") from None
    write_doc(Path(doc), results)
    for t in verdicts:
        click.echo(f"{'not measured' if t.met is None else 'met' if t.met else 'MISSED':>12}  {t.target}: {t.result}")
